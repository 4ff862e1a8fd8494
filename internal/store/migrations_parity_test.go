package store

// The two dialects' migrations must describe one schema: the same tables,
// columns, nullability, defaults, primary keys, indexes and foreign keys, with types that mean the
// same thing. A fresh install must also equal an upgraded one, and the
// newest migration's Down must undo its Up. These tests compare whatever
// migrations exist, so a new migration is checked without touching them.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/lectern/lectern/internal/testdb"
	"github.com/pressly/goose/v3"
)

// Full-text search is built differently on purpose: SQLite keeps an FTS5
// virtual table (with its shadow tables), PostgreSQL a tsvector column with
// a GIN index. These are the only differences the parity test accepts.
var (
	sqliteOnlyTables  = []string{"courses_fts"} // and its shadow tables courses_fts_*
	postgresOnlyCols  = []string{"courses.search"}
	postgresOnlyIndex = []string{"courses(search)"}
	// A covering index for the drop-off read; PostgreSQL cannot hold long
	// ranges in a B-tree entry (see migration 00046).
	sqliteOnlyIndex = []string{"progress(lecture_id,watched_ranges)"}
)

// schema is a dialect-neutral description of a database.
type schema struct {
	Tables  map[string]*table
	Version int64
}

type table struct {
	Columns     map[string]column
	PrimaryKey  []string
	Indexes     []string // "table(col1,col2) unique partial", sorted
	ForeignKeys []string // "(col) -> table(col) on delete cascade", sorted
}

type column struct {
	Type     string // the raw declared type
	Family   string // integer, text, float, bytes, time, bool
	Nullable bool
	Default  string // normalised; "" when none
	Identity bool   // numbered by the database: SQLite's rowid, PostgreSQL's identity
}

// sqliteFamily maps a declared SQLite type to a family, following SQLite's
// type affinity rules for the names our migrations use.
func sqliteFamily(declared string) string {
	t := strings.ToUpper(declared)
	switch {
	case strings.Contains(t, "INT"):
		return "integer"
	case strings.Contains(t, "CHAR"), strings.Contains(t, "TEXT"), strings.Contains(t, "CLOB"):
		return "text"
	case t == "BLOB":
		return "bytes"
	case strings.Contains(t, "REAL"), strings.Contains(t, "DOUB"), strings.Contains(t, "FLOA"):
		return "float"
	case t == "DATETIME", t == "TIMESTAMP", t == "DATE":
		return "time"
	case t == "BOOLEAN":
		return "bool"
	}
	return "unknown SQLite type " + declared
}

func postgresFamily(dataType string) string {
	switch dataType {
	case "bigint", "integer", "smallint":
		return "integer"
	case "text", "character varying", "character":
		return "text"
	case "bytea":
		return "bytes"
	case "double precision", "real":
		return "float"
	case "timestamp with time zone", "timestamp without time zone", "date":
		return "time"
	case "boolean":
		return "bool"
	case "tsvector":
		return "tsvector"
	}
	return "unknown PostgreSQL type " + dataType
}

// sameFamily reports whether a SQLite and a PostgreSQL column hold the same
// kind of value. SQLite has no boolean: drivers store a bool as 0 or 1 in
// an INTEGER column.
func sameFamily(lite, pg string) bool {
	return lite == pg || (pg == "bool" && lite == "integer")
}

// normalDefault writes a column default the same way for both dialects:
// without PostgreSQL's casts ('x'::text), outer parentheses, or boolean
// words (SQLite stores a bool as 0 or 1).
func normalDefault(d string) string {
	d = strings.TrimSpace(d)
	for strings.HasPrefix(d, "(") && strings.HasSuffix(d, ")") {
		d = strings.TrimSpace(d[1 : len(d)-1])
	}
	if i := strings.LastIndex(d, "::"); i > 0 && !strings.Contains(d[i:], "'") {
		d = d[:i]
	}
	switch strings.ToLower(d) {
	case "false":
		return "0"
	case "true":
		return "1"
	}
	return d
}

func indexKey(table string, cols []string, unique, partial bool) string {
	k := table + "(" + strings.Join(cols, ",") + ")"
	if unique {
		k += " unique"
	}
	if partial {
		k += " partial"
	}
	return k
}

func readSQLiteSchema(ctx context.Context, t *testing.T, q *sql.DB) *schema {
	t.Helper()
	s := &schema{Tables: map[string]*table{}}
	var names []string
	rows, err := q.QueryContext(ctx, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	virtual := map[string]bool{}
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL TABLE") {
			virtual[name] = true
		}
		names = append(names, name)
	}
	rows.Close()
	for _, name := range names {
		if strings.HasPrefix(name, "sqlite_") || name == "goose_db_version" {
			continue
		}
		// A virtual table's shadow tables are named after it.
		isShadow := false
		for v := range virtual {
			if strings.HasPrefix(name, v+"_") {
				isShadow = true
			}
		}
		if isShadow {
			if !virtual[name] && !slices.ContainsFunc(sqliteOnlyTables, func(o string) bool { return strings.HasPrefix(name, o+"_") }) {
				t.Errorf("sqlite: table %s belongs to a virtual table not listed in sqliteOnlyTables", name)
			}
			continue
		}
		tb := &table{Columns: map[string]column{}}
		s.Tables[name] = tb
		if virtual[name] {
			continue // no columns worth comparing; listed as SQLite-only
		}
		type pkCol struct {
			name string
			pos  int
		}
		var pk []pkCol
		rows, err := q.QueryContext(ctx, `SELECT name, type, "notnull", COALESCE(dflt_value, ''), pk FROM pragma_table_info($1)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var col, typ, dflt string
			var notNull bool
			var pkPos int
			if err := rows.Scan(&col, &typ, &notNull, &dflt, &pkPos); err != nil {
				t.Fatal(err)
			}
			tb.Columns[col] = column{Type: typ, Family: sqliteFamily(typ), Nullable: !notNull, Default: normalDefault(dflt)}
			if pkPos > 0 {
				pk = append(pk, pkCol{col, pkPos})
			}
		}
		rows.Close()
		slices.SortFunc(pk, func(a, b pkCol) int { return a.pos - b.pos })
		for _, c := range pk {
			tb.PrimaryKey = append(tb.PrimaryKey, c.name)
		}
		// A lone INTEGER PRIMARY KEY is the rowid: numbered by SQLite and
		// never NULL whatever the declaration says. Other primary key
		// columns accept NULL in SQLite unless declared NOT NULL.
		if len(pk) == 1 && strings.EqualFold(tb.Columns[pk[0].name].Type, "INTEGER") {
			c := tb.Columns[pk[0].name]
			c.Nullable, c.Identity = false, true
			tb.Columns[pk[0].name] = c
		}
		type idx struct {
			name            string
			unique, partial bool
		}
		var idxs []idx
		rows, err = q.QueryContext(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list($1)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var i idx
			var origin string
			if err := rows.Scan(&i.name, &i.unique, &origin, &i.partial); err != nil {
				t.Fatal(err)
			}
			if origin == "pk" {
				continue // compared as PrimaryKey
			}
			idxs = append(idxs, i)
		}
		rows.Close()
		for _, i := range idxs {
			var cols []string
			rows, err := q.QueryContext(ctx, `SELECT COALESCE(name, '<expr>') FROM pragma_index_info($1) ORDER BY seqno`, i.name)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					t.Fatal(err)
				}
				cols = append(cols, c)
			}
			rows.Close()
			tb.Indexes = append(tb.Indexes, indexKey(name, cols, i.unique, i.partial))
		}
		slices.Sort(tb.Indexes)
		tb.ForeignKeys = sqliteForeignKeys(ctx, t, q, name)
	}
	_ = q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&s.Version)
	return s
}

func sqliteForeignKeys(ctx context.Context, t *testing.T, q *sql.DB, table string) []string {
	t.Helper()
	rows, err := q.QueryContext(ctx, `SELECT id, "table", "from", COALESCE("to", ''), on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type fk struct {
		from, to      []string
		ref, onDelete string
	}
	var order []int
	byID := map[int]*fk{}
	for rows.Next() {
		var id int
		var ref, from, to, onDelete string
		if err := rows.Scan(&id, &ref, &from, &to, &onDelete); err != nil {
			t.Fatal(err)
		}
		f := byID[id]
		if f == nil {
			f = &fk{ref: ref, onDelete: onDelete}
			byID[id] = f
			order = append(order, id)
		}
		f.from = append(f.from, from)
		f.to = append(f.to, to)
	}
	var out []string
	for _, id := range order {
		f := byID[id]
		out = append(out, fkKey(f.from, f.ref, f.to, f.onDelete))
	}
	slices.Sort(out)
	return out
}

func fkKey(from []string, ref string, to []string, onDelete string) string {
	od := strings.ToLower(onDelete)
	if od == "no action" || od == "restrict" {
		od = "no action" // both refuse the delete; RESTRICT only checks sooner
	}
	return "(" + strings.Join(from, ",") + ") -> " + ref + "(" + strings.Join(to, ",") + ") on delete " + od
}

func readPostgresSchema(ctx context.Context, t *testing.T, q *sql.DB) *schema {
	t.Helper()
	s := &schema{Tables: map[string]*table{}}
	rows, err := q.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable = 'YES', COALESCE(column_default, ''),
			is_identity = 'YES' OR COALESCE(column_default, '') LIKE 'nextval(%'
		FROM information_schema.columns c
		WHERE table_schema = current_schema()
		  AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tbl, col, typ, dflt string
		var nullable, identity bool
		if err := rows.Scan(&tbl, &col, &typ, &nullable, &dflt, &identity); err != nil {
			t.Fatal(err)
		}
		if tbl == "goose_db_version" {
			continue
		}
		tb := s.Tables[tbl]
		if tb == nil {
			tb = &table{Columns: map[string]column{}}
			s.Tables[tbl] = tb
		}
		if identity {
			dflt = "" // a sequence, compared as Identity
		}
		tb.Columns[col] = column{Type: typ, Family: postgresFamily(typ), Nullable: nullable, Default: normalDefault(dflt), Identity: identity}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT t.relname, ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL,
			(SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), ',' ORDER BY k) FROM generate_series(1, ix.indnkeyatts) k)
		FROM pg_index ix
		JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND t.relname != 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tbl, cols string
		var unique, primary, partial bool
		if err := rows.Scan(&tbl, &unique, &primary, &partial, &cols); err != nil {
			t.Fatal(err)
		}
		tb := s.Tables[tbl]
		if tb == nil {
			t.Errorf("postgres: index on unknown table %s", tbl)
			continue
		}
		// pg_get_indexdef quotes names that are keywords ("position").
		list := strings.Split(strings.ReplaceAll(cols, `"`, ""), ",")
		if primary {
			tb.PrimaryKey = list
			continue
		}
		tb.Indexes = append(tb.Indexes, indexKey(tbl, list, unique, partial))
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT t.relname, r.relname, con.confdeltype,
			(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n),
			(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n)
		FROM pg_constraint con
		JOIN pg_class t ON t.oid = con.conrelid
		JOIN pg_class r ON r.oid = con.confrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE con.contype = 'f' AND n.nspname = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]string{"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
	for rows.Next() {
		var tbl, ref, del, from, to string
		if err := rows.Scan(&tbl, &ref, &del, &from, &to); err != nil {
			t.Fatal(err)
		}
		if tb := s.Tables[tbl]; tb != nil {
			tb.ForeignKeys = append(tb.ForeignKeys, fkKey(strings.Split(from, ","), ref, strings.Split(to, ","), actions[del]))
		}
	}
	rows.Close()
	for _, tb := range s.Tables {
		slices.Sort(tb.Indexes)
		slices.Sort(tb.ForeignKeys)
	}
	_ = q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&s.Version)
	return s
}

// diffDialects lists every difference between the SQLite and PostgreSQL
// schemas that is not one of the accepted ones above.
func diffDialects(lite, pg *schema) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(lite.Tables)) {
		if slices.Contains(sqliteOnlyTables, name) {
			continue
		}
		if pg.Tables[name] == nil {
			out = append(out, "table "+name+" exists only on SQLite")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(pg.Tables)) {
		lt, pt := lite.Tables[name], pg.Tables[name]
		if lt == nil {
			out = append(out, "table "+name+" exists only on PostgreSQL")
			continue
		}
		for _, col := range slices.Sorted(maps.Keys(pt.Columns)) {
			if slices.Contains(postgresOnlyCols, name+"."+col) {
				continue
			}
			pc := pt.Columns[col]
			lc, ok := lt.Columns[col]
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("column %s.%s exists only on PostgreSQL", name, col))
			case !sameFamily(lc.Family, pc.Family):
				out = append(out, fmt.Sprintf("column %s.%s: SQLite %s (%s) vs PostgreSQL %s (%s)", name, col, lc.Type, lc.Family, pc.Type, pc.Family))
			case lc.Nullable != pc.Nullable:
				out = append(out, fmt.Sprintf("column %s.%s: nullable on SQLite %v, on PostgreSQL %v", name, col, lc.Nullable, pc.Nullable))
			case lc.Identity != pc.Identity:
				out = append(out, fmt.Sprintf("column %s.%s: numbered by the database on SQLite %v, on PostgreSQL %v", name, col, lc.Identity, pc.Identity))
			case lc.Default != pc.Default:
				out = append(out, fmt.Sprintf("column %s.%s: default %q on SQLite, %q on PostgreSQL", name, col, lc.Default, pc.Default))
			}
		}
		for _, col := range slices.Sorted(maps.Keys(lt.Columns)) {
			if _, ok := pt.Columns[col]; !ok {
				out = append(out, fmt.Sprintf("column %s.%s exists only on SQLite", name, col))
			}
		}
		if !slices.Equal(lt.PrimaryKey, pt.PrimaryKey) {
			out = append(out, fmt.Sprintf("table %s: primary key %v on SQLite, %v on PostgreSQL", name, lt.PrimaryKey, pt.PrimaryKey))
		}
		for _, fk := range lt.ForeignKeys {
			if !slices.Contains(pt.ForeignKeys, fk) {
				out = append(out, "foreign key "+name+fk+" exists only on SQLite")
			}
		}
		for _, fk := range pt.ForeignKeys {
			if !slices.Contains(lt.ForeignKeys, fk) {
				out = append(out, "foreign key "+name+fk+" exists only on PostgreSQL")
			}
		}
		for _, i := range lt.Indexes {
			if !slices.Contains(pt.Indexes, i) && !slices.Contains(sqliteOnlyIndex, i) {
				out = append(out, "index "+i+" exists only on SQLite")
			}
		}
		for _, i := range pt.Indexes {
			if !slices.Contains(lt.Indexes, i) && !slices.Contains(postgresOnlyIndex, i) {
				out = append(out, "index "+i+" exists only on PostgreSQL")
			}
		}
	}
	return out
}

// diffSame lists the differences between two schemas of one dialect.
func diffSame(a, b *schema) []string {
	as, bs := describe(a), describe(b)
	var out []string
	for _, l := range as {
		if !slices.Contains(bs, l) {
			out = append(out, "only in the first: "+l)
		}
	}
	for _, l := range bs {
		if !slices.Contains(as, l) {
			out = append(out, "only in the second: "+l)
		}
	}
	return out
}

func describe(s *schema) []string {
	var out []string
	for name, tb := range s.Tables {
		for col, c := range tb.Columns {
			out = append(out, fmt.Sprintf("%s.%s %s nullable=%v default=%q identity=%v", name, col, c.Type, c.Nullable, c.Default, c.Identity))
		}
		out = append(out, fmt.Sprintf("%s primary key %v", name, tb.PrimaryKey))
		for _, i := range tb.Indexes {
			out = append(out, "index "+i)
		}
		for _, fk := range tb.ForeignKeys {
			out = append(out, "foreign key "+name+fk)
		}
	}
	slices.Sort(out)
	return out
}

// migrationVersions lists the versions of a dialect's migration files.
func migrationVersions(t *testing.T, dialect Dialect) []int64 {
	t.Helper()
	entries, err := fs.ReadDir(migrations, path.Join("migrations", string(dialect)))
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, e := range entries {
		v, err := goose.NumericComponent(e.Name())
		if err != nil {
			t.Fatalf("%s migration %s: %v", dialect, e.Name(), err)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

func openTarget(t *testing.T, target testdb.Target) *DB {
	t.Helper()
	db, err := Open(context.Background(), target.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func freshSchema(t *testing.T, target testdb.Target) *schema {
	t.Helper()
	ctx := context.Background()
	db := openTarget(t, target)
	if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return readSchema(ctx, t, db)
}

func readSchema(ctx context.Context, t *testing.T, db *DB) *schema {
	t.Helper()
	if db.Dialect == Postgres {
		return readPostgresSchema(ctx, t, db.read)
	}
	return readSQLiteSchema(ctx, t, db.read)
}

// provider is a goose provider like the one Migrate builds, for stepping
// through versions.
func provider(t *testing.T, db *DB) *goose.Provider {
	t.Helper()
	sub, err := fs.Sub(migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		t.Fatal(err)
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.write, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMigrationsSameVersionsOnBothDialects(t *testing.T) {
	lite, pg := migrationVersions(t, SQLite), migrationVersions(t, Postgres)
	if !slices.Equal(lite, pg) {
		t.Errorf("migration versions differ: SQLite %v, PostgreSQL %v; every migration needs one file per dialect", lite, pg)
	}
}

func TestMigrationsParity(t *testing.T) {
	lite := freshSchema(t, testdb.SQLite(t))
	pg := freshSchema(t, testdb.Postgres(t))
	if len(lite.Tables) < 10 || len(pg.Tables) < 10 {
		t.Fatalf("read %d SQLite and %d PostgreSQL tables; the catalog queries found too little", len(lite.Tables), len(pg.Tables))
	}
	if lite.Version != pg.Version {
		t.Errorf("schema version: SQLite %d, PostgreSQL %d", lite.Version, pg.Version)
	}
	for _, d := range diffDialects(lite, pg) {
		t.Error(d)
	}
}

// The accepted differences must stay real: a stale exception would hide a
// future divergence under the same name.
func TestMigrationsParityExceptionsExist(t *testing.T) {
	lite := freshSchema(t, testdb.SQLite(t))
	pg := freshSchema(t, testdb.Postgres(t))
	for _, name := range sqliteOnlyTables {
		if lite.Tables[name] == nil {
			t.Errorf("sqliteOnlyTables names %s, which SQLite does not have", name)
		}
	}
	for _, tc := range postgresOnlyCols {
		tbl, col, _ := strings.Cut(tc, ".")
		if tb := pg.Tables[tbl]; tb == nil || tb.Columns[col].Type == "" {
			t.Errorf("postgresOnlyCols names %s, which PostgreSQL does not have", tc)
		}
	}
	for _, i := range sqliteOnlyIndex {
		tbl, _, _ := strings.Cut(i, "(")
		if tb := lite.Tables[tbl]; tb == nil || !slices.Contains(tb.Indexes, i) {
			t.Errorf("sqliteOnlyIndex names %s, which SQLite does not have", i)
		}
	}
	for _, i := range postgresOnlyIndex {
		tbl, _, _ := strings.Cut(i, "(")
		if tb := pg.Tables[tbl]; tb == nil || !slices.Contains(tb.Indexes, i) {
			t.Errorf("postgresOnlyIndex names %s, which PostgreSQL does not have", i)
		}
	}
}

// A database upgraded from the previous version, and one whose newest
// migration was rolled back and applied again, equal a fresh install.
func TestMigrationsUpgradeEqualsFreshInstall(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, target testdb.Target) {
		ctx := context.Background()
		fresh := freshSchema(t, target)
		var dialect Dialect = SQLite
		if target.Name == "postgres" {
			dialect = Postgres
		}
		versions := migrationVersions(t, dialect)
		if len(versions) < 2 {
			t.Skip("only one migration")
		}
		latest, previous := versions[len(versions)-1], versions[len(versions)-2]

		var upgradeTarget testdb.Target
		if dialect == Postgres {
			upgradeTarget = testdb.Postgres(t)
		} else {
			upgradeTarget = testdb.SQLite(t)
		}
		db := openTarget(t, upgradeTarget)
		p := provider(t, db)
		if _, err := p.UpTo(ctx, previous); err != nil {
			t.Fatalf("up to %d: %v", previous, err)
		}
		if v := readSchema(ctx, t, db).Version; v != previous {
			t.Fatalf("after UpTo(%d) the version is %d", previous, v)
		}
		if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatalf("upgrade %d → %d: %v", previous, latest, err)
		}
		upgraded := readSchema(ctx, t, db)
		if upgraded.Version != latest || fresh.Version != latest {
			t.Fatalf("versions: upgraded %d, fresh %d, want %d", upgraded.Version, fresh.Version, latest)
		}
		for _, d := range diffSame(fresh, upgraded) {
			t.Errorf("fresh vs upgraded: %s", d)
		}

		// Down then up again: the newest migration's Down undoes its Up.
		if _, err := p.DownTo(ctx, previous); err != nil {
			t.Fatalf("down to %d: %v", previous, err)
		}
		if _, err := p.Up(ctx); err != nil {
			t.Fatalf("up again after down: %v", err)
		}
		for _, d := range diffSame(fresh, readSchema(ctx, t, db)) {
			t.Errorf("fresh vs down-and-up: %s", d)
		}
	})
}
