package textdump

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// wall is a wall-clock time as a page prints it, for comparing without
// regard to the zone.
type wall struct {
	y       int
	m       time.Month
	d, h, n int
	zone    string // "" for a floating time, else the zone's abbreviation
}

func (w wall) check(t *testing.T, name string, got time.Time) {
	t.Helper()
	if w.y == 0 {
		if !got.IsZero() {
			t.Errorf("%s = %v, want none", name, got)
		}
		return
	}
	if got.Year() != w.y || got.Month() != w.m || got.Day() != w.d || got.Hour() != w.h || got.Minute() != w.n {
		t.Errorf("%s = %v, want %d-%02d-%02d %02d:%02d", name, got, w.y, w.m, w.d, w.h, w.n)
	}
	zone, _ := got.Zone()
	if w.zone == "" && !IsFloating(got) || w.zone != "" && zone != w.zone {
		t.Errorf("%s zone = %q, want %q", name, zone, w.zone)
	}
}

// TestFixtures parses hand-made dumps of other layouts: a blog post with
// comments, a wire story with a byline and agency, and a lynx -dump with
// hard-wrapped lines and numbered links.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file                  string
		url                   string
		title                 string
		authors               []string
		source, site, section string
		tags                  []string
		published, modified   wall
		caption, excerpt      string
		first, last           string   // the body's first and last paragraphs begin so
		paras                 int      // paragraphs in the body
		markdown              []string // in the Markdown body
		absent                []string // in neither body
	}{
		{
			file: "blog.txt", title: "Why my tests stopped lying to me",
			authors: []string{"Ana Lima"}, site: "Ana's Notes",
			tags:      []string{"testing", "golang", "mocks"},
			published: wall{y: 2023, m: time.March, d: 3},
			first:     "For years my test suite was green", last: "If you take one thing from this post",
			paras:    11,
			markdown: []string{"### What I changed", "### What I kept", "- a real database in a temporary directory\n- a real HTTP server on loopback\n"},
			absent: []string{"Posted on", "Tags:", "Share this", "Like this", "Related", "Table tests in Go",
				"thoughts on", "Marco", "flaky tests", "twenty minutes", "Leave a Reply", "email address", "Powered by"},
		},
		{
			file: "wire.txt", url: "https://ledger.example/politics/2024/06/05/senate-passes-stopgap-bill-shutdown",
			title:   "Senate passes stopgap bill hours before shutdown deadline",
			authors: []string{"Jane Doe"}, source: "AP", site: "Daily Ledger", section: "Politics",
			tags:      []string{"Politics", "Congress", "Budget"},
			published: wall{2024, time.June, 5, 23, 42, "EDT"},
			modified:  wall{2024, time.June, 6, 0, 10, "EDT"},
			caption:   "Senate Majority Leader speaks to reporters at the Capitol on Wednesday. (AP Photo/John Roe)",
			first:     "WASHINGTON (AP) — The Senate passed", last: "The House approved the bill",
			paras: 6,
			absent: []string{"Sign up", "newsletter", "Most Read", "Storm batters", "Copyright", "By Jane Doe",
				"Published 11:42", "Politics | Congress", "AP Photo", "Skip to main content"},
		},
		{
			file: "lynx.txt", title: "Ferry service to resume after two-week strike",
			authors: []string{"Tom Baker"}, site: "The Harbour Times",
			published: wall{2024, time.April, 12, 14, 5, "BST"},
			first:     "Ferry crossings between the mainland and the island will resume on Monday after workers voted to accept a new pay offer, ending a two-week strike",
			last:      "Island councillors welcomed the agreement but said the dispute had shown how exposed the community was to a single ferry link, and called again",
			paras:     5,
			absent:    []string{"[", "Share on", "Related stories", "Bridge plan", "References", "https://", "Subscribe"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !Looks(b) {
				t.Errorf("Looks = false, want true")
			}
			var u *url.URL
			if tc.url != "" {
				u, _ = url.Parse(tc.url)
			}
			a, err := Parse(string(b), u)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.Title != tc.title {
				t.Errorf("Title = %q, want %q", a.Title, tc.title)
			}
			if !slices.Equal(a.Authors, tc.authors) {
				t.Errorf("Authors = %q, want %q", a.Authors, tc.authors)
			}
			if a.Source != tc.source || a.Site != tc.site || a.Section != tc.section {
				t.Errorf("Source, Site, Section = %q, %q, %q, want %q, %q, %q", a.Source, a.Site, a.Section, tc.source, tc.site, tc.section)
			}
			if !slices.Equal(a.Tags, tc.tags) {
				t.Errorf("Tags = %q, want %q", a.Tags, tc.tags)
			}
			tc.published.check(t, "Published", a.Published)
			tc.modified.check(t, "Modified", a.Modified)
			if a.ImageCaption != tc.caption {
				t.Errorf("ImageCaption = %q, want %q", a.ImageCaption, tc.caption)
			}
			if a.Excerpt != tc.excerpt {
				t.Errorf("Excerpt = %q, want %q", a.Excerpt, tc.excerpt)
			}
			if tc.url != "" && a.URL != tc.url {
				t.Errorf("URL = %q, want %q", a.URL, tc.url)
			}
			paras := strings.Split(a.Text, "\n\n")
			if len(paras) != tc.paras {
				t.Errorf("body has %d paragraphs, want %d:\n%s", len(paras), tc.paras, a.Text)
			}
			if !strings.HasPrefix(paras[0], tc.first) {
				t.Errorf("first paragraph = %.100q, want it to begin %q", paras[0], tc.first)
			}
			if last := paras[len(paras)-1]; !strings.HasPrefix(last, tc.last) {
				t.Errorf("last paragraph = %.100q, want it to begin %q", last, tc.last)
			}
			for _, m := range tc.markdown {
				if !strings.Contains(a.Markdown, m) {
					t.Errorf("Markdown lacks %q:\n%s", m, a.Markdown)
				}
			}
			for _, x := range append(tc.absent, tc.title) {
				if strings.Contains(a.Text, x) || strings.Contains(a.Markdown, x) {
					t.Errorf("body holds %q", x)
				}
			}
			if a.WordCount == 0 || a.ReadingMinutes < 1 {
				t.Errorf("WordCount, ReadingMinutes = %d, %d", a.WordCount, a.ReadingMinutes)
			}
		})
	}
}

// TestNoArticle: pages without a story give ErrNoArticle, not a body made
// of blurbs or menus.
func TestNoArticle(t *testing.T) {
	home, err := os.ReadFile(filepath.Join("testdata", "home.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"home page":   string(home),
		"empty":       "",
		"blank lines": "\n\n   \n\t\n",
		"menu only":   "Home\nNews\nSport\nWeather\nContact us\n© 2024 Example",
		"login wall":  "Sign in\n\nEmail\nPassword\nForgot your password?\n\nSign in\nCreate an account",
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Parse(text, nil)
			if !errors.Is(err, ErrNoArticle) {
				t.Errorf("Parse = %+v, %v; want ErrNoArticle", a, err)
			}
		})
	}
}

// TestLooks decides by content whether the input is a text dump.
func TestLooks(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want bool
	}{
		{"prose", "Headline\n\nSome text of a story, as copied from a page.\n", true},
		{"text mentioning a tag", "Use the <p> element for paragraphs, and <em> for stress.\n\nThat is all.", true},
		{"html page", "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>", false},
		{"html fragment", "  <div class=\"a\"><p>One</p><p>Two</p></div>", false},
		{"markup late", "Title\n" + strings.Repeat("<div><span>x</span><a href=\"/y\">y</a></div>\n", 20), false},
		{"xml feed", "<?xml version=\"1.0\"?><rss><channel></channel></rss>", false},
		{"json", `{"title": "A story", "body": "text"}`, false},
		{"empty", "", false},
		{"spaces", " \n\t\n", false},
		{"nul bytes", "PK\x03\x04\x00\x00binary\x00data", false},
		{"invalid utf-8", strings.Repeat("\xff\xfe\xfa text ", 50), false},
		{"control chars", strings.Repeat("\x01\x02\x03\x04a", 100), false},
		{"digits only", strings.Repeat("1234 5678 ", 100), false},
		{"japanese", "先日、不正に改造したiPhoneを販売したとして逮捕されました。", true},
		{"bom", "\xef\xbb\xbfA title\n\nA story.", true},
		{"angle-bracket title", "<The Palace: Tale of Jang Noksu> at the festival\n\nThe show opened on Friday.", true},
		{"uppercase html", "<HTML><BODY><P>Old page</P></BODY></HTML>", false},
	} {
		if got := Looks([]byte(tc.in)); got != tc.want {
			t.Errorf("Looks(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestLooksLongText: a long dump is judged on its head, and a multi-byte
// character cut at the sniffing limit is not taken for binary.
func TestLooksLongText(t *testing.T) {
	for _, unit := range []string{"é", "日本語", "🙂 x"} {
		s := strings.Repeat(unit, sniffLen) // cut somewhere inside a rune
		if !Looks([]byte(s)) {
			t.Errorf("Looks(%d× %q) = false, want true", sniffLen, unit)
		}
	}
}
