package learning

import (
	"bytes"
	"context"
	"fmt"

	"github.com/go-pdf/fpdf"

	"github.com/lectern/lectern/internal/store"
)

// CertificatePDF renders a certificate as a one-page landscape A4 PDF:
// the student, the course, its instructor, the date, the hours of content
// and the link where anyone can verify it. The PDF uses the core Helvetica
// font (nothing to embed), so names are written in Windows-1252; letters
// outside it print as their closest fallback.
func (s *Service) CertificatePDF(ctx context.Context, id string) ([]byte, *store.Certificate, error) {
	c, err := s.Certificate(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.SetTitle("Certificate of completion: "+c.CourseTitle, true)
	pdf.SetAuthor("Lectern", true)
	pdf.SetCreationDate(c.IssuedAt)
	pdf.SetModificationDate(c.IssuedAt)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	w, h := pdf.GetPageSize()

	// A double frame in the brand colour.
	pdf.SetDrawColor(79, 70, 229)
	pdf.SetLineWidth(1.2)
	pdf.Rect(10, 10, w-20, h-20, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(14, 14, w-28, h-28, "D")

	center := func(y float64, size float64, style, text string) {
		pdf.SetFont("Helvetica", style, size)
		pdf.SetXY(20, y)
		pdf.CellFormat(w-40, size*0.5, tr(text), "", 0, "C", false, 0, "")
	}
	pdf.SetTextColor(79, 70, 229)
	center(32, 14, "B", "LECTERN")
	pdf.SetTextColor(30, 30, 30)
	center(48, 30, "B", "Certificate of Completion")
	center(70, 13, "", "This certifies that")
	center(84, 28, "B", c.StudentName)
	center(104, 13, "", "has completed the course")
	center(117, 22, "B", c.CourseTitle)
	center(134, 13, "", "taught by "+c.InstructorName)
	center(146, 12, "", fmt.Sprintf("%s of content  -  completed on %s", hours(c.ContentS), c.IssuedAt.UTC().Format("2 January 2006")))

	pdf.SetTextColor(90, 90, 90)
	url := s.VerifyURL(c.ID)
	center(170, 10, "", "Verify this certificate at")
	pdf.SetFont("Helvetica", "U", 10)
	pdf.SetTextColor(79, 70, 229)
	pdf.SetXY(20, 176)
	pdf.CellFormat(w-40, 5, url, "", 0, "C", false, 0, url)
	pdf.SetTextColor(90, 90, 90)
	center(184, 9, "", "Certificate id "+c.ID)

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), c, nil
}

// hours says how long a course's content runs, the way a certificate
// does: "1.5 hours", "45 minutes".
func hours(seconds int) string {
	switch {
	case seconds < 60:
		return "Less than a minute"
	case seconds < 3600:
		return fmt.Sprintf("%d minutes", (seconds+30)/60)
	case seconds < 5400:
		return "1 hour"
	}
	return fmt.Sprintf("%.1f hours", float64(seconds)/3600)
}
