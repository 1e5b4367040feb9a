package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/message"
)

// FeedAdded is what adding a feed from the reader did. It is feed's, so
// that the backend (feed/library) need not import ui.
type FeedAdded = feed.Added

// editFeed runs a change the feeds pane asked for.
func (m Model) editFeed(req message.FeedEditRequested) (Model, tea.Cmd) {
	ctx, b := m.ctx, m.backend
	run := func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
		defer cancel()
		text, err := doEdit(ctx, b, req)
		return message.FeedEdited{Req: req, Text: text, Err: err}
	}
	if req.Kind == message.FeedAdd {
		// Discovery and the first download take a while: say so.
		return m, tea.Batch(run, m.status.Notify("Adding "+sanitize.Line(req.Address)+"…", message.Info))
	}
	return m, run
}

// doEdit asks the backend for the change and says in one line what it did.
func doEdit(ctx context.Context, b Backend, req message.FeedEditRequested) (string, error) {
	name := sanitize.Line(req.Name)
	switch req.Kind {
	case message.FeedAdd:
		a, err := b.AddFeed(ctx, req.Address)
		if err != nil {
			return "", err
		}
		t := fmt.Sprintf("Added %q: %s", sanitize.Line(firstNonEmpty(a.Title, a.URL)), plural(a.New, "story", "stories"))
		if len(a.Others) > 0 {
			t += fmt.Sprintf("; the page advertises %s (tidings feeds add lists them)", plural(len(a.Others), "other feed", "other feeds"))
		}
		return t, nil
	case message.FeedRemove:
		return fmt.Sprintf("Removed %q", name), b.RemoveFeed(ctx, req.FeedID)
	case message.FeedRename:
		t := fmt.Sprintf("Renamed %q to %q", name, sanitize.Line(req.Title))
		if strings.TrimSpace(req.Title) == "" {
			t = fmt.Sprintf("%q has its own title again", name)
		}
		return t, b.RenameFeed(ctx, req.FeedID, req.Title)
	case message.FeedRetag:
		t := fmt.Sprintf("%q has no tags now", name)
		if len(req.Tags) > 0 {
			t = fmt.Sprintf("Tagged %q %s", name, "#"+strings.Join(req.Tags, " #"))
		}
		return t, b.RetagFeed(ctx, req.FeedID, req.Tags)
	case message.FeedTextSet:
		t := fmt.Sprintf("%q: its pages are fetched and cleaned", name)
		if req.On {
			t = fmt.Sprintf("%q: the feed's own text is shown, its pages are not fetched", name)
		}
		return t, b.SetFeedText(ctx, req.FeedID, req.On)
	}
	return "", fmt.Errorf("unknown change to the feeds (%d)", req.Kind)
}

// handleFeedEdited says what the change did and reads the feeds and
// stories again: a feed added brings stories, a removed one takes them.
func (m Model) handleFeedEdited(msg message.FeedEdited) (Model, tea.Cmd) {
	if msg.Err != nil {
		what := "Could not change the feeds"
		switch msg.Req.Kind {
		case message.FeedAdd:
			what = "Could not add " + sanitize.Line(msg.Req.Address)
		case message.FeedRemove:
			what = fmt.Sprintf("Could not remove %q", sanitize.Line(msg.Req.Name))
		case message.FeedRename, message.FeedRetag, message.FeedTextSet:
			what = fmt.Sprintf("Could not change %q", sanitize.Line(msg.Req.Name))
		}
		return m, m.fail(what, msg.Err)
	}
	if msg.Req.Kind == message.FeedTextSet {
		// Articles already in memory were made the other way.
		m.cache, m.cacheLRU, m.cacheUsed = map[int64]cached{}, nil, 0
	}
	m.reloading = true
	out := m.status.Notify(msg.Text, message.Success)
	return m, tea.Batch(out, m.loadStories(0), m.loadFeeds())
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
