package extract

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
)

// TestStrayNULIsNotBinary: a NUL byte early in a page (before the doctype,
// in the head, in a paragraph) does not make it "no article found"
// (issue 15); a file that is really binary still is.
func TestStrayNULIsNotBinary(t *testing.T) {
	para := "<p>The town harbour reopened to fishing boats on Saturday, four months after a winter storm tore away a third of the eastern breakwater.</p>\n"
	page := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>\n" +
		strings.Repeat(para, 6) + "</article></body></html>"
	u, _ := url.Parse("https://courier.example/news/harbour")
	for name, p := range map[string]string{
		"first byte":    "\x00" + page,
		"in the head":   strings.Replace(page, "<title>", "\x00<title>", 1),
		"in the text":   strings.Replace(page, "fishing", "fish\x00ing", 1),
		"two of them":   strings.Replace("\x00"+page, "<body>", "<body>\x00", 1),
		"no NUL at all": page,
	} {
		a, err := Extract(strings.NewReader(p), u, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if a.Title != "Harbour reopens" || !strings.Contains(a.Text, "four months after a winter storm") || strings.ContainsRune(a.Text+a.Markdown, 0) {
			t.Errorf("%s: title %q, text %q", name, a.Title, a.Text)
		}
	}
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 0, 0, 1, 'a', 'b', 'c', 'd'}, 500)...)
	if _, err := Extract(bytes.NewReader(png), u, Options{}); !errors.Is(err, ErrNoArticle) {
		t.Errorf("a binary file: err = %v, want ErrNoArticle", err)
	}
}
