package ui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
)

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
	first := m.feedData == nil
	m.feedData = msg.Feeds
	m.feeds.SetFeeds(msg.Feeds)
	m.dropLostScope()
	if first {
		// The pane opens on the feed or tag the list was left on.
		m.feeds.Select(m.list.Scope())
	}
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
