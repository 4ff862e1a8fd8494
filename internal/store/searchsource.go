package store

import (
	"context"
	"fmt"
	"strings"
)

// SearchSource is what the search index holds of one course: the course
// and the titles of its sections and lectures.
type SearchSource struct {
	Course     *Course
	Curriculum []string
}

// SearchSourcesAfter reads published courses with ids above afterID, in id
// order, at most limit of them: the search index is built in such pages.
func (db *DB) SearchSourcesAfter(ctx context.Context, afterID int64, limit int) ([]*SearchSource, error) {
	cs, err := db.queryCourses(ctx, `SELECT `+courseColumns+courseFrom+`WHERE c.status = 'published' AND c.id > $1 ORDER BY c.id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, err
	}
	return db.withCurriculum(ctx, cs)
}

// SearchSourcesByID reads the given courses in any status (the index drops
// those that are not published), in id order.
func (db *DB) SearchSourcesByID(ctx context.Context, ids []int64) ([]*SearchSource, error) {
	cs, err := db.CoursesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	return db.withCurriculum(ctx, cs)
}

// CoursesByIDs reads courses in any status by id, in id order; unknown ids
// are left out.
func (db *DB) CoursesByIDs(ctx context.Context, ids []int64) ([]*Course, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(ids, 0)
	return db.queryCourses(ctx, `SELECT `+courseColumns+courseFrom+`WHERE c.id IN (`+in+`) ORDER BY c.id`, args...)
}

func inList(ids []int64, first int) (string, []any) {
	var sb strings.Builder
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "$%d", first+i+1)
		args[i] = id
	}
	return sb.String(), args
}

func (db *DB) withCurriculum(ctx context.Context, cs []*Course) ([]*SearchSource, error) {
	out := make([]*SearchSource, len(cs))
	byID := make(map[int64]*SearchSource, len(cs))
	ids := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = &SearchSource{Course: c}
		byID[c.ID] = out[i]
		ids[i] = c.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(ids, 0)
	rows, err := db.read.QueryContext(ctx, `SELECT s.course_id, s.title, s.position, 0, s.id FROM sections s WHERE s.course_id IN (`+in+`)
		UNION ALL SELECT s.course_id, l.title, s.position, l.position, s.id FROM lectures l JOIN sections s ON s.id = l.section_id WHERE s.course_id IN (`+in+`)
		ORDER BY 1, 3, 5, 4`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, sid int64
		var title string
		var sp, lp int
		if err := rows.Scan(&cid, &title, &sp, &lp, &sid); err != nil {
			return nil, err
		}
		if s := byID[cid]; s != nil {
			s.Curriculum = append(s.Curriculum, title)
		}
	}
	return out, rows.Err()
}
