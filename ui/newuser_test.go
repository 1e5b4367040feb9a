package ui

// Rough edges a new user hit (issue #14), each driven through Update as
// the runtime would.

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/message"
)

// A space typed in the filter separates words, so that words match in any
// order: "json 15" finds "15 reasons to love JSON".
func TestFilterKeepsTypedSpaces(t *testing.T) {
	f := newFake()
	f.stories = append([]feed.Story{
		{ID: 101, FeedID: 2, FeedTitle: "Ars Technica", Title: "15 reasons to love JSON", URL: "https://news.example/story/101", Published: clock},
		{ID: 102, FeedID: 2, FeedTitle: "Ars Technica", Title: "Parsing JSON fast", URL: "https://news.example/story/102", Published: clock},
	}, f.stories...)
	h := newHarness(t, f, Options{})
	h.key("/", "j", "s", "o", "n", "space", "1", "5")
	if q := h.m.list.Query(); q != "json 15" {
		t.Errorf("typed \"json 15\", the filter holds %q", q)
	}
	v := h.view()
	if !strings.Contains(v, "15 reasons to love JSON") || strings.Contains(v, "Parsing JSON fast") {
		t.Errorf("filter \"json 15\" should list the story with both words, in any order, and only it:\n%s", v)
	}
	h.key("space", "space", "backspace", "2")
	if q := h.m.list.Query(); q != "json 152" {
		t.Errorf("two spaces, a backspace and 2: the filter holds %q, want \"json 152\"", q)
	}
}

// "Saved to …" keeps the file's name whole, however long its folder: the
// name says what was written.
func TestSavedToKeepsTheFileName(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	const name = "2024-03-23-us-has-intelligence-confirming-islamic-state.md"
	h.send(message.ArticleSaved{Path: "/home/someone/Documents/a rather long folder/for all the notes/tidings/" + name})
	l := h.statusLine()
	if !strings.Contains(l, "Saved to …/"+name) {
		t.Errorf("the status line lost the file's name:\n%s", l)
	}
	if w := ansi.StringWidth(l); w > 80 {
		t.Errorf("status line is %d columns wide at 80", w)
	}
}

// theme = "notty" means no styling at all: no colour, and no bold, faint,
// underline or reverse video either, on any screen.
func TestNottyThemeHasNoAttributes(t *testing.T) {
	f := newFake()
	f.articles["https://news.example/story/1"].Markdown = "A **bold** claim, an *aside*, `code` and a [link](https://example.org/x).\n\n## A heading\n\n> A quote.\n"
	h := newHarness(t, f, Options{Theme: "notty"})
	styled := regexp.MustCompile(`\x1b\[[0-9;:]*[1-9][0-9;:]*m`)
	check := func(screen string) {
		t.Helper()
		if v := h.m.View().Content; styled.MatchString(v) {
			t.Errorf("%s: styled with %q:\n%s", screen, styled.FindAllString(v, 5), ansi.Strip(v))
		}
	}
	check("list")
	h.key("/", "f", "e", "d")
	check("list with a filter")
	h.key("esc", "tab")
	check("feeds pane")
	h.key("tab", "?")
	check("help")
	h.key("?", "enter")
	if !strings.Contains(h.view(), "A heading") {
		t.Fatalf("the article is not shown:\n%s", h.view())
	}
	check("reader")
}

// A story whose feed gives no date shows when tidings first saw it, marked
// with a ~ as a guess.
func TestUndatedStoryShowsWhenFirstSeen(t *testing.T) {
	f := newFake()
	f.stories = append([]feed.Story{{ID: 200, FeedID: 2, FeedTitle: "Ars Technica", Title: "A story without a date",
		URL: "https://news.example/story/200", FirstSeen: clock.Add(-3 * time.Hour)}}, f.stories...)
	h := newHarness(t, f, Options{})
	for _, l := range strings.Split(h.view(), "\n") {
		if strings.Contains(l, "A story without a date") {
			if !strings.HasSuffix(strings.TrimRight(l, " "), "~3h") {
				t.Errorf("the undated story shows no age:\n%q", l)
			}
			return
		}
	}
	t.Fatalf("the undated story is not listed:\n%s", h.view())
}
