package ui

// Rough edges a new user hit (issue #14), each driven through Update as
// the runtime would.

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
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

// cronFetch stores two new stories as another process would, behind the
// program's back.
func cronFetch(f *fakeBackend) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stories = append([]feed.Story{
		{ID: 301, FeedID: 1, FeedTitle: "The Business Standard", Title: "Cron brought this first", URL: "https://news.example/story/301", Published: clock.Add(-time.Minute)},
		{ID: 302, FeedID: 2, FeedTitle: "Ars Technica", Title: "Cron brought this too", URL: "https://news.example/story/302", Published: clock.Add(-2 * time.Minute)},
	}, f.stories...)
}

// Stories stored by another process (a cron fetch) appear in an open
// reader on the next check of the database; the cursor stays on its
// story, on its row of the screen, and the counts follow.
func TestStoriesFromAnotherProcessMergeIn(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.send(tea.WindowSizeMsg{Width: 80, Height: 8}) // the list fills the screen
	h.key("j", "j")                                 // on story 3
	row := func() int {
		for i, l := range strings.Split(h.view(), "\n") {
			if strings.Contains(l, "Dhaka traffic") {
				return i
			}
		}
		return -1
	}
	before := row()
	if !strings.Contains(h.view(), "3 unread · 6") {
		t.Fatalf("header before:\n%s", h.view())
	}
	h.send(message.WatchTick{}) // the first check after the list was read
	seen := len(h.seen)
	h.send(message.WatchTick{})
	for _, m := range h.seen[seen:] {
		if _, ok := m.(message.StoriesLoaded); ok {
			t.Errorf("nothing changed, yet the stories were read again")
		}
	}

	cronFetch(f)
	h.send(message.WatchTick{})
	v := h.view()
	if s, _ := h.m.list.Selected(); s.ID != 3 {
		t.Errorf("the cursor moved to story %d, want 3", s.ID)
	}
	if after := row(); after != before {
		t.Errorf("the selected story moved from row %d to %d", before, after)
	}
	if !strings.Contains(v, "5 unread · 8") {
		t.Errorf("the header's counts are stale:\n%s", v)
	}
	if !strings.Contains(h.statusLine(), "2 new stories") {
		t.Errorf("the status line does not say what arrived: %q", h.statusLine())
	}
	h.key("g")
	if v := h.view(); !strings.Contains(v, "Cron brought this first") || !strings.Contains(v, "Cron brought this too") {
		t.Errorf("the stories stored by another process are not at the top:\n%s", v)
	}
}

// R after a cron fetch: the refresh itself finds nothing new (cron stored
// it all), but the list shows what the database holds and says so.
func TestRefreshAfterACronFetchShowsItsStories(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	cronFetch(f)
	h.key("R")
	v := h.view()
	if !strings.Contains(v, "Cron brought this first") {
		t.Errorf("after R the stories another process stored are still missing:\n%s", v)
	}
	if !strings.Contains(h.statusLine(), "2 new stories") {
		t.Errorf("after R the status line says %q", h.statusLine())
	}
}
