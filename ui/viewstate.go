package ui

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/message"
)

// viewLoaded carries the view the reader was last left in.
type viewLoaded struct {
	view View
	err  error
}

// viewSaved is the store's answer to SaveView.
type viewSaved struct{ err error }

// currentView is what the reader shows now, as it is kept.
func (m Model) currentView() View {
	unread, sc := m.list.Kept()
	return View{UnreadOnly: unread, FeedsPane: m.paneOpen, FeedID: sc.FeedID, Tag: sc.Tag, Title: sc.Title}
}

// handleViewLoaded opens the reader as it was left. A feed or tag that
// is gone meanwhile leaves the list whole.
func (m Model) handleViewLoaded(msg viewLoaded) (Model, tea.Cmd) {
	m.viewReady = true
	if msg.err != nil {
		// A view is not worth more than a line in the log.
		m.opts.Logf("reading the reader's view: %v", msg.err)
		return m, nil
	}
	v := msg.view
	m.list.SetUnreadOnly(v.UnreadOnly)
	sc := message.Scope{FeedID: v.FeedID, Tag: v.Tag, Title: v.Title}
	if !sc.IsAll() && (m.feedData == nil || m.scopeExists(sc)) {
		m.list.SetScope(sc)
		m.feeds.Select(sc)
	}
	m.paneOpen = v.FeedsPane
	cmd := m.layout()
	m.syncStatus()
	return m, cmd
}

// scopeExists reports whether the feed or tag of sc is among the feeds.
func (m Model) scopeExists(sc message.Scope) bool {
	return slices.ContainsFunc(m.feedData, func(f feed.Feed) bool {
		if sc.FeedID != 0 {
			return f.ID == sc.FeedID
		}
		return slices.ContainsFunc(f.Tags, func(t string) bool { return strings.EqualFold(sanitize.Line(t), sc.Tag) })
	})
}

// dropLostScope widens the list when the feed or tag it is narrowed to is
// no longer there (removed from the shell, or from the config file).
func (m *Model) dropLostScope() {
	if sc := m.list.Scope(); !sc.IsAll() && !m.scopeExists(sc) {
		m.list.SetScope(message.Scope{})
	}
}

func (m Model) loadView() tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		v, err := b.View(ctx)
		return viewLoaded{view: v, err: err}
	}
}

func (m Model) saveView(v View) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		return viewSaved{err: b.SaveView(ctx, v)}
	}
}
