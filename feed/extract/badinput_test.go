package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/tidings-app/tidings/feed/extract/internal/prepare"
)

// TestBadInput feeds Extract what the network really sends now and then:
// each must give a clear error or a best-effort article, never a panic or
// a hang.
func TestBadInput(t *testing.T) {
	var sb strings.Builder
	for i := range 6 {
		fmt.Fprintf(&sb, "<p>The committee met on Monday for the %d. time and agreed, after a long debate, to publish the full report next week.</p>", i+1)
	}
	story := sb.String()
	deep := strings.Repeat("<div>", 10000) + story + strings.Repeat("</div>", 10000)
	deepInline := strings.Repeat("<span><b>", 5000) + story + strings.Repeat("</b></span>", 5000)
	binary := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 0xff, 0xfe, 7}, 2000)...)
	tests := []struct {
		name    string
		in      []byte
		wantErr error // nil: a best-effort article holding "committee"
	}{
		{"empty", nil, ErrNoArticle},
		{"whitespace", []byte(" \n\t\n "), ErrNoArticle},
		{"binary", binary, ErrNoArticle},
		{"no body text", []byte("<html><head><title>Hi</title></head><body><img src=x></body></html>"), ErrNoArticle},
		{"home page", []byte(homePage()), ErrNoArticle},
		{"blog index", []byte(blogIndex()), ErrNoArticle},
		{"login wall", []byte(`<html><body><header><a href="/">Site</a></header><main><h1>Sign in</h1><form><label>Email</label><input name=e><label>Password</label><input type=password><button>Sign in</button></form><p><a href="/forgot">Forgot your password?</a></p></main></body></html>`), ErrNoArticle},
		{"deep nesting", []byte(deep), nil},
		{"deep inline nesting", []byte(deepInline), nil},
		{"broken markup", []byte("<html><body><div class=story><p>The committee met on Monday <b>and agreed, <i>after a long debate</b>, to publish</i> the full report next week.<p>It will be <a href='/r'>online</a> from Tuesday, the chair said, and in print later.<table><tr><td>x</div></span></body></html></p>" + story), nil},
		{"unclosed comment", []byte("<html><body>" + story + "<!-- never closed <p>hidden"), nil},
	}
	u, _ := url.Parse("https://example.org/news/1")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract(bytes.NewReader(tt.in), u, Options{})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if !strings.Contains(a.Text, "committee") {
				t.Errorf("Text lost the story: %.200q", a.Text)
			}
		})
	}
}

// TestTooLarge checks that a page past the cap fails with an error that
// says so, without parsing it.
func TestTooLarge(t *testing.T) {
	r := io.MultiReader(strings.NewReader("<html><body><p>"), &repeatReader{b: []byte("lorem ipsum dolor sit amet ")}) // endless
	_, err := Extract(io.LimitReader(r, MaxInput+10), nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("err = %v, want a too-large error", err)
	}
}

type repeatReader struct{ b []byte }

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], r.b)
	}
	return n, nil
}

// TestDropSelectors checks the config's extra [clean] selectors, and that
// a bad one is reported by name.
func TestDropSelectors(t *testing.T) {
	page := `<html><body><article><p>The committee met on Monday and agreed, after a long debate, to publish the full report next week.</p>
<p class="house-note">Our reporters are independent: this note comes from the house style.</p>
<p>The chair said the report would be online from Tuesday, and printed copies would follow within a month.</p>
<p>Members of the public will be able to comment on it until the end of the summer, the committee added.</p></article></body></html>`
	a, err := Extract(strings.NewReader(page), nil, Options{DropSelectors: []string{"p.house-note"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "house style") || !strings.Contains(a.Text, "chair said") {
		t.Errorf("drop selector not applied: %q", a.Text)
	}
	_, err = Extract(strings.NewReader(page), nil, Options{DropSelectors: []string{"p[[["}})
	if err == nil || !strings.Contains(err.Error(), "p[[[") {
		t.Errorf("err = %v, want one naming the bad selector", err)
	}
}

// TestFragment checks the feed-content fallback: a content:encoded
// fragment is all article, minus its promotions.
func TestFragment(t *testing.T) {
	frag := `<p>The committee met on Monday and agreed to publish the full report next week.</p>
<p>The chair said it would be <a href="/report">online</a> from Tuesday.</p>
<p>Follow us on Google News for the latest updates.</p>
<p>The post <a href="/x">Committee to publish report</a> appeared first on Example News.</p>
<p><a href="/x">Continue reading <span class="screen-reader-text">Committee to publish report</span> →</a></p>`
	u, _ := url.Parse("https://example.org/news/1")
	a, err := Fragment(frag, u)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Markdown, "[online](https://example.org/report)") {
		t.Errorf("link not made absolute: %q", a.Markdown)
	}
	if strings.Contains(a.Text, "Google News") || strings.Contains(a.Text, "appeared first") || strings.Contains(a.Text, "Continue reading") {
		t.Errorf("promo kept: %q", a.Text)
	}
	if a.URL != u.String() || a.WordCount == 0 || a.ReadingMinutes != 1 {
		t.Errorf("URL %q, WordCount %d, ReadingMinutes %d", a.URL, a.WordCount, a.ReadingMinutes)
	}
	if _, err := Fragment("  ", u); !errors.Is(err, ErrNoArticle) {
		t.Errorf("empty fragment: err = %v, want ErrNoArticle", err)
	}
}

func homePage() string {
	var b strings.Builder
	b.WriteString(`<html><head><title>Example News: latest headlines</title></head><body><header><a href="/">Example News</a></header><main>`)
	for i := 0; i < 30; i++ {
		b.WriteString(`<div class="card"><h3><a href="/story/`)
		b.WriteString(strings.Repeat("x", i+1))
		b.WriteString(`">Minister says the new budget will bring relief to families this winter</a></h3><span>2h ago</span></div>`)
	}
	b.WriteString(`</main><footer>© Example News</footer></body></html>`)
	return b.String()
}

// TestCaptionsInMarkdownOnly checks that a figure's caption and credit are
// shown beside the picture in the Markdown but left out of the plain text.
func TestCaptionsInMarkdownOnly(t *testing.T) {
	page := `<html><body><article>
<p>The committee met on Monday and agreed, after a long debate, to publish the full report next week.</p>
<figure><img src="/chair.jpg" alt="The chair"><figcaption>The chair of the committee speaking on Monday. <span class="credit">Photo: J. Doe</span></figcaption></figure>
<p>The chair said the report would be online from Tuesday, and printed copies would follow within a month.</p>
<p>Members of the public will be able to comment on it until the end of the summer, the committee added.</p>
</article></body></html>`
	u, _ := url.Parse("https://example.org/news/1")
	a, err := Extract(strings.NewReader(page), u, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Markdown, "![The chair](https://example.org/chair.jpg)") || !strings.Contains(a.Markdown, "The chair of the committee speaking on Monday.") {
		t.Errorf("Markdown lost the figure or its caption:\n%s", a.Markdown)
	}
	if strings.Contains(a.Text, "speaking on Monday") || strings.Contains(a.Text, "Photo: J. Doe") {
		t.Errorf("Text holds the caption:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, "printed copies") {
		t.Errorf("Text lost the story:\n%s", a.Text)
	}
}

// blogIndex is a blog's front page: linked titles, each with its excerpt.
func blogIndex() string {
	var b strings.Builder
	b.WriteString(`<html><head><title>Notes from the garden</title></head><body><main class="content">`)
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&b, `<article class="post"><h2 class="entry-title"><a href="/2024/03/post-%d/">Planting the spring beds, part %d</a></h2>
<div class="entry-summary"><p>This week we turned the soil, added compost from last autumn and sowed the first rows of peas, radishes and lettuce, which should be up in ten days if the weather holds.</p></div>
<a class="more-link" href="/2024/03/post-%d/">Continue reading</a></article>`, i, i+1, i)
	}
	b.WriteString(`</main></body></html>`)
	return b.String()
}

// TestTextKeepsCodeLines checks that preformatted text keeps its lines in
// the plain text.
func TestTextKeepsCodeLines(t *testing.T) {
	page := `<html><body><article>
<p>The committee met on Monday and agreed, after a long debate, to publish the full report next week.</p>
<pre><code>func main() {
	fmt.Println("report")
}</code></pre>
<p>The chair said the report would be online from Tuesday, and printed copies would follow within a month.</p>
<p>Members of the public will be able to comment on it until the end of the summer, the committee added.</p>
</article></body></html>`
	a, err := Extract(strings.NewReader(page), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "func main() {\n\tfmt.Println(\"report\")\n}") {
		t.Errorf("code lines lost in Text:\n%s", a.Text)
	}
	if !strings.Contains(a.Markdown, "```\nfunc main() {") {
		t.Errorf("code block lost in Markdown:\n%s", a.Markdown)
	}
}

// TestStyleHides checks the inline-style test for hidden elements.
func TestStyleHides(t *testing.T) {
	for style, want := range map[string]bool{
		"display:none":                     true,
		"color: red; DISPLAY : none":       true,
		"visibility:hidden":                true,
		"display: block":                   false,
		"display-mode: none; width: 10px":  false,
		"visibility: visible":              false,
		"font-display: swap; display:none": true,
	} {
		if got := prepare.StyleHides(style); got != want {
			t.Errorf("styleHides(%q) = %v, want %v", style, got, want)
		}
	}
}

// TestConcurrentExtract runs extractions in parallel, as the refresh
// workers do; run with -race it shows the engine shares no state.
func TestConcurrentExtract(t *testing.T) {
	page, err := os.ReadFile("../../testdata/seed/tbs-article.html")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := Extract(bytes.NewReader(page), nil, Options{})
			if err != nil || !strings.Contains(a.Text, "Kremlin") {
				t.Errorf("concurrent Extract: %v", err)
			}
		}()
	}
	wg.Wait()
}
