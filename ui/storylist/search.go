package storylist

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/message"
)

// searchResults is the list a full-text search put on screen, and the
// list it stands in front of.
type searchResults struct {
	query string
	// prev is the list as it was when Enter ran the search; back brings
	// it back, with the marks changed meanwhile.
	prev *Model
}

// searchRequested is the command Enter in the filter gives: the filter,
// the search's instant first stage, becomes a full-text search.
func searchRequested(query string) tea.Cmd {
	return func() tea.Msg { return message.SearchRequested{Query: query} }
}

// ShowResults puts the stories a full-text search for query found on
// screen, best first, in place of the list; they are moved in, opened and
// marked as the list's are, and back returns to the list as it was.
func (m *Model) ShowResults(query string, stories []feed.Story) {
	prev := *m
	if m.results != nil {
		// A search from the results: back still leads to the list.
		prev = *m.results.prev
	}
	prev.filtering = false
	m.results = &searchResults{query: query, prev: &prev}
	m.rows = makeRows(stories)
	m.view = nil // prev's view keeps its own array
	m.query, m.filtering, m.unreadOnly = "", false, false
	m.scope = message.Scope{}
	m.cursor, m.offset = 0, 0
	m.refilter()
}

// Results returns the query whose results are on screen; ok is false when
// the list is.
func (m Model) Results() (query string, ok bool) {
	if m.results == nil {
		return "", false
	}
	return m.results.query, true
}

// Kept returns the unread switch and the scope of the list, behind the
// results when they are shown: what the reader keeps across restarts is
// the list, not a search's view of it.
func (m Model) Kept() (unreadOnly bool, scope message.Scope) {
	if m.results != nil {
		return m.results.prev.unreadOnly, m.results.prev.scope
	}
	return m.unreadOnly, m.scope
}

// closeResults brings back the list the results stood in front of, at
// the size and in the colours the screen has now.
func (m *Model) closeResults() {
	prev := *m.results.prev
	prev.width, prev.height = m.width, m.height
	prev.styles, prev.now, prev.blurred = m.styles, m.now, m.blurred
	prev.refreshing = m.refreshing
	*m = prev
	m.refilterKeep()
}

// resultsTakeStories gives stories read again from the store (a refresh,
// another process) to the list behind the results, and their marks to
// the results.
func (m *Model) resultsTakeStories(stories []feed.Story, complete bool) int {
	added := m.results.prev.SetStories(stories, complete)
	state := make(map[int64]feed.Story, len(stories))
	for _, s := range stories {
		state[s.ID] = s
	}
	for i := range m.rows {
		if s, ok := state[m.rows[i].story.ID]; ok {
			m.rows[i].story.Read, m.rows[i].story.Starred = s.Read, s.Starred
		}
	}
	m.refilterKeep()
	return added
}

// makeRows cleans the strings of the stories the list shows once, when
// they arrive, rather than on every frame.
func makeRows(stories []feed.Story) []row {
	rows := make([]row, len(stories))
	// Thousands of stories share a few feed names: keep one copy of each.
	names := map[string]string{}
	for i, s := range stories {
		title := cleanLine(s.Title)
		if title == "" {
			title = "(untitled)"
		}
		name, ok := names[s.FeedTitle]
		if !ok {
			name = cleanLine(s.FeedTitle)
			names[s.FeedTitle] = name
		}
		s.FeedTitle = name
		rows[i] = row{story: s, title: title, feed: name}
	}
	return rows
}

// enterSearch is Enter in the filter: a query runs the full-text search,
// an empty one just closes the input.
func (m Model) enterSearch() (Model, tea.Cmd) {
	m.filtering = false
	if q := strings.TrimSpace(m.query); q != "" {
		return m, searchRequested(q)
	}
	return m, nil
}
