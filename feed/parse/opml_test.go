package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

func TestReadOPMLNestedOutlinesBecomeTags(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "nested.opml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds, err := ReadOPML(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []feed.Feed{
		{URL: "https://gazette.example/world/rss", Title: "Gazette World", SiteURL: "https://gazette.example/world/", Tags: []string{"News", "World"}},
		{URL: "https://lab.example/atom.xml", Title: "Lab Notes", Tags: []string{"News", "science", "tech", "hardware"}},
		{URL: "https://loose.example/feed", Title: "Loose feed"},
	}
	if len(feeds) != len(want) {
		t.Fatalf("got %d feeds: %+v", len(feeds), feeds)
	}
	for i := range want {
		g, w := feeds[i], want[i]
		if g.URL != w.URL || g.Title != w.Title || g.SiteURL != w.SiteURL || !slices.Equal(g.Tags, w.Tags) {
			t.Errorf("feed %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestOPMLExportImportRoundTrip(t *testing.T) {
	in := []feed.Feed{
		{URL: "https://a.example/rss", Title: "A & B <news>", SiteURL: "https://a.example/", Tags: []string{"world", "daily"}},
		{URL: "https://b.example/atom.xml?x=1&y=2", Title: "Bee", Tags: []string{"tech"}},
		{URL: "https://c.example/feed.json", Title: "Sea"},
		{URL: "https://d.example/rss", Title: "Dee", Tags: []string{"daily"}},
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "tidings subscriptions", in, time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	if !strings.Contains(doc, `<opml version="2.0">`) || !strings.Contains(doc, "<dateCreated>") {
		t.Errorf("not OPML 2.0:\n%s", doc)
	}
	out, err := ReadOPML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]feed.Feed{}
	for _, f := range out {
		byURL[f.URL] = f
	}
	if len(out) != len(in) {
		t.Fatalf("round trip gave %d feeds, want %d", len(out), len(in))
	}
	for _, w := range in {
		g := byURL[w.URL]
		if g.Title != w.Title || g.SiteURL != w.SiteURL || !slices.Equal(g.Tags, w.Tags) {
			t.Errorf("round trip %s: got %+v, want %+v", w.URL, g, w)
		}
	}
}

func TestReadOPMLRejectsGarbage(t *testing.T) {
	for _, s := range []string{"", "not xml", "<html><body>hi</body></html>"} {
		if feeds, err := ReadOPML(strings.NewReader(s)); err == nil && len(feeds) > 0 {
			t.Errorf("ReadOPML(%q) = %v", s, feeds)
		}
	}
	deep := strings.Repeat(`<outline text="f">`, 500) + `<outline xmlUrl="https://deep.example/"/>` + strings.Repeat(`</outline>`, 500)
	if _, err := ReadOPML(strings.NewReader(`<opml version="2.0"><body>` + deep + `</body></opml>`)); err != nil {
		t.Logf("deep nesting: %v", err)
	}
}

// The reason names what the file holds: "empty" only when it is.
func TestReadOPMLSaysWhyNot(t *testing.T) {
	for in, want := range map[string]string{
		"":        "not an OPML file: empty",
		" \n\t\n": "not an OPML file: empty",
		"https://a.example/feed\nhttps://b.example/rss\n": "not an OPML file: no XML element in it (an OPML export starts with <?xml or <opml>)",
		`{"feeds": ["https://a.example/feed"]}`:           "not an OPML file: no XML element in it (an OPML export starts with <?xml or <opml>)",
	} {
		if _, err := ReadOPML(strings.NewReader(in)); err == nil || err.Error() != want {
			t.Errorf("ReadOPML(%q) = %v, want %q", in, err, want)
		}
	}
}
