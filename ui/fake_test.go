package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/message"
)

// clock is the fixed "now" of the tests.
var clock = time.Date(2024, 3, 23, 12, 0, 0, 0, time.UTC)

// fakeBackend is an in-memory Backend that records what the program asks.
type fakeBackend struct {
	mu          sync.Mutex
	stories     []feed.Story
	feeds       []feed.Feed
	articles    map[string]*feed.Article // by story URL
	notices     map[string]string
	articleErr  map[string]error
	gate        map[string]chan struct{} // Article blocks on these until closed or cancelled
	lastRefresh time.Time

	articleCalls []string
	reloadCalls  []string
	cancelled    []string
	readCalls    []string
	starCalls    []string
	refreshCalls [][]int64
	// refreshAdds are stories the next refresh brings; refreshFailed is how
	// many of its feeds fail.
	refreshAdds   []feed.Story
	refreshFailed int
	// refreshUnreachable of the failed feeds found no server.
	refreshUnreachable int
	saved              []string
	saveErr            error
	// bulkCalls records MarkRead, MarkAllRead and MarkUnread; view is
	// what SaveView stored, viewSaves how often.
	bulkCalls []string
	view      View
	viewSaves int
	bulkErr   error
	// feedEdits records the feeds pane's changes ("rename 2 Ars"); the
	// next AddFeed subscribes to added, feedErr fails them all.
	feedEdits   []string
	added       feed.Feed
	feedErr     error
	searchCalls []string
}

func (f *fakeBackend) Stories(ctx context.Context, limit int) ([]feed.Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.stories
	if limit > 0 && len(s) > limit {
		s = s[:limit]
	}
	return append([]feed.Story(nil), s...), nil
}

func (f *fakeBackend) Feeds(ctx context.Context) ([]feed.Feed, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]feed.Feed(nil), f.feeds...), nil
}

func (f *fakeBackend) Article(ctx context.Context, s feed.Story) (*feed.Article, string, error) {
	f.mu.Lock()
	f.articleCalls = append(f.articleCalls, s.URL)
	g := f.gate[s.URL]
	f.mu.Unlock()
	if g != nil {
		select {
		case <-g:
		case <-ctx.Done():
			f.mu.Lock()
			f.cancelled = append(f.cancelled, s.URL)
			f.mu.Unlock()
			return nil, "", ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.articleErr[s.URL]; err != nil {
		return nil, "", err
	}
	a, ok := f.articles[s.URL]
	if !ok {
		return nil, "", fmt.Errorf("%s: HTTP 404 Not Found", s.URL)
	}
	return a, f.notices[s.URL], nil
}

// Reload is Article, counted apart.
func (f *fakeBackend) Reload(ctx context.Context, s feed.Story) (*feed.Article, string, error) {
	f.mu.Lock()
	f.reloadCalls = append(f.reloadCalls, s.URL)
	f.mu.Unlock()
	return f.Article(ctx, s)
}

func (f *fakeBackend) SetRead(ctx context.Context, id int64, read bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.readCalls = append(f.readCalls, fmt.Sprintf("%d=%v", id, read))
	for i := range f.stories {
		if f.stories[i].ID == id {
			f.stories[i].Read = read
		}
	}
	return nil
}

func (f *fakeBackend) SetStarred(ctx context.Context, id int64, starred bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starCalls = append(f.starCalls, fmt.Sprintf("%d=%v", id, starred))
	for i := range f.stories {
		if f.stories[i].ID == id {
			f.stories[i].Starred = starred
		}
	}
	return nil
}

func (f *fakeBackend) Refresh(ctx context.Context, ids []int64, progress func(done, total int)) (RefreshSummary, error) {
	f.mu.Lock()
	f.refreshCalls = append(f.refreshCalls, ids)
	n := len(f.feeds)
	newStories := f.refreshAdds
	f.stories = append(newStories, f.stories...)
	f.refreshAdds = nil
	f.mu.Unlock()
	if len(ids) > 0 {
		n = len(ids)
	}
	for i := 1; i <= n; i++ {
		progress(i, n)
	}
	return RefreshSummary{Feeds: n, Failed: f.refreshFailed, New: len(newStories), Unreachable: f.refreshUnreachable}, nil
}

// DataVersion changes with the stories and feeds, as the store's does.
func (f *fakeBackend) DataVersion(ctx context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var last int64
	for _, s := range f.stories {
		last = max(last, s.ID)
	}
	return fmt.Sprintf("%d/%d/%d", len(f.stories), last, len(f.feeds)), nil
}

func (f *fakeBackend) LastRefresh(ctx context.Context) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastRefresh, nil
}

func (f *fakeBackend) Save(ctx context.Context, s feed.Story, a *feed.Article) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saveErr != nil {
		return "", f.saveErr
	}
	f.saved = append(f.saved, s.URL)
	return "/notes/" + strings.ToLower(strings.ReplaceAll(s.Title, " ", "-")) + ".md", nil
}

// markRead sets the read mark of the stories in ids (every story when
// ids is nil) and returns those it changed.
func (f *fakeBackend) markRead(ids []int64, read bool) []int64 {
	var changed []int64
	for i := range f.stories {
		s := &f.stories[i]
		if s.Read != read && (ids == nil || slices.Contains(ids, s.ID)) {
			s.Read = read
			changed = append(changed, s.ID)
		}
	}
	return changed
}

func (f *fakeBackend) MarkRead(ctx context.Context, ids []int64) ([]int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bulkCalls = append(f.bulkCalls, fmt.Sprintf("read %v", ids))
	if f.bulkErr != nil {
		return nil, f.bulkErr
	}
	return f.markRead(ids, true), nil
}

func (f *fakeBackend) MarkAllRead(ctx context.Context) ([]int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bulkCalls = append(f.bulkCalls, "read all")
	if f.bulkErr != nil {
		return nil, f.bulkErr
	}
	return f.markRead(nil, true), nil
}

func (f *fakeBackend) MarkUnread(ctx context.Context, ids []int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bulkCalls = append(f.bulkCalls, fmt.Sprintf("unread %v", ids))
	if f.bulkErr != nil {
		return f.bulkErr
	}
	f.markRead(ids, false)
	return nil
}

func (f *fakeBackend) View(ctx context.Context) (View, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.view, nil
}

func (f *fakeBackend) SaveView(ctx context.Context, v View) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.view = v
	f.viewSaves++
	return nil
}

// Search finds the stories whose title, feed or article has every word
// of the query; "is:lost" is refused as the store refuses it.
func (f *fakeBackend) Search(ctx context.Context, query string, limit int) ([]feed.Story, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.searchCalls = append(f.searchCalls, query)
	if strings.Contains(query, "is:lost") {
		return nil, errors.New("search: is:lost is not known: use is:unread, is:read or is:starred")
	}
	var out []feed.Story
	for _, s := range f.stories {
		hay := strings.ToLower(s.Title + " " + s.FeedTitle)
		if a := f.articles[s.URL]; a != nil {
			hay += " " + strings.ToLower(a.Markdown)
		}
		all := true
		for _, w := range strings.Fields(strings.ToLower(query)) {
			all = all && strings.Contains(hay, w)
		}
		if all && len(out) < limit {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeBackend) calls(which *[]string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), (*which)...)
}

// newFake returns a backend with three feeds and six stories, newest
// first, the first two unread, one feed failing.
func newFake() *fakeBackend {
	f := &fakeBackend{
		feeds: []feed.Feed{
			{ID: 1, Title: "The Business Standard", URL: "https://tbs.example/feed", Tags: []string{"world"}, Total: 3, Unread: 2},
			{ID: 2, Title: "Ars Technica", URL: "https://ars.example/feed", Tags: []string{"tech"}, Total: 2, Unread: 1},
			{ID: 3, Title: "Broken Feed", URL: "https://broken.example/rss", Tags: []string{"tech"}, LastError: "https://broken.example/rss: HTTP 503 Service Unavailable"},
		},
		articles:    map[string]*feed.Article{},
		notices:     map[string]string{},
		articleErr:  map[string]error{},
		gate:        map[string]chan struct{}{},
		lastRefresh: clock.Add(-10 * time.Minute),
	}
	titles := []struct {
		feed  int64
		title string
		read  bool
	}{
		{1, "US has intelligence confirming Islamic State responsibility for Russia attack", false},
		{2, "Fed reserve holds rates as inflation cools", false},
		{1, "Dhaka traffic: a city that never moves", true},
		{2, "A new kernel scheduler lands in Linux", false},
		{1, "Monsoon forecast: early rains expected", true},
		{2, "Why the web needs reader views", true},
	}
	for i, t := range titles {
		id := int64(i + 1)
		fname := map[int64]string{1: "The Business Standard", 2: "Ars Technica"}[t.feed]
		tags := map[int64][]string{1: {"world"}, 2: {"tech"}}[t.feed]
		url := fmt.Sprintf("https://news.example/story/%d", id)
		f.stories = append(f.stories, feed.Story{
			ID: id, FeedID: t.feed, FeedTitle: fname, FeedTags: tags, URL: url, Title: t.title,
			Published: clock.Add(-time.Duration(i*3+1) * time.Hour), Read: t.read,
		})
		f.articles[url] = &feed.Article{
			Title: t.title, Site: fname, URL: url, Authors: []string{"Staff Reporter"},
			Published: clock.Add(-time.Duration(i*3+1) * time.Hour),
			Markdown:  fmt.Sprintf("Body of story %d. It has [a link](https://example.org/%d) and plenty of words to read.\n\nSecond paragraph of story %d.", id, id, id),
		}
	}
	return f
}

// harness drives a Model as the Bubble Tea runtime would: it sends a
// message, runs the commands that come back concurrently (flattening
// batches) and feeds their messages in again until nothing is left to do.
// Commands made by tea.Tick (the clock, notice expiry, the spinner) wait on
// a timer; the harness drops them, as if the user acted before they fired.
// A command that blocks (a fetch held by a test's gate) is left running
// after a grace period; its message is handled by a later send.
type harness struct {
	t       *testing.T
	m       Model
	seen    []tea.Msg
	quit    bool
	inbox   chan tea.Msg
	running atomic.Int64
}

func newHarness(t *testing.T, f *fakeBackend, o Options) *harness {
	t.Helper()
	o.Backend = f
	if o.Now == nil {
		o.Now = func() time.Time { return clock }
	}
	m, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, m: m, inbox: make(chan tea.Msg, 256)}
	t.Cleanup(m.Close)
	h.start(m.Init())
	h.settle()
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return h
}

// send delivers msg and everything that follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	h.deliver(msg)
	h.settle()
}

func (h *harness) deliver(msg tea.Msg) {
	h.seen = append(h.seen, msg)
	if _, ok := msg.(tea.QuitMsg); ok {
		h.quit = true
		return
	}
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.start(cmd)
}

// timerCode is the code of the closure tea.Tick returns.
var timerCode = reflect.ValueOf(tea.Tick(time.Hour, nil)).Pointer()

// start runs cmd on its own goroutine; batches are split.
func (h *harness) start(cmd tea.Cmd) {
	if cmd == nil || reflect.ValueOf(cmd).Pointer() == timerCode {
		return
	}
	h.running.Add(1)
	go func() {
		defer h.running.Add(-1)
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				h.start(c)
			}
			return
		}
		if msg != nil {
			h.inbox <- msg
		}
	}()
}

// blockedGrace is how long settle waits for commands still running before
// it decides they are blocked on purpose.
const blockedGrace = 2 * time.Second

// settle handles messages until no command is running and none is
// queued, or until the running ones have been quiet for blockedGrace.
func (h *harness) settle() {
	for {
		select {
		case msg := <-h.inbox:
			h.deliver(msg)
			continue
		default:
		}
		if h.running.Load() == 0 {
			select {
			case msg := <-h.inbox:
				h.deliver(msg)
				continue
			default:
				return
			}
		}
		select {
		case msg := <-h.inbox:
			h.deliver(msg)
		case <-time.After(blockedGrace):
			return
		}
	}
}

// key sends key presses; each string is one key ("j", "enter", "ctrl+d").
func (h *harness) key(ks ...string) {
	h.t.Helper()
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	if strings.HasPrefix(k, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// typeText types s one rune at a time.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// view returns the screen without colours.
func (h *harness) view() string {
	return ansi.Strip(h.m.View().Content)
}

// sawType reports whether a message of the type named (as %T prints it)
// went by.
func (h *harness) sawType(name string) bool {
	for _, m := range h.seen {
		if strings.Contains(fmt.Sprintf("%T", m), name) {
			return true
		}
	}
	return false
}

var errNotYet = errors.New("saving is not available yet")

func messageArticleLoaded(id uint64, story int64, a *feed.Article) tea.Msg {
	return message.ArticleLoaded{ID: id, StoryID: story, Article: a}
}
