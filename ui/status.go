package ui

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/reader"
)

// fail shows what failed in one short sentence and logs the details.
func (m *Model) fail(what string, err error) tea.Cmd {
	if errors.Is(err, context.Canceled) && m.ctx.Err() != nil {
		return nil // the program is ending: nothing failed
	}
	m.opts.Logf("%s: %v", what, err)
	return m.status.Notify(fmt.Sprintf("%s: %s", what, sanitize.Line(err.Error())), message.Error)
}

func (m *Model) openHelp() {
	m.helpOpen = true
	m.help.SetGroups(m.helpGroups())
	m.syncStatus()
}

func (m Model) quit() (Model, tea.Cmd) {
	m.quitting = true
	m.cancel()
	return m, tea.Quit
}

// syncStatus tells the status line where the user is and which keys
// matter now.
func (m *Model) syncStatus() {
	k := m.keys
	m.status.SetDetail("")
	m.status.SetPrompt("", message.Info)
	switch {
	case m.confirming:
		// Every key answers: y marks every feed read, any other leaves
		// them.
		m.status.SetPrompt(m.confirmQuestion(), message.Info)
		m.status.SetHints([]key.Binding{
			key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
			key.NewBinding(key.WithKeys("n"), key.WithHelp("any other key", "no")),
		})
	case m.helpOpen:
		m.syncHelpStatus()
	case m.screen == screenReader:
		m.syncReaderStatus()
	case m.paneOpen && m.feeds.Capturing():
		m.status.SetPosition("Feeds")
		m.status.SetPrompt(m.feeds.Prompt(), message.Info)
		m.status.SetHints(m.feeds.PromptHints())
	case m.paneOpen:
		m.status.SetPosition("Feeds")
		m.status.SetDetail(m.feeds.SelectedNote())
		m.status.SetHints(append(paneBindings(k)[:3:3], k.Help))
	case m.list.Capturing():
		// Every key types into the filter: the list's keys would mislead
		// ("l open story" types an l).
		i, n := m.list.Position()
		m.status.SetPosition(fmt.Sprintf("%d/%d", i, n))
		m.status.SetHints([]key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search all text")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop it")),
			key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		})
	default:
		m.syncListStatus()
	}
}

// syncHelpStatus is the status line over the help: on a small window the
// keys go on below the last row, so it says so, and how to get there.
func (m *Model) syncHelpStatus() {
	k := m.keys
	m.status.SetPosition("Help")
	m.status.SetHints(nil)
	if p, scrolls := m.help.Scroll(); scrolls {
		m.status.SetPosition(fmt.Sprintf("Help %3.0f%%", p*100))
		move := relabel(k.Down, "more")
		if p >= 1 {
			// Nothing more below: "more" would send the user down a
			// dead end.
			move = relabel(k.Up, "back up")
		}
		m.status.SetHints([]key.Binding{move, relabel(k.Help, "close")})
	}
}

// syncReaderStatus is the status line under an article: how far down it
// is, and the prompt of a link being picked or a word being found.
func (m *Model) syncReaderStatus() {
	k := m.keys
	pos := "…"
	if m.reader.State() == reader.Ready {
		pos = fmt.Sprintf("%3.0f%%", m.reader.ScrollPercent()*100)
	}
	m.status.SetPosition(pos)
	if m.reader.PickingLink() {
		text, ok := m.reader.LinkPrompt()
		kind := message.Info
		if !ok {
			kind = message.Error
		}
		m.status.SetPrompt(text, kind)
		m.status.SetHints(m.reader.LinkHints())
		return
	}
	if text, missed, ok := m.reader.FindPrompt(); ok {
		kind := message.Info
		if missed {
			kind = message.Error
		}
		m.status.SetPrompt(text, kind)
		m.status.SetHints(m.reader.FindHints())
		return
	}
	m.status.SetHints([]key.Binding{k.Next, k.Prev, k.OpenBrowser, k.Save, k.Back, k.Help})
}

// syncListStatus is the status line under the list of stories.
func (m *Model) syncListStatus() {
	k := m.keys
	i, n := m.list.Position()
	m.status.SetPosition(fmt.Sprintf("%d/%d", i, n))
	unread := k.UnreadOnly
	if m.list.UnreadOnly() {
		unread = relabel(unread, "show read too")
	}
	hints := []key.Binding{k.Open, k.Filter, unread, k.FeedsPane, k.RefreshAll, k.Help, k.Quit}
	if m.list.HandlesBack() {
		// q drops the filter or the feed first: saying "q quit"
		// here would be a lie.
		back := relabel(k.Back, "widen the list")
		if _, ok := m.list.Results(); ok && m.list.Query() == "" {
			back = relabel(k.Back, "back to the list")
		}
		hints = []key.Binding{k.Open, back, k.Filter, unread, k.FeedsPane, k.Help, keys.Without(k.Quit, k.Back.Keys()...)}
	}
	m.status.SetHints(hints)
}
