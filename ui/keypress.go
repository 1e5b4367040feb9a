package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/link"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/reader"
)

// handleKey routes a key: ctrl+c always quits; help, when open, takes
// everything; a text input, when it holds the keyboard, gets every key;
// then the actions on the current story, which work on every screen; then
// the screen in front.
func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if msg.String() == "ctrl+c" { // not remappable: the way out must always work
		return m.quit()
	}
	// The first run's welcome stays until a key is pressed; the key
	// then does what it always does.
	m.welcome = false
	if m.confirming {
		return m.answerConfirm(msg)
	}
	// The model comes back even when the key was not taken: a link
	// number's state may have moved.
	m, cmd, done := m.handleCapturedKey(msg)
	if done {
		return m, cmd
	}
	if key.Matches(msg, k.Help) {
		m.openHelp()
		return m, nil
	}
	if m.screen == screenList {
		if mm, cmd, done := m.handleBulkKey(msg); done {
			return mm, cmd
		}
	}
	if m.screen == screenList && m.paneOpen {
		return m.handlePaneKey(msg)
	}
	if s, ok := m.currentStory(); ok {
		if mm, cmd, done := m.handleStoryAction(msg, s); done {
			mm.syncStatus()
			return mm, cmd
		}
	}
	if key.Matches(msg, k.RefreshAll) {
		return m.startRefresh(nil, false)
	}
	return m.handleScreenKey(msg)
}

// handleCapturedKey gives the key to what holds the keyboard, if anything
// does: the help, the words to find in an article, a link number, a
// question of the feeds pane, the list's filter. done reports that it
// took the key.
func (m Model) handleCapturedKey(msg tea.KeyPressMsg) (_ Model, _ tea.Cmd, done bool) {
	k := m.keys
	if m.helpOpen {
		if key.Matches(msg, k.Help, k.Back) {
			m.helpOpen = false
			m.syncStatus()
			return m, nil, true
		}
		var cmd tea.Cmd
		m.help, cmd = m.help.Update(msg)
		m.syncStatus()
		return m, cmd, true
	}
	if m.screen == screenReader && m.reader.Finding() {
		// The words to find are being typed: every key is one of them.
		var cmd tea.Cmd
		m.reader, cmd = m.reader.Update(msg)
		m.syncStatus()
		return m, cmd, true
	}
	if m.screen == screenReader {
		// A link number takes its keys first: its enter, o and y act on
		// link n, not on the story.
		var cmd tea.Cmd
		var used bool
		if m.reader, cmd, used = m.reader.HandleLinkKey(msg); used {
			m.syncStatus()
			return m, cmd, true
		}
	}
	if m.screen == screenList && m.paneOpen && m.feeds.Capturing() {
		// A question of the pane's (an address, a title, "remove?")
		// takes every key, help's too.
		var cmd tea.Cmd
		m.feeds, cmd = m.feeds.Update(msg)
		m.syncStatus()
		return m, cmd, true
	}
	if m.screen == screenList && !m.paneOpen && m.list.Capturing() {
		var cmd tea.Cmd
		m.list, cmd = m.list.Update(msg)
		m.syncStatus()
		return m, cmd, true
	}
	return m, nil, false
}

// handleScreenKey gives the key to the screen in front, after the keys
// that work everywhere.
func (m Model) handleScreenKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	var cmd tea.Cmd
	switch m.screen {
	case screenReader:
		if key.Matches(msg, k.Quit) && !key.Matches(msg, k.Back) {
			return m.quit()
		}
		if key.Matches(msg, k.Reload) {
			return m.reloadStory()
		}
		m.reader, cmd = m.reader.Update(msg)
	default:
		switch {
		case key.Matches(msg, k.FeedsPane):
			m.paneOpen = true
			cmd = m.layout()
		case key.Matches(msg, k.Back) && m.list.HandlesBack():
			m.list, cmd = m.list.Update(msg)
		case key.Matches(msg, k.Quit):
			return m.quit()
		default:
			m.list, cmd = m.list.Update(msg)
		}
	}
	m.syncStatus()
	return m, cmd
}

// handlePaneKey drives the feeds pane: back or the pane key close it, r
// refreshes the feed (or tag) under the cursor.
func (m Model) handlePaneKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.FeedsPane, k.Back):
		m.paneOpen = false
		cmd = m.layout()
	case key.Matches(msg, k.Refresh):
		sc, ok := m.feeds.Chosen()
		if !ok {
			// The "Untagged" heading: its feeds, not every feed (which
			// is what no feed and no tag would mean).
			return m.startRefresh(m.untaggedFeedIDs(), false)
		}
		return m.startRefresh(m.feedIDs(sc.FeedID, sc.Tag), false)
	case key.Matches(msg, k.RefreshAll):
		return m.startRefresh(nil, false)
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Open):
		if _, ok := m.feeds.Chosen(); !ok {
			// Enter doing nothing looks broken: say why.
			cmd = m.status.Notify("Untagged is a heading: pick one of its feeds", message.Info)
			break
		}
		m.feeds, cmd = m.feeds.Update(msg)
	default:
		m.feeds, cmd = m.feeds.Update(msg)
	}
	m.syncStatus()
	return m, cmd
}

// feedIDs returns the feeds to refresh for a feed or a tag; nil (every
// feed) for neither.
func (m Model) feedIDs(feedID int64, tag string) []int64 {
	if feedID != 0 {
		return []int64{feedID}
	}
	if tag == "" {
		return nil
	}
	var ids []int64
	for _, f := range m.feedData {
		for _, t := range f.Tags {
			if strings.EqualFold(sanitize.Line(t), tag) {
				ids = append(ids, f.ID)
				break
			}
		}
	}
	return ids
}

// untaggedFeedIDs returns the feeds without a tag.
func (m Model) untaggedFeedIDs() []int64 {
	var ids []int64
	for _, f := range m.feedData {
		if !slices.ContainsFunc(f.Tags, func(t string) bool { return sanitize.Line(t) != "" }) {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// currentStory is the story actions apply to: the one open in the
// reader, else the one under the list's cursor.
func (m Model) currentStory() (feed.Story, bool) {
	if m.screen == screenReader {
		s := m.reader.Story()
		if fresh, ok := m.list.Story(s.ID); ok {
			s.Read, s.Starred = fresh.Read, fresh.Starred
		}
		return s, true
	}
	return m.list.Selected()
}

// handleStoryAction runs the actions that work on the current story from
// any screen. done is false when the key is none of them.
func (m Model) handleStoryAction(msg tea.KeyPressMsg, s feed.Story) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.ToggleRead):
		s.Read = !s.Read
		m.list.SetState(s.ID, s.Read, s.Starred)
		what := "Marked unread"
		if s.Read {
			what = "Marked read"
		}
		out := tea.Batch(m.setRead(s.ID, s.Read), m.status.Notify(what, message.Info))
		return m, out, true
	case key.Matches(msg, k.Star):
		s.Starred = !s.Starred
		m.list.SetState(s.ID, s.Read, s.Starred)
		what := "Unstarred"
		if s.Starred {
			what = "Starred"
		}
		out := tea.Batch(m.setStarred(s.ID, s.Starred), m.status.Notify(what, message.Info))
		return m, out, true
	case key.Matches(msg, k.OpenBrowser):
		u, ok := browsable(s.URL)
		if !ok {
			out := m.status.Notify("This story has no web address tidings will open", message.Error)
			return m, out, true
		}
		return m, m.openBrowser(u), true
	case key.Matches(msg, k.CopyURL):
		u, ok := copyable(s.URL)
		if !ok {
			out := m.status.Notify("This story has no web address tidings will copy", message.Error)
			return m, out, true
		}
		out := tea.Batch(tea.SetClipboard(u), m.status.Notify("Copied the URL (OSC 52)", message.Success))
		return m, out, true
	case key.Matches(msg, k.Save):
		var a *feed.Article
		if m.screen == screenReader {
			a = m.reader.Article()
		} else if c, ok := m.cache[s.ID]; ok {
			a = c.article
		}
		out := tea.Batch(m.save(s, a), m.status.Notify("Saving…", message.Info))
		return m, out, true
	case key.Matches(msg, k.Refresh):
		mm, cmd := m.startRefresh([]int64{s.FeedID}, false)
		return mm, cmd, true
	}
	return m, nil, false
}

// handleLinkChosen opens link n of the article, or copies it, the way o
// and y do for the story's own address.
func (m Model) handleLinkChosen(msg reader.LinkChosen) (Model, tea.Cmd) {
	if msg.Copy {
		u, ok := copyable(msg.URL)
		if !ok {
			out := m.status.Notify(fmt.Sprintf("Link %d is not a web address tidings will copy", msg.N), message.Error)
			return m, out
		}
		out := tea.Batch(tea.SetClipboard(u), m.status.Notify(fmt.Sprintf("Copied link %d (OSC 52)", msg.N), message.Success))
		return m, out
	}
	u, ok := browsable(msg.URL)
	if !ok {
		out := m.status.Notify(fmt.Sprintf("Link %d is not a web address tidings will open", msg.N), message.Error)
		return m, out
	}
	return m, m.openBrowser(u)
}

// browsable returns the URL if it is a web page a browser may be given:
// http or https only (feed/link's one check), so a feed cannot make
// tidings run javascript: or open a local file.
func browsable(raw string) (string, bool) {
	return link.Web(sanitize.Line(raw))
}

// copyable returns the URL if it may go to the clipboard: an http, https
// or mailto address, the links o would open or a mail client would take.
// A javascript: or data: URL pasted into an address bar runs.
func copyable(raw string) (string, bool) {
	return link.Absolute(sanitize.Line(raw))
}

func (m Model) handleWheel(msg tea.MouseWheelMsg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case m.helpOpen:
		m.help, cmd = m.help.Update(msg)
	case m.screen == screenReader:
		m.reader, cmd = m.reader.Update(msg)
	case m.paneOpen && (m.width < 90 || msg.X < 32):
		m.feeds, cmd = m.feeds.Update(msg)
	default:
		m.list, cmd = m.list.Update(msg)
	}
	m.syncStatus()
	return m, cmd
}
