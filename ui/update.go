package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/link"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/reader"
	"github.com/tidings-app/tidings/ui/theme"
)

// update is the single dispatch: one small handler per message, and
// whatever no handler claims goes to the screen in front.
func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.handleResize(msg)
	case tea.BackgroundColorMsg:
		return m.handleBackground(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	case tea.PasteMsg:
		if m.screen == screenList && !m.paneOpen && !m.helpOpen {
			m.list, _ = m.list.Update(msg)
		}
		return m, nil
	case message.StoriesLoaded:
		return m.handleStories(msg)
	case message.FeedsLoaded:
		return m.handleFeeds(msg)
	case message.LastRefreshLoaded:
		return m.handleLastRefresh(msg)
	case message.StoryChosen:
		return m.openStory(msg.Story)
	case message.StepRequested:
		return m.handleStep(msg)
	case message.ReaderClosed:
		return m.handleReaderClosed()
	case message.ScopeChosen:
		return m.handleScope(msg)
	case message.ArticleLoaded:
		return m.handleArticle(msg)
	case message.ArticleRendered, spinner.TickMsg:
		var cmd tea.Cmd
		m.reader, cmd = m.reader.Update(msg)
		m.syncStatus()
		return m, cmd
	case message.RefreshProgressed:
		m.status.SetProgress(msg.Done, msg.Total)
		return m, msg.Next
	case message.RefreshFinished:
		return m.handleRefreshFinished(msg)
	case message.StoryStateSaved:
		return m.handleStateSaved(msg)
	case message.ArticleSaved:
		return m.handleSaved(msg)
	case reader.LinkChosen:
		return m.handleLinkChosen(msg)
	case message.BrowserOpened:
		if msg.Err != nil {
			out := m.fail("Could not open the browser", msg.Err)
			return m, out
		}
		out := m.status.Notify("Opened in the browser", message.Success)
		return m, out
	case message.Notified:
		out := m.status.Notify(msg.Text, msg.Kind)
		return m, out
	case message.NoticeExpired:
		m.status, _ = m.status.Update(msg)
		return m, nil
	case message.Tick:
		return m.handleTick(msg)
	case message.WatchTick:
		return m.handleWatchTick()
	case message.DataChecked:
		return m.handleDataChecked(msg)
	}
	return m, nil
}

func (m Model) handleResize(msg tea.WindowSizeMsg) (Model, tea.Cmd) {
	m.width, m.height = msg.Width, msg.Height
	cmd := m.layout()
	m.syncStatus()
	return m, cmd
}

// layout gives every component its share of the window: the status line
// takes the last row; the feeds pane sits beside the list when there is
// room for both, else in its place.
func (m *Model) layout() tea.Cmd {
	body := max(1, m.height-1)
	m.status.SetWidth(m.width)
	m.help.SetSize(m.width, body)
	pw, lw := m.paneWidths()
	m.feeds.SetSize(pw, body)
	m.list.SetSize(lw, body)
	m.list.SetFocused(!m.paneOpen)
	return m.reader.SetSize(m.width, body)
}

// paneWidths returns the widths of the feeds pane and the list.
func (m Model) paneWidths() (pane, list int) {
	if !m.paneOpen {
		return 0, m.width
	}
	if m.width >= 90 {
		pane = 32
		return pane, m.width - pane - 1
	}
	return m.width, m.width
}

func (m Model) handleBackground(msg tea.BackgroundColorMsg) (Model, tea.Cmd) {
	if m.themeFixed || msg.IsDark() == m.theme.Dark {
		return m, nil
	}
	return m, m.setTheme(theme.New(msg.IsDark(), m.theme.NoColor))
}

func (m *Model) setTheme(th theme.Theme) tea.Cmd {
	m.theme = th
	m.list.SetStyles(th.List)
	m.feeds.SetStyles(th.Feeds)
	m.status.SetStyles(th.Status)
	m.help.SetStyles(th.Help)
	return m.reader.SetTheme(th)
}

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
	if m.helpOpen {
		if key.Matches(msg, k.Help, k.Back) {
			m.helpOpen = false
			m.syncStatus()
			return m, nil
		}
		var cmd tea.Cmd
		m.help, cmd = m.help.Update(msg)
		m.syncStatus()
		return m, cmd
	}
	if m.screen == screenReader {
		// A link number takes its keys first: its enter, o and y act on
		// link n, not on the story.
		var cmd tea.Cmd
		var used bool
		if m.reader, cmd, used = m.reader.HandleLinkKey(msg); used {
			m.syncStatus()
			return m, cmd
		}
	}
	if m.screen == screenList && !m.paneOpen && m.list.Capturing() {
		var cmd tea.Cmd
		m.list, cmd = m.list.Update(msg)
		m.syncStatus()
		return m, cmd
	}
	if key.Matches(msg, k.Help) {
		m.openHelp()
		return m, nil
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

func (m Model) handleStories(msg message.StoriesLoaded) (Model, tea.Cmd) {
	if msg.Err != nil {
		out := m.fail("Could not read the stories", msg.Err)
		if !errors.Is(msg.Err, context.Canceled) {
			m.list.Fail("Could not read the stories: " + msg.Err.Error())
		}
		return m, out
	}
	if !msg.Complete && m.list.Complete() {
		return m, nil // the first page, late: the whole list is here
	}
	m.list.SetNow(m.opts.Now())
	added := m.list.SetStories(msg.Stories, msg.Complete)
	m.syncStatus()
	if !msg.Complete {
		return m, m.loadStories(0)
	}
	m.dataVersion, m.reloading = msg.Version, false
	if m.announce {
		m.announce = false
		if added > 0 {
			return m, m.status.Notify(newStories(added), message.Success)
		}
	}
	return m, nil
}

// handleWatchTick asks the database whether another process changed it,
// unless a check or a reload is already under way or the list has not
// been read whole yet (that read brings the version with it).
func (m Model) handleWatchTick() (Model, tea.Cmd) {
	if m.checking || m.reloading || !m.list.Complete() {
		return m, watch()
	}
	m.checking = true
	return m, tea.Batch(m.checkData(), watch())
}

// handleDataChecked reads the stories and feeds again when the database
// changed since the list was read: the new stories merge in, the cursor
// stays on its story, and the status line says how many arrived.
func (m Model) handleDataChecked(msg message.DataChecked) (Model, tea.Cmd) {
	m.checking = false
	if msg.Err != nil {
		// The next tick tries again; a store that cannot be read says
		// so on the next action.
		m.opts.Logf("checking the database for changes: %v", msg.Err)
		return m, nil
	}
	if msg.Version == m.dataVersion || m.reloading {
		return m, nil
	}
	m.reloading, m.announce = true, true
	return m, tea.Batch(m.loadStories(0), m.loadFeeds())
}

// newStories says how many stories arrived.
func newStories(n int) string {
	if n == 1 {
		return "1 new story"
	}
	return fmt.Sprintf("%d new stories", n)
}

func (m Model) handleFeeds(msg message.FeedsLoaded) (Model, tea.Cmd) {
	if msg.Err != nil {
		out := m.fail("Could not read the feeds", msg.Err)
		if !errors.Is(msg.Err, context.Canceled) {
			m.feeds.Fail("Could not read the feeds: " + msg.Err.Error())
		}
		return m, out
	}
	m.feedData = msg.Feeds
	m.feeds.SetFeeds(msg.Feeds)
	return m, nil
}

// handleLastRefresh starts a background refresh when the last one is
// older than the interval.
func (m Model) handleLastRefresh(msg message.LastRefreshLoaded) (Model, tea.Cmd) {
	m.lastRefresh = msg.At
	m.refreshChecked = true
	if m.refreshDue() {
		return m.startRefresh(nil, true)
	}
	return m, nil
}

func (m Model) refreshDue() bool {
	iv := m.opts.RefreshInterval
	return iv > 0 && m.refreshChecked && !m.refreshing && m.opts.Now().Sub(m.lastRefresh) >= iv
}

func (m Model) handleTick(msg message.Tick) (Model, tea.Cmd) {
	m.list.SetNow(m.opts.Now())
	if m.refreshDue() {
		mm, cmd := m.startRefresh(nil, true)
		return mm, tea.Batch(cmd, tick())
	}
	return m, tick()
}

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
	if !ok {
		text := "This is the last story"
		switch {
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

func (m Model) handleRefreshFinished(msg message.RefreshFinished) (Model, tea.Cmd) {
	m.refreshing = false
	m.list.SetRefreshing(false)
	m.lastRefresh = m.opts.Now()
	m.status.ClearProgress()
	m.offline = msg.Err == nil && msg.Failed > 0 && msg.Unreachable == msg.Feeds
	// Reading 10,000 stories again costs memory and time: only when the
	// refresh brought something, or when the database changed all the
	// same (a cron fetch stored stories this refresh then found known).
	cmds := []tea.Cmd{m.loadFeeds()}
	if msg.New > 0 || msg.Updated > 0 {
		m.reloading = true
		cmds = append(cmds, m.loadStories(0))
	} else if !m.checking {
		m.checking = true
		cmds = append(cmds, m.checkData())
	}
	switch {
	case errors.Is(msg.Err, context.Canceled):
	case msg.Err != nil:
		cmds = append(cmds, m.fail("Refresh failed", msg.Err))
	default:
		cmds = append(cmds, m.status.Notify(refreshSummary(msg, keys.Name(m.keys.FeedsPane)), refreshKind(msg)))
	}
	return m, tea.Batch(cmds...)
}

// refreshSummary says in one line what a refresh brought; paneKey is the
// key that shows the feeds' errors.
func refreshSummary(msg message.RefreshFinished, paneKey string) string {
	text := "Nothing new"
	switch {
	case msg.New == 1:
		text = "1 new story"
	case msg.New > 1:
		text = fmt.Sprintf("%d new stories", msg.New)
	case msg.Updated > 0:
		text = fmt.Sprintf("%d stories updated", msg.Updated)
	}
	why := "(" + paneKey + " shows why)"
	switch {
	case msg.Failed > 0 && msg.Unreachable == msg.Feeds:
		// Every server out of reach: the network, not the addresses.
		return "No feed's server could be reached: is the network down? " + why
	case msg.Failed == 1 && msg.Feeds == 1:
		return "The feed failed " + why
	case msg.Failed > 0 && msg.Failed == msg.Feeds:
		return fmt.Sprintf("All %d feeds failed %s", msg.Failed, why)
	case msg.Failed == 1:
		return text + "; 1 feed failed " + why
	case msg.Failed > 1:
		return fmt.Sprintf("%s; %d feeds failed %s", text, msg.Failed, why)
	}
	return text
}

func refreshKind(msg message.RefreshFinished) message.Kind {
	switch {
	case msg.Failed > 0 && msg.Failed == msg.Feeds:
		return message.Error
	case msg.New > 0:
		return message.Success
	}
	return message.Info
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
	case m.helpOpen:
		// On a small window the keys go on below the last row: say so,
		// and how to get there.
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
	case m.screen == screenReader:
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
			break
		}
		m.status.SetHints([]key.Binding{k.Next, k.Prev, k.OpenBrowser, k.Save, k.Back, k.Help})
	case m.paneOpen:
		m.status.SetPosition("Feeds")
		m.status.SetDetail(m.feeds.SelectedError())
		m.status.SetHints(append(paneBindings(k)[:3:3], k.Help))
	case m.list.Capturing():
		// Every key types into the filter: the list's keys would mislead
		// ("l open story" types an l).
		i, n := m.list.Position()
		m.status.SetPosition(fmt.Sprintf("%d/%d", i, n))
		m.status.SetHints([]key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep the filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop it")),
			key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		})
	default:
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
			hints = []key.Binding{k.Open, relabel(k.Back, "widen the list"), k.Filter, unread, k.FeedsPane, k.Help, keys.Without(k.Quit, k.Back.Keys()...)}
		}
		m.status.SetHints(hints)
	}
}
