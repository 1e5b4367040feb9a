package article

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
)

// shownLinks reads the "Links" list at the end of a rendered article:
// the URL of [1], [2]… with the lines a long one was broken over joined.
func shownLinks(t *testing.T, rendered string) []string {
	t.Helper()
	plain := xansi.Strip(rendered)
	i := strings.LastIndex(plain, "\nLinks\n")
	if i < 0 {
		return nil
	}
	num := regexp.MustCompile(`^\s*\[(\d+)\] (\S+)$`)
	var urls []string
	for _, l := range strings.Split(strings.TrimSpace(plain[i+len("\nLinks\n"):]), "\n") {
		if m := num.FindStringSubmatch(l); m != nil {
			if want := len(urls) + 1; m[1] != strconv.Itoa(want) {
				t.Fatalf("reference [%s] where [%d] was due:\n%s", m[1], want, plain)
			}
			urls = append(urls, m[2])
			continue
		}
		if len(urls) == 0 {
			t.Fatalf("a line before the first reference: %q", l)
		}
		urls[len(urls)-1] += strings.TrimSpace(l)
	}
	return urls
}

// "link 3" must be the [3] the reader sees, whatever the article holds: a
// lead image that is not in the body (it comes first), a URL used twice,
// relative links, links that are never offered, a linked image pointing at
// itself, and a URL long enough to be broken over lines.
func TestLinksAreRenderNumbers(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("segment/", 14) + "end?q=1"
	cases := map[string]struct {
		a *feed.Article
		n int
	}{
		"seed page": {seedArticle(), 4},
		"every kind of link": {&feed.Article{
			Title: "Links", URL: "https://news.example/a/b",
			Markdown: "See [the report](https://example.org/report) and [again](https://example.org/report), " +
				"[a relative one](/c), [a bad one](javascript:alert(1)), [anchor](#top) and ![](https://img.example/x.png).\n\n" +
				"[![Chart](https://img.example/c.png)](https://img.example/c.png) and [a long one](" + long + ")\n",
		}, 5},
		"lead image also in the body": {&feed.Article{
			Title: "Pic", URL: "https://news.example/p", Image: "https://img.example/lead.jpg",
			Markdown: "![Lead](https://img.example/lead.jpg)\n\nText with [one link](https://example.org/one).\n",
		}, 2},
		"no body":  {&feed.Article{Title: "Empty", URL: "https://news.example/e", Image: "https://img.example/only.jpg"}, 1},
		"no links": {&feed.Article{Title: "Plain", Markdown: "Just words.\n"}, 0},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := Render(c.a, Options{Width: 80, NoColor: true, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			shown, got := shownLinks(t, out), Links(c.a, false)
			if !slices.Equal(got, shown) || len(got) != c.n {
				t.Errorf("Links = %q\nthe reader shows %q (%d links expected)", got, shown, c.n)
			}
		})
	}
	if Links(nil, false) != nil {
		t.Error("Links(nil) is not empty")
	}
}

// TestOnlyWebAndMailLinksAreListed: the reader numbers http, https and
// mailto links only (feed/link's check, after the URL parser has read the
// scheme); other schemes stay as their text, however they are spelt.
func TestOnlyWebAndMailLinksAreListed(t *testing.T) {
	a := &feed.Article{URL: "https://example.com/news/a", Image: "javascript:alert(1)", Markdown: "[web](https://example.com/b) " +
		"[mail](mailto:desk@example.com) [rel](/c) [ftp](ftp://example.com/f) [tel](tel:+15551234) " +
		"[js](JavaScript:alert(1)) [data](data:text/html,hi) " +
		"[file](file:///etc/passwd) [vb](vbscript:x) [chrome](chrome://settings)\n\n![pic](data:image/png;base64,AAAA)\n"}
	want := []string{"https://example.com/b", "mailto:desk@example.com", "https://example.com/c"}
	if got := Links(a, false); !slices.Equal(got, want) {
		t.Errorf("Links = %q, want %q", got, want)
	}
	out, err := Render(a, Options{Width: 80, NoColor: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"ftp:", "tel:", "javascript", "JavaScript", "data:", "file:", "vbscript", "chrome:"} {
		if strings.Contains(out, s) {
			t.Errorf("%q is shown:\n%s", s, out)
		}
	}
}
