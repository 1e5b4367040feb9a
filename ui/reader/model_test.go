package reader

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

var now = time.Date(2024, 3, 23, 12, 0, 0, 0, time.UTC)

func newReader(t *testing.T, w, h int) Model {
	t.Helper()
	m := New(keys.Default(), theme.New(true, false), func() time.Time { return now })
	m.SetSize(w, h)
	return m
}

func longArticle() *feed.Article {
	return &feed.Article{Title: "A long read", Site: "Example", Markdown: strings.Repeat("A sentence that fills the line and then some more words.\n\n", 80)}
}

// renderNow runs a render command and hands its result to the reader.
func renderNow(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		t.Fatal("no render command")
	}
	m, _ = m.Update(cmd())
	return m
}

func TestStatesAndStaleRenders(t *testing.T) {
	m := newReader(t, 80, 20)
	m.Open(feed.Story{ID: 1, Title: "The \x1b[2Jstory", FeedTitle: "Feed"})
	if m.State() != Loading || !strings.Contains(ansi.Strip(m.View()), "Fetching the article") {
		t.Fatalf("state %v:\n%s", m.State(), ansi.Strip(m.View()))
	}
	if strings.Contains(m.View(), "\x1b[2J") {
		t.Error("escape sequence from the title reached the view")
	}
	old := m.SetArticle(longArticle(), "")
	// The window is resized before the first render comes back: that
	// render is for the old width and must be dropped.
	fresh := m.SetSize(100, 20)
	m, _ = m.Update(old())
	if m.State() == Ready {
		t.Fatal("a render for an old width was shown")
	}
	m = renderNow(t, m, fresh)
	if m.State() != Ready || !strings.Contains(ansi.Strip(m.View()), "A long read") {
		t.Fatalf("state %v:\n%s", m.State(), ansi.Strip(m.View()))
	}
	for _, l := range strings.Split(m.View(), "\n") {
		if w := ansi.StringWidth(l); w > 100 {
			t.Errorf("line %d wide in a 100-column reader", w)
		}
	}
	m.SetError(errors.New("https://x.example/a: HTTP 500 Internal Server Error"))
	if v := ansi.Strip(m.View()); !strings.Contains(v, "HTTP 500") || !strings.Contains(v, "o opens the page") {
		t.Errorf("failure view:\n%s", v)
	}
}

func TestKeys(t *testing.T) {
	m := newReader(t, 80, 20)
	m.Open(feed.Story{ID: 1})
	m = renderNow(t, m, m.SetArticle(longArticle(), ""))
	press := func(k tea.KeyPressMsg) tea.Msg {
		var cmd tea.Cmd
		m, cmd = m.Update(k)
		if cmd == nil {
			return nil
		}
		return cmd()
	}
	press(tea.KeyPressMsg{Code: ' ', Text: " "})
	if m.ScrollPercent() == 0 {
		t.Error("space did not page down")
	}
	press(tea.KeyPressMsg{Code: 'g', Text: "g"})
	if m.ScrollPercent() != 0 {
		t.Error("g did not go to the top")
	}
	press(tea.KeyPressMsg{Code: 'G', Text: "G"})
	if m.ScrollPercent() != 1 {
		t.Error("G did not go to the bottom")
	}
	cases := map[string]tea.Msg{
		"n": message.StepRequested{Delta: 1},
		"K": message.StepRequested{Delta: -1},
		"N": message.StepRequested{Delta: 1, UnreadOnly: true},
		"q": message.ReaderClosed{},
		"h": message.ReaderClosed{},
	}
	for k, want := range cases {
		if got := press(tea.KeyPressMsg{Code: rune(k[0]), Text: k}); got != want {
			t.Errorf("%s: %#v, want %#v", k, got, want)
		}
	}
}

func TestCentredOnWideTerminals(t *testing.T) {
	m := newReader(t, 160, 20)
	m.Open(feed.Story{ID: 1})
	m = renderNow(t, m, m.SetArticle(&feed.Article{Title: "Centred", Markdown: "Body."}, ""))
	first := strings.Split(ansi.Strip(m.View()), "\n")[0]
	if lead := len(first) - len(strings.TrimLeft(first, " ")); lead != 30 {
		t.Errorf("title indented by %d columns, want (160-100)/2 = 30: %q", lead, first)
	}
}

// The hint under a failure names the keys as bound: a remapped key must
// not be announced by its default.
func TestFailedHintFollowsRemappedKeys(t *testing.T) {
	k, err := keys.New(map[string][]string{"open_browser": {"B"}, "next": {"ctrl+n"}})
	if err != nil {
		t.Fatal(err)
	}
	m := New(k, theme.New(true, false), func() time.Time { return now })
	m.SetSize(100, 20)
	m.Open(feed.Story{ID: 1, Title: "Gone", FeedTitle: "Feed"})
	m.SetError(errors.New("HTTP 404"))
	v := ansi.Strip(m.View())
	if !strings.Contains(v, "B opens the page in the browser · ctrl+n next story · esc/h/q back") || strings.Contains(v, "o opens") {
		t.Errorf("failure hint does not follow the key map:\n%s", v)
	}
}

// A resize re-wraps the article: the reader must stay where it was in the
// text, not at the same line number (which, narrower, is pages earlier).
func TestResizeKeepsThePlaceInTheText(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "Paragraph %d. %s\n\n", i, strings.Repeat("Words that fill the line and wrap it. ", 8))
	}
	// firstShown is the number of the first paragraph in view.
	firstShown := func(m Model) int {
		v := ansi.Strip(m.View())
		n := 0
		if i := strings.Index(v, "Paragraph "); i >= 0 {
			fmt.Sscanf(v[i:], "Paragraph %d.", &n)
		}
		return n
	}
	m := newReader(t, 140, 10)
	m.Open(feed.Story{ID: 1, Title: "Long"})
	cmd := m.SetArticle(&feed.Article{Title: "Long", Markdown: b.String()}, "")
	m = renderNow(t, m, cmd)
	for i := 0; firstShown(m) < 40; i++ {
		if i > 1000 {
			t.Fatalf("j never brought paragraph 40 to the top:\n%s", ansi.Strip(m.View()))
		}
		m, _ = m.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	}
	for _, w := range []int{60, 200, 80} {
		cmd := m.SetSize(w, 10)
		m = renderNow(t, m, cmd)
		if n := firstShown(m); n < 39 || n > 41 {
			t.Errorf("after a resize to %d columns the reader shows paragraph %d, not 40:\n%s", w, n, ansi.Strip(m.View()))
		}
	}
	// At the end, the end stays in view.
	m, _ = m.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	cmd = m.SetSize(60, 10)
	m = renderNow(t, m, cmd)
	if m.ScrollPercent() != 1 {
		t.Errorf("at the end before a resize, %.0f%% after", m.ScrollPercent()*100)
	}
}

// listPage is an article that is one long list, as a page of <li> becomes.
func listPage(n int) *feed.Article {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "- item %d\n", i)
	}
	return &feed.Article{Title: "Everything", Markdown: b.String()}
}

// TestMovingOnOrResizingCancelsLayout: a layout asked for before the
// window was resized again, another story opened or the reader left is
// cancelled: its command gives nothing, and only the last size is shown.
func TestMovingOnOrResizingCancelsLayout(t *testing.T) {
	m := newReader(t, 80, 20)
	m.Open(feed.Story{ID: 1})
	first := m.SetArticle(longArticle(), "")
	second := m.SetSize(90, 20)
	last := m.SetSize(100, 20)
	for name, cmd := range map[string]tea.Cmd{"first": first, "second": second} {
		if msg := cmd(); msg != nil {
			t.Errorf("the %s layout, for an old size, ran to the end: %T", name, msg)
		}
	}
	m = renderNow(t, m, last)
	if m.State() != Ready {
		t.Fatalf("state %v after the last size's layout", m.State())
	}

	// Moving on to another story, or leaving the reader, cancels too.
	pending := m.SetSize(120, 20)
	m.Open(feed.Story{ID: 2})
	if msg := pending(); msg != nil {
		t.Errorf("the layout of the story left behind ran to the end: %T", msg)
	}
	pending = m.SetArticle(longArticle(), "")
	m.Close()
	if msg := pending(); msg != nil {
		t.Errorf("the layout went on after the reader was left: %T", msg)
	}
}

// TestCutArticleShowsWholeOnOpen: an article cut for length says so and
// how to see the rest; the open key lays out all of it, and its links.
func TestCutArticleShowsWholeOnOpen(t *testing.T) {
	m := newReader(t, 80, 20)
	m.Open(feed.Story{ID: 1})
	m = renderNow(t, m, m.SetArticle(listPage(5000), ""))
	if !m.Cut() {
		t.Fatal("a list of 5,000 items was not cut")
	}
	m.vp.GotoBottom()
	if v := ansi.Strip(m.View()); !strings.Contains(strings.Join(strings.Fields(v), " "), "Press enter to show the whole article.") {
		t.Errorf("no notice at the cut:\n%s", v)
	}
	m, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	m = renderNow(t, m, cmd)
	if m.Cut() {
		t.Error("still cut after enter")
	}
	m.vp.GotoBottom()
	if v := ansi.Strip(m.View()); !strings.Contains(v, "item 4999") || strings.Contains(v, "goes on") {
		t.Errorf("the end of the list is not shown:\n%s", v)
	}
}
