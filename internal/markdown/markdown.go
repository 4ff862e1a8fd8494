// Package markdown renders user-written Markdown (course descriptions,
// article lectures) to HTML that is safe to put in any page: raw HTML in the
// source is dropped by the renderer, and the result passes through an
// allow-list sanitizer, so no script, event handler or javascript: link can
// survive either layer alone.
package markdown

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md = goldmark.New(
		// GitHub-flavoured tables, strikethrough, autolinks and task lists.
		// No html.WithUnsafe: raw HTML blocks and inline HTML are omitted.
		goldmark.WithExtensions(extension.GFM),
	)
	policy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true) // also adds rel=noopener
		p.AllowAttrs("type", "checked", "disabled").Matching(bluemonday.SpaceSeparatedTokens).OnElements("input")
		return p
	}()
)

// ToHTML renders Markdown to sanitised HTML.
func ToHTML(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; a bytes.Buffer has none.
		return ""
	}
	return policy.Sanitize(buf.String())
}
