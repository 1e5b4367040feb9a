package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// seedBytes caps the size of the fuzz seeds taken from fixtures.
const seedBytes = 1500

// FuzzExtract checks that no input makes Extract panic or hang, and that
// an article it returns is well formed. Seeds: the rule fixtures and the
// seed page, cut to their first kilobytes (the fuzzer minimises every new
// input it finds, which is slow on large ones), and a few malformed pages.
func FuzzExtract(f *testing.F) {
	inputs, _ := filepath.Glob("testdata/rules/*/input.html")
	inputs = append(inputs, "../../testdata/seed/tbs-article.html")
	for _, p := range inputs {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b[:min(len(b), seedBytes)])
		}
	}
	for _, s := range []string{
		"", "<", "<html><body><p>", "\x00\x01\x02", "<noscript><img src=x></noscript>",
		"<div><p>Text of a story, long enough to be scored as a paragraph of one.</p></div>",
		strings.Repeat("<div>", 600) + "<p>deep text, deep text, deep text, deep text</p>",
		"<base href='javascript:alert(1)'><a href='x'>a link in a paragraph of text that is long</a>",
		"<table><tr><td><p>cell text, with commas, many, many, commas, here</p></td></tr></table>",
		"<script type='application/ld+json'>{\"articleBody\": \"" + strings.Repeat("word ", 60) + "\"}</script><p>short</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 64<<10 {
			return // keep each execution quick; size limits are TestTooLarge's
		}
		a, err := Extract(bytes.NewReader(b), nil, Options{})
		if err != nil {
			if !errors.Is(err, ErrNoArticle) && !strings.Contains(err.Error(), "pars") {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if a.Text == "" || a.WordCount == 0 || a.ReadingMinutes < 1 {
			t.Fatalf("article without a body: %+v", a)
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Markdown) {
			t.Fatalf("invalid UTF-8 in the body")
		}
	})
}
