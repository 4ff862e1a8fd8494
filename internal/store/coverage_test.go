package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEveryStoreMethodIsTested fails when an exported method of *DB or *Tx
// is called by no test of this package, so a new store method arrives with
// its test. A test calls it through a variable named db or tx (db.X( or
// tx.X(), which also tells the two apart when both have a method X.
func TestEveryStoreMethodIsTested(t *testing.T) {
	fset := token.NewFileSet()
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var tests strings.Builder
	var methods []string // "db.Name" or "tx.Name"
	for _, name := range sources {
		if strings.HasSuffix(name, "_test.go") {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if name != "coverage_test.go" {
				tests.Write(b)
			}
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			typ := fn.Recv.List[0].Type
			if star, ok := typ.(*ast.StarExpr); ok {
				typ = star.X
			}
			switch id, _ := typ.(*ast.Ident); {
			case id == nil:
			case id.Name == "DB":
				methods = append(methods, "db."+fn.Name.Name)
			case id.Name == "Tx":
				methods = append(methods, "tx."+fn.Name.Name)
			}
		}
	}
	slices.Sort(methods)
	if len(methods) < 100 {
		t.Fatalf("found only %d store methods; is the parser looking at the right files?", len(methods))
	}
	text := tests.String()
	var missing []string
	for _, m := range methods {
		if !strings.Contains(text, m+"(") {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d store methods are called by no test of package store (call each as db.X( or tx.X( in a _test.go file, with an assertion on what it did):\n  %s",
			len(missing), len(methods), strings.Join(missing, "\n  "))
	}
}
