package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/lectern/lectern/internal/learning"
)

// certificateJSON is a certificate as anyone verifying it sees it.
type certificateJSON struct {
	ID             string    `json:"id"`
	StudentName    string    `json:"student_name"`
	Course         courseRef `json:"course"`
	InstructorName string    `json:"instructor_name"`
	ContentS       int       `json:"content_s"`
	IssuedAt       time.Time `json:"issued_at"`
	VerifyURL      string    `json:"verify_url"`
	PDFURL         string    `json:"pdf_url"`
}

type certificateList struct {
	Items []certificateJSON `json:"items"`
}

type completionRequest struct {
	Completed bool `json:"completed"`
}

type completionJSON struct {
	lectureProgressJSON
	Certificate *certificateJSON `json:"certificate"`
}

func (s *Server) toCertificateJSON(c *learning.Certificate) certificateJSON {
	return certificateJSON{ID: c.ID, StudentName: c.StudentName, Course: courseRef{ID: id(c.CourseID), Title: c.CourseTitle, Slug: c.CourseSlug},
		InstructorName: c.InstructorName, ContentS: c.ContentS, IssuedAt: c.IssuedAt.UTC(), VerifyURL: s.Learning.VerifyURL(c.ID),
		PDFURL: apiPrefix + "/certificates/" + c.ID + "/pdf"}
}

func (s *Server) getCertificate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Learning.Certificate(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toCertificateJSON(c))
}

func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request) error {
	pdf, c, err := s.Learning.CertificatePDF(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="certificate-`+c.ID+`.pdf"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(pdf)
	return err
}

func (s *Server) myCertificates(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Learning.MyCertificates(r.Context(), currentUser(r))
	if err != nil {
		return err
	}
	out := certificateList{Items: []certificateJSON{}}
	for i := range list {
		out.Items = append(out.Items, s.toCertificateJSON(&list[i]))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) putCompletion(w http.ResponseWriter, r *http.Request) error {
	lid, err := pathID(r, "id", "lecture")
	if err != nil {
		return err
	}
	var in completionRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, cert, err := s.Learning.SetCompleted(r.Context(), currentUser(r), lid, in.Completed)
	if err != nil {
		return err
	}
	out := completionJSON{lectureProgressJSON: lectureProgressJSON{LectureID: id(lid), PositionS: p.PositionS, WatchedS: p.WatchedS, Completed: p.CompletedAt != nil}}
	if cert != nil {
		c := s.toCertificateJSON(cert)
		out.Certificate = &c
	}
	return writeJSON(w, http.StatusOK, out)
}
