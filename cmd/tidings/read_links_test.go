package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/tidings-app/tidings/feed/link"
)

// TestPipedReadKeepsNoActiveContent: piped `read` writes no link a
// Markdown reader would follow to a script, a data document or a local
// file, however the page spells the scheme (`java&#9;script:` and
// `java&#10;script:` passed a prefix match before, issue 15), and a title
// or byline written as HTML or as a Markdown link is shown as text.
func TestPipedReadKeepsNoActiveContent(t *testing.T) {
	page := string(readFixture(t, "read-story.html"))
	const title = `<script>alert(1)</script> [click](javascript:alert(2)) Harbour`
	page = strings.ReplaceAll(page, "Harbour reopens after storm repairs", strings.ReplaceAll(title, "<", "&lt;"))
	page = strings.ReplaceAll(page, "Mira Halvorsen", "[Mira](javascript:alert(3)) &lt;img src=x onerror=alert(4)&gt;")
	hostile := []string{
		`<a href="java&#9;script:alert(5)">tab</a>`,
		`<a href="java&#10;script:alert(6)">newline</a>`,
		`<a href="JAVASCRIPT:alert(7)">upper</a>`,
		`<a href="&#1;javascript:alert(8)">control</a>`,
		`<a href="javascript&amp;colon;alert(9)">entity</a>`,
		`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=">data</a>`,
		`<a href="file:///etc/passwd">file</a>`,
		`<a href="vbscript:msgbox(11)">vb</a>`,
		`<img src="data:image/svg+xml,&lt;svg onload=alert(12)&gt;" alt="svg">`,
	}
	page = strings.Replace(page, " is published on the council website.", " is published on the council website: "+strings.Join(hostile, " ")+".", 1)
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without --url nothing is resolved against a web address: the links
	// reach the writer as the page wrote them.
	for _, args := range [][]string{{"read", file}, {"read", "--url", "https://courier.example/news/harbour", file}} {
		r := tidings(t, "", args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		src := []byte(r.stdout)
		doc := goldmark.New().Parser().Parse(text.NewReader(src))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			var dest string
			switch v := n.(type) {
			case *ast.Link:
				dest = string(v.Destination)
			case *ast.Image:
				dest = string(v.Destination)
			case *ast.AutoLink:
				dest = string(v.URL(src))
			case *ast.RawHTML:
				t.Errorf("%v: HTML in the Markdown: %q", args, v.Segments.Value(src))
			case *ast.HTMLBlock:
				t.Errorf("%v: HTML in the Markdown: %q", args, v.Lines().Value(src))
			}
			if dest != "" && !link.Active(dest) {
				t.Errorf("%v: the Markdown links to %q", args, dest)
			}
			return ast.WalkContinue, nil
		})
		var html strings.Builder
		if err := goldmark.Convert(src, &html); err != nil {
			t.Fatal(err)
		}
		if want := "<h1>&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(2)) Harbour</h1>"; !strings.HasPrefix(html.String(), want) {
			t.Errorf("%v: the title is not shown as written; want %s, got:\n%s", args, want, html.String())
		}
		for _, word := range []string{"tab", "newline", "upper", "control", "entity", "data", "file", "vb", "Jonas Eide"} {
			if !strings.Contains(r.stdout, word) {
				t.Errorf("%v: the link text %q is lost:\n%s", args, word, r.stdout)
			}
		}
	}
}
