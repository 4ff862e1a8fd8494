package markdown

import (
	"strings"
	"testing"
)

func TestToHTMLIsSafe(t *testing.T) {
	cases := []struct {
		name, src string
		mustNot   []string
		must      []string
	}{
		{"script tag", "hello <script>alert(1)</script>", []string{"<script", "alert(1)</script>"}, []string{"hello"}},
		{"script block", "<script>\nalert(1)\n</script>\n\ntext", []string{"<script"}, []string{"text"}},
		{"event handler", `<img src=x onerror="alert(1)">`, []string{"onerror"}, nil},
		{"javascript link", "[click](javascript:alert(1))", []string{"javascript:"}, []string{"click"}},
		{"javascript autolink", "<javascript:alert(1)>", []string{`href="javascript`}, nil},
		{"data html link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", []string{"data:text/html"}, nil},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}, nil},
		{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, []string{"style="}, nil},
		{"svg", `<svg onload=alert(1)>`, []string{"<svg", "onload"}, nil},
		{"markdown", "# Title\n\n**bold** and [a link](https://example.com)\n\n- one\n- two", nil,
			[]string{"<h1", "<strong>bold</strong>", `href="https://example.com"`, `rel="nofollow noopener"`, "<li>one</li>"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", nil, []string{"<table>", "<td>1</td>"}},
	}
	for _, c := range cases {
		out := ToHTML(c.src)
		for _, bad := range c.mustNot {
			if strings.Contains(strings.ToLower(out), strings.ToLower(bad)) {
				t.Errorf("%s: output contains %q: %s", c.name, bad, out)
			}
		}
		for _, good := range c.must {
			if !strings.Contains(out, good) {
				t.Errorf("%s: output lacks %q: %s", c.name, good, out)
			}
		}
	}
}
