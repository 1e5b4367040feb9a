package textdump

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed/sanitize"
)

// checkArticle asserts what must hold of any successful Parse: a body,
// and nothing a terminal would interpret.
func checkArticle(t testing.TB, text string) {
	t.Helper()
	a, err := Parse(text, nil)
	if err != nil {
		if !errors.Is(err, ErrNoArticle) {
			t.Fatalf("Parse error %v, want nil or ErrNoArticle", err)
		}
		return
	}
	if strings.TrimSpace(a.Text) == "" || a.WordCount == 0 || a.ReadingMinutes < 1 {
		t.Fatalf("article without a body: %+v", a)
	}
	for name, s := range map[string]string{"Title": a.Title, "Text": a.Text, "Markdown": a.Markdown,
		"Excerpt": a.Excerpt, "ImageCaption": a.ImageCaption, "Site": a.Site, "Section": a.Section} {
		if !sanitize.IsClean(s) {
			t.Fatalf("%s holds control characters: %q", name, s)
		}
	}
}

// TestHugeAndWeird feeds inputs built to hurt: a million lines, one giant
// line, control characters and escapes, pathological repeats. Each must
// finish (go test's timeout catches a hang) without a panic.
func TestHugeAndWeird(t *testing.T) {
	para := "The council voted on Tuesday to approve the budget, after a debate that lasted most of the night.\n\n"
	var distinct strings.Builder
	for i := range 1_000_000 {
		fmt.Fprintf(&distinct, "Menu item %d\n", i)
	}
	inputs := map[string]string{
		"million identical lines": strings.Repeat("Home\n", 1_000_000),
		"million distinct lines":  distinct.String(),
		"million blank lines":     strings.Repeat("\n", 1_000_000) + para,
		"one giant line":          strings.Repeat("word and more words, then a sentence. ", 300_000),
		"giant line no spaces":    strings.Repeat("x", 10<<20),
		"control characters":      strings.Repeat("\x1b[31mred\x1b[0m \x07\x00\x08 "+para, 500),
		"osc and bidi":            "\x1b]8;;http://evil\x07link\x1b]8;;\x07 \u202eevil\u202c\n\n" + strings.Repeat(para, 5),
		"story repeated":          strings.Repeat(para, 50_000),
		"dates everywhere":        strings.Repeat("23 March, 2024, 09:15 am\nLast modified: 2024-03-23T09:19:00+06:00\n", 50_000),
		"bylines everywhere":      strings.Repeat("By Jane Doe, AP\n"+para, 10_000),
		"tags everywhere":         strings.Repeat("a / b / c / d / e / f / g\n", 100_000),
		"crlf":                    strings.ReplaceAll("Title here\n\n"+strings.Repeat(para, 10), "\n", "\r\n"),
		"cr only":                 strings.ReplaceAll("Title here\n\n"+strings.Repeat(para, 10), "\n", "\r"),
		"invalid utf-8":           strings.Repeat("\xff\xfe "+para, 100),
		"open brackets":           strings.Repeat("[", 4<<20),
		"links in links":          strings.Repeat("[]([](<[", 500_000),
		"unclosed destinations":   strings.Repeat("[a](<b ", 500_000) + "\n[1]: x\n[2]: y",
		"reference lists":         strings.Repeat("[x][1] "+para, 5_000) + strings.Repeat("[1]: https://a.example/\n", 100_000),
		"emphasis runs":           strings.Repeat("*_**__ a_b*c ", 300_000) + "\n# h\n",
		"box table":               strings.Repeat("a│b│c\n───┼───\n", 200_000),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			Looks([]byte(in))
			checkArticle(t, in)
		})
	}
}

// FuzzParse checks that no input panics or breaks the article's
// invariants. Run it with go test -fuzz FuzzParse -fuzztime 10s.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"blog.txt", "wire.txt", "home.txt", "lynx.txt"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("Title\n\nBy Jane Doe, AP\n23 March, 2024, 09:15 am\n\nA paragraph of a story, with words in it, ends here.\n\nTags: a, b")
	f.Add("Related News\nComments\n3 responses to “x”\njoe says:\nMarch 4, 2023 at 8:12 am\n")
	f.Add("<p>not text</p>")
	for _, d := range dialects() {
		f.Add(d)
	}
	f.Add("[a [b](<x\n[c](d)>) ![e](f \"g\")][1]\n\n[1]: u\n[2]: v\n# h\n# i\n* *j*")
	f.Add("\x00\x01\x1b[2J")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<16 {
			return // keep each run fast; TestHugeAndWeird covers size
		}
		Looks([]byte(s))
		checkArticle(t, s)
		if a, err := Parse(s, nil); err == nil && strings.ContainsAny(a.Text+a.Markdown+a.Title, "\uE000\uE001\uE002\uE003\uE004") {
			t.Fatalf("a mark of the dialect reader is left in the article: %q", a.Markdown)
		}
	})
}
