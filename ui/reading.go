package ui

import (
	"context"
	"errors"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/message"
)

// openStory shows a story in the reader: at once from the session's cache,
// else from the prefetch already under way, else from a new request (the
// request for the story left behind is cancelled). Opening marks it read.
func (m Model) openStory(s feed.Story) (Model, tea.Cmd) {
	m.status.ClearNotice()
	m.screen = screenReader
	m.helpOpen = false
	var cmds []tea.Cmd
	cmds = append(cmds, m.reader.Open(s))
	if m.current != nil && m.current.storyID != s.ID {
		m.current.cancel()
		m.current = nil
	}
	if !s.Read {
		s.Read = true
		m.list.SetState(s.ID, true, s.Starred)
		cmds = append(cmds, m.setRead(s.ID, true))
	}
	switch c, ok := m.cache[s.ID]; {
	case ok:
		m.touch(s.ID)
		cmds = append(cmds, m.reader.SetArticle(c.article, c.notice), m.prefetchNext(s.ID))
	case m.prefetch != nil && m.prefetch.storyID == s.ID:
		m.current, m.prefetch = m.prefetch, nil
	case m.current == nil:
		cmds = append(cmds, m.fetchArticle(s, false))
	}
	m.syncStatus()
	return m, tea.Batch(cmds...)
}

// reloadStory fetches and cleans the open story's page again: the copy
// in memory and in the store's cache is dropped, the request in flight
// cancelled.
func (m Model) reloadStory() (Model, tea.Cmd) {
	s := m.reader.Story()
	m.forget(s.ID)
	if m.current != nil {
		m.current.cancel()
		m.current = nil
	}
	if m.prefetch != nil && m.prefetch.storyID == s.ID {
		m.prefetch.cancel()
		m.prefetch = nil
	}
	cmds := []tea.Cmd{m.reader.Open(s), m.reloadArticle(s), m.status.Notify("Reloading the page…", message.Info)}
	m.syncStatus()
	return m, tea.Batch(cmds...)
}

func (m Model) handleStep(msg message.StepRequested) (Model, tea.Cmd) {
	cur := m.reader.Story()
	next, ok := m.list.Neighbour(cur.ID, msg.Delta, msg.UnreadOnly)
	if !ok && msg.Wrap {
		next, ok = m.list.FirstUnread(cur.ID)
	}
	if !ok {
		text := "This is the last story"
		switch {
		case msg.Wrap:
			text = "No more unread stories"
		case msg.UnreadOnly:
			text = "No unread story after this one"
		case msg.Delta < 0:
			text = "This is the first story"
		}
		out := m.status.Notify(text, message.Info)
		return m, out
	}
	m.list.Select(next.ID)
	return m.openStory(next)
}

func (m Model) handleReaderClosed() (Model, tea.Cmd) {
	m.reader.Close()
	if m.current != nil {
		m.current.cancel()
		m.current = nil
	}
	m.screen = screenList
	m.list.Select(m.reader.Story().ID)
	m.syncStatus()
	return m, nil
}

func (m Model) handleScope(msg message.ScopeChosen) (Model, tea.Cmd) {
	m.list.SetScope(msg.Scope)
	m.paneOpen = false
	cmd := m.layout()
	m.syncStatus()
	return m, cmd
}

// handleArticle takes an article result: it is cached whatever its age,
// shown only if it answers the request of the story open, and followed by
// the prefetch of the next story.
func (m Model) handleArticle(msg message.ArticleLoaded) (Model, tea.Cmd) {
	if errors.Is(msg.Err, context.Canceled) {
		return m, nil // we moved on and cancelled it
	}
	if msg.Article != nil {
		m.remember(msg.StoryID, cached{msg.Article, msg.Notice})
		if m.fromPage(msg) {
			m.list.SetCached(msg.StoryID)
		}
	}
	if m.prefetch != nil && m.prefetch.id == msg.ID {
		m.prefetch.cancel()
		m.prefetch = nil
	}
	if m.current == nil || m.current.id != msg.ID {
		if msg.Err != nil && !msg.Prefetch {
			m.opts.Logf("article of story %d (stale request): %v", msg.StoryID, msg.Err)
		}
		return m, nil
	}
	m.current.cancel()
	m.current = nil
	if m.screen != screenReader || m.reader.Story().ID != msg.StoryID {
		return m, nil
	}
	if msg.Err != nil {
		m.opts.Logf("article of story %d: %v", msg.StoryID, msg.Err)
		m.reader.SetError(msg.Err)
		m.syncStatus()
		return m, nil
	}
	cmd := m.reader.SetArticle(msg.Article, msg.Notice)
	m.syncStatus()
	out := tea.Batch(cmd, m.prefetchNext(msg.StoryID))
	return m, out
}

// fromPage reports whether a loaded article was made from the story's
// page, which the backend caches: not the feed's text shown with a notice
// saying why, nor that of a feed read by its own text, which is not cached.
func (m Model) fromPage(msg message.ArticleLoaded) bool {
	if msg.Notice != "" {
		return false
	}
	s, ok := m.list.Story(msg.StoryID)
	if !ok {
		return false
	}
	for _, f := range m.feedData {
		if f.ID == s.FeedID {
			return !f.FeedText
		}
	}
	return true
}

// prefetchNext loads the article of the story after id, so that the next
// story opens at once.
func (m *Model) prefetchNext(id int64) tea.Cmd {
	next, ok := m.list.Neighbour(id, 1, false)
	if !ok {
		return nil
	}
	if _, ok := m.cache[next.ID]; ok {
		return nil
	}
	if m.prefetch != nil {
		if m.prefetch.storyID == next.ID {
			return nil
		}
		m.prefetch.cancel()
		m.prefetch = nil
	}
	return m.fetchArticle(next, true)
}

// remember caches an article, forgetting the least recently used beyond
// cacheSize articles or cacheBytes of text: a few pages that are one huge
// list must not hold hundreds of megabytes (issue 15), prefetched or not.
func (m *Model) remember(id int64, c cached) {
	if old, ok := m.cache[id]; ok {
		m.cacheUsed -= old.size()
	}
	m.cache[id] = c
	m.cacheUsed += c.size()
	m.touch(id)
	for len(m.cacheLRU) > 1 && (len(m.cacheLRU) > cacheSize || m.cacheUsed > cacheBytes) {
		old := m.cacheLRU[0]
		m.cacheLRU = m.cacheLRU[1:]
		m.cacheUsed -= m.cache[old].size()
		delete(m.cache, old)
	}
}

// forget drops an article from the cache.
func (m *Model) forget(id int64) {
	if c, ok := m.cache[id]; ok {
		m.cacheUsed -= c.size()
		delete(m.cache, id)
		m.cacheLRU = slices.DeleteFunc(m.cacheLRU, func(x int64) bool { return x == id })
	}
}

func (m *Model) touch(id int64) {
	for i, x := range m.cacheLRU {
		if x == id {
			m.cacheLRU = append(m.cacheLRU[:i], m.cacheLRU[i+1:]...)
			break
		}
	}
	m.cacheLRU = append(m.cacheLRU, id)
}

func (m Model) handleStateSaved(msg message.StoryStateSaved) (Model, tea.Cmd) {
	if msg.Err != nil {
		// Show what the store really holds.
		out := tea.Batch(m.fail("Could not save the story's state", msg.Err), m.loadStories(0))
		return m, out
	}
	return m, m.loadFeeds()
}

func (m Model) handleSaved(msg message.ArticleSaved) (Model, tea.Cmd) {
	if msg.Err != nil {
		out := m.fail("Not saved", msg.Err)
		return m, out
	}
	out := m.status.NotifyPath("Saved to ", sanitize.Line(msg.Path), message.Success)
	return m, out
}
