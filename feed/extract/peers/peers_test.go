package main

import (
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed/score"
	"golang.org/x/net/html"
)

// A page converted to UTF-8 that still declares Latin-1 after the first
// 1024 bytes must not be turned into mojibake for every extractor.
func TestDecodeKeepsValidUTF8(t *testing.T) {
	raw := []byte("<html><head>" + strings.Repeat(" ", 2000) + `<meta charset="iso-8859-1"></head><body><p>Zürich café</p></body></html>`)
	out, cs, err := decode(raw)
	if err != nil || cs != "utf-8" || !strings.Contains(string(out), "Zürich café") {
		t.Fatalf("decode = %q, %s, %v", out, cs, err)
	}
	latin := []byte("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Z\xfcrich caf\xe9</p></body></html>")
	out, _, err = decode(latin)
	if err != nil || !strings.Contains(string(out), "Zürich café") {
		t.Fatalf("decode Latin-1 = %q, %v", out, err)
	}
}

// Blocks written without whitespace between them still give separate
// words, and scripts give none.
func TestInnerTextSeparatesBlocks(t *testing.T) {
	doc, err := html.Parse(strings.NewReader("<ul><li>one</li><li>two</li></ul><p>three<b>four</b></p><script>var x</script>"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(score.Tokens(innerText(doc)), " "); got != "one two threefour" {
		t.Fatalf("innerText tokens = %q", got)
	}
}
