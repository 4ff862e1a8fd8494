package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
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
	return db.coursesByIDs(ctx, &db.byIDs, courseColumns, ids)
}

// CourseCardsByIDs is CoursesByIDs without the description (DescriptionMD
// is ""): what a page of search results shows. Every search page calls it,
// and a description is most of a course's row — on SQLite pages of its
// own to read, on PostgreSQL a TOASTed value to fetch.
func (db *DB) CourseCardsByIDs(ctx context.Context, ids []int64) ([]*Course, error) {
	return db.coursesByIDs(ctx, &db.cardsByIDs, courseCardColumns, ids)
}

// coursesByIDs runs the statement in *stmt, selecting columns of the
// courses with the given ids. It is one statement prepared once, whatever
// the number of ids (a list of placeholders would be a new statement to
// prepare for each length): the ids go in as one JSON array on SQLite, one
// bigint[] on PostgreSQL.
func (db *DB) coursesByIDs(ctx context.Context, stmt *atomic.Pointer[sql.Stmt], columns string, ids []int64) ([]*Course, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	st, err := db.prepareOnce(ctx, stmt, func() string {
		in := `SELECT value FROM json_each($1)`
		if db.Dialect == Postgres {
			in = `SELECT unnest($1::bigint[])`
		}
		return `SELECT ` + columns + courseFrom + `WHERE c.id IN (` + in + `) ORDER BY c.id`
	})
	if err != nil {
		return nil, err
	}
	var arg any = ids // a PostgreSQL bigint[]
	if db.Dialect == SQLite {
		b, err := json.Marshal(ids)
		if err != nil {
			return nil, err
		}
		arg = string(b) // read by json_each
	}
	rows, err := st.QueryContext(ctx, arg)
	if err != nil {
		return nil, err
	}
	return scanCourses(rows)
}

// prepareOnce returns the statement in *stmt, preparing query() on the
// read pool the first time. Close closes it.
func (db *DB) prepareOnce(ctx context.Context, stmt *atomic.Pointer[sql.Stmt], query func() string) (*sql.Stmt, error) {
	if s := stmt.Load(); s != nil {
		return s, nil
	}
	db.prepMu.Lock()
	defer db.prepMu.Unlock()
	if s := stmt.Load(); s != nil {
		return s, nil
	}
	s, err := db.read.PrepareContext(ctx, query())
	if err != nil {
		return nil, err
	}
	stmt.Store(s)
	return s, nil
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
