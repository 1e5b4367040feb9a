package ui

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/reader"
)

func TestFirstFrameFromStoreWithoutNetwork(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{RefreshInterval: time.Hour})
	v := h.view()
	for _, want := range []string{"All stories", "US has intelligence confirming", "Fed reserve holds rates", "Ars Technica", "1h", "3 unread · 6", "1/6"} {
		if !strings.Contains(v, want) {
			t.Errorf("first frame lacks %q:\n%s", want, v)
		}
	}
	if c := f.calls(&f.articleCalls); len(c) > 0 {
		t.Errorf("articles fetched before any story was opened: %v", c)
	}
	if len(f.refreshCalls) > 0 {
		t.Errorf("refreshed although the last refresh is 10 minutes old and the interval an hour")
	}
}

func TestBackgroundRefreshWhenStale(t *testing.T) {
	cases := []struct {
		name     string
		last     time.Time
		interval time.Duration
		want     bool
	}{
		{"never refreshed", time.Time{}, time.Hour, true},
		{"stale", clock.Add(-2 * time.Hour), time.Hour, true},
		{"fresh", clock.Add(-time.Minute), time.Hour, false},
		{"auto refresh off", time.Time{}, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake()
			f.lastRefresh = c.last
			h := newHarness(t, f, Options{RefreshInterval: c.interval})
			if got := len(f.refreshCalls) > 0; got != c.want {
				t.Fatalf("refresh started = %v, want %v", got, c.want)
			}
			if c.want && !strings.Contains(h.view(), "Nothing new") {
				t.Errorf("status does not say what the refresh brought:\n%s", h.view())
			}
		})
	}
}

func TestOpenShowsArticleMarksReadAndPrefetches(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.key("enter")
	if h.m.screen != screenReader || h.m.reader.State() != reader.Ready {
		t.Fatalf("screen %v, reader state %v; want the reader ready", h.m.screen, h.m.reader.State())
	}
	v := h.view()
	for _, want := range []string{"US has intelligence confirming", "Body of story 1.", "a link [1]", "Links", "[1] https://example.org/1", "Staff Reporter"} {
		if !strings.Contains(v+fullContent(h), want) {
			t.Errorf("reader lacks %q:\n%s", want, v)
		}
	}
	if got := f.calls(&f.readCalls); !slices.Equal(got, []string{"1=true"}) {
		t.Errorf("SetRead calls = %v, want [1=true]", got)
	}
	if s, _ := h.m.list.Story(1); !s.Read {
		t.Error("the opened story is not shown as read")
	}
	// The next story's article is fetched while the first is read.
	if got := f.calls(&f.articleCalls); !slices.Equal(got, []string{"https://news.example/story/1", "https://news.example/story/2"}) {
		t.Errorf("article requests = %v, want story 1 then the prefetch of story 2", got)
	}
	if _, ok := h.m.cache[2]; !ok {
		t.Error("story 2 was not prefetched into the cache")
	}
}

// fullContent is the reader's whole article, not only the visible part.
func fullContent(h *harness) string {
	return strings.Join(strings.Fields(h.m.reader.Article().Markdown), " ")
}

func TestNextAndPrevWithoutGoingBack(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.key("enter", "n")
	if got := h.m.reader.Story().ID; got != 2 {
		t.Fatalf("after n the reader shows story %d, want 2", got)
	}
	if !strings.Contains(h.view(), "Body of story 2.") {
		t.Errorf("story 2's body not shown after n:\n%s", h.view())
	}
	if n := len(f.calls(&f.articleCalls)); n != 3 {
		t.Errorf("%d article requests; n should have used the prefetched story 2 (then prefetched 3)", n)
	}
	h.key("p")
	if got := h.m.reader.Story().ID; got != 1 || !strings.Contains(h.view(), "Body of story 1.") {
		t.Fatalf("after p the reader shows story %d, want 1:\n%s", got, h.view())
	}
	h.key("p")
	if !strings.Contains(h.view(), "This is the first story") {
		t.Errorf("p on the first story does not say so:\n%s", h.view())
	}
	h.key("J", "K", "N")
	if got := h.m.reader.Story().ID; got != 4 {
		// 1 -> J 2 -> K 1 -> N: the next unread after 1 (2 was read by opening it) is 4.
		t.Errorf("after J K N the reader shows story %d, want 4", got)
	}
	h.key("esc")
	if h.m.screen != screenList {
		t.Fatal("esc did not go back to the list")
	}
	if s, _ := h.m.list.Selected(); s.ID != 4 {
		t.Errorf("back on the list the cursor is on story %d, want the last one read (4)", s.ID)
	}
}

func TestMovingOnCancelsThePendingFetch(t *testing.T) {
	f := newFake()
	slow := "https://news.example/story/1"
	f.gate[slow] = make(chan struct{})
	h := newHarness(t, f, Options{})
	h.key("enter")
	if h.m.reader.State() != reader.Loading {
		t.Fatalf("reader state %v, want Loading while the page is fetched", h.m.reader.State())
	}
	if !strings.Contains(h.view(), "Fetching the article") {
		t.Errorf("no sign of loading:\n%s", h.view())
	}
	h.key("n") // move on before the page arrives
	deadline := time.Now().Add(2 * time.Second)
	for len(f.calls(&f.cancelled)) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := f.calls(&f.cancelled); !slices.Equal(got, []string{slow}) {
		t.Errorf("cancelled requests = %v, want the first story's", got)
	}
	// A late answer for the first story must not replace the second.
	h.send(messageArticle(1, 1, &feed.Article{Title: "late", Markdown: "LATE BODY"}))
	if strings.Contains(h.view(), "LATE BODY") || h.m.reader.Story().ID != 2 {
		t.Errorf("a stale result reached the screen:\n%s", h.view())
	}
}

// A page that never answers must end in a message, not a spinner turning
// for ever: the request's own time limit is not "the user moved on".
func TestArticleTimeoutIsShownNotDropped(t *testing.T) {
	f := newFake()
	f.gate["https://news.example/story/1"] = make(chan struct{})
	h := newHarness(t, f, Options{})
	h.m.articleTimeout = 20 * time.Millisecond
	h.key("enter")
	if st := h.m.reader.State(); st != reader.Failed {
		t.Fatalf("reader state %v after the time limit, want Failed", st)
	}
	if v := h.view(); !strings.Contains(v, "gave up on the page after 20ms") || strings.Contains(v, "Fetching the article") {
		t.Errorf("no reason after the time limit:\n%s", v)
	}
}

func TestFallbackShowsWhy(t *testing.T) {
	f := newFake()
	f.notices["https://news.example/story/1"] = "The page could not be fetched (HTTP 403 Forbidden); this is the feed's own text."
	h := newHarness(t, f, Options{})
	h.key("enter")
	if !strings.Contains(h.view(), "The page could not be fetched (HTTP 403 Forbidden); this is the feed's own") {
		t.Errorf("the reason for the fallback is not shown:\n%s", h.view())
	}
}

func TestArticleErrorIsShownNotFatal(t *testing.T) {
	f := newFake()
	f.articleErr["https://news.example/story/1"] = errors.New("https://news.example/story/1: dial tcp: connection refused\x1b[2J")
	h := newHarness(t, f, Options{})
	h.key("enter")
	v := h.view()
	if h.m.reader.State() != reader.Failed || !strings.Contains(v, "connection refused") || !strings.Contains(v, "o opens the page") {
		t.Errorf("failure not explained:\n%s", v)
	}
	if strings.Contains(h.m.View().Content, "\x1b[2J") {
		t.Error("an escape sequence from an error reached the screen")
	}
}

func TestFilterAndUnreadOnly(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.key("/")
	if !h.m.list.Capturing() {
		t.Fatal("/ did not open the filter")
	}
	h.typeText("fedres") // fuzzy: "Fed reserve"
	v := h.view()
	if !strings.Contains(v, "search all text") || strings.Contains(v, "open story") {
		t.Errorf("while typing, the status line offers the list's keys, which would type into the filter:\n%s", v)
	}
	if !strings.Contains(v, "Fed reserve holds rates") || strings.Contains(v, "Dhaka traffic") {
		t.Errorf("fuzzy filter fedres:\n%s", v)
	}
	h.key("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	h.typeText("ars") // the feed name matches too
	if v := h.view(); !strings.Contains(v, "kernel scheduler") || strings.Contains(v, "Monsoon") {
		t.Errorf("filter by feed name:\n%s", v)
	}
	h.key("enter") // the full-text search; back returns to the filtered list
	if q, ok := h.m.list.Results(); h.m.list.Capturing() || !ok || q != "ars" {
		t.Fatalf("enter: capturing=%v results of %q (%v)", h.m.list.Capturing(), q, ok)
	}
	if v := h.view(); !strings.Contains(v, "open story") || !strings.Contains(v, `Search "ars"`) {
		t.Errorf("after enter, the results with the list's keys are not shown:\n%s", v)
	}
	h.key("q")
	if _, ok := h.m.list.Results(); ok || h.quit || h.m.list.Query() != "ars" {
		t.Fatalf("q on the results: quit=%v, back to the filter %q", h.quit, h.m.list.Query())
	}
	h.key("q") // back clears the filter first; q does not quit yet
	if h.quit || h.m.list.Query() != "" {
		t.Fatalf("q with a filter: quit=%v query=%q", h.quit, h.m.list.Query())
	}
	h.key("u")
	if v := h.view(); strings.Contains(v, "Dhaka traffic") || !strings.Contains(v, "unread only") {
		t.Errorf("unread only still shows read stories:\n%s", v)
	}
	h.key("u", "q")
	if !h.quit {
		t.Error("q on the plain list did not quit")
	}
}

// The list's status line follows its state: with a filter or a feed
// chosen, q widens the list instead of quitting, and u, when on, shows
// read stories again.
func TestListHintsFollowTheListState(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.send(tea.WindowSizeMsg{Width: 160, Height: 30})
	last := func() string {
		lines := strings.Split(h.view(), "\n")
		return lines[len(lines)-1]
	}
	if l := last(); !strings.Contains(l, "q/ctrl+c quit") || !strings.Contains(l, "u unread only") {
		t.Errorf("plain list: %q", l)
	}
	h.key("/")
	h.typeText("fed")
	h.key("enter")
	if l := last(); !strings.Contains(l, "esc/h/q back to the list") || strings.Contains(l, "q/ctrl+c quit") {
		t.Errorf("search results: %q", l)
	}
	h.key("esc")
	if l := last(); !strings.Contains(l, "esc/h/q widen the list") || strings.Contains(l, "q/ctrl+c quit") || !strings.Contains(l, "ctrl+c quit") {
		t.Errorf("filtered list: %q", l)
	}
	h.key("esc", "u")
	if l := last(); !strings.Contains(l, "u show read too") || !strings.Contains(l, "q/ctrl+c quit") {
		t.Errorf("unread only: %q", l)
	}
}

// Quitting cancels the store reads still running; their "context
// canceled" is the program ending, not a failure to log or show.
func TestQuitDoesNotLogCancelledReads(t *testing.T) {
	var logged []string
	h := newHarness(t, newFake(), Options{Logf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
	h.m.Close()
	h.send(message.FeedsLoaded{Err: fmt.Errorf("store: list feeds: %w", context.Canceled)})
	h.send(message.StoriesLoaded{Err: context.Canceled})
	if len(logged) > 0 {
		t.Errorf("cancelled reads at the end were logged as failures: %q", logged)
	}
	if text, _ := h.m.status.Notice(); text != "" {
		t.Errorf("cancelled read shown as %q", text)
	}
}

func TestQInReaderGoesBack(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.key("enter", "q")
	if h.quit || h.m.screen != screenList {
		t.Fatalf("q in the reader: quit=%v screen=%v; want back on the list", h.quit, h.m.screen)
	}
	h.key("enter", "ctrl+c")
	if !h.quit {
		t.Error("ctrl+c in the reader did not quit")
	}
}

func TestRemappedKeys(t *testing.T) {
	h := newHarness(t, newFake(), Options{Keys: map[string][]string{"down": {"ctrl+n"}, "quit": {"Q"}}})
	h.key("ctrl+n")
	if s, _ := h.m.list.Selected(); s.ID != 2 {
		t.Errorf("ctrl+n (remapped down) left the cursor on %d", s.ID)
	}
	h.key("j")
	if s, _ := h.m.list.Selected(); s.ID != 2 {
		t.Errorf("j still moves after down was remapped")
	}
	h.key("?")
	if v := h.view(); !strings.Contains(v, "ctrl+n") || !strings.Contains(v, "Q") {
		t.Errorf("help does not show the remapped keys:\n%s", v)
	}
	if _, err := New(Options{Backend: newFake(), Keys: map[string][]string{"jump": {"x"}}}); err == nil || !strings.Contains(err.Error(), `"jump"`) {
		t.Errorf("unknown action: err = %v", err)
	}
}

func TestStoryActions(t *testing.T) {
	f := newFake()
	f.saveErr = errNotYet
	var opened []string
	open := func(_ context.Context, u string) error { opened = append(opened, u); return nil }
	h := newHarness(t, f, Options{OpenURL: open})

	h.key("y")
	if !h.sawType("Clipboard") || !strings.Contains(h.view(), "Copied the URL") {
		t.Errorf("y: no clipboard command or confirmation:\n%s", h.view())
	}
	h.key("o")
	if !slices.Equal(opened, []string{"https://news.example/story/1"}) {
		t.Errorf("o opened %v", opened)
	}
	h.key("*")
	if got := f.calls(&f.starCalls); !slices.Equal(got, []string{"1=true"}) {
		t.Errorf("* stored %v", got)
	}
	h.key("m")
	if got := f.calls(&f.readCalls); !slices.Equal(got, []string{"1=true"}) {
		t.Errorf("m stored %v", got)
	}
	h.key("s")
	if v := h.view(); !strings.Contains(v, "saving is not available yet") {
		t.Errorf("s: the save error is not shown:\n%s", v)
	}
	h.key("r")
	if len(f.refreshCalls) != 1 || !slices.Equal(f.refreshCalls[0], []int64{1}) {
		t.Errorf("r refreshed %v, want the selected story's feed [1]", f.refreshCalls)
	}
	h.key("R")
	if len(f.refreshCalls) != 2 || f.refreshCalls[1] != nil {
		t.Errorf("R refreshed %v, want every feed", f.refreshCalls)
	}
}

// A message about one story must not stay under the next: opening it has
// just marked it read, and "Marked unread" would say the opposite.
func TestOpeningAnotherStoryClearsTheLastMessage(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.key("enter", "m")
	if v := h.view(); !strings.Contains(v, "Marked unread") {
		t.Fatalf("m in the reader: no confirmation:\n%s", v)
	}
	h.key("n")
	if v := h.view(); strings.Contains(v, "Marked unread") {
		t.Errorf("the last story's message stayed under the next one:\n%s", v)
	}
}

// A terminal browser (w3m, lynx) gets the terminal through Bubble Tea's
// exec, not a background start where it has no screen.
func TestTerminalBrowserGetsTheTerminal(t *testing.T) {
	var asked []string
	opened := 0
	h := newHarness(t, newFake(), Options{
		OpenURL: func(context.Context, string) error { opened++; return nil },
		TerminalBrowser: func(u string) *exec.Cmd {
			asked = append(asked, u)
			return exec.Command("true")
		},
	})
	h.key("o")
	if !slices.Equal(asked, []string{"https://news.example/story/1"}) || opened != 0 {
		t.Errorf("terminal browser asked for %v, background browser started %d times", asked, opened)
	}
	if !h.sawType("execMsg") {
		t.Error("o did not hand the terminal to the browser")
	}
}

func TestBrowserRefusesDangerousSchemes(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "JavaScript:x"} {
		f := newFake()
		f.stories[0].URL = u
		opened := 0
		h := newHarness(t, f, Options{OpenURL: func(context.Context, string) error { opened++; return nil }})
		h.key("o")
		if opened != 0 {
			t.Errorf("%s was handed to the browser", u)
		}
		if !strings.Contains(h.view(), "no web address") {
			t.Errorf("%s: no explanation:\n%s", u, h.view())
		}
	}
}

// TestCopyRefusesWhatOpenRefuses: y copies no address o would refuse
// (issue 15): a javascript: or data: URL pasted into an address bar runs.
func TestCopyRefusesWhatOpenRefuses(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "JavaScript:x", "java\tscript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "vbscript:x", "ftp://example.com/x"} {
		f := newFake()
		f.stories[0].URL = u
		h := newHarness(t, f, Options{})
		h.key("y")
		if got := h.copied(); len(got) != 0 {
			t.Errorf("%q: y copied %q", u, got)
		}
		if !strings.Contains(h.view(), "no web address tidings will copy") {
			t.Errorf("%q: no explanation:\n%s", u, h.view())
		}
	}
}

var sgrRe = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestHostileStringsAreSanitised(t *testing.T) {
	f := newFake()
	evil := "\x1b]52;c;ZXZpbA==\a\x1b[2J\u202e\u009b1m"
	f.stories[0].Title = "Title" + evil
	f.stories[0].FeedTitle = "Feed" + evil
	f.feeds[2].LastError = "boom" + evil
	f.feeds[0].Title = "TBS" + evil
	f.articles[f.stories[0].URL].Markdown = "Body" + evil
	h := newHarness(t, f, Options{})
	screens := []func(){func() {}, func() { h.key("tab") }, func() { h.key("tab", "enter") }}
	for i, act := range screens {
		act()
		raw := sgrRe.ReplaceAllString(h.m.View().Content, "")
		for _, r := range raw {
			if r != '\n' && (r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u202e') {
				t.Fatalf("screen %d: control character %U reached the terminal: %q", i, r, raw)
			}
		}
		if strings.Contains(raw, "ZXZpbA") {
			t.Errorf("screen %d: OSC 52 payload survived", i)
		}
	}
}

func TestFeedsPane(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 24})
	h.key("tab")
	v := h.view()
	for _, want := range []string{"Feeds", "All stories", "#tech", "#world", "Broken Feed", "HTTP 503"} {
		if !strings.Contains(v, want) {
			t.Errorf("feeds pane lacks %q:\n%s", want, v)
		}
	}
	// On the failing feed the status line gives its whole error.
	h.key("j", "j", "j")
	if v := h.view(); !strings.Contains(v, "HTTP 503 Service Unavailable") {
		t.Errorf("the selected feed's error is not in the status line:\n%s", v)
	}
	h.key("k", "k", "k")
	// Down to "#tech", open: the list narrows to Ars Technica's stories.
	h.key("j", "enter")
	if sc := h.m.list.Scope(); sc.Tag != "tech" {
		t.Fatalf("scope = %+v, want the tech tag", sc)
	}
	if v := h.view(); strings.Contains(v, "Dhaka traffic") || !strings.Contains(v, "kernel scheduler") {
		t.Errorf("list not narrowed to #tech:\n%s", v)
	}
	h.key("esc")
	if !h.m.list.Scope().IsAll() {
		t.Error("esc did not widen the list again")
	}
}

// In the feeds pane the story keys do nothing and Enter narrows the list:
// the status line and help must say so, not repeat the list's keys.
func TestFeedsPaneHintsAndHelpSayWhatWorksThere(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	h.key("tab")
	if v := h.view(); !strings.Contains(v, "show its stories") || strings.Contains(v, "open story") {
		t.Errorf("the pane's status line does not say what enter does there:\n%s", v)
	}
	h.key("?")
	v := h.view()
	for _, want := range []string{"Keys in the feeds pane", "show its stories", "refresh this feed or tag", "close the pane", "refresh all feeds"} {
		if !strings.Contains(v, want) {
			t.Errorf("pane help lacks %q:\n%s", want, v)
		}
	}
	for _, not := range []string{"open story", "filter", "unread only", "copy URL", "save as Markdown"} {
		if strings.Contains(v, not) {
			t.Errorf("pane help offers %q, which does nothing there:\n%s", not, v)
		}
	}
	h.key("esc", "esc", "?")
	if v := h.view(); !strings.Contains(v, "Keys in the story list") || !strings.Contains(v, "widen the list") {
		t.Errorf("help from the list after closing the pane:\n%s", v)
	}
}

// r on the "Untagged" heading refreshes the feeds under it, not every
// feed (a heading is neither a feed nor a tag).
func TestFeedsPaneRefreshUntagged(t *testing.T) {
	f := newFake()
	f.feeds = append(f.feeds, feed.Feed{ID: 4, Title: "Loose Feed", URL: "https://loose.example/rss"})
	h := newHarness(t, f, Options{})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.key("tab", "G")
	for range 10 {
		if _, ok := h.m.feeds.Chosen(); !ok {
			break
		}
		h.key("k")
	}
	if !strings.Contains(h.view(), "▌ Untagged") {
		t.Fatalf("cursor not on the Untagged heading:\n%s", h.view())
	}
	h.key("enter")
	if v := h.view(); !strings.Contains(v, "Untagged is a heading: pick one of its feeds") || !h.m.paneOpen {
		t.Errorf("enter on the Untagged heading: no word of why nothing happens:\n%s", v)
	}
	h.key("r")
	if n := len(f.refreshCalls); n != 1 || !slices.Equal(f.refreshCalls[0], []int64{4}) {
		t.Errorf("r on Untagged refreshed %v, want [4]", f.refreshCalls)
	}
}

func TestThemeFromBackground(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")})
	if h.m.theme.Dark {
		t.Error("a white background left the dark theme")
	}
	h2 := newHarness(t, newFake(), Options{Theme: "dark"})
	h2.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")})
	if !h2.m.theme.Dark {
		t.Error("theme = dark in the config was overridden by the background")
	}
	h3 := newHarness(t, newFake(), Options{NoColor: true})
	h3.key("enter")
	if c := h3.m.View().Content; regexp.MustCompile(`\x1b\[[0-9;]*3[0-9;]*8;5`).MatchString(c) {
		t.Errorf("NO_COLOR: colours in the output")
	}
	if _, err := New(Options{Backend: newFake(), Theme: "purple"}); err == nil {
		t.Error("unknown theme accepted")
	}
}

func TestMouseWheelScrollsReader(t *testing.T) {
	f := newFake()
	long := strings.Repeat("A paragraph that goes on for a while so the article is long.\n\n", 60)
	f.articles["https://news.example/story/1"].Markdown = long
	h := newHarness(t, f, Options{})
	h.key("enter")
	before := h.m.reader.ScrollPercent()
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 10})
	if after := h.m.reader.ScrollPercent(); after <= before {
		t.Errorf("wheel down did not scroll: %v -> %v", before, after)
	}
	h.key("G")
	if !strings.Contains(h.view(), "100%") {
		t.Errorf("G: status does not show 100%%:\n%s", h.view())
	}
}

// On a small window help goes on below the last row: the status line must
// say there is more and follow the scrolling; on a big one it says nothing.
func TestHelpSaysWhenItScrolls(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	h.send(tea.WindowSizeMsg{Width: 60, Height: 15})
	h.key("?")
	last := func() string {
		lines := strings.Split(h.view(), "\n")
		return lines[len(lines)-1]
	}
	if l := last(); !strings.Contains(l, "Help   0%") || !strings.Contains(l, "j/↓ more") {
		t.Errorf("help at 60x15, top: status line %q", l)
	}
	h.key("G")
	if l := last(); !strings.Contains(l, "Help 100%") || strings.Contains(l, "more") || !strings.Contains(l, "k/↑ back up") {
		t.Errorf("help at 60x15, bottom: status line %q", l)
	}
	h.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	if l := last(); strings.Contains(l, "%") || strings.Contains(l, "more") {
		t.Errorf("help that fits: status line %q", l)
	}
}

func TestResizeDownTo60x15(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	check := func(what string) {
		t.Helper()
		for _, size := range [][2]int{{140, 40}, {60, 15}, {61, 16}, {80, 24}} {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(h.m.View().Content, "\n")
			if len(lines) != size[1] {
				t.Errorf("%s at %dx%d: %d lines", what, size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := lipgloss.Width(l); w > size[0] {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", what, size[0], size[1], i, w, l)
				}
			}
		}
	}
	check("list")
	h.key("tab")
	check("feeds pane")
	h.key("tab", "enter")
	check("reader")
	h.key("?")
	check("help")
}

// messageArticle builds a result for request id about story.
func messageArticle(id uint64, story int64, a *feed.Article) tea.Msg {
	return messageArticleLoaded(id, story, a)
}

// Messages that name a key name it as bound: with [keys] remapped, "Tab
// shows why" or "press R" would send the user to a key that does nothing.
func TestMessagesNameRemappedKeys(t *testing.T) {
	f := newFake()
	f.refreshFailed = 1
	remap := map[string][]string{"feeds_pane": {"F"}, "refresh_all": {"ctrl+r"}, "unread_only": {"O"}, "back": {"x"}}
	h := newHarness(t, f, Options{Keys: remap})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.key("ctrl+r")
	if v := h.view(); !strings.Contains(v, "feed failed (F shows why)") {
		t.Errorf("refresh summary does not name the remapped pane key:\n%s", v)
	}
	h.key("/")
	h.typeText("fed")
	h.key("enter", "x") // the search's results, then back to the filter
	if v := h.view(); !strings.Contains(v, "/fed  (x clears)") {
		t.Errorf("kept filter does not name the remapped back key:\n%s", v)
	}
	h.key("x")
	for _, id := range []int64{1, 2, 4} {
		h.m.list.SetState(id, true, false)
	}
	h.key("O")
	if v := h.view(); !strings.Contains(v, "No unread stories here (O shows all).") {
		t.Errorf("empty unread-only list does not name the remapped key:\n%s", v)
	}

	empty := newFake()
	empty.stories = nil
	h = newHarness(t, empty, Options{Keys: remap})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	if v := h.view(); !strings.Contains(v, "press ctrl+r to refresh") {
		t.Errorf("empty list does not name the remapped refresh key:\n%s", v)
	}
}

func TestHelpFooterNamesRemappedKeys(t *testing.T) {
	h := newHarness(t, newFake(), Options{Keys: map[string][]string{"help": {"f1"}, "back": {"x"}}})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.key("f1")
	if v := h.view(); !strings.Contains(v, "f1 or x closes this.") {
		t.Errorf("help footer does not name the remapped keys:\n%s", v)
	}
	h.key("x")
	if h.m.helpOpen {
		t.Error("the remapped back key did not close help")
	}
}

func TestRefreshBringsNewStories(t *testing.T) {
	f := newFake()
	f.refreshAdds = []feed.Story{{ID: 99, FeedID: 2, FeedTitle: "Ars Technica", URL: "https://news.example/story/99", Title: "Breaking: a brand new story", Published: clock}}
	f.refreshFailed = 1
	h := newHarness(t, f, Options{})
	h.key("R")
	v := h.view()
	if !strings.Contains(v, "Breaking: a brand new story") || !strings.Contains(v, "1 new story; 1 feed failed (tab shows why)") {
		t.Errorf("after R the new story or the summary is missing:\n%s", v)
	}
	if s, _ := h.m.list.Selected(); s.ID != 1 {
		t.Errorf("the cursor moved off the selected story to %d", s.ID)
	}
}

func TestFirstPageThenWholeList(t *testing.T) {
	f := newFake()
	base := f.stories[0]
	for i := range 450 {
		s := base
		s.ID = int64(1000 + i)
		s.Title = fmt.Sprintf("Older story %d", i)
		s.Published = clock.Add(-time.Duration(100+i) * time.Hour)
		f.stories = append(f.stories, s)
	}
	h := newHarness(t, f, Options{})
	var loads []bool
	for _, m := range h.seen {
		if l, ok := m.(message.StoriesLoaded); ok {
			loads = append(loads, l.Complete)
			if !l.Complete && len(l.Stories) != firstPage {
				t.Errorf("first page has %d stories, want %d", len(l.Stories), firstPage)
			}
		}
	}
	if !slices.Equal(loads, []bool{false, true}) {
		t.Errorf("story loads (complete?) = %v, want the first page then the whole list", loads)
	}
	if v := h.view(); !strings.Contains(v, "· 456") {
		t.Errorf("the header does not count the whole list:\n%s", v)
	}
	h.key("G")
	if s, _ := h.m.list.Selected(); s.Title != "Older story 449" {
		t.Errorf("G reached %q, want the oldest story", s.Title)
	}
}

// TestArticleCacheIsBoundedInBytes: articles kept in memory, prefetched
// ones too, hold at most cacheBytes of text (the one read now aside): a
// few pages that are each one huge list took hundreds of megabytes.
func TestArticleCacheIsBoundedInBytes(t *testing.T) {
	f := newFake()
	huge := strings.Repeat("- item\n", 3<<20) // 21 MB of Markdown
	for u, a := range f.articles {
		big := *a
		big.Markdown, big.Text = huge, huge
		f.articles[u] = &big
	}
	h := newHarness(t, f, Options{})
	h.key("enter") // story 1 open, story 2 prefetched
	h.key("n")     // story 2 open, story 3 prefetched
	h.key("n")
	used := 0
	for _, c := range h.m.cache {
		used += c.size()
	}
	if len(h.m.cache) > 1 || used != h.m.cacheUsed {
		t.Errorf("%d articles, %d MB cached (counted %d MB); want one, each being %d MB", len(h.m.cache), used>>20, h.m.cacheUsed>>20, 2*len(huge)>>20)
	}
	if h.m.reader.Article() == nil {
		t.Error("the story open lost its article")
	}
}

// TestHelpNamesTheWholeArticleKeyWhenCut: the help of a reader showing an
// article cut for length names the key that shows all of it; otherwise
// that key does nothing there and help leaves it out.
func TestHelpNamesTheWholeArticleKeyWhenCut(t *testing.T) {
	f := newFake()
	for u, a := range f.articles {
		if strings.HasSuffix(u, "/1") {
			long := *a
			long.Markdown = strings.Repeat("- item\n", 5000)
			f.articles[u] = &long
		}
	}
	h := newHarness(t, f, Options{})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 60})
	h.key("enter")
	// The layout of a long article may outlast the harness's patience on
	// a loaded machine: wait for it.
	for i := 0; i < 60 && h.m.reader.State() != reader.Ready; i++ {
		h.settle()
	}
	h.key("?")
	if v := h.view(); !strings.Contains(v, "show the whole article") {
		t.Errorf("help of a cut article:\n%s", v)
	}
	h.key("?", "n", "?")
	if v := h.view(); strings.Contains(v, "show the whole article") {
		t.Errorf("help of a whole article offers to show it whole:\n%s", v)
	}
}
