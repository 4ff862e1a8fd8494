package learning

import (
	"context"
	"errors"
	"math"

	"github.com/lectern/lectern/internal/access"
	"github.com/lectern/lectern/internal/apperr"
	"github.com/lectern/lectern/internal/store"
)

// The instructor's view of how a course is doing. Only the course's
// instructor and admins may read it (the access policy's EditCourse).

// Analytics types the HTTP layer speaks in.
type (
	DayCount  = store.DayCount
	SalesDay  = store.SalesDay
	QuizScore = store.QuizScore
)

// LectureStat is how many current students completed one lecture: where
// they stop is where the share falls.
type LectureStat struct {
	Lecture   *store.Lecture
	Completed int
	Share     float64 // of the students currently enrolled, 0..1
}

// CourseAnalytics is a course's analytics page.
type CourseAnalytics struct {
	Course      *store.Course
	Enrolled    int // students currently enrolled
	Enrollments []DayCount
	Sales       []SalesDay
	Lectures    []LectureStat
	Quizzes     []QuizScore
}

// CourseAnalytics reads a course's enrolments and sales per day, completion
// per lecture in curriculum order, and quiz scores.
func (s *Service) CourseAnalytics(ctx context.Context, u *store.User, courseID int64) (*CourseAnalytics, error) {
	c, err := s.courseByID(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		return nil, err
	}
	out := &CourseAnalytics{Course: c}
	if out.Enrollments, err = s.DB.CourseEnrollmentDays(ctx, c.ID); err != nil {
		return nil, err
	}
	if out.Sales, err = s.DB.CourseSalesDays(ctx, c.ID); err != nil {
		return nil, err
	}
	done, enrolled, err := s.DB.LectureCompletions(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out.Enrolled = enrolled
	sections, err := s.DB.Curriculum(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, sec := range sections {
		for _, l := range sec.Lectures {
			st := LectureStat{Lecture: l, Completed: done[l.ID]}
			if enrolled > 0 {
				st.Share = math.Round(float64(st.Completed)/float64(enrolled)*10000) / 10000
			}
			out.Lectures = append(out.Lectures, st)
		}
	}
	if out.Quizzes, err = s.DB.CourseQuizScores(ctx, c.ID); err != nil {
		return nil, err
	}
	return out, nil
}

var errNotVideo = apperr.New(apperr.Conflict, "not_video", "Only video lectures have a drop-off curve.")

// LectureDropOff is a video lecture's audience retention from every
// viewer's watched ranges (see ComputeDropOff).
func (s *Service) LectureDropOff(ctx context.Context, u *store.User, lectureID int64) (*store.Lecture, DropOff, error) {
	l, err := s.DB.LectureByID(ctx, lectureID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, DropOff{}, access.ErrLectureNotFound
	}
	if err != nil {
		return nil, DropOff{}, err
	}
	c, err := s.courseByID(ctx, l.CourseID)
	if err != nil {
		return nil, DropOff{}, err
	}
	if err := s.Access.EditCourse(ctx, u, c); err != nil {
		if errors.Is(err, access.ErrCourseNotFound) {
			return nil, DropOff{}, access.ErrLectureNotFound
		}
		return nil, DropOff{}, err
	}
	if l.Kind != store.LectureVideo {
		return nil, DropOff{}, errNotVideo
	}
	ranges, err := s.DB.LectureWatchRanges(ctx, l.ID)
	if err != nil {
		return nil, DropOff{}, err
	}
	return l, ComputeDropOff(ranges, l.DurationS), nil
}
