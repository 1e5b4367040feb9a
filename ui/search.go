package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/message"
)

// searchLimit is how many results a search in the reader lists: far more
// than anyone reads, few enough to arrive at once.
const searchLimit = 500

// handleSearchRequested runs the full-text search Enter asked for.
func (m Model) handleSearchRequested(msg message.SearchRequested) (Model, tea.Cmd) {
	ctx, b, q := m.ctx, m.backend, msg.Query
	run := func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, storeTimeout)
		defer cancel()
		s, err := b.Search(ctx, q, searchLimit)
		return message.SearchFinished{Query: q, Stories: s, Err: err}
	}
	return m, tea.Batch(run, m.status.Notify(fmt.Sprintf("Searching for %q…", sanitize.Line(q)), message.Info))
}

// handleSearchFinished shows a search's results in place of the list, or
// says why there are none.
func (m Model) handleSearchFinished(msg message.SearchFinished) (Model, tea.Cmd) {
	q := sanitize.Line(msg.Query)
	switch {
	case errors.Is(msg.Err, context.Canceled) && m.ctx.Err() != nil:
		return m, nil
	case msg.Err != nil:
		// The query's own mistakes come as "search: what to type".
		if text, ok := strings.CutPrefix(msg.Err.Error(), "search: "); ok {
			return m, m.status.Notify("Search: "+sanitize.Line(text), message.Error)
		}
		return m, m.fail("Could not search", msg.Err)
	case len(msg.Stories) == 0:
		return m, m.status.Notify(fmt.Sprintf("No stories match %q", q), message.Info)
	}
	m.list.ShowResults(q, msg.Stories)
	// The header names the search, the hints the way back: "Searching…"
	// has said all it had to.
	m.status.ClearNotice()
	m.syncStatus()
	return m, nil
}
