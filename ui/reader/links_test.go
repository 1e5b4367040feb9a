package reader

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

func linkArticle() *feed.Article {
	var b strings.Builder
	b.WriteString("Links:")
	for _, p := range []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"} {
		b.WriteString(" [" + p + "](https://example.org/" + p + ")")
	}
	return &feed.Article{Title: "Links", URL: "https://example.org/", Markdown: b.String() + "\n"}
}

// keyOf is the key press a key name stands for ("enter", "2", "y").
func keyOf(k string) tea.KeyPressMsg {
	if code, ok := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace}[k]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

func TestHandleLinkKey(t *testing.T) {
	cases := []struct {
		name   string
		keys   []string
		chosen *LinkChosen // what the last key asks for
		used   bool        // the last key was taken by the number
		prompt string      // "" when no number is typed after the keys
		ok     bool
	}{
		{"a digit starts a number", []string{"3"}, nil, true, "link 3: https://example.org/three", true},
		{"two digits make 12", []string{"1", "2"}, nil, true, "link 12: https://example.org/twelve", true},
		{"out of range", []string{"1", "3"}, nil, true, "no link 13; links 1–12", false},
		{"enter out of range drops the number", []string{"1", "3", "enter"}, nil, true, "", false},
		{"a digit after a number out of range starts a new one", []string{"1", "3", "5"}, nil, true, "link 5: https://example.org/five", true},
		{"0 after a number out of range starts nothing", []string{"1", "3", "0"}, nil, true, "", false},
		{"backspace mends it", []string{"1", "3", "backspace", "enter"}, &LinkChosen{N: 1, URL: "https://example.org/one"}, true, "", false},
		{"backspace to nothing", []string{"4", "backspace"}, nil, true, "", false},
		{"enter opens", []string{"1", "1", "enter"}, &LinkChosen{N: 11, URL: "https://example.org/eleven"}, true, "", false},
		{"o opens", []string{"2", "o"}, &LinkChosen{N: 2, URL: "https://example.org/two"}, true, "", false},
		{"y copies", []string{"2", "y"}, &LinkChosen{N: 2, URL: "https://example.org/two", Copy: true}, true, "", false},
		{"esc cancels", []string{"2", "esc"}, nil, true, "", false},
		{"q (back) cancels", []string{"2", "q"}, nil, true, "", false},
		{"another key cancels and is not taken", []string{"2", "j"}, nil, false, "", false},
		{"0 starts nothing", []string{"0"}, nil, false, "", false},
		{"0 extends", []string{"1", "0"}, nil, true, "link 10: https://example.org/ten", true},
		{"enter alone is not taken", []string{"enter"}, nil, false, "", false},
		{"a number too large starts again", []string{"1", "2", "3", "4", "5", "6", "7", "8"}, nil, true, "link 8: https://example.org/eight", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newReader(t, 80, 20)
			m.Open(feed.Story{ID: 1})
			m = renderNow(t, m, m.SetArticle(linkArticle(), ""))
			var cmd tea.Cmd
			var used bool
			for _, k := range c.keys {
				m, cmd, used = m.HandleLinkKey(keyOf(k))
			}
			if used != c.used {
				t.Errorf("last key taken: %v, want %v", used, c.used)
			}
			var got *LinkChosen
			if cmd != nil {
				switch msg := cmd().(type) {
				case LinkChosen:
					got = &msg
				case message.Notified:
					// Says why nothing opened: TestNoLinkIsSaid.
				default:
					t.Fatalf("command gives %T", msg)
				}
			}
			if (got == nil) != (c.chosen == nil) || (got != nil && *got != *c.chosen) {
				t.Errorf("chosen %+v, want %+v", got, c.chosen)
			}
			prompt, ok := m.LinkPrompt()
			if prompt != c.prompt || ok != c.ok || m.PickingLink() != (c.prompt != "") {
				t.Errorf("prompt %q %v (picking %v), want %q %v", prompt, ok, m.PickingLink(), c.prompt, c.ok)
			}
		})
	}
}

// Enter on a number that names no link says so in the status line, as an
// error, since nothing opens.
func TestNoLinkIsSaid(t *testing.T) {
	m := newReader(t, 80, 20)
	m.Open(feed.Story{ID: 1})
	m = renderNow(t, m, m.SetArticle(linkArticle(), ""))
	var cmd tea.Cmd
	for _, k := range []string{"1", "3", "enter"} {
		m, cmd, _ = m.HandleLinkKey(keyOf(k))
	}
	if cmd == nil {
		t.Fatal("enter on link 13 of 12 says nothing")
	}
	if n, ok := cmd().(message.Notified); !ok || n.Text != "No link 13; links 1–12" || n.Kind != message.Error {
		t.Errorf("enter on link 13 of 12 gives %#v", cmd())
	}
}

// While the article is on its way its links are unknown: the number
// grows, up to a bound a held-down key cannot pass.
func TestLinkNumberWhileLoadingStopsGrowing(t *testing.T) {
	m := newReader(t, 80, 20)
	m.Open(feed.Story{ID: 1})
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8"} {
		m, _, _ = m.HandleLinkKey(keyOf(k))
	}
	if p, _ := m.LinkPrompt(); p != "link 123456: waiting for the article…" {
		t.Errorf("prompt %q", p)
	}
}

// Nothing to number: a story that could not be shown, a reader with no
// story, or an article without links.
func TestLinkNumbersWithoutLinks(t *testing.T) {
	m := newReader(t, 80, 20)
	if _, _, used := m.HandleLinkKey(keyOf("1")); used {
		t.Error("a digit started a number with no story open")
	}
	m.Open(feed.Story{ID: 1})
	m.SetError(errors.New("HTTP 404"))
	if _, _, used := m.HandleLinkKey(keyOf("1")); used {
		t.Error("a digit started a number on a story that could not be shown")
	}
	m.Open(feed.Story{ID: 2})
	m = renderNow(t, m, m.SetArticle(&feed.Article{Title: "Plain", Markdown: "Words only.\n"}, ""))
	m, _, _ = m.HandleLinkKey(keyOf("1"))
	if p, ok := m.LinkPrompt(); p != "no link 1; this article has no links" || ok {
		t.Errorf("prompt %q %v", p, ok)
	}
	m.Open(feed.Story{ID: 3})
	if m.PickingLink() {
		t.Error("the number outlived its story")
	}
}

// The keys that finish a number are the remapped ones, and so are their
// hints.
func TestLinkKeysFollowTheKeyMap(t *testing.T) {
	k, err := keys.New(map[string][]string{"open_browser": {"B"}, "copy_url": {"C"}, "back": {"x"}, "top": {"7"}})
	if err != nil {
		t.Fatal(err)
	}
	m := New(k, theme.New(true, false), nil)
	m.SetSize(80, 20)
	m.Open(feed.Story{ID: 1})
	m = renderNow(t, m, m.SetArticle(linkArticle(), ""))
	if _, _, used := m.HandleLinkKey(keyOf("7")); used {
		t.Error("7, bound to top, started a link number")
	}
	m, _, _ = m.HandleLinkKey(keyOf("2"))
	var cmd tea.Cmd
	var used bool
	if m, cmd, used = m.HandleLinkKey(keyOf("o")); used || cmd != nil || m.PickingLink() {
		t.Error("o, no longer the browser key, did not just cancel the number")
	}
	m, _, _ = m.HandleLinkKey(keyOf("2"))
	m, cmd, _ = m.HandleLinkKey(keyOf("B"))
	if cmd == nil || cmd().(LinkChosen).URL != "https://example.org/two" {
		t.Error("B (remapped open_browser) did not open link 2")
	}
	m, _, _ = m.HandleLinkKey(keyOf("2"))
	m, cmd, _ = m.HandleLinkKey(keyOf("C"))
	if cmd == nil || !cmd().(LinkChosen).Copy {
		t.Error("C (remapped copy_url) did not copy link 2")
	}
	m, _, _ = m.HandleLinkKey(keyOf("2"))
	if m, _, _ = m.HandleLinkKey(keyOf("x")); m.PickingLink() {
		t.Error("x (remapped back) did not cancel the number")
	}
	var shown []string
	for _, b := range m.LinkHints() {
		shown = append(shown, b.Help().Key+" "+b.Help().Desc)
	}
	if got := strings.Join(shown, " · "); got != "enter/B open · C copy · x cancel" {
		t.Errorf("hints %q", got)
	}
}

// The story's enclosure is link 1 in the reader: typing 1 then enter
// opens the episode, 1 then y copies its address.
func TestEnclosureIsOpenedByNumber(t *testing.T) {
	m := newReader(t, 80, 20)
	m.Open(feed.Story{ID: 1, Enclosures: []feed.Enclosure{{URL: "https://cdn.example.org/ep.mp3", Type: "audio/mpeg"}}})
	m = renderNow(t, m, m.SetArticle(linkArticle(), ""))
	if !strings.Contains(m.View(), "Audio (audio/mpeg) [1]") {
		t.Fatalf("the header does not show the enclosure:\n%s", m.View())
	}
	for _, c := range []struct {
		finish string
		copy   bool
	}{{"enter", false}, {"y", true}} {
		m2, _, _ := m.HandleLinkKey(keyOf("1"))
		_, cmd, _ := m2.HandleLinkKey(keyOf(c.finish))
		if cmd == nil {
			t.Fatalf("1 %s does nothing", c.finish)
		}
		if got, ok := cmd().(LinkChosen); !ok || got != (LinkChosen{N: 1, URL: "https://cdn.example.org/ep.mp3", Copy: c.copy}) {
			t.Errorf("1 %s asks for %+v", c.finish, cmd())
		}
	}
	m2, _, _ := m.HandleLinkKey(keyOf("2"))
	if p, _ := m2.LinkPrompt(); p != "link 2: https://example.org/one" {
		t.Errorf("the body's first link after the enclosure: %q", p)
	}
}
