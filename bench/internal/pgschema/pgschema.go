// Package pgschema gives a benchmark an empty PostgreSQL schema of its own.
package pgschema

import (
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver
)

// Fresh makes an empty schema on the server and returns a URL that uses it.
func Fresh(base string) string {
	b := make([]byte, 4)
	_, _ = crand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	create(base, "CREATE SCHEMA "+schema)
	fmt.Printf("PostgreSQL schema %s (drop it when done: DROP SCHEMA %s CASCADE)\n", schema, schema)
	return withSchema(base, schema)
}

// Named returns a URL that uses the schema of that name, made if missing,
// so a generated data set can be reused by later runs.
func Named(base, schema string) string {
	create(base, "CREATE SCHEMA IF NOT EXISTS "+schema)
	return withSchema(base, schema)
}

func create(base, stmt string) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		log.Fatal(err)
	}
}

func withSchema(base, schema string) string {
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
