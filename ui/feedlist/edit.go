package feedlist

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
)

// prompt is what the pane asks while it holds the keyboard.
type prompt int

const (
	promptNone   prompt = iota
	promptAdd           // the address of a feed to add
	promptRename        // the feed's new title
	promptRetag         // the feed's new tags, separated by commas
	promptRemove        // y to remove the feed
)

// maxInput bounds what is typed: an address or a title is far shorter,
// and a paste of a whole page must not grow the line for ever.
const maxInput = 2048

// Capturing reports whether a prompt holds the keyboard: every key goes
// to the pane until it is answered or cancelled.
func (m Model) Capturing() bool { return m.prompt != promptNone }

// Prompt is the question being asked with what was typed so far, for the
// status line ("Add a feed: https://example.org▏"); empty when none is.
func (m Model) Prompt() string {
	name := sanitize.Line(name(m.target))
	switch m.prompt {
	case promptAdd:
		return "Add a feed (its address, or a page's): " + tail(m.input) + "▏"
	case promptRename:
		return "New title (empty: its own): " + tail(m.input) + "▏"
	case promptRetag:
		return "Tags, comma-separated: " + tail(m.input) + "▏"
	case promptRemove:
		return fmt.Sprintf("Remove %q and its %s? y removes, any other key keeps it", name, stories(m.target.Total))
	}
	return ""
}

// PromptHints are the keys that answer the prompt, for the status line.
func (m Model) PromptHints() []key.Binding {
	if m.prompt == promptRemove {
		return []key.Binding{
			key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "remove")),
			key.NewBinding(key.WithKeys("n"), key.WithHelp("n/esc", "keep")),
		}
	}
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// tail keeps the end of a long input in view: that is where one types.
func tail(s string) string {
	const room = 60
	if n := utf8.RuneCountInString(s); n > room {
		r := []rune(s)
		return "…" + string(r[n-room:])
	}
	return s
}

func stories(n int) string {
	if n == 1 {
		return "1 story"
	}
	return fmt.Sprintf("%d stories", n)
}

// handleEditKey starts the change an edit key asks for; ok is false when
// the key is none of them. A feed the config file defines is refused at
// once with the reason: the file would undo the change at the next start.
func (m Model) handleEditKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	if key.Matches(msg, k.AddFeed) {
		m.prompt, m.input, m.target = promptAdd, "", feed.Feed{}
		return m, nil, true
	}
	if !key.Matches(msg, k.RemoveFeed, k.RenameFeed, k.RetagFeed, k.FeedText) {
		return m, nil, false
	}
	f, ok := m.selectedFeed()
	if !ok {
		return m, notify("Pick a feed first: that key changes the feed under the cursor", message.Error), true
	}
	if f.InConfig {
		what := "change it there"
		if key.Matches(msg, k.RemoveFeed) {
			what = "remove it there"
		}
		return m, notify(fmt.Sprintf("%q is defined in %s: %s", name(f), m.configName(), what), message.Error), true
	}
	m.target = f
	switch {
	case key.Matches(msg, k.RemoveFeed):
		m.prompt = promptRemove
	case key.Matches(msg, k.RenameFeed):
		m.prompt, m.input = promptRename, name(f)
	case key.Matches(msg, k.RetagFeed):
		var tags []string
		for _, t := range f.Tags {
			if t = sanitize.Line(t); t != "" {
				tags = append(tags, t)
			}
		}
		m.prompt, m.input = promptRetag, strings.Join(tags, ", ")
	case key.Matches(msg, k.FeedText):
		req := message.FeedEditRequested{Kind: message.FeedTextSet, FeedID: f.ID, Name: name(f), On: !f.FeedText}
		return m, func() tea.Msg { return req }, true
	}
	return m, nil, true
}

// handlePromptKey edits or answers the prompt.
func (m Model) handlePromptKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.prompt == promptRemove {
		f := m.target
		m.prompt, m.target = promptNone, feed.Feed{}
		if msg.String() != "y" {
			return m, notify(fmt.Sprintf("Kept %q", name(f)), message.Info)
		}
		req := message.FeedEditRequested{Kind: message.FeedRemove, FeedID: f.ID, Name: name(f)}
		return m, func() tea.Msg { return req }
	}
	switch msg.Code {
	case tea.KeyEscape:
		m.prompt, m.input = promptNone, ""
		return m, nil
	case tea.KeyEnter:
		return m.answer()
	case tea.KeyBackspace:
		if r := []rune(m.input); len(r) > 0 {
			m.input = string(r[:len(r)-1])
		}
		return m, nil
	}
	switch {
	case msg.Mod&tea.ModCtrl != 0 && msg.Code == 'u':
		m.input = ""
	case msg.Mod&tea.ModCtrl != 0 && msg.Code == 'w':
		in := strings.TrimRight(m.input, " ")
		m.input = in[:strings.LastIndexByte(in, ' ')+1]
	case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		m.Type(msg.Text)
	}
	return m, nil
}

// Type adds typed or pasted text to the prompt's input, without control
// characters.
func (m *Model) Type(text string) {
	if m.prompt == promptNone || m.prompt == promptRemove {
		return
	}
	t := sanitize.Line(text)
	if text == " " {
		t = " " // the space key alone, which Line would trim away
	}
	if len(m.input)+len(t) <= maxInput {
		m.input += t
	}
}

// answer sends the change the prompt asked for.
func (m Model) answer() (Model, tea.Cmd) {
	p, in, f := m.prompt, strings.TrimSpace(m.input), m.target
	m.prompt, m.input, m.target = promptNone, "", feed.Feed{}
	var req message.FeedEditRequested
	switch p {
	case promptAdd:
		if in == "" {
			return m, nil
		}
		req = message.FeedEditRequested{Kind: message.FeedAdd, Address: in}
	case promptRename:
		req = message.FeedEditRequested{Kind: message.FeedRename, FeedID: f.ID, Name: name(f), Title: in}
	case promptRetag:
		req = message.FeedEditRequested{Kind: message.FeedRetag, FeedID: f.ID, Name: name(f), Tags: SplitTags(in)}
	}
	return m, func() tea.Msg { return req }
}

// SplitTags reads tags typed as "world, tech": split at commas, trimmed,
// the empty and repeated ones dropped.
func SplitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimSpace(sanitize.Line(t))
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, t)
		}
		if t != "" && !dup {
			out = append(out, t)
		}
	}
	return out
}

// SelectedNote says what the status line should tell of the feed under
// the cursor: its last error, whole (the pane's line may be too narrow
// for it), else that it is read by its own text, which the pane's rows
// do not show.
func (m Model) SelectedNote() string {
	if e := m.SelectedError(); e != "" {
		return e
	}
	if f, ok := m.selectedFeed(); ok && f.FeedText {
		return "shows the feed's own text; " + keys.Name(m.keys.FeedText) + " fetches its pages again"
	}
	return ""
}

// selectedFeed returns the feed under the cursor.
func (m Model) selectedFeed() (feed.Feed, bool) {
	f, ok := m.feedsByID[m.SelectedFeedID()]
	return f, ok
}

// configName names the config file in messages.
func (m Model) configName() string {
	if m.configFile != "" {
		return m.configFile
	}
	return "config.toml"
}

func notify(text string, kind message.Kind) tea.Cmd {
	return func() tea.Msg { return message.Notified{Text: text, Kind: kind} }
}
