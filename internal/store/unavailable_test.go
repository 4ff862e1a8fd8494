package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestIsUnavailable(t *testing.T) {
	for name, c := range map[string]struct {
		err  error
		want bool
	}{
		"admin shutdown":   {&pgconn.PgError{Code: "57P01"}, true},
		"cannot connect":   {fmt.Errorf("query: %w", &pgconn.PgError{Code: "57P03"}), true},
		"connection lost":  {&pgconn.PgError{Code: "08006"}, true},
		"refused":          {&net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		"bad conn":         {driver.ErrBadConn, true},
		"deadline":         {context.DeadlineExceeded, true},
		"unique violation": {&pgconn.PgError{Code: "23505"}, false},
		"syntax error":     {&pgconn.PgError{Code: "42601"}, false},
		"plain bug":        {errors.New("nil map"), false},
		"nil":              {nil, false},
	} {
		if got := IsUnavailable(c.err); got != c.want {
			t.Errorf("%s: IsUnavailable = %v, want %v", name, got, c.want)
		}
	}
}
