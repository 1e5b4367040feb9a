package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/ui/message"
)

// unreadIDs lists the stories the list holds unread, in its order.
func unreadIDs(h *harness) []int64 {
	var ids []int64
	for id := int64(1); id <= 6; id++ {
		if s, ok := h.m.list.Story(id); ok && !s.Read {
			ids = append(ids, id)
		}
	}
	return ids
}

// storeUnread lists the stories the backend holds unread.
func storeUnread(f *fakeBackend) []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []int64
	for _, s := range f.stories {
		if !s.Read {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

func notice(h *harness) string {
	text, _ := h.m.status.Notice()
	return text
}

// The fake's unread stories are 1 and 2 (feed 1 and 2) and 4 (feed 2).
func TestMarkAllReadMarksTheFeedShownAndUndoRestoresIt(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.send(message.ScopeChosen{Scope: message.Scope{FeedID: 2, Title: "Ars Technica"}})
	if v := h.view(); !strings.Contains(v, "2 unread") {
		t.Fatalf("feed 2 before A:\n%s", v)
	}
	h.key("A")
	if got := f.calls(&f.bulkCalls); !slices.Equal(got, []string{"read [2 4]"}) {
		t.Errorf("backend asked %q, want one change of stories 2 and 4", got)
	}
	if got := unreadIDs(h); !slices.Equal(got, []int64{1}) {
		t.Errorf("unread in the list after A: %v, want [1] (another feed's)", got)
	}
	if got := storeUnread(f); !slices.Equal(got, []int64{1}) {
		t.Errorf("unread in the store after A: %v, want [1]", got)
	}
	if n := notice(h); n != "Marked 2 stories read (U undoes)" {
		t.Errorf("status after A: %q", n)
	}
	if v := h.view(); strings.Contains(v, "2 unread") {
		t.Errorf("the header still counts unread stories:\n%s", v)
	}

	h.key("U")
	if got := f.calls(&f.bulkCalls); !slices.Equal(got, []string{"read [2 4]", "unread [2 4]"}) {
		t.Errorf("backend asked %q; the undo must give back exactly 2 and 4", got)
	}
	if got := unreadIDs(h); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("unread in the list after U: %v, want [1 2 4] (6 was read before A)", got)
	}
	if got := storeUnread(f); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("unread in the store after U: %v", got)
	}
	if n := notice(h); n != "Marked 2 stories unread again" {
		t.Errorf("status after U: %q", n)
	}
	h.key("U")
	if n := notice(h); n != "Nothing to undo" {
		t.Errorf("a second U: %q", n)
	}
}

// A marks exactly what the list shows: the filtered stories, those
// scrolled off the screen included, and nothing the filter hides.
func TestMarkAllReadTakesTheFilteredListAndWhatIsScrolledOff(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.send(tea.WindowSizeMsg{Width: 80, Height: 5}) // a few rows of stories
	if v := h.view(); strings.Contains(v, "kernel scheduler") {
		t.Fatalf("story 4 is on the screen; the test wants it scrolled off:\n%s", v)
	}
	h.key("A")
	if got := unreadIDs(h); len(got) != 0 {
		t.Errorf("unread after A: %v; story 4 was listed, off the screen", got)
	}
	if got := f.calls(&f.bulkCalls); !slices.Equal(got, []string{"read [1 2 4]"}) {
		t.Errorf("backend asked %q", got)
	}

	// Under a filter that leaves some out, the others stay unread.
	f2 := newFake()
	h2 := newHarness(t, f2, Options{})
	h2.key("/")
	h2.typeText("kernel")
	h2.key("enter", "A")
	if got := unreadIDs(h2); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("A under the filter \"kernel\" left %v unread, want [1 2]", got)
	}
	h2.key("ctrl+z")
	if got := unreadIDs(h2); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("ctrl+z left %v unread, want [1 2 4]", got)
	}
}

// With only unread stories shown, A empties the list and U fills it again.
func TestMarkAllReadUnderUnreadOnly(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.key("u", "A")
	if shown, _ := h.m.list.Counts(); shown != 0 {
		t.Errorf("unread-only list after A shows %d stories", shown)
	}
	if v := h.view(); !strings.Contains(v, "No unread stories") {
		t.Errorf("the empty list does not say so:\n%s", v)
	}
	h.key("A")
	if n := notice(h); n != "No unread stories here" {
		t.Errorf("A on an empty list: %q", n)
	}
	h.key("U")
	if shown, unread := h.m.list.Counts(); shown != 3 || unread != 3 {
		t.Errorf("after U the list shows %d stories, %d unread; want 3, 3", shown, unread)
	}
}

func TestMarkAllFeedsReadAsksFirst(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.send(message.ScopeChosen{Scope: message.Scope{FeedID: 1, Title: "The Business Standard"}})
	h.key("C")
	lines := strings.Split(h.view(), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "Mark all 3 unread stories of every feed read? y/n") {
		t.Fatalf("C: status line %q", last)
	}
	h.key("n")
	if got := f.calls(&f.bulkCalls); len(got) != 0 {
		t.Errorf("n marked: %q", got)
	}
	if n := notice(h); n != "Nothing marked" {
		t.Errorf("after n: %q", n)
	}
	// Any key but y says no, and is not acted on: j does not move.
	h.key("C", "j")
	if s, _ := h.m.list.Selected(); s.ID != 1 || len(f.calls(&f.bulkCalls)) != 0 {
		t.Errorf("j at the question moved to %d or marked %q", s.ID, f.calls(&f.bulkCalls))
	}
	h.key("C", "y")
	if got := f.calls(&f.bulkCalls); !slices.Equal(got, []string{"read all"}) {
		t.Errorf("y asked the backend %q", got)
	}
	if got := storeUnread(f); len(got) != 0 {
		t.Errorf("unread in the store after C, y: %v", got)
	}
	if got := unreadIDs(h); len(got) != 0 {
		t.Errorf("unread in the list after C, y: %v (other feeds too)", got)
	}
	if n := notice(h); n != "Marked every feed read: 3 stories (U undoes)" {
		t.Errorf("after y: %q", n)
	}
	h.key("U")
	if got := storeUnread(f); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("unread in the store after U: %v, want [1 2 4]", got)
	}
	h.key("C")
	h.key("U")
	if got := unreadIDs(h); !slices.Equal(got, []int64{1, 2, 4}) || len(f.calls(&f.bulkCalls)) != 2 {
		t.Errorf("U at the question is a no: unread %v, calls %q", got, f.calls(&f.bulkCalls))
	}
}

func TestBulkMarkThatFailsShowsTheStore(t *testing.T) {
	f := newFake()
	f.bulkErr = errors.New("store: mark stories read: the disk is full: free some space and try again")
	h := newHarness(t, f, Options{})
	h.key("A")
	if n := notice(h); !strings.HasPrefix(n, "Could not mark the stories read: store: mark stories read: the disk is full") {
		t.Errorf("status: %q", n)
	}
	if got := unreadIDs(h); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("the list shows %v unread; the store still has [1 2 4]", got)
	}
	h.key("U")
	if n := notice(h); n != "Nothing to undo" {
		t.Errorf("U after a failed A: %q", n)
	}
}

func TestBulkKeysAreRemappable(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{Keys: map[string][]string{"mark_all_read": {"ctrl+a"}, "undo": {"z"}, "mark_all_feeds_read": {"X"}}})
	h.key("A", "C")
	if got := f.calls(&f.bulkCalls); len(got) != 0 || h.m.confirming {
		t.Fatalf("A and C still act after remapping: %q", got)
	}
	h.key("ctrl+a")
	if got := unreadIDs(h); len(got) != 0 {
		t.Errorf("ctrl+a left %v unread", got)
	}
	if n := notice(h); n != "Marked 3 stories read (z undoes)" {
		t.Errorf("the notice names another key than the undo's: %q", n)
	}
	h.key("z")
	if got := unreadIDs(h); len(got) != 3 {
		t.Errorf("z left %v unread", got)
	}
	h.key("?")
	for _, want := range []string{"ctrl+a", "mark all shown read", "X", "mark all feeds read", "z", "undo the mark-all"} {
		if !strings.Contains(h.view(), want) {
			t.Errorf("help lacks %q:\n%s", want, h.view())
		}
	}
}

// Space pages down until the end of the article, then opens the next
// unread story, from the top of the list when none is after; at the end
// of the last one it says so.
func TestSpaceReadsOn(t *testing.T) {
	f := newFake()
	f.articles["https://news.example/story/1"].Markdown = strings.Repeat("A paragraph that goes on for a while so the article is long.\n\n", 30)
	h := newHarness(t, f, Options{})
	h.key("enter")
	pages := 0
	for h.m.reader.Story().ID == 1 && pages < 50 {
		before := h.m.reader.ScrollPercent()
		h.key("space")
		if h.m.reader.Story().ID == 1 && h.m.reader.ScrollPercent() <= before {
			t.Fatalf("space before the end did not page down (%v -> %v)", before, h.m.reader.ScrollPercent())
		}
		pages++
	}
	if pages < 3 {
		t.Errorf("space left a long article after %d presses", pages)
	}
	if s := h.m.reader.Story(); s.ID != 2 {
		t.Fatalf("space at the end of story 1 opened %d, want 2 (the next unread)", s.ID)
	}
	// 2 is short: the end is on screen at once. 3 is read: skipped.
	h.key("space")
	if s := h.m.reader.Story(); s.ID != 4 {
		t.Fatalf("space at the end of story 2 opened %d, want 4", s.ID)
	}
	h.key("space")
	if s := h.m.reader.Story(); s.ID != 4 || notice(h) != "No more unread stories" {
		t.Errorf("space at the end of the last unread story: on %d, status %q", s.ID, notice(h))
	}
	if h.m.screen != screenReader {
		t.Error("space at the last unread story left the reader")
	}

	// No unread story after this one: the first unread one above it.
	f2 := newFake()
	h2 := newHarness(t, f2, Options{})
	h2.key("j", "j", "j", "enter", "space")
	if s := h2.m.reader.Story(); s.ID != 1 {
		t.Errorf("space at the end of story 4 opened %d, want 1 (from the top)", s.ID)
	}
	h2.key("?")
	if v := h2.view(); !strings.Contains(v, "space") || !strings.Contains(v, "page down, next unread") {
		t.Errorf("the reader's help does not show what space does:\n%s", v)
	}
}

func TestViewIsKeptAndRestored(t *testing.T) {
	f := newFake()
	f.view = View{UnreadOnly: true, FeedID: 2, Title: "Ars Technica"}
	h := newHarness(t, f, Options{})
	if !h.m.list.UnreadOnly() || h.m.list.Scope().FeedID != 2 {
		t.Fatalf("restored view: unread only %v, scope %+v", h.m.list.UnreadOnly(), h.m.list.Scope())
	}
	if v := h.view(); !strings.Contains(v, "Ars Technica") || strings.Contains(v, "Islamic State") {
		t.Errorf("the list is not Ars Technica's unread stories:\n%s", v)
	}
	if f.viewSaves != 0 {
		t.Errorf("restoring the view stored it again (%d saves)", f.viewSaves)
	}
	if sc, _ := h.m.feeds.Chosen(); sc.FeedID != 2 {
		t.Errorf("the feeds pane's cursor is on %+v, not on the feed the list shows", sc)
	}
	h.key("u")
	if f.view != (View{FeedID: 2, Title: "Ars Technica"}) {
		t.Errorf("after u the stored view is %+v", f.view)
	}
	h.key("esc", "tab")
	if f.view != (View{FeedsPane: true}) {
		t.Errorf("after esc, tab the stored view is %+v", f.view)
	}
	saves := f.viewSaves
	h.key("j", "k")
	if f.viewSaves != saves {
		t.Errorf("moving in the pane stored the view %d more times", f.viewSaves-saves)
	}

	// A feed that is gone leaves the list whole.
	f2 := newFake()
	f2.view = View{FeedID: 99, Title: "Gone"}
	h2 := newHarness(t, f2, Options{})
	if sc := h2.m.list.Scope(); !sc.IsAll() {
		t.Errorf("a removed feed's view: scope %+v", sc)
	}
	// A tag is kept as a feed is.
	f3 := newFake()
	f3.view = View{Tag: "tech", Title: "tech", FeedsPane: true}
	h3 := newHarness(t, f3, Options{})
	if sc := h3.m.list.Scope(); sc.Tag != "tech" || !h3.m.paneOpen {
		t.Errorf("tag view: scope %+v, pane %v", sc, h3.m.paneOpen)
	}
	if sc, _ := h3.m.feeds.Chosen(); sc.Tag != "tech" {
		t.Errorf("the feeds pane's cursor is on %+v, not on the tag tech", sc)
	}
}

// In the feeds pane A marks the feed or tag under the cursor read.
func TestMarkAllReadInTheFeedsPane(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.key("tab", "j") // All stories, then the tag tech
	if sc, _ := h.m.feeds.Chosen(); sc.Tag != "tech" {
		t.Fatalf("the pane's cursor is on %+v, want the tag tech", sc)
	}
	h.key("A")
	if got := storeUnread(f); !slices.Equal(got, []int64{1}) {
		t.Errorf("unread in the store after A on #tech: %v, want [1]", got)
	}
	if n := notice(h); n != "Marked 2 stories of #tech read (U undoes)" {
		t.Errorf("status: %q", n)
	}
	if !h.m.paneOpen {
		t.Error("A closed the pane")
	}
	h.key("?")
	if v := h.view(); !strings.Contains(v, "mark its stories read") {
		t.Errorf("the pane's help lacks A:\n%s", v)
	}
	h.key("?", "U")
	if got := storeUnread(f); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("unread after U in the pane: %v", got)
	}
	h.key("k", "A")
	if n := notice(h); n != "Marked 3 stories of every feed read (U undoes)" {
		t.Errorf("A on All stories: %q", n)
	}
}
