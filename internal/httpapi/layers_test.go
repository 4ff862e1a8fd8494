package httpapi

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// The HTTP layer parses, calls a service and responds: it must not reach
// the database. The compiler enforces it only while nobody imports the
// store here, so this test keeps it that way.
func TestNoStoreImport(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := map[string]bool{
		"github.com/lectern/lectern/internal/store": true,
		"database/sql": true,
	}
	for _, f := range files {
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if forbidden[path] {
				t.Errorf("%s imports %s: move the data access into a service", f, path)
			}
		}
	}
}
