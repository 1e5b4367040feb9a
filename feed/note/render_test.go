package note

import (
	"bytes"
	"flag"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden notes in testdata")

var saveTime = time.Date(2026, 11, 26, 21, 0, 0, 0, time.UTC)

// splitNote parses a note the way a vault would: the YAML front matter with
// a YAML library, the rest with goldmark.
func splitNote(t *testing.T, note []byte) (map[string]any, []byte, ast.Node) {
	t.Helper()
	if !bytes.HasPrefix(note, []byte("---\n")) {
		t.Fatalf("note does not start with front matter:\n%s", note)
	}
	end := bytes.Index(note[4:], []byte("\n---\n"))
	if end < 0 {
		t.Fatalf("front matter is not closed:\n%s", note)
	}
	var fm map[string]any
	if err := yaml.Unmarshal(note[4:4+end+1], &fm); err != nil {
		t.Fatalf("front matter is not valid YAML: %v\n%s", err, note)
	}
	body := note[4+end+5:]
	return fm, body, parseMarkdown(body)
}

// inlineText returns the text a reader sees for an inline container.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			b.Write(v.Segment.Value(src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(v.Value)
		case *ast.RawHTML, *ast.AutoLink, *ast.CodeSpan, *ast.Link, *ast.Image, *ast.Emphasis:
			if c != n {
				b.WriteString("<" + c.Kind().String() + ">")
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// headingText renders the body to HTML with goldmark and returns the text
// of its first <h1> as a reader sees it; markup inside fails the test.
func headingText(t *testing.T, body []byte) string {
	t.Helper()
	var out bytes.Buffer
	if err := goldmark.Convert(body, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	i, j := strings.Index(s, "<h1>"), strings.Index(s, "</h1>")
	if i < 0 || j < i {
		return ""
	}
	h := s[i+4 : j]
	if strings.Contains(h, "<") {
		t.Errorf("heading holds markup: %s", h)
	}
	return html.UnescapeString(h)
}

func TestRenderHostileTitles(t *testing.T) {
	titles := []string{
		`He said "no": the end`,
		"Colons: everywhere: here",
		"#hashtag starts the title",
		"Ends with a hash #",
		"# Looks like a heading",
		"---",
		"--- front matter breaker ---",
		"...",
		"Line one\nLine two\r\n---\nkey: value",
		"'single' and \"double\" and `back` quotes",
		"[link](javascript:alert(1)) and <script>alert(1)</script>",
		"*emphasis* and _under_ and **strong**",
		"1. Not a list",
		"- not a bullet",
		"> not a quote",
		"&amp; &#38; AT&T",
		"yes",
		"null",
		"2024-03-23",
		"@at and %percent and !bang and |pipe|",
		"{flow: map} [flow, seq]",
		"\x1b]52;c;aGVsbG8=\x07Clipboard \x1b[31mred\x1b[0m \u202eevil",
		"Tab\there and NUL\x00 and DEL\x7f",
		"東京で地震 — “Привет” ‘Ελλάδα’",
		"   padded   ",
		"!",
	}
	for _, title := range titles {
		a := &feed.Article{Title: title, URL: "https://example.com/a?x=1#frag", Authors: []string{"Jane: Doe", "#1 \"fan\""},
			Excerpt: "Desc: with # and ---\nsecond line", Markdown: "Body text.\n"}
		note, err := Render(a, Options{Now: saveTime})
		if err != nil {
			t.Fatalf("Render(%q): %v", title, err)
		}
		if !sanitize.IsClean(string(note)) {
			t.Errorf("Render(%q): note holds control characters:\n%q", title, note)
		}
		fm, body, doc := splitNote(t, note)
		want := sanitize.Line(title)
		if fm["title"] != want {
			t.Errorf("title %q: front matter title = %#v, want %q", title, fm["title"], want)
		}
		if got := fm["description"]; got != "Desc: with # and --- second line" {
			t.Errorf("title %q: description = %#v", title, got)
		}
		authors, _ := fm["author"].([]any)
		if len(authors) != 2 || authors[0] != "Jane: Doe" || authors[1] != `#1 "fan"` {
			t.Errorf("title %q: author = %#v", title, fm["author"])
		}
		h, ok := doc.FirstChild().(*ast.Heading)
		if !ok || h.Level != 1 {
			t.Errorf("title %q: the body does not start with a level-1 heading:\n%s", title, body)
			continue
		}
		if got := headingText(t, body); got != want {
			t.Errorf("title %q: heading reads %q, want %q\n%s", title, got, want, body)
		}
		if p, ok := h.NextSibling().(*ast.Paragraph); !ok || inlineText(p, body) != "Body text." {
			t.Errorf("title %q: the body paragraph does not follow the heading:\n%s", title, body)
		}
	}
}

func TestRenderFrontMatterFields(t *testing.T) {
	a := &feed.Article{
		Title: "Dhaka floods", URL: "https://www.example.com/news/dhaka-floods",
		Authors:   []string{"Ruma Paul", "", "Sudipto Ganguly"},
		Published: time.Date(2024, 3, 23, 22, 0, 0, 0, time.FixedZone("", 6*3600)),
		Site:      "Example News", Excerpt: "Water rises.", Lang: "en", WordCount: 412,
		Markdown: "Text.",
	}
	note, err := Render(a, Options{Now: saveTime, Tags: []string{"Bangladesh", "south asia", "news", "#World/Asia", "2024"}})
	if err != nil {
		t.Fatal(err)
	}
	fm, _, _ := splitNote(t, note)
	// Dates are plain YAML timestamps, which Obsidian shows as dates.
	want := map[string]any{
		"title": "Dhaka floods", "source": "https://www.example.com/news/dhaka-floods",
		"author": []any{"Ruma Paul", "Sudipto Ganguly"}, "published": time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC), "created": time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		"site": "Example News", "description": "Water rises.",
		"tags": []any{"Bangladesh", "south-asia", "news", "World/Asia"}, "language": "en", "word_count": 412,
		"saved_by": "tidings",
	}
	for k, v := range want {
		if got, _ := yaml.Marshal(fm[k]); string(got) != mustYAML(t, v) {
			t.Errorf("%s = %s, want %s", k, got, mustYAML(t, v))
		}
	}
	if len(fm) != len(want) {
		t.Errorf("front matter has %d fields, want %d: %v", len(fm), len(want), fm)
	}
	// Field order is what Obsidian users see in the properties panel.
	order := []string{"title:", "source:", "author:", "published:", "created:", "site:", "description:", "tags:", "language:", "word_count:", "saved_by:"}
	last := -1
	for _, k := range order {
		i := bytes.Index(note, []byte("\n"+k))
		if i < last {
			t.Errorf("%s is out of order:\n%s", k, note)
		}
		last = i
	}

	bare, _ := Render(&feed.Article{Title: "Only a title"}, Options{Now: saveTime})
	fm, _, _ = splitNote(t, bare)
	if len(fm) != 4 || fm["title"] != "Only a title" || fm["created"] != time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) || fm["saved_by"] != "tidings" {
		t.Errorf("an article with only a title gives %v, want title, created, tags [news] and saved_by", fm)
	}
}

// TestRenderDropsDangerousSource: a note saved from a feed's own text,
// for a story whose link is javascript:, data: or file: (however spelt),
// keeps no source: or canonical: a note viewer would make clickable
// (issue 15); the story's text is still saved.
func TestRenderDropsDangerousSource(t *testing.T) {
	for _, u := range []string{"javascript:alert(document.cookie)", "JavaScript:alert(1)", "java\tscript:alert(1)",
		" javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "vbscript:x", "ftp://example.com/x"} {
		a := &feed.Article{Title: "From the feed", URL: u, Canonical: u, Markdown: "The feed's own text."}
		note, err := Render(a, Options{Now: saveTime})
		if err != nil {
			t.Fatal(err)
		}
		fm, rest, _ := splitNote(t, note)
		if fm["source"] != nil || fm["canonical"] != nil {
			t.Errorf("%q: the note keeps source %v, canonical %v", u, fm["source"], fm["canonical"])
		}
		if !strings.Contains(string(rest), "The feed's own text.") {
			t.Errorf("%q: the text is lost:\n%s", u, note)
		}
	}
	note, _ := Render(&feed.Article{Title: "Web", URL: "https://example.com/a", Markdown: "x"}, Options{Now: saveTime})
	if fm, _, _ := splitNote(t, note); fm["source"] != "https://example.com/a" {
		t.Errorf("a web address is not kept as the source: %v", fm["source"])
	}
}

func mustYAML(t *testing.T, v any) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRenderBody(t *testing.T) {
	a := &feed.Article{
		Title: "Links", URL: "https://news.example.org/world/2024/story.html",
		Image: "/img/lead.jpg", ImageCaption: "Flood water in *Sylhet* [Reuters]",
		Markdown: "See [the report](../report.pdf \"Report\") and [a section](#part) and [home](/).\n\n" +
			"![A boat](images/boat.jpg)\n*A boat on the river.*\n\n" +
			"Code: `[x](relative)` stays.\n\n" +
			"---\n\n" +
			"```\n[y](relative) in code\n```\n\n" +
			"Hostile \x1b]8;;https://evil.example/\x07link\x1b]8;;\x07 and \x9b31m C1.\n\n" +
			"[abs](https://other.example/x) and [mail](mailto:a@b.c) and [ab](/ab) then [a](/a).",
	}
	note, err := Render(a, Options{Now: saveTime})
	if err != nil {
		t.Fatal(err)
	}
	if !sanitize.IsClean(string(note)) {
		t.Fatalf("note holds control characters:\n%q", note)
	}
	_, body, doc := splitNote(t, note)
	var links, images []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch v := n.(type) {
			case *ast.Link:
				links = append(links, string(v.Destination))
			case *ast.Image:
				images = append(images, string(v.Destination))
			}
		}
		return ast.WalkContinue, nil
	})
	wantLinks := []string{
		"https://news.example.org/world/report.pdf", "#part", "https://news.example.org/",
		"https://other.example/x", "mailto:a@b.c", "https://news.example.org/ab", "https://news.example.org/a",
	}
	if strings.Join(links, "\n") != strings.Join(wantLinks, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(links, "\n"), strings.Join(wantLinks, "\n"))
	}
	wantImages := []string{
		"https://news.example.org/img/lead.jpg",
		"https://news.example.org/world/2024/images/boat.jpg",
	}
	var out bytes.Buffer
	_ = goldmark.Convert(body, &out)
	for _, alt := range []string{`alt="Flood water in *Sylhet* [Reuters]"`, `alt="A boat"`, "<em>Flood water in *Sylhet* [Reuters]</em>"} {
		if !strings.Contains(out.String(), alt) {
			t.Errorf("the rendered note lacks %s:\n%s", alt, out.String())
		}
	}
	if strings.Join(images, "\n") != strings.Join(wantImages, "\n") {
		t.Errorf("images:\n%s\nwant:\n%s", strings.Join(images, "\n"), strings.Join(wantImages, "\n"))
	}
	for _, keep := range []string{"`[x](relative)`", "[y](relative) in code", "*Flood water in \\*Sylhet\\* \\[Reuters\\]*"} {
		if !bytes.Contains(body, []byte(keep)) {
			t.Errorf("body lost %q:\n%s", keep, body)
		}
	}

	// A lead image the body already shows is not repeated.
	a.Image = "https://news.example.org/world/2024/images/boat.jpg"
	note, _ = Render(a, Options{Now: saveTime})
	if n := bytes.Count(note, []byte("boat.jpg")); n != 1 {
		t.Errorf("the lead image shown in the body appears %d times", n)
	}
}

// TestGoldenHandBuilt pins the whole note for an article built by hand, so
// that the format does not drift with extraction quality.
func TestGoldenHandBuilt(t *testing.T) {
	a := &feed.Article{
		Title:        "Bangladesh, India agree to boost trade: \"a new chapter\"",
		Authors:      []string{"Ruma Paul"},
		Source:       "Reuters",
		Site:         "The Business Standard",
		Section:      "Economy",
		URL:          "https://www.tbsnews.net/economy/bangladesh-india-agree-boost-trade-812345",
		Published:    time.Date(2024, 3, 23, 21, 40, 0, 0, time.FixedZone("", 6*3600)),
		Lang:         "en",
		Excerpt:      "The two neighbours signed three agreements on Saturday.",
		Image:        "https://www.tbsnews.net/sites/default/files/images/2024/03/23/trade.jpg",
		ImageCaption: "Trucks wait at the Benapole land port. Photo: Reuters",
		Markdown: "DHAKA, March 23 (Reuters) - Bangladesh and India agreed on Saturday to " +
			"[boost trade](/economy/trade-deal-812000) through three new land ports.\n\n" +
			"## What changes\n\n- Fewer checks at the border\n- Longer opening hours\n\n" +
			"> \"This is a new chapter,\" the commerce minister said.\n",
		WordCount: 42,
	}
	note, err := Render(a, Options{Now: saveTime, Tags: []string{"Bangladesh", "economy"}})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "handbuilt.md"), note)
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("note differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestGoldenSeedPage saves the page modelled on the seed (a Reuters story
// on The Business Standard) through the real extractor. Its golden moves
// with extraction quality; TestGoldenHandBuilt pins the note format.
func TestGoldenSeedPage(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "tbs-article.html"))
	if err != nil {
		t.Skipf("seed fixture absent: %v", err)
	}
	u, _ := url.Parse("https://www.tbsnews.net/world/usa/us-has-intelligence-confirming-islamic-state-responsibility-russia-attack-officials-say-810286")
	a, err := extract.Extract(bytes.NewReader(page), u, extract.Options{ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatalf("extracting the seed page: %v", err)
	}
	note, err := Render(a, Options{Now: saveTime, Tags: []string{"World"}})
	if err != nil {
		t.Fatal(err)
	}
	fm, body, _ := splitNote(t, note)
	if fm["title"] == nil || fm["source"] != u.String() || headingText(t, body) != fm["title"] {
		t.Errorf("seed note lacks its title or source: %v", fm)
	}
	checkGolden(t, filepath.Join("testdata", "tbs-article.md"), note)
}

func TestRenderHostileBodies(t *testing.T) {
	bodies := []string{
		"---\ntitle: injected\n---\n\nText after a fake front matter.",
		"```\nan unclosed fence swallowing the rest",
		"<!-- an unclosed comment",
		"<script>alert(1)</script>\n\nAfter the script.",
		"\x1b[2J\x1b]0;title\x07Screen cleared? \x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
		"[run](javascript:alert(1)) [run2](JavaScript:alert(2)) [data](data:text/html;base64,PHNjcmlwdD4=) [file](file:///etc/passwd) [ok](https://ok.example/)",
		"<javascript:alert(3)> and <https://ok.example/auto>",
		"![img](data:image/svg+xml;base64,PHN2Zz4=)",
		"# A heading in the body\n\n...\n\n---",
		strings.Repeat("deep > ", 200),
		"\u202eevil\u202c \u200bzero width",
	}
	for _, body := range bodies {
		a := &feed.Article{Title: "Hostile body", URL: "https://example.com/h", Markdown: body}
		note, err := Render(a, Options{Now: saveTime})
		if err != nil {
			t.Fatalf("Render(%q): %v", body, err)
		}
		if !sanitize.IsClean(string(note)) {
			t.Errorf("body %q: note holds control characters:\n%q", body, note)
		}
		fm, rest, doc := splitNote(t, note)
		if fm["title"] != "Hostile body" || len(fm) != 5 {
			t.Errorf("body %q changed the front matter: %v", body, fm)
		}
		if h, ok := doc.FirstChild().(*ast.Heading); !ok || h.Level != 1 || headingText(t, rest) != "Hostile body" {
			t.Errorf("body %q: the note does not start with its title:\n%s", body, rest)
		}
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			var dest string
			switch v := n.(type) {
			case *ast.Link:
				dest = string(v.Destination)
			case *ast.Image:
				dest = string(v.Destination)
			case *ast.AutoLink:
				dest = string(v.URL(rest))
			}
			if entering && unsafeLink(dest) {
				t.Errorf("body %q: the note keeps the link %q", body, dest)
			}
			return ast.WalkContinue, nil
		})
	}
}

// FuzzRender checks that whatever the title, author and body hold, the
// note has valid front matter giving back the title, starts with it as a
// heading, and holds no control character.
func FuzzRender(f *testing.F) {
	f.Add("Title: \"quoted\" #tag", "Jane: Doe", "Body [x](/rel) ![i](img.png)")
	f.Add("---", "- a", "---\ntitle: x\n---")
	f.Add("\x1b]52;c;eA==\x07t", "\u202e", "```\n<script>")
	f.Fuzz(func(t *testing.T, title, author, body string) {
		a := &feed.Article{Title: title, Authors: []string{author}, URL: "https://example.com/a/b", Markdown: body}
		note, err := Render(a, Options{Now: saveTime})
		if err != nil {
			t.Fatal(err)
		}
		if !sanitize.IsClean(string(note)) {
			t.Fatalf("control characters in the note: %q", note)
		}
		fm, rest, _ := splitNote(t, note)
		want := sanitize.Line(title)
		if want == "" {
			return
		}
		if fm["title"] != want {
			t.Fatalf("front matter title = %#v, want %q", fm["title"], want)
		}
		if got := headingText(t, rest); got != want {
			t.Fatalf("heading reads %q, want %q\n%s", got, want, rest)
		}
	})
}

func TestRewriteDestinationsNestedAndEscaped(t *testing.T) {
	base := "https://example.com/a/"
	abs := func(d string) string {
		if strings.HasPrefix(d, "http") {
			return d
		}
		return base + d
	}
	tests := []struct{ in, want string }{
		{"[![alt](img.png)](page.html)", "[![alt](https://example.com/a/img.png)](https://example.com/a/page.html)"},
		{"[![alt](https://cdn.example/very/long/path/to/an/image/file/name.png \"title\")](page.html)",
			"[![alt](https://cdn.example/very/long/path/to/an/image/file/name.png \"title\")](https://example.com/a/page.html)"},
		{"[**bold *and em***](x)", "[**bold *and em***](https://example.com/a/x)"},
		{"[](empty) and [t](y)", "[](https://example.com/a/empty) and [t](https://example.com/a/y)"},
		{"[a](ab) [b](a)", "[a](https://example.com/a/ab) [b](https://example.com/a/a)"},
		{"`[c](code)` [d](real)", "`[c](code)` [d](https://example.com/a/real)"},
	}
	for _, tt := range tests {
		if got := rewriteDestinations(tt.in, abs); got != tt.want {
			t.Errorf("rewriteDestinations(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}

	// A page of many links, some written with escapes, is rewritten link
	// by link; each destination is looked for only near its link text.
	var b strings.Builder
	for i := 0; i < 20000; i++ {
		b.WriteString("[x](a\\&b) [y](c) ")
	}
	out := rewriteDestinations(b.String(), abs)
	if n := strings.Count(out, "](https://example.com/a/c)"); n != 20000 {
		t.Errorf("%d of 20000 plain destinations rewritten", n)
	}
	if n := strings.Count(out, "](<https://example.com/a/a\\&b>)"); n != 20000 {
		t.Errorf("%d of 20000 escaped destinations rewritten", n)
	}
}
