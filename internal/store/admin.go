package store

import (
	"context"
	"strconv"
	"strings"
)

// AdminCourses lists courses in every status, newest first, optionally by
// status and a title substring.
func (db *DB) AdminCourses(ctx context.Context, status, q string, afterID int64, limit int) ([]*Course, error) {
	where := []string{"1=1"}
	var args []any
	if status != "" {
		args = append(args, status)
		where = append(where, "c.status = $1")
	}
	if afterID > 0 {
		args = append(args, afterID)
		where = append(where, "c.id < $"+strconv.Itoa(len(args)))
	}
	if q = strings.TrimSpace(strings.ToLower(q)); q != "" {
		args = append(args, "%"+escapeLike(q)+"%")
		where = append(where, "lower(c.title) LIKE $"+strconv.Itoa(len(args))+" ESCAPE '\\'")
	}
	args = append(args, limit)
	return db.queryCourses(ctx, `SELECT `+courseColumns+courseFrom+`WHERE `+strings.Join(where, " AND ")+
		` ORDER BY c.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
}

// JobCounts counts the job queue's jobs by state (River's table).
func (db *DB) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT state, COUNT(*) FROM river_job GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}
