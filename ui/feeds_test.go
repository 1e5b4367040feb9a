package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
)

func (f *fakeBackend) AddFeed(ctx context.Context, address string) (FeedAdded, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.feedEdits = append(f.feedEdits, "add "+address)
	if f.feedErr != nil {
		return FeedAdded{}, f.feedErr
	}
	nf := f.added
	nf.ID = int64(len(f.feeds) + 1)
	f.feeds = append(f.feeds, nf)
	f.stories = append([]feed.Story{{ID: 100, FeedID: nf.ID, FeedTitle: nf.Title, Title: "First story of the new feed", URL: "https://new.example/1", Published: clock}}, f.stories...)
	return FeedAdded{Title: nf.Title, URL: nf.URL, New: 1, Others: []string{"https://new.example/comments"}}, nil
}

// editFeed applies a change to the feed id, recording it.
func (f *fakeBackend) editFeed(id int64, what string, apply func(*feed.Feed)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.feedEdits = append(f.feedEdits, fmt.Sprintf("%s %d", what, id))
	if f.feedErr != nil {
		return f.feedErr
	}
	for i := range f.feeds {
		if f.feeds[i].ID == id {
			apply(&f.feeds[i])
			for j := range f.stories {
				if f.stories[j].FeedID == id {
					f.stories[j].FeedTitle = f.feeds[i].Title
				}
			}
			return nil
		}
	}
	return errors.New("no such feed")
}

func (f *fakeBackend) RemoveFeed(ctx context.Context, id int64) error {
	err := f.editFeed(id, "remove", func(*feed.Feed) {})
	f.mu.Lock()
	defer f.mu.Unlock()
	f.feeds = slices.DeleteFunc(f.feeds, func(x feed.Feed) bool { return x.ID == id })
	f.stories = slices.DeleteFunc(f.stories, func(s feed.Story) bool { return s.FeedID == id })
	return err
}

func (f *fakeBackend) RenameFeed(ctx context.Context, id int64, title string) error {
	return f.editFeed(id, "rename:"+title, func(x *feed.Feed) { x.Title = title })
}

func (f *fakeBackend) RetagFeed(ctx context.Context, id int64, tags []string) error {
	return f.editFeed(id, "retag:"+strings.Join(tags, "|"), func(x *feed.Feed) { x.Tags = tags })
}

func (f *fakeBackend) SetFeedText(ctx context.Context, id int64, on bool) error {
	return f.editFeed(id, fmt.Sprintf("text:%v", on), func(x *feed.Feed) { x.FeedText = on })
}

// paneOn opens the feeds pane with the cursor on the feed named.
func paneOn(t *testing.T, h *harness, name string) {
	t.Helper()
	if !h.m.paneOpen {
		h.key("tab")
	}
	h.key("g")
	for i := 0; i < 20; i++ {
		if f, ok := h.m.feeds.Chosen(); ok && f.Title == name {
			return
		}
		h.key("j")
	}
	t.Fatalf("no feed %q in the pane:\n%s", name, h.view())
}

func TestPaneAddsAFeed(t *testing.T) {
	f := newFake()
	f.added = feed.Feed{Title: "New Site", URL: "https://new.example/feed"}
	h := newHarness(t, f, Options{})
	h.key("tab", "a")
	if !h.m.feeds.Capturing() || !strings.Contains(h.view(), "Add a feed") {
		t.Fatalf("a does not ask for an address:\n%s", h.view())
	}
	h.typeText("new.example")
	h.key("?") // typed, not help
	h.key("backspace")
	if h.m.helpOpen || !strings.Contains(h.view(), "new.example▏") {
		t.Fatalf("the address typed is not shown, or ? opened help:\n%s", h.view())
	}
	h.key("enter")
	if got := f.calls(&f.feedEdits); !slices.Equal(got, []string{"add new.example"}) {
		t.Errorf("backend asked %q", got)
	}
	v := h.view()
	if !strings.Contains(v, `Added "New Site": 1 story; the page advertises 1 other feed`) || !strings.Contains(v, "New Site") {
		t.Errorf("the pane or the status line lacks the new feed:\n%s", v)
	}
	if _, ok := h.m.list.Story(100); !ok {
		t.Error("the new feed's story is not in the list")
	}
	// esc cancels without asking the backend.
	h.key("a")
	h.typeText("x.example")
	h.key("esc")
	if h.m.feeds.Capturing() || len(f.calls(&f.feedEdits)) != 1 {
		t.Errorf("esc did not cancel: capturing=%v edits=%q", h.m.feeds.Capturing(), f.calls(&f.feedEdits))
	}
}

func TestPaneAddFailureIsSaid(t *testing.T) {
	f := newFake()
	f.feedErr = errors.New("https://x.example/: a web page that advertises no feed")
	h := newHarness(t, f, Options{})
	h.key("tab", "a")
	h.typeText("x.example")
	h.key("enter")
	if v := h.view(); !strings.Contains(v, "Could not add x.example: https://x.example/: a web page") {
		t.Errorf("the failure is not said:\n%s", v)
	}
}

func TestPaneRemovesAFeedAfterAsking(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	paneOn(t, h, "Ars Technica")
	h.key("d")
	if v := h.view(); !strings.Contains(v, `Remove "Ars Technica" and its 2 stories?`) {
		t.Fatalf("d does not ask:\n%s", v)
	}
	h.key("n")
	if len(f.calls(&f.feedEdits)) != 0 || !strings.Contains(h.view(), `Kept "Ars Technica"`) {
		t.Fatalf("n removed the feed, or did not say so: %q\n%s", f.calls(&f.feedEdits), h.view())
	}
	h.key("d", "y")
	if got := f.calls(&f.feedEdits); !slices.Equal(got, []string{"remove 2"}) {
		t.Errorf("backend asked %q", got)
	}
	v := h.view()
	if !strings.Contains(v, `Removed "Ars Technica"`) || strings.Contains(v, "Fed reserve") {
		t.Errorf("the feed's stories are still listed, or nothing is said:\n%s", v)
	}
}

func TestPaneRefusesConfigFeeds(t *testing.T) {
	f := newFake()
	f.feeds[1].InConfig = true
	h := newHarness(t, f, Options{ConfigName: "my.toml"})
	paneOn(t, h, "Ars Technica")
	for k, want := range map[string]string{
		"d": `"Ars Technica" is defined in my.toml: remove it there`,
		"e": `"Ars Technica" is defined in my.toml: change it there`,
		"t": `"Ars Technica" is defined in my.toml: change it there`,
		"f": `"Ars Technica" is defined in my.toml: change it there`,
	} {
		h.key(k)
		if h.m.feeds.Capturing() || !strings.Contains(h.view(), want) {
			t.Errorf("%s on a config feed: capturing=%v, want %q:\n%s", k, h.m.feeds.Capturing(), want, h.view())
		}
	}
	if got := f.calls(&f.feedEdits); len(got) != 0 {
		t.Errorf("the backend was asked %q", got)
	}
}

func TestPaneRenamesAndRetags(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	paneOn(t, h, "Ars Technica")
	h.key("e")
	if !strings.Contains(h.view(), "New title (empty: its own): Ars Technica▏") {
		t.Fatalf("e does not offer the title to edit:\n%s", h.view())
	}
	h.key("ctrl+u")
	h.typeText("Ars")
	h.key("enter")
	if !strings.Contains(h.view(), `Renamed "Ars Technica" to "Ars"`) {
		t.Errorf("the rename is not said:\n%s", h.view())
	}
	if s, _ := h.m.list.Story(2); s.FeedTitle != "Ars" {
		t.Errorf("the list still names the feed %q", s.FeedTitle)
	}
	paneOn(t, h, "Ars")
	h.key("t")
	if !strings.Contains(h.view(), "tech▏") {
		t.Fatalf("t does not offer the tags to edit:\n%s", h.view())
	}
	h.typeText(", Linux ,tech, ")
	h.key("enter")
	if got := f.calls(&f.feedEdits); !slices.Equal(got, []string{"rename:Ars 2", "retag:tech|Linux 2"}) {
		t.Errorf("backend asked %q", got)
	}
	if !strings.Contains(h.view(), "#Linux") {
		t.Errorf("the pane does not show the new tag:\n%s", h.view())
	}
}

func TestPaneTogglesTheFeedsOwnText(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	paneOn(t, h, "Ars Technica")
	h.key("f")
	if !strings.Contains(h.view(), "the feed's own text is shown") {
		t.Errorf("f does not say what it did:\n%s", h.view())
	}
	paneOn(t, h, "Ars Technica")
	if n := h.m.feeds.SelectedNote(); n != "shows the feed's own text; f fetches its pages again" {
		t.Errorf("the status line's note on the feed: %q", n)
	}
	h.key("f")
	if got := f.calls(&f.feedEdits); !slices.Equal(got, []string{"text:true 2", "text:false 2"}) {
		t.Errorf("backend asked %q", got)
	}
	if !strings.Contains(h.view(), "its pages are fetched") {
		t.Errorf("turning it off is not said:\n%s", h.view())
	}
}

// An edit key on a tag or on "All stories" names what it needs.
func TestPaneEditKeysNeedAFeed(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.key("tab", "g", "e")
	if h.m.feeds.Capturing() || !strings.Contains(h.view(), "Pick a feed first") {
		t.Errorf("e on All stories:\n%s", h.view())
	}
}

// Opening a story fills the cache: its row gets the cached mark at once,
// not only when the list is read again; a feed read by its own text is
// not cached, and its rows get no mark.
func TestOpenedStoryIsMarkedCached(t *testing.T) {
	f := newFake()
	f.feeds[1].FeedText = true // Ars Technica: story 2
	h := newHarness(t, f, Options{})
	h.key("enter") // story 1, The Business Standard
	h.key("n")     // story 2, Ars Technica
	h.key("esc")
	s1, _ := h.m.list.Story(1)
	s2, _ := h.m.list.Story(2)
	if !s1.Cached || s2.Cached {
		t.Errorf("cached marks: story 1 %v (want true), story 2 %v (want false)", s1.Cached, s2.Cached)
	}
	if !strings.Contains(h.view(), "↓") {
		t.Errorf("no row shows the mark:\n%s", h.view())
	}
}

// The help screen of the feeds pane lists the keys that manage feeds.
func TestPaneHelpShowsTheFeedKeys(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	h.key("tab", "?")
	v := h.view()
	for _, want := range []string{"a", "add a feed", "remove the feed", "rename the feed", "change the feed's tags", "the feed's own text or its pages"} {
		if !strings.Contains(v, want) {
			t.Errorf("the pane's help lacks %q:\n%s", want, v)
		}
	}
}
