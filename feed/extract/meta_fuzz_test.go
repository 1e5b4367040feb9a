package extract

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/metadata"
	"github.com/tidings-app/tidings/feed/extract/internal/prepare"

	"golang.org/x/net/html"
)

// FuzzMetadata feeds arbitrary bytes through decoding, parsing and the
// metadata reader: whatever a server sends, they must return without a
// panic, with valid UTF-8 in every text field.
func FuzzMetadata(f *testing.F) {
	for _, dir := range []string{"meta", "charset"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.html"))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b, "")
			}
		}
	}
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@id":"a","author":{"@id":"a"}}]}</script>`), "text/html; charset=gbk")
	f.Add([]byte("\xff\xfe<\x00h\x001\x00>\x00"), "")
	u, _ := url.Parse("https://example.com/a/b")
	f.Fuzz(func(t *testing.T, raw []byte, contentType string) {
		b, _, err := prepare.DecodeToUTF8(raw, contentType)
		if err != nil {
			return
		}
		if !utf8.Valid(b) {
			t.Fatalf("decodeToUTF8 gave invalid UTF-8")
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return
		}
		a := metadata.ExtractMetadata(doc, u)
		for _, s := range append([]string{a.Title, a.Site, a.Source, a.Section, a.Excerpt, a.ImageCaption, a.Lang}, append(a.Authors, a.Tags...)...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
	})
}
