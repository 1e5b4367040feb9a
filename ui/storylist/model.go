// Package storylist is the start screen of tidings: the stories of every
// feed, newest first, unread ones standing out, with a fuzzy filter over
// title and feed, an unread-only switch, and a scope (one feed or one tag)
// chosen in the feeds pane.
package storylist

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

// row is a story with the strings the list shows and filters on, cleaned
// once when the stories arrive rather than on every frame.
type row struct {
	story feed.Story
	title string
	feed  string
}

// Model is the story list.
type Model struct {
	keys   keys.Map
	styles theme.ListStyles
	// measure counts columns as the screen draws them.
	measure cells.Method

	rows []row
	// view holds indices into rows of the stories shown, in order.
	view           []int
	cursor, offset int
	width, height  int

	unreadOnly bool
	scope      message.Scope
	query      string
	filtering  bool
	blurred    bool // the feeds pane has the keyboard
	loaded     bool
	// failed is why the stories could not be read, shown in place of
	// the list (a damaged database would otherwise leave "Loading…").
	failed     string
	complete   bool
	refreshing bool
	now        time.Time
	// results, when set, are a full-text search's stories shown in
	// place of the list.
	results *searchResults
}

// New returns an empty list; SetStories fills it.
func New(k keys.Map, st theme.ListStyles) Model {
	return Model{keys: k, styles: st, now: time.Now()}
}

// SetStyles replaces the styles (the background turned out light or dark).
func (m *Model) SetStyles(st theme.ListStyles) { m.styles = st }

// SetWidthMethod sets how columns are counted: as the renderer counts
// them, or wide scripts push the row's end off the screen.
func (m *Model) SetWidthMethod(measure cells.Method) { m.measure = measure }

// SetSize sets the size of the list, header included.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.clamp()
}

// SetNow sets the moment ages are counted from.
func (m *Model) SetNow(t time.Time) { m.now = t }

// SetStories replaces the stories, keeping the selected story selected,
// on the same row of the screen, when it is still there; added is how
// many of them the list did not have (0 the first time). complete is
// false while only the newest stories have arrived.
func (m *Model) SetStories(stories []feed.Story, complete bool) (added int) {
	if m.results != nil {
		return m.resultsTakeStories(stories, complete)
	}
	m.failed = ""
	if m.loaded {
		had := make(map[int64]struct{}, len(m.rows))
		for i := range m.rows {
			had[m.rows[i].story.ID] = struct{}{}
		}
		for i := range stories {
			if _, ok := had[stories[i].ID]; !ok {
				added++
			}
		}
	}
	m.complete = complete
	sel, hadSel := m.Selected()
	screenRow := m.cursor - m.offset
	m.rows = makeRows(stories)
	m.loaded = true
	m.refilter()
	if hadSel && m.Select(sel.ID) {
		// Stories that arrive above it must not move the story under
		// the cursor on the screen.
		m.offset = max(0, m.cursor-screenRow)
		m.clamp()
	}
	return added
}

// cleanLine is sanitize.Line without a copy for the common case of a
// string that is already clean, which keeps 10,000 titles in memory once.
func cleanLine(s string) string {
	if sanitize.IsClean(s) && !strings.ContainsAny(s, "\n\t") && strings.TrimSpace(s) == s && !strings.Contains(s, "  ") {
		return s
	}
	return sanitize.Line(s)
}

// SetRefreshing tells the list a refresh is running, so that an empty list
// says stories are on their way rather than asking for a refresh.
func (m *Model) SetRefreshing(on bool) { m.refreshing = on }

// Complete reports whether every story has arrived.
func (m Model) Complete() bool { return m.complete }

// Loaded reports whether stories have arrived at least once.
func (m Model) Loaded() bool { return m.loaded }

// Fail shows why the stories could not be read in place of the list, until
// stories arrive.
func (m *Model) Fail(why string) { m.failed = sanitize.Line(why) }

// SetScope narrows the list to a feed or a tag (the zero Scope shows all).
func (m *Model) SetScope(s message.Scope) {
	if m.results != nil {
		m.closeResults()
	}
	m.scope = s
	m.cursor, m.offset = 0, 0
	m.refilter()
}

// Scope returns the current scope.
func (m Model) Scope() message.Scope { return m.scope }

// UnreadOnly reports whether only unread stories are shown.
func (m Model) UnreadOnly() bool { return m.unreadOnly }

// Query returns the filter in force.
func (m Model) Query() string { return m.query }

// SetFocused says whether the list has the keyboard. Without it (the
// feeds pane beside it has) the selected row loses its bar, so that only
// the pane in charge shows one.
func (m *Model) SetFocused(focused bool) { m.blurred = !focused }

// Capturing reports whether the filter input holds the keyboard.
func (m Model) Capturing() bool { return m.filtering }

// Selected returns the story under the cursor.
func (m Model) Selected() (feed.Story, bool) {
	if m.cursor < 0 || m.cursor >= len(m.view) {
		return feed.Story{}, false
	}
	return m.rows[m.view[m.cursor]].story, true
}

// Position returns the cursor's 1-based position and the number of stories
// shown.
func (m Model) Position() (int, int) {
	if len(m.view) == 0 {
		return 0, 0
	}
	return m.cursor + 1, len(m.view)
}

// Counts returns how many stories are shown and how many of them are
// unread.
func (m Model) Counts() (shown, unread int) {
	for _, i := range m.view {
		if !m.rows[i].story.Read {
			unread++
		}
	}
	return len(m.view), unread
}

// Select moves the cursor to the story with id, if it is shown.
func (m *Model) Select(id int64) bool {
	for vi, i := range m.view {
		if m.rows[i].story.ID == id {
			m.cursor = vi
			m.clamp()
			return true
		}
	}
	return false
}

// Neighbour returns the story delta places from the story id in the list
// as shown (1 the next, -1 the previous); with unreadOnly, the nearest
// unread one in that direction. A story no longer shown (read while only
// unread ones are listed, then the list was reloaded) still has
// neighbours: those around the place it had.
func (m Model) Neighbour(id int64, delta int, unreadOnly bool) (feed.Story, bool) {
	if delta == 0 {
		return feed.Story{}, false
	}
	step := 1
	if delta < 0 {
		step = -1
	}
	at := -1
	for vi, i := range m.view {
		if m.rows[i].story.ID == id {
			at = vi
			break
		}
	}
	if at < 0 {
		row := -1
		for i := range m.rows {
			if m.rows[i].story.ID == id {
				row = i
				break
			}
		}
		if row < 0 {
			return feed.Story{}, false
		}
		// The place the story would have in the view: just before the
		// first shown story that comes after it.
		at = len(m.view)
		for vi, i := range m.view {
			if i > row {
				at = vi
				break
			}
		}
		if step > 0 {
			at-- // so that at+step is that first later story
		}
	}
	for vi := at + step; vi >= 0 && vi < len(m.view); vi += step {
		s := m.rows[m.view[vi]].story
		if !unreadOnly || !s.Read {
			return s, true
		}
	}
	return feed.Story{}, false
}

// SetState records a story's read and starred state as shown.
func (m *Model) SetState(id int64, read, starred bool) {
	if m.results != nil {
		m.results.prev.SetState(id, read, starred)
	}
	for i := range m.rows {
		if m.rows[i].story.ID == id {
			m.rows[i].story.Read = read
			m.rows[i].story.Starred = starred
			return
		}
	}
}

// SetCached marks the story whose article is now in the cache.
func (m *Model) SetCached(id int64) {
	for i := range m.rows {
		if m.rows[i].story.ID == id {
			m.rows[i].story.Cached = true
			return
		}
	}
}

// UnreadShown returns the ids of the unread stories the list shows,
// those scrolled off included, in the list's order.
func (m Model) UnreadShown() []int64 {
	var ids []int64
	for _, i := range m.view {
		if !m.rows[i].story.Read {
			ids = append(ids, m.rows[i].story.ID)
		}
	}
	return ids
}

// UnreadOf returns the ids of the unread stories of these feeds (of every
// feed when feeds is nil), shown or not.
func (m Model) UnreadOf(feeds []int64) []int64 {
	var ids []int64
	for i := range m.rows {
		s := &m.rows[i].story
		if !s.Read && (feeds == nil || slices.Contains(feeds, s.FeedID)) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// Unread returns how many stories of the list are unread, shown or not.
func (m Model) Unread() int {
	n := 0
	for i := range m.rows {
		if !m.rows[i].story.Read {
			n++
		}
	}
	return n
}

// SetRead marks the stories with these ids read or unread at once; every
// story when ids is nil. With only unread stories shown, stories marked
// read leave the list and stories marked unread come back.
func (m *Model) SetRead(ids []int64, read bool) {
	var set map[int64]bool
	if ids != nil {
		set = make(map[int64]bool, len(ids))
		for _, id := range ids {
			set[id] = true
		}
	}
	for i := range m.rows {
		if set == nil || set[m.rows[i].story.ID] {
			m.rows[i].story.Read = read
		}
	}
	m.refilterKeep()
}

// SetUnreadOnly shows only unread stories, or every story again.
func (m *Model) SetUnreadOnly(on bool) {
	if on != m.unreadOnly {
		m.unreadOnly = on
		m.refilterKeep()
	}
}

// FirstUnread returns the first unread story the list shows other than
// the story id.
func (m Model) FirstUnread(id int64) (feed.Story, bool) {
	for _, i := range m.view {
		if s := m.rows[i].story; !s.Read && s.ID != id {
			return s, true
		}
	}
	return feed.Story{}, false
}

// Story returns the story with id, if the list has it (among the
// results, or in the list behind them).
func (m Model) Story(id int64) (feed.Story, bool) {
	for i := range m.rows {
		if m.rows[i].story.ID == id {
			return m.rows[i].story, true
		}
	}
	if m.results != nil {
		return m.results.prev.Story(id)
	}
	return feed.Story{}, false
}

// Update handles the list's keys: moving, opening, filtering, the unread
// switch. Story actions (read, star, open in browser…) belong to the root.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.filtering {
			return m.handleFilterKey(msg)
		}
		return m.handleKey(msg)
	case tea.PasteMsg:
		m.HandlePaste(msg.Content)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.move(-3)
		case tea.MouseWheelDown:
			m.move(3)
		}
	}
	return m, nil
}

// HandlesBack reports whether back has something to undo in the list (a
// filter, the unread switch or a scope), so that q only quits when it has
// not.
func (m Model) HandlesBack() bool {
	return m.query != "" || !m.scope.IsAll() || m.results != nil
}

func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	page := max(1, m.listHeight())
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Top):
		m.cursor = 0
		m.clamp()
	case key.Matches(msg, k.Bottom):
		m.cursor = len(m.view) - 1
		m.clamp()
	case key.Matches(msg, k.HalfPageDown):
		m.move(page / 2)
	case key.Matches(msg, k.HalfPageUp):
		m.move(-page / 2)
	case key.Matches(msg, k.PageDown, k.ReadOn):
		m.move(page)
	case key.Matches(msg, k.PageUp):
		m.move(-page)
	case key.Matches(msg, k.NextUnread):
		if s, ok := m.Selected(); ok {
			if n, ok := m.Neighbour(s.ID, 1, true); ok {
				m.Select(n.ID)
			}
		}
	case key.Matches(msg, k.Open):
		if s, ok := m.Selected(); ok {
			return m, func() tea.Msg { return message.StoryChosen{Story: s} }
		}
	case key.Matches(msg, k.Filter):
		m.filtering = true
		return m, nil
	case key.Matches(msg, k.UnreadOnly):
		m.unreadOnly = !m.unreadOnly
		m.refilterKeep()
	case key.Matches(msg, k.Back):
		switch {
		case m.query != "":
			m.query = ""
			m.refilterKeep()
		case m.results != nil:
			m.closeResults()
		case !m.scope.IsAll():
			m.SetScope(message.Scope{})
		}
	}
	return m, nil
}

// handleFilterKey edits the filter; the list follows every keystroke.
// Enter keeps the filter, Esc drops it. The filter is one line typed at
// its end, so a few editing keys are all it needs.
func (m Model) handleFilterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	q := m.query
	switch msg.Code {
	case tea.KeyEnter:
		return m.enterSearch()
	case tea.KeyEscape:
		m.filtering = false
		q = ""
	case tea.KeyUp:
		// Arrows move in the list while typing, as in fzf.
		m.move(-1)
		return m, nil
	case tea.KeyDown:
		m.move(1)
		return m, nil
	case tea.KeyBackspace:
		if r := []rune(q); len(r) > 0 {
			q = string(r[:len(r)-1])
		}
		if msg.Mod&tea.ModCtrl != 0 || msg.Mod&tea.ModAlt != 0 {
			q = dropWord(m.query)
		}
	default:
		switch {
		case msg.Mod&tea.ModCtrl != 0 && msg.Code == 'w':
			q = dropWord(q)
		case msg.Mod&tea.ModCtrl != 0 && msg.Code == 'u':
			q = ""
		case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
			if len(q) < 200 {
				q = appendTyped(q, msg.Text)
			}
		}
	}
	if q != m.query {
		m.query = q
		m.cursor, m.offset = 0, 0
		m.refilter()
	}
	return m, nil
}

// dropWord removes the last word of q, as ctrl+w does in a shell.
func dropWord(q string) string {
	q = strings.TrimRight(q, " ")
	if i := strings.LastIndexByte(q, ' '); i >= 0 {
		return q[:i+1]
	}
	return ""
}

// appendTyped adds typed or pasted text to the filter, cleaned. Spaces at
// its ends are kept (as one): the space key arrives alone, and sanitize.Line
// would trim it away, gluing "json 15" into "json15".
func appendTyped(q, text string) string {
	words := sanitize.Line(text)
	if r, _ := utf8.DecodeRuneInString(text); unicode.IsSpace(r) && q != "" && !strings.HasSuffix(q, " ") {
		q += " "
	}
	q += words
	if r, _ := utf8.DecodeLastRuneInString(text); unicode.IsSpace(r) && words != "" {
		q += " "
	}
	return q
}

// HandlePaste adds pasted text to the filter while it is being typed.
func (m *Model) HandlePaste(text string) {
	if !m.filtering {
		return
	}
	m.query = appendTyped(m.query, text)
	m.cursor, m.offset = 0, 0
	m.refilter()
}

func (m *Model) move(d int) {
	m.cursor += d
	m.clamp()
}

// refilterKeep refilters and keeps the selected story selected if it
// survives.
func (m *Model) refilterKeep() {
	sel, ok := m.Selected()
	m.refilter()
	if ok && !m.Select(sel.ID) {
		m.clamp()
	}
}

// refilter recomputes the stories shown: scope, unread switch, filter.
// Exact matches of the filter come first, then fuzzy ones, each newest
// first as the store gave them.
func (m *Model) refilter() {
	words := queryWords(m.query)
	m.view = m.view[:0]
	var fuzzyHits []int
	for i := range m.rows {
		s := &m.rows[i].story
		if m.unreadOnly && s.Read {
			continue
		}
		if !m.inScope(s) {
			continue
		}
		hay := ""
		if len(words) > 0 {
			// Lower-cased on demand: keeping a copy of every title for the
			// filter would double the list's memory.
			hay = strings.ToLower(m.rows[i].title + " " + m.rows[i].feed)
		}
		switch match(words, hay) {
		case exactMatch:
			m.view = append(m.view, i)
		case fuzzyMatch:
			fuzzyHits = append(fuzzyHits, i)
		}
	}
	m.view = append(m.view, fuzzyHits...)
	m.clamp()
}

func (m *Model) inScope(s *feed.Story) bool {
	switch {
	case m.scope.FeedID != 0:
		return s.FeedID == m.scope.FeedID
	case m.scope.Tag != "":
		for _, t := range s.FeedTags {
			if strings.EqualFold(t, m.scope.Tag) {
				return true
			}
		}
		return false
	}
	return true
}

// listHeight is the number of rows the stories get.
func (m Model) listHeight() int {
	h := m.height - 1 // header
	if m.filtering || m.query != "" {
		h--
	}
	return max(0, h)
}

// clamp keeps the cursor on a story and the cursor's row on screen.
func (m *Model) clamp() {
	if m.cursor >= len(m.view) {
		m.cursor = len(m.view) - 1
	}
	if m.cursor < 0 {
		m.cursor = 0
	}
	h := m.listHeight()
	if h <= 0 {
		m.offset = m.cursor
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	if maxOff := max(0, len(m.view)-h); m.offset > maxOff {
		m.offset = maxOff
	}
}
