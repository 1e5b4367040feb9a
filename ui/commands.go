package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/message"
)

// Time limits of the backend's work, so that nothing hangs the program.
const (
	storeTimeout   = 15 * time.Second
	articleTimeout = 90 * time.Second
	refreshTimeout = 15 * time.Minute
	tickEvery      = 30 * time.Second
	// watchEvery is how often the database is asked whether another
	// process changed it: one PRAGMA when nothing did.
	watchEvery = 5 * time.Second
)

func tick() tea.Cmd {
	return tea.Tick(tickEvery, func(t time.Time) tea.Msg { return message.Tick{At: t} })
}

func watch() tea.Cmd {
	return tea.Tick(watchEvery, func(time.Time) tea.Msg { return message.WatchTick{} })
}

// loadStories reads the newest limit stories (0: all), with the data
// version read before them.
func (m Model) loadStories(limit int) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		v, err := b.DataVersion(ctx)
		if err != nil {
			v = "" // unknown: the next check reloads
		}
		s, err := b.Stories(ctx, limit)
		return message.StoriesLoaded{Stories: s, Complete: limit == 0 || len(s) < limit, Version: v, Err: err}
	}
}

// checkData reads the database's data version.
func (m Model) checkData() tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		v, err := b.DataVersion(ctx)
		return message.DataChecked{Version: v, Err: err}
	}
}

func (m Model) loadFeeds() tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		f, err := b.Feeds(ctx)
		return message.FeedsLoaded{Feeds: f, Err: err}
	}
}

func (m Model) loadLastRefresh() tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		at, err := b.LastRefresh(ctx)
		if err != nil {
			// Unknown: treat as never, so a refresh brings the feeds in.
			at = time.Time{}
		}
		return message.LastRefreshLoaded{At: at}
	}
}

// fetchArticle requests a story's article under a fresh id and remembers
// the request as the current one or the prefetch, so that moving on can
// cancel it and a late answer can be recognised.
func (m *Model) fetchArticle(s feed.Story, prefetch bool) tea.Cmd {
	return m.requestArticle(s, prefetch, false)
}

// reloadArticle is fetchArticle past every cache (Backend.Reload).
func (m *Model) reloadArticle(s feed.Story) tea.Cmd {
	return m.requestArticle(s, false, true)
}

func (m *Model) requestArticle(s feed.Story, prefetch, reload bool) tea.Cmd {
	m.nextID++
	id := m.nextID
	limit := m.articleTimeout
	ctx, cancel := context.WithTimeout(m.ctx, limit)
	f := &fetch{id: id, storyID: s.ID, cancel: cancel}
	if prefetch {
		m.prefetch = f
	} else {
		m.current = f
	}
	b := m.backend
	return func() tea.Msg {
		get := b.Article
		if reload {
			get = b.Reload
		}
		a, notice, err := get(ctx, s)
		if err == nil && a == nil {
			err = errors.New("nothing to show")
		}
		switch {
		case err == nil:
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			// Not "cancelled": that is dropped as a request left behind,
			// and the spinner would turn for ever.
			err = fmt.Errorf("gave up on the page after %s", limit)
		case ctx.Err() != nil:
			err = context.Canceled
		}
		return message.ArticleLoaded{ID: id, StoryID: s.ID, Article: a, Notice: notice, Err: err, Prefetch: prefetch}
	}
}

func (m Model) setRead(id int64, read bool) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		return message.StoryStateSaved{StoryID: id, Err: b.SetRead(ctx, id, read)}
	}
}

func (m Model) setStarred(id int64, starred bool) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		return message.StoryStateSaved{StoryID: id, Err: b.SetStarred(ctx, id, starred)}
	}
}

func (m Model) openBrowser(u string) tea.Cmd {
	if tb := m.opts.TerminalBrowser; tb != nil {
		if c := tb(u); c != nil {
			return tea.ExecProcess(c, func(err error) tea.Msg {
				if err != nil {
					return message.BrowserOpened{URL: u, Err: err}
				}
				return nil // back from the browser: nothing to report
			})
		}
	}
	open, ctx := m.opts.OpenURL, m.ctx
	if open == nil {
		return func() tea.Msg {
			return message.BrowserOpened{URL: u, Err: errors.New("no browser configured")}
		}
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		return message.BrowserOpened{URL: u, Err: open(ctx, u)}
	}
}

func (m Model) save(s feed.Story, a *feed.Article) tea.Cmd {
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, articleTimeout)
		defer cancel()
		p, err := b.Save(ctx, s, a)
		return message.ArticleSaved{Path: p, Err: err}
	}
}

// startRefresh runs a refresh of the feeds given (all when nil). The
// backend reports progress through a callback on its own goroutine; the
// reports are handed to the program one message at a time through a
// channel, each message carrying the command that waits for the next.
func (m Model) startRefresh(feedIDs []int64, background bool) (Model, tea.Cmd) {
	if m.refreshing {
		if background {
			return m, nil
		}
		out := m.status.Notify("A refresh is already running", message.Info)
		return m, out
	}
	m.refreshing = true
	m.list.SetRefreshing(true)
	m.status.SetProgress(0, max(1, len(feedIDs)))
	if len(feedIDs) == 0 {
		m.status.SetProgress(0, len(m.feedData))
	}
	ctx, b := m.ctx, m.backend
	ch := make(chan tea.Msg, 8)
	var wait tea.Cmd
	wait = func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		if p, isProgress := msg.(message.RefreshProgressed); isProgress {
			p.Next = wait
			return p
		}
		return msg
	}
	start := func() tea.Msg {
		go func() {
			defer close(ch)
			ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
			defer cancel()
			sum, err := b.Refresh(ctx, feedIDs, func(done, total int) {
				select {
				case ch <- message.RefreshProgressed{Done: done, Total: total}:
				case <-ctx.Done():
				}
			})
			fin := message.RefreshFinished{Feeds: sum.Feeds, Failed: sum.Failed, New: sum.New, Updated: sum.Updated, Unreachable: sum.Unreachable, Err: err}
			select {
			case ch <- fin:
			case <-ctx.Done():
			}
		}()
		return wait()
	}
	return m, start
}
