package ui

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The first story's article links three places: an absolute page, a page
// given relative to the article, and a mail address no browser is handed.
const (
	link1 = "https://example.org/one"
	link2 = "https://news.example/two?x=1" // "/two?x=1" in the page
	link3 = "mailto:desk@news.example"
)

// linkHarness opens the first story, whose article has the three links,
// in a window wide enough for the whole status line; opened collects what
// reaches the browser.
func linkHarness(t *testing.T, o Options) (*harness, *[]string) {
	t.Helper()
	return linkHarnessWith(t, o, "Read [the first](https://example.org/one), [the second](/two?x=1) "+
		"and write to [the desk](mailto:desk@news.example).\n")
}

// linkHarnessWith opens the first story with body md.
func linkHarnessWith(t *testing.T, o Options, md string) (*harness, *[]string) {
	t.Helper()
	f := newFake()
	f.articles["https://news.example/story/1"].Markdown = md
	var opened []string
	o.OpenURL = func(_ context.Context, u string) error { opened = append(opened, u); return nil }
	h := newHarness(t, f, o)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.key("enter")
	if h.m.screen != screenReader {
		t.Fatal("the story did not open")
	}
	return h, &opened
}

// statusLine is the last row of the screen.
func (h *harness) statusLine() string {
	lines := strings.Split(h.view(), "\n")
	return lines[len(lines)-1]
}

// copied returns what the program put on the clipboard, in order.
func (h *harness) copied() []string {
	var out []string
	for _, m := range h.seen {
		if strings.Contains(fmt.Sprintf("%T", m), "Clipboard") {
			out = append(out, fmt.Sprint(m))
		}
	}
	return out
}

func TestFollowLinkByNumber(t *testing.T) {
	cases := []struct {
		name    string
		remap   map[string][]string
		keys    []string
		opened  []string
		copied  []string
		status  []string // on the status line after the keys
		left    bool     // the reader is left for the list
		picking bool
	}{
		{name: "enter opens link n, resolved against the page",
			keys: []string{"2", "enter"}, opened: []string{link2}, status: []string{"Opened in the browser"}},
		{name: "o opens link n, not the story",
			keys: []string{"1", "o"}, opened: []string{link1}},
		{name: "y copies link n, not the story's address",
			keys: []string{"2", "y"}, copied: []string{link2}, status: []string{"Copied link 2"}},
		{name: "the prompt names the link and the keys that finish it",
			keys: []string{"2"}, picking: true,
			status: []string{"link 2: " + link2, "enter/o open", "y copy", "esc/h/q cancel"}},
		{name: "more digits make a larger number, which names no link",
			keys: []string{"1", "2"}, picking: true, status: []string{"no link 12; links 1–3"}},
		{name: "enter on a number with no link opens nothing, says so and drops the number",
			keys: []string{"1", "2", "enter"}, status: []string{"No link 12; links 1–3"}},
		{name: "a digit after a number with no link starts a new number",
			keys: []string{"9", "2"}, picking: true, status: []string{"link 2: " + link2}},
		{name: "a wrong number does not stick to the next one",
			keys: []string{"9", "enter", "2", "enter"}, opened: []string{link2}},
		{name: "backspace still mends a number that overshot",
			keys: []string{"1", "2", "backspace", "y"}, copied: []string{link1}},
		{name: "backspace takes back a digit",
			keys: []string{"1", "2", "backspace", "enter"}, opened: []string{link1}},
		{name: "backspace on the last digit ends the number",
			keys: []string{"3", "backspace"}, status: []string{"next story"}},
		{name: "a mail address is not handed to the browser",
			keys: []string{"3", "enter"}, status: []string{"Link 3 is not a web address tidings will open"}},
		{name: "a mail address can still be copied",
			keys: []string{"3", "y"}, copied: []string{link3}},
		{name: "esc cancels the number and stays in the reader",
			keys: []string{"2", "esc"}, status: []string{"next story"}},
		{name: "a second esc leaves the reader",
			keys: []string{"2", "esc", "esc"}, left: true},
		{name: "any other key cancels the number and does what it does",
			keys: []string{"2", "m"}, status: []string{"Marked unread"}},
		{name: "o after a cancelled number opens the story",
			keys: []string{"2", "esc", "o"}, opened: []string{"https://news.example/story/1"}},
		{name: "0 starts no number",
			keys: []string{"0"}, status: []string{"next story"}},
		{name: "remapped open, copy and back keys",
			remap: map[string][]string{"open_browser": {"B"}, "copy_url": {"C"}, "back": {"x"}},
			keys:  []string{"1", "B", "2", "C", "3", "x"}, opened: []string{link1}, copied: []string{link2},
			status: []string{"next story"}},
		{name: "the remapped prompt names the remapped keys",
			remap: map[string][]string{"open_browser": {"B"}, "copy_url": {"C"}, "back": {"x"}},
			keys:  []string{"2"}, picking: true, status: []string{"enter/B open", "C copy", "x cancel"}},
		{name: "a default key remapped away no longer acts on the link",
			remap: map[string][]string{"open_browser": {"B"}},
			keys:  []string{"2", "o"}, status: []string{"next story"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, opened := linkHarness(t, Options{Keys: c.remap})
			h.key(c.keys...)
			if !slices.Equal(*opened, c.opened) {
				t.Errorf("opened %q, want %q", *opened, c.opened)
			}
			if got := h.copied(); !slices.Equal(got, c.copied) {
				t.Errorf("copied %q, want %q", got, c.copied)
			}
			if left := h.m.screen == screenList; left != c.left {
				t.Errorf("left the reader: %v, want %v", left, c.left)
			}
			if h.m.reader.PickingLink() != c.picking {
				t.Errorf("a number is typed: %v, want %v", h.m.reader.PickingLink(), c.picking)
			}
			sl := h.statusLine()
			for _, want := range c.status {
				if !strings.Contains(sl, want) {
					t.Errorf("status line lacks %q:\n%s", want, sl)
				}
			}
		})
	}
}

// A digit bound to "next" steps to the next story instead of naming a link.
func TestDigitBoundToAnActionKeepsIt(t *testing.T) {
	h, _ := linkHarness(t, Options{Keys: map[string][]string{"next": {"5"}}})
	h.key("5")
	if got := h.m.reader.Story().ID; got != 2 || h.m.reader.PickingLink() {
		t.Errorf("5 (bound to next) shows story %d, picking %v; want story 2", got, h.m.reader.PickingLink())
	}
}

// A number typed while the article is on its way names its link once the
// article is there.
func TestLinkNumberTypedWhileLoading(t *testing.T) {
	f := newFake()
	gate := make(chan struct{})
	f.gate["https://news.example/story/1"] = gate
	var opened []string
	h := newHarness(t, f, Options{OpenURL: func(_ context.Context, u string) error { opened = append(opened, u); return nil }})
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.key("enter", "1")
	if sl := h.statusLine(); !strings.Contains(sl, "link 1: waiting for the article") {
		t.Errorf("status line while loading:\n%s", sl)
	}
	h.key("enter")
	if len(opened) != 0 {
		t.Fatalf("opened %q before the article was there", opened)
	}
	close(gate)
	h.settle()
	if sl := h.statusLine(); !strings.Contains(sl, "link 1: https://example.org/1") {
		t.Errorf("status line once loaded:\n%s", sl)
	}
	h.key("enter")
	if !slices.Equal(opened, []string{"https://example.org/1"}) {
		t.Errorf("opened %q", opened)
	}
}

// Digits belong to the reader: in the list they type into the filter and
// start no number.
func TestDigitsStayOutOfTheList(t *testing.T) {
	h, _ := linkHarness(t, Options{})
	h.key("esc", "2")
	if h.m.reader.PickingLink() || strings.Contains(h.statusLine(), "link 2") {
		t.Errorf("a digit in the list started a link number:\n%s", h.statusLine())
	}
	h.key("/")
	h.typeText("12")
	if v := h.view(); !strings.Contains(v, "/12") || h.m.reader.PickingLink() {
		t.Errorf("digits did not go to the filter:\n%s", v)
	}
}

// A long URL is cut to the status line with an ellipsis, and the keys
// that finish the number stay in view.
func TestLinkPromptFitsTheWidth(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("a-very-long-path/", 12)
	h, _ := linkHarnessWith(t, Options{}, "A [long link]("+long+").\n")
	for _, w := range []int{60, 80, 120} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		h.key("1")
		sl := h.statusLine()
		if !strings.Contains(sl, "link 1: https://example.org/a") || !strings.Contains(sl, "…") || !strings.Contains(sl, "open") {
			t.Errorf("width %d: status line %q", w, sl)
		}
		if got := len([]rune(sl)); got > w {
			t.Errorf("width %d: status line of %d columns", w, got)
		}
		h.key("esc")
	}
}

func TestHelpInTheReaderListsLinkNumbers(t *testing.T) {
	h, _ := linkHarness(t, Options{Keys: map[string][]string{"open_browser": {"B"}}})
	h.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	h.key("2", "?")
	if h.m.reader.PickingLink() || !h.m.helpOpen {
		t.Fatal("? did not cancel the number and open help")
	}
	v := h.view()
	for _, want := range []string{"Links", "1-9…", "type a link's number [n], then", "enter/B", "open link n in the browser", "copy link n's URL", "cancel the number"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	h.key("esc", "esc")
	if h.m.screen != screenList {
		t.Error("esc closed help and then did not leave the reader")
	}
	h.key("?")
	if v := h.view(); strings.Contains(v, "1-9…") {
		t.Errorf("the list's help lists link numbers:\n%s", v)
	}
}

// Link n goes the way o goes: to a terminal browser (w3m, lynx) through
// Bubble Tea's exec when that is the user's browser.
func TestLinkGoesToTheTerminalBrowser(t *testing.T) {
	var asked []string
	h, opened := linkHarness(t, Options{TerminalBrowser: func(u string) *exec.Cmd {
		asked = append(asked, u)
		return exec.Command("true")
	}})
	h.key("2", "enter")
	if !slices.Equal(asked, []string{link2}) || len(*opened) != 0 || !h.sawType("execMsg") {
		t.Errorf("terminal browser asked for %q, background browser given %q", asked, *opened)
	}
}
