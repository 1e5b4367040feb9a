package ui

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/reader"
	"github.com/tidings-app/tidings/ui/theme"
)

// update is the single dispatch, one small handler per message: the
// terminal's events here, the rest in updateStories and updateOthers;
// whatever no handler claims is dropped.
func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.handleResize(msg)
	case tea.BackgroundColorMsg:
		return m.handleBackground(msg)
	case tea.ModeReportMsg:
		return m.handleModeReport(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	case tea.PasteMsg:
		return m.handlePaste(msg)
	}
	return m.updateStories(msg)
}

// handlePaste types pasted text into what has the focus: the list's
// filter, or a feed's field being edited in the feeds pane.
func (m Model) handlePaste(msg tea.PasteMsg) (Model, tea.Cmd) {
	if m.screen == screenList && !m.paneOpen && !m.helpOpen {
		m.list, _ = m.list.Update(msg)
	}
	if m.screen == screenList && m.paneOpen && m.feeds.Capturing() {
		m.feeds.Type(msg.Content)
		m.syncStatus()
	}
	return m, nil
}

// updateStories handles the stories, feeds and articles coming back from
// the backend and the steps between them.
func (m Model) updateStories(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
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
	case message.SearchRequested:
		return m.handleSearchRequested(msg)
	case message.SearchFinished:
		return m.handleSearchFinished(msg)
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
	}
	return m.updateOthers(msg)
}

// updateOthers handles links, notices, marks, the saved view, the clocks
// and the feeds pane's edits.
func (m Model) updateOthers(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
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
	case bulkMarked:
		return m.handleBulkMarked(msg)
	case viewLoaded:
		return m.handleViewLoaded(msg)
	case viewSaved:
		if msg.err != nil {
			m.opts.Logf("keeping the reader's view: %v", msg.err)
		}
		return m, nil
	case message.Tick:
		return m.handleTick(msg)
	case message.WatchTick:
		return m.handleWatchTick()
	case message.DataChecked:
		return m.handleDataChecked(msg)
	case message.FeedEditRequested:
		return m.editFeed(msg)
	case message.FeedEdited:
		return m.handleFeedEdited(msg)
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

// handleModeReport follows the renderer's measure of text. Bubble Tea asks
// the terminal whether it clusters graphemes (mode 2027); on any answer
// but "not recognised" its renderer turns clustering on and counts by
// grapheme cluster from then on. Laid out by one measure and drawn by
// the other, a Bengali line loses its end (tmux, which does not answer,
// sums code points).
func (m Model) handleModeReport(msg tea.ModeReportMsg) (Model, tea.Cmd) {
	if msg.Mode != ansi.ModeUnicodeCore {
		return m, nil
	}
	switch msg.Value {
	case ansi.ModeSet, ansi.ModeReset, ansi.ModePermanentlySet:
		return m, m.setWidthMethod(cells.Graphemes)
	}
	return m, nil
}

// setWidthMethod makes every screen count columns by measure.
func (m *Model) setWidthMethod(measure cells.Method) tea.Cmd {
	m.measure = measure
	m.list.SetWidthMethod(measure)
	m.feeds.SetWidthMethod(measure)
	m.status.SetWidthMethod(measure)
	m.help.SetWidthMethod(measure)
	return m.reader.SetWidthMethod(measure)
}

func (m *Model) setTheme(th theme.Theme) tea.Cmd {
	m.theme = th
	m.list.SetStyles(th.List)
	m.feeds.SetStyles(th.Feeds)
	m.status.SetStyles(th.Status)
	m.help.SetStyles(th.Help)
	return m.reader.SetTheme(th)
}
