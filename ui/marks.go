package ui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
)

// bulkMarked is the store's answer to a bulk change of read marks: ids
// are the stories it changed.
type bulkMarked struct {
	ids  []int64
	undo bool
	err  error
}

// handleBulkKey runs the bulk actions of the list and the feeds pane:
// mark what the list shows (in the pane: the feed or tag under the
// cursor) read, mark every feed read (after a y/n question), undo the
// last of them. done is false when the key is none of them.
func (m Model) handleBulkKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.MarkAllRead) && m.paneOpen:
		mm, cmd := m.markPaneRead()
		return mm, cmd, true
	case key.Matches(msg, k.MarkAllRead):
		mm, cmd := m.markShownRead()
		return mm, cmd, true
	case key.Matches(msg, k.Undo):
		mm, cmd := m.undoBulk()
		return mm, cmd, true
	case key.Matches(msg, k.MarkFeedsRead):
		if !m.list.Complete() {
			return m, m.status.Notify("The stories are still loading: try again in a moment", message.Info), true
		}
		if m.list.Unread() == 0 {
			return m, m.status.Notify("No unread stories", message.Info), true
		}
		m.confirming = true
		m.syncStatus()
		return m, nil, true
	}
	return m, nil, false
}

// markShownRead marks read every unread story the list shows, those
// scrolled off too: in the feed, the tag or the filter in force, exactly
// what the user sees listed.
func (m Model) markShownRead() (Model, tea.Cmd) {
	if !m.list.Complete() {
		// Marking the first page alone would leave most of a feed unread.
		return m, m.status.Notify("The stories are still loading: try again in a moment", message.Info)
	}
	return m.markIDsRead(m.list.UnreadShown(), "")
}

// markPaneRead marks read every unread story of the feed or tag under the
// feeds pane's cursor (every feed on "All stories").
func (m Model) markPaneRead() (Model, tea.Cmd) {
	if !m.list.Complete() {
		return m, m.status.Notify("The stories are still loading: try again in a moment", message.Info)
	}
	sc, ok := m.feeds.Chosen()
	feeds, name := m.feedIDs(sc.FeedID, sc.Tag), sanitize.Line(sc.Title)
	if !ok {
		feeds, name = m.untaggedFeedIDs(), "Untagged"
	}
	switch {
	case ok && sc.IsAll():
		name = "every feed"
	case feeds == nil:
		feeds = []int64{} // a tag without feeds: none, not all
	}
	return m.markIDsRead(m.list.UnreadOf(feeds), name)
}

// markIDsRead marks the stories with ids read, those of the list named
// name when it is not empty.
func (m Model) markIDsRead(ids []int64, name string) (Model, tea.Cmd) {
	if len(ids) == 0 {
		return m, m.status.Notify("No unread stories here", message.Info)
	}
	m.list.SetRead(ids, true)
	m.undo = nil // the answer brings the new one
	m.syncStatus()
	what := storyCount(len(ids))
	if name != "" {
		what += " of " + name
	}
	text := fmt.Sprintf("Marked %s read (%s undoes)", what, keys.Name(m.keys.Undo))
	return m, tea.Batch(m.markRead(ids), m.status.Notify(text, message.Success))
}

// answerConfirm takes the key pressed at the question of
// mark_all_feeds_read: y marks every story of every feed read, any other
// key leaves them.
func (m Model) answerConfirm(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	m.confirming = false
	if msg.String() != "y" && msg.String() != "Y" {
		m.syncStatus()
		return m, m.status.Notify("Nothing marked", message.Info)
	}
	n := m.list.Unread()
	m.list.SetRead(nil, true)
	m.undo = nil
	m.syncStatus()
	text := fmt.Sprintf("Marked every feed read: %s (%s undoes)", storyCount(n), keys.Name(m.keys.Undo))
	return m, tea.Batch(m.markAllRead(), m.status.Notify(text, message.Success))
}

// confirmQuestion is the question mark_all_feeds_read asks.
func (m Model) confirmQuestion() string {
	return fmt.Sprintf("Mark all %s of every feed read? y/n", unreadCount(m.list.Unread()))
}

// undoBulk marks unread again exactly the stories the last bulk change
// marked read, and no story that was read before it.
func (m Model) undoBulk() (Model, tea.Cmd) {
	if len(m.undo) == 0 {
		return m, m.status.Notify("Nothing to undo", message.Info)
	}
	ids := m.undo
	m.undo = nil
	m.list.SetRead(ids, false)
	m.syncStatus()
	text := fmt.Sprintf("Marked %s unread again", storyCount(len(ids)))
	return m, tea.Batch(m.markUnread(ids), m.status.Notify(text, message.Success))
}

func (m Model) handleBulkMarked(msg bulkMarked) (Model, tea.Cmd) {
	if msg.err != nil {
		// Show what the store really holds.
		what := "Could not mark the stories read"
		if msg.undo {
			what = "Could not mark the stories unread"
		}
		return m, tea.Batch(m.fail(what, msg.err), m.loadStories(0), m.loadFeeds())
	}
	if !msg.undo {
		m.undo = msg.ids
	}
	return m, m.loadFeeds() // the pane's unread counts
}

func (m Model) markRead(ids []int64) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		changed, err := b.MarkRead(ctx, ids)
		return bulkMarked{ids: changed, err: err}
	}
}

func (m Model) markAllRead() tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		changed, err := b.MarkAllRead(ctx)
		return bulkMarked{ids: changed, err: err}
	}
}

func (m Model) markUnread(ids []int64) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		return bulkMarked{ids: ids, undo: true, err: b.MarkUnread(ctx, ids)}
	}
}

// storyCount says "1 story" or "12 stories".
func storyCount(n int) string {
	if n == 1 {
		return "1 story"
	}
	return fmt.Sprintf("%d stories", n)
}

// unreadCount says "1 unread story" or "12 unread stories".
func unreadCount(n int) string {
	if n == 1 {
		return "1 unread story"
	}
	return fmt.Sprintf("%d unread stories", n)
}
