package parse

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t *testing.T, name, contentType, base string) *Result {
	t.Helper()
	r, err := Parse(readFixture(t, name), contentType, base)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return r
}

func TestParseRSS20KeepsContentEnclosuresImagesAuthors(t *testing.T) {
	r := mustParse(t, "rss20.xml", "application/rss+xml", "https://gazette.example/world/rss")
	if r.Title != "The Harbour Gazette — World" {
		t.Errorf("feed title = %q (a wrapped title should be one line)", r.Title)
	}
	if r.SiteURL != "https://gazette.example/world/" || r.Format != "rss 2.0" {
		t.Errorf("site/format = %q %q", r.SiteURL, r.Format)
	}
	if len(r.Stories) != 3 {
		t.Fatalf("got %d stories, want 3", len(r.Stories))
	}
	s := r.Stories[0]
	if s.Title != "Port strike ends after three weeks" {
		t.Errorf("title = %q", s.Title)
	}
	if s.URL != "https://gazette.example/world/2024/03/23/port-strike-ends" {
		t.Errorf("relative link not resolved: %q", s.URL)
	}
	if s.GUID != "gazette-1001" {
		t.Errorf("guid = %q", s.GUID)
	}
	if want := time.Date(2024, 3, 23, 8, 5, 0, 0, time.UTC); !s.Published.Equal(want) || s.Published.Location() != time.UTC {
		t.Errorf("published = %v, want %v in UTC", s.Published, want)
	}
	if !strings.Contains(s.Content, "<b>return</b>") {
		t.Errorf("content:encoded lost: %q", s.Content)
	}
	if s.Summary != "Dock workers return on Monday." {
		t.Errorf("summary = %q", s.Summary)
	}
	if !slices.Equal(s.Authors, []string{"Ruma Paul", "Sudipto Ganguly"}) {
		t.Errorf("authors = %q", s.Authors)
	}
	if !slices.Equal(s.Categories, []string{"Business", "Asia"}) {
		t.Errorf("categories = %q (duplicates differing in case should merge)", s.Categories)
	}
	if s.Image != "https://img.gazette.example/port.jpg" {
		t.Errorf("media:thumbnail image = %q", s.Image)
	}
	p := r.Stories[1]
	if len(p.Enclosures) != 1 || p.Enclosures[0].URL != "https://cdn.gazette.example/ep42.mp3" || p.Enclosures[0].Type != "audio/mpeg" || p.Enclosures[0].Length != 31337000 {
		t.Errorf("enclosure = %+v", p.Enclosures)
	}
	if len(p.Authors) != 1 || !strings.Contains(p.Authors[0], "Editor") {
		t.Errorf("RSS author = %q", p.Authors)
	}
	n := r.Stories[2]
	if n.Title == "" || !strings.HasPrefix(n.Title, "A note with no title") {
		t.Errorf("titleless item should borrow its text: %q", n.Title)
	}
}

func TestTitlesArePlainText(t *testing.T) {
	for in, want := range map[string]string{
		"Cells &amp;amp; circuits":                     "Cells & circuits",
		"<b>Breaking</b>: rates &lt;i&gt;up&lt;/i&gt;": "Breaking: rates up",
		"Why &lt;div&gt; soup hurts":                   "Why <div> soup hurts",
		"Caf&#233; &#x2014; open":                      "Café — open",
	} {
		body := `<rss version="2.0"><channel><title>t</title><item><title>` + in + `</title><guid>1</guid></item></channel></rss>`
		r, err := Parse([]byte(body), "", "")
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Stories[0].Title; got != want {
			t.Errorf("title %q = %q, want %q", in, got, want)
		}
	}
}

// A link holding control characters cannot be parsed as a URL; it is kept
// as text without them, never as it came.
func TestLinksLoseControlCharacters(t *testing.T) {
	body := "<rss version=\"2.0\"><channel><title>t</title><link>https://site.example/\x7f\u009b2J</link>" +
		"<item><title>a</title><link>https://site.example/a\x7f\u009d52;c;ZXZpbA==\u009c</link><guid>1</guid></item></channel></rss>"
	r, err := Parse([]byte(body), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if r.SiteURL != "https://site.example/" || r.Stories[0].URL != "https://site.example/a" {
		t.Errorf("site %q, story %q", r.SiteURL, r.Stories[0].URL)
	}
}

func TestParseRSS10AndDublinCoreDate(t *testing.T) {
	r := mustParse(t, "rss10.rdf", "", "")
	if r.Format != "rss 1.0" || len(r.Stories) != 1 {
		t.Fatalf("format %q, %d stories", r.Format, len(r.Stories))
	}
	s := r.Stories[0]
	if want := time.Date(2024, 3, 20, 7, 30, 0, 0, time.UTC); !s.Published.Equal(want) {
		t.Errorf("dc:date = %v, want %v", s.Published, want)
	}
	if !slices.Equal(s.Authors, []string{"A. Archivist"}) {
		t.Errorf("authors = %q", s.Authors)
	}
}

func TestParseRSS091DeclaredLatin1(t *testing.T) {
	r := mustParse(t, "rss091.xml", "text/xml", "")
	if r.Format != "rss 0.91" {
		t.Errorf("format = %q", r.Format)
	}
	s := r.Stories[0]
	if s.Title != "Café opens" || s.Summary != "Crème brûlée for all." {
		t.Errorf("latin-1 not decoded: %q / %q", s.Title, s.Summary)
	}
}

func TestParseUndeclaredCharsets(t *testing.T) {
	body := "<rss version=\"2.0\"><channel><title>Gr\xfc\xdfe</title><item><title>\x93Quoted\x94 na\xefve</title><link>https://x.example/1</link></item></channel></rss>"
	t.Run("charset from Content-Type", func(t *testing.T) {
		r, err := Parse([]byte(body), "application/rss+xml; charset=windows-1252", "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Title != "Grüße" || r.Stories[0].Title != "“Quoted” naïve" {
			t.Errorf("got %q / %q", r.Title, r.Stories[0].Title)
		}
	})
	t.Run("no label at all", func(t *testing.T) {
		r, err := Parse([]byte(body), "", "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Title != "Grüße" || r.Stories[0].Title != "“Quoted” naïve" {
			t.Errorf("got %q / %q", r.Title, r.Stories[0].Title)
		}
	})
	t.Run("utf-8 with one stray byte", func(t *testing.T) {
		long := "<rss version=\"2.0\"><channel><title>Ünïcödé " + strings.Repeat("text ", 500) + "\xff</title></channel></rss>"
		r, err := Parse([]byte(long), "", "")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(r.Title, "Ünïcödé") {
			t.Errorf("valid UTF-8 was re-decoded: %q", r.Title[:20])
		}
	})
}

func TestParseAtom10(t *testing.T) {
	r := mustParse(t, "atom10.xml", "application/atom+xml", "https://lab.example/atom.xml")
	if r.Format != "atom 1.0" || r.Title != "Lab Notes" || r.SiteURL != "https://lab.example/" {
		t.Errorf("feed = %q %q %q", r.Format, r.Title, r.SiteURL)
	}
	s := r.Stories[0]
	if s.Title != "Cells & circuits" {
		t.Errorf("title = %q", s.Title)
	}
	if s.URL != "https://lab.example/2024/cells" || s.GUID != "tag:lab.example,2024:cells" {
		t.Errorf("url/guid = %q %q", s.URL, s.GUID)
	}
	if want := time.Date(2024, 3, 21, 15, 0, 0, 0, time.UTC); !s.Published.Equal(want) {
		t.Errorf("published = %v", s.Published)
	}
	if want := time.Date(2024, 3, 21, 18, 30, 2, 0, time.UTC); !s.Updated.Equal(want) {
		t.Errorf("updated = %v", s.Updated)
	}
	if !slices.Equal(s.Authors, []string{"Dr. Ada Byte", "Lin Wei"}) {
		t.Errorf("authors = %q", s.Authors)
	}
	if !strings.Contains(s.Content, "<em>detail</em>") || s.Summary != "Short version." {
		t.Errorf("content/summary = %q / %q", s.Content, s.Summary)
	}
	if len(s.Categories) != 2 || s.Image != "https://lab.example/img/cells.png" {
		t.Errorf("categories %q image %q", s.Categories, s.Image)
	}
	u := r.Stories[1]
	if !u.Published.Equal(time.Date(2024, 3, 19, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("an entry with only <updated> should be dated by it: %v", u.Published)
	}
	if u.Image != "https://lab.example/img/thumb.jpg" {
		t.Errorf("media:group thumbnail = %q", u.Image)
	}
}

func TestParseAtom03(t *testing.T) {
	r := mustParse(t, "atom03.xml", "", "")
	if r.Format != "atom 0.3" || len(r.Stories) != 1 {
		t.Fatalf("format %q, %d stories", r.Format, len(r.Stories))
	}
	s := r.Stories[0]
	if s.URL != "https://classic.example/2005/07/post.html" || !strings.Contains(s.Content, "Hello from 2005") || s.Published.Year() != 2005 {
		t.Errorf("story = %+v", s)
	}
}

func TestParseJSONFeed(t *testing.T) {
	r := mustParse(t, "feed11.json", "application/feed+json", "https://micro.example/feed.json")
	if r.Format != "json 1.1" || r.Title != "Micro Daily" || r.SiteURL != "https://micro.example/" {
		t.Errorf("feed = %q %q %q", r.Format, r.Title, r.SiteURL)
	}
	s := r.Stories[0]
	if s.GUID != "2" || s.Image != "https://micro.example/2.jpg" || !strings.Contains(s.Content, "<a href") || s.Summary != "Hello JSON." {
		t.Errorf("story = %+v", s)
	}
	if !slices.Equal(s.Authors, []string{"Jo Writer"}) || !slices.Equal(s.Categories, []string{"json", "feeds"}) {
		t.Errorf("authors %q tags %q", s.Authors, s.Categories)
	}
	if len(s.Enclosures) != 1 || s.Enclosures[0].Length != 1234 || s.Enclosures[0].Type != "audio/x-m4a" {
		t.Errorf("attachments = %+v", s.Enclosures)
	}
	if !s.Published.Equal(time.Date(2024, 3, 22, 10, 0, 0, 0, time.UTC)) || !s.Updated.Equal(time.Date(2024, 3, 22, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("dates %v %v", s.Published, s.Updated)
	}
	if r.Stories[1].Title == "" {
		t.Error("titleless JSON item should borrow its text")
	}

	old := mustParse(t, "feed10.json", "", "")
	if old.Format != "json 1.0" || len(old.Stories) != 1 || !slices.Equal(old.Stories[0].Authors, []string{"Solo Author"}) {
		t.Errorf("JSON Feed 1.0: %q %+v", old.Format, old.Stories)
	}
}

func TestParseBillionLaughsDoesNotExpand(t *testing.T) {
	done := make(chan struct{})
	var r *Result
	var err error
	go func() {
		defer close(done)
		r, err = Parse(readFixture(t, "billion-laughs.xml"), "", "")
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("parsing a billion-laughs feed did not finish")
	}
	if err != nil {
		return // refusing the feed is fine too
	}
	for _, s := range r.Stories {
		if len(s.Title) > 1000 || len(s.Summary) > 1000 {
			t.Errorf("entities were expanded: title %d bytes, summary %d bytes", len(s.Title), len(s.Summary))
		}
		if strings.Contains(s.Summary, "root:") {
			t.Error("external entity was resolved")
		}
	}
}

func TestParseMalformedAndNotFeeds(t *testing.T) {
	if _, err := Parse(readFixture(t, "malformed.xml"), "", ""); err == nil {
		// gofeed is lenient; what matters is that it does not panic and
		// that a result, if any, is usable.
		t.Log("malformed feed parsed leniently")
	}
	for name, tc := range map[string]struct {
		body, ct string
	}{
		"empty":      {"", ""},
		"html page":  {string(readFixture(t, "page.html")), "text/html; charset=utf-8"},
		"plain text": {"hello there", "text/plain"},
		"json array": {`[1,2,3]`, "application/json"},
	} {
		_, err := Parse([]byte(tc.body), tc.ct, "")
		if !errors.Is(err, ErrNotFeed) {
			t.Errorf("%s: err = %v, want ErrNotFeed", name, err)
		}
	}
	if !IsHTML(readFixture(t, "page.html"), "") {
		t.Error("IsHTML(page.html) = false")
	}
	if IsHTML(readFixture(t, "rss20.xml"), "text/html") {
		t.Error("an RSS body labelled text/html is still a feed")
	}
}

func TestParseTenThousandItems(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>`)
	for i := range 10000 {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://big.example/%d</link><guid>g%d</guid><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate><description>text %d</description></item>", i, i, i, i)
	}
	b.WriteString("</channel></rss>")
	r, err := Parse(b.Bytes(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stories) != 10000 || r.Stories[9999].GUID != "g9999" {
		t.Fatalf("got %d stories", len(r.Stories))
	}
}

func TestDiscover(t *testing.T) {
	links := Discover(readFixture(t, "page.html"), "https://gazette.example/")
	want := []Link{
		{URL: "https://gazette.example/news/rss/top.xml", Title: "Top stories", Type: "application/rss+xml"},
		{URL: "https://gazette.example/world/atom.xml", Title: "World (Atom)", Type: "application/atom+xml"},
		{URL: "https://gazette.example/feed.json", Title: "JSON", Type: "application/feed+json"},
	}
	if !slices.Equal(links, want) {
		t.Errorf("Discover =\n%+v\nwant\n%+v", links, want)
	}
	if got := Discover([]byte("<html><head></head><body>no feeds</body></html>"), "https://x.example/"); len(got) != 0 {
		t.Errorf("no feeds: %+v", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss20.xml", "atom10.xml", "feed11.json", "malformed.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Parse(b, "", "https://fuzz.example/")
		_ = Discover(b, "https://fuzz.example/")
		_, _ = ReadOPML(bytes.NewReader(b))
	})
}
