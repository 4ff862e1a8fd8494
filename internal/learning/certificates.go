package learning

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"strings"
	"time"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

var errNoCertificate = apperr.New(apperr.NotFound, "not_found", "No such certificate.")

// certificateID is the public, unguessable id of a certificate: 120
// random bits in lower-case base32 (24 characters, no padding).
func certificateID() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// complete marks lecture lectureID of c complete for u (when it was not
// yet) inside tx, then issues u's certificate when that finished the
// course. It reports whether the lecture became complete and the
// certificate issued now, if any.
func (s *Service) complete(ctx context.Context, tx *store.Tx, u *store.User, c *store.Course, lectureID int64, positionS float64) (bool, *store.Certificate, error) {
	p, err := tx.ProgressFor(ctx, u.ID, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		p = &store.Progress{LectureID: lectureID, CourseID: c.ID, PositionS: positionS}
	} else if err != nil {
		return false, nil, err
	}
	if p.CompletedAt != nil {
		return false, nil, nil
	}
	t := time.Now().UTC()
	p.CompletedAt = &t
	if err := tx.SaveProgress(ctx, u.ID, *p); err != nil {
		return false, nil, err
	}
	cert, err := s.certify(ctx, tx, u, c)
	return true, cert, err
}

// certify issues u's certificate for c when every lecture of c is
// complete, exactly once: the unique (user, course) index keeps a second
// completion (or a race of two) from issuing another. It returns the
// certificate issued now, or nil.
func (s *Service) certify(ctx context.Context, tx *store.Tx, u *store.User, c *store.Course) (*store.Certificate, error) {
	done, total, err := tx.CourseCompletion(ctx, u.ID, c.ID)
	if err != nil || total == 0 || done < total {
		return nil, err
	}
	cert := store.Certificate{ID: certificateID(), UserID: u.ID, CourseID: c.ID, CourseSlug: c.Slug, StudentName: u.Name,
		CourseTitle: c.Title, InstructorName: c.InstructorName, ContentS: c.TotalDurationS, IssuedAt: time.Now().UTC()}
	created, err := tx.IssueCertificate(ctx, cert)
	if err != nil || !created {
		return nil, err
	}
	if s.Certified != nil {
		tx.AfterCommit(func() { s.Certified(cert) })
	}
	return &cert, nil
}

// SetCompleted marks a video or article lecture complete or not by hand
// (the student's checkbox). Quizzes complete only by passing them. Marking
// the last lecture complete issues the certificate.
func (s *Service) SetCompleted(ctx context.Context, u *store.User, lectureID int64, done bool) (*store.Progress, *store.Certificate, error) {
	l, c, err := s.quizLecture(ctx, lectureID)
	if err != nil {
		return nil, nil, err
	}
	grant, err := s.Access.Lecture(ctx, u, c, l)
	if err != nil {
		return nil, nil, err
	}
	if grant != access.GrantEnrolled && grant != access.GrantSubscription {
		return nil, nil, apperr.New(apperr.Forbidden, "not_enrolled", "Enroll in the course to track your progress.")
	}
	if l.Kind == store.LectureQuiz {
		return nil, nil, apperr.New(apperr.Conflict, "quiz_completes_by_passing", "A quiz is complete when you pass it.")
	}
	var cert *store.Certificate
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if done {
			_, cert, err = s.complete(ctx, tx, u, c, lectureID, 0)
			return err
		}
		p, err := tx.ProgressFor(ctx, u.ID, lectureID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		p.CompletedAt = nil
		return tx.SaveProgress(ctx, u.ID, *p)
	})
	if err != nil {
		return nil, nil, err
	}
	var p *store.Progress
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		p, err = tx.ProgressFor(ctx, u.ID, lectureID)
		if errors.Is(err, store.ErrNotFound) {
			p, err = &store.Progress{LectureID: lectureID, CourseID: c.ID}, nil
		}
		return err
	})
	return p, cert, err
}

// Certificate is the public view of a certificate: anyone with its id may
// verify it.
func (s *Service) Certificate(ctx context.Context, id string) (*store.Certificate, error) {
	if len(id) > 64 {
		return nil, errNoCertificate
	}
	c, err := s.DB.CertificateByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoCertificate
	}
	return c, err
}

// MyCertificates lists u's certificates, newest first.
func (s *Service) MyCertificates(ctx context.Context, u *store.User) ([]store.Certificate, error) {
	if u == nil {
		return nil, access.ErrLogin
	}
	return s.DB.UserCertificates(ctx, u.ID, 0)
}

// VerifyURL is where a certificate can be checked by anyone.
func (s *Service) VerifyURL(id string) string {
	return strings.TrimRight(s.PublicURL, "/") + "/certificates/" + id
}
