package statusbar

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

func TestNoticeExpiresOnlyItsOwn(t *testing.T) {
	m := New(theme.New(true, false).Status)
	m.SetWidth(80)
	m.Notify("first", message.Info)
	m.Notify("second \x1b]52;c;eA==\a", message.Error)
	m, _ = m.Update(message.NoticeExpired{ID: 1})
	if n, k := m.Notice(); n != "second" || k != message.Error {
		t.Errorf("an old expiry cleared the newer notice: %q %v", n, k)
	}
	m, _ = m.Update(message.NoticeExpired{ID: 2})
	if n, _ := m.Notice(); n != "" {
		t.Errorf("notice %q did not expire", n)
	}
}

func TestFitsTheWidth(t *testing.T) {
	m := New(theme.New(true, false).Status)
	m.SetPosition("12/340")
	m.SetProgress(3, 12)
	m.SetHints([]key.Binding{key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next story")), key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help"))})
	m.Notify("A rather long message about what just happened to the feeds", message.Success)
	for _, w := range []int{20, 60, 140} {
		m.SetWidth(w)
		v := m.View()
		if got := ansi.StringWidth(v); got > w {
			t.Errorf("width %d: line is %d wide", w, got)
		}
		if w >= 60 && !strings.Contains(ansi.Strip(v), "Refreshing 3/12") {
			t.Errorf("width %d: no progress: %q", w, ansi.Strip(v))
		}
	}
}

// A prompt (a link number being typed) stands in place of messages, is
// cut with an ellipsis to leave the keys that finish it in view (on a
// very narrow line the prompt comes first), and never lets a control
// character through.
func TestPromptIsCutBeforeItsHints(t *testing.T) {
	m := New(theme.New(true, false).Status)
	m.SetPosition("45%")
	m.SetHints([]key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/o", "open")), key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy"))})
	m.Notify("Marked read", message.Info)
	m.SetPrompt("link 12: https://example.org/"+strings.Repeat("path/", 30)+"\x1b]52;c;eA==\a", message.Info)
	for _, w := range []int{40, 80, 140} {
		m.SetWidth(w)
		v := ansi.Strip(m.View())
		if got := ansi.StringWidth(v); got > w {
			t.Errorf("width %d: line is %d wide", w, got)
		}
		for _, want := range []string{"45%", "link 12: https://example.org/pa", "…", "enter/o open"} {
			if !strings.Contains(v, want) && (w > 40 || want != "enter/o open") {
				t.Errorf("width %d: %q lacks %q", w, v, want)
			}
		}
		if strings.Contains(v, "Marked read") || strings.ContainsAny(v, "\x1b\a") {
			t.Errorf("width %d: %q", w, v)
		}
	}
	m.SetPrompt("", message.Info)
	if v := ansi.Strip(m.View()); strings.Contains(v, "link 12") || !strings.Contains(v, "Marked read") {
		t.Errorf("after the prompt: %q", v)
	}
}

// A path in a notice loses whole folders first, then the start of its
// name, never its end.
func TestNotifyPathCutsTheFolder(t *testing.T) {
	cases := []struct {
		width int
		want  string
	}{
		{120, " 1/9  Saved to /home/me/notes/tidings/a-long-story-name.md "},
		{50, " 1/9  Saved to …/tidings/a-long-story-name.md "},
		{40, " 1/9  Saved to …/a-long-story-name.md "},
		{30, " 1/9  Saved to …story-name.md "},
	}
	for _, c := range cases {
		m := New(theme.New(true, true).Status)
		m.SetPosition("1/9")
		m.SetWidth(c.width)
		m.NotifyPath("Saved to ", "/home/me/notes/tidings/a-long-story-name.md", message.Success)
		v := ansi.Strip(m.View())
		if !strings.HasPrefix(v, c.want) {
			t.Errorf("width %d: %q, want it to start %q", c.width, v, c.want)
		}
		if w := ansi.StringWidth(v); w != c.width {
			t.Errorf("width %d: line is %d wide", c.width, w)
		}
	}
}
