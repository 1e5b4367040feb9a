package storylist

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/ui/keys"
)

// View renders the header, the filter line when there is one, and the
// visible rows; exactly height lines of width columns.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	lines := make([]string, 0, m.height)
	lines = append(lines, m.header())
	if m.filtering {
		prompt := m.styles.FilterPrompt.Render("/") + m.styles.FilterText.Render(m.query) + m.styles.FilterPrompt.Render("▏")
		if m.query == "" {
			prompt += m.styles.Dim.Render("filter by title or feed · enter searches every word · esc clears")
		}
		lines = append(lines, m.measure.Truncate(prompt, m.width, "…"))
	} else if m.query != "" {
		lines = append(lines, m.styles.Dim.Render(m.measure.Truncate("/"+m.query+"  ("+keys.Name(m.keys.Back)+" clears)", m.width, "…")))
	}
	h := m.listHeight()
	switch {
	case m.failed != "" && len(m.rows) == 0:
		for _, l := range strings.Split(m.measure.Wordwrap(m.failed, max(m.width-2, 10), " "), "\n") {
			lines = append(lines, m.styles.Empty.Render(m.measure.Truncate(" "+l, m.width, "…")))
		}
	case !m.loaded:
		lines = append(lines, m.styles.Empty.Render(" Loading stories…"))
	case len(m.rows) == 0 && m.refreshing:
		lines = append(lines, m.styles.Empty.Render(m.measure.Truncate(" Fetching the feeds…", m.width, "…")))
	case len(m.rows) == 0:
		lines = append(lines, m.styles.Empty.Render(m.measure.Truncate(" No stories yet: press "+keys.Name(m.keys.RefreshAll)+" to refresh the feeds.", m.width, "…")))
	case len(m.view) == 0:
		lines = append(lines, m.styles.Empty.Render(m.measure.Truncate(" "+m.emptyReason(), m.width, "…")))
	}
	for vi := m.offset; vi < len(m.view) && vi < m.offset+h; vi++ {
		lines = append(lines, m.renderRow(m.rows[m.view[vi]], vi == m.cursor))
	}
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	return strings.Join(lines[:m.height], "\n")
}

func (m Model) emptyReason() string {
	switch {
	case m.query != "":
		return fmt.Sprintf("No story matches %q.", m.query)
	case m.unreadOnly:
		return "No unread stories here (" + keys.Name(m.keys.UnreadOnly) + " shows all)."
	}
	return "No stories here."
}

func (m Model) header() string {
	title := "All stories"
	if !m.scope.IsAll() {
		title = m.scope.Title
	}
	if q, ok := m.Results(); ok {
		title = fmt.Sprintf("Search %q", q)
	}
	if m.unreadOnly {
		title += " · unread only"
	}
	shown, unread := m.Counts()
	right := fmt.Sprintf("%d unread · %d", unread, shown)
	if !m.complete {
		right = fmt.Sprintf("%d+ unread · %d+", unread, shown)
	}
	left := m.measure.Truncate(" "+title, max(0, m.width-m.measure.StringWidth(right)-2), "…")
	gap := max(1, m.width-m.measure.StringWidth(left)-m.measure.StringWidth(right)-1)
	return m.styles.Header.Render(left) + strings.Repeat(" ", gap) + m.styles.Dim.Render(right)
}

// columns returns the widths of the feed and age columns for the width.
func (m Model) columns() (feedW, ageW int) {
	ageW = 6
	feedW = min(24, max(10, m.width/5))
	if m.width < 50 {
		feedW = 0
	}
	return feedW, ageW
}

// renderRow lays out one story: cursor bar, state marks, title, feed, age.
func (m Model) renderRow(r row, selected bool) string {
	st := m.styles
	feedW, ageW := m.columns()
	titleW := max(1, m.width-4-feedW-ageW-2)

	cursor, mark := "  ", "  "
	if selected {
		cursor = "▌ "
	}
	markStyle := st.Dim
	switch {
	case r.story.Starred:
		mark, markStyle = "★ ", st.Star
	case !r.story.Read:
		mark, markStyle = "● ", st.Cursor
	}
	titleStyle := st.Read
	if !r.story.Read {
		titleStyle = st.Unread
	}
	title := m.measure.Truncate(r.title, titleW, "…")
	title += strings.Repeat(" ", titleW-m.measure.StringWidth(title))
	// The two columns after the title say whether the article is in the
	// cache, so it reads without the network.
	cachedCol := "  "
	if r.story.Cached {
		cachedCol = CachedMark + " "
	}
	feedCol := ""
	if feedW > 0 {
		f := m.measure.Truncate(r.feed, feedW, "…")
		feedCol = f + strings.Repeat(" ", feedW-m.measure.StringWidth(f))
	}
	age := shortAge(r.story.Published, m.now)
	if r.story.Published.IsZero() && !r.story.FirstSeen.IsZero() {
		// The feed gave no date: when tidings first saw the story is
		// the best guess, marked as one.
		age = "~" + shortAge(r.story.FirstSeen, m.now)
	}
	age = strings.Repeat(" ", max(0, ageW-m.measure.StringWidth(age))) + age

	cursorStyle, feedStyle, ageStyle, pad := st.Cursor, st.Feed, st.Age, lipgloss.NewStyle()
	if selected && m.blurred {
		// The feeds pane has the keyboard: one bar on the screen, its
		// own; here only a faint mark of where the cursor stays.
		cursorStyle = st.Dim
		selected = false
	}
	if selected {
		// Each piece carries the selection background: an inner reset
		// would otherwise cut the bar into pieces.
		cursorStyle = cursorStyle.Inherit(st.Selected)
		markStyle = markStyle.Inherit(st.Selected)
		titleStyle = titleStyle.Inherit(st.Selected)
		feedStyle = feedStyle.Inherit(st.Selected)
		ageStyle = ageStyle.Inherit(st.Selected)
		pad = pad.Inherit(st.Selected)
	}
	line := cursorStyle.Render(cursor) + markStyle.Render(mark) + m.highlight(title, titleStyle) +
		ageStyle.Render(cachedCol) + feedStyle.Render(feedCol) + ageStyle.Render(age)
	if rest := m.width - m.measure.StringWidth(line); rest > 0 {
		line += pad.Render(strings.Repeat(" ", rest))
	}
	return line
}

// CachedMark marks a story whose article is cached: it reads offline.
const CachedMark = "↓"

// shortAge is a compact age for a list column: "now", "12m", "3h", "5d",
// then the date.
func shortAge(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 14*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 300*24*time.Hour:
		return t.In(now.Location()).Format("Jan 2")
	}
	return t.In(now.Location()).Format("2006")
}

// highlight renders title with the words of the filter found in it
// underlined, so that the user sees why a story matched.
func (m Model) highlight(title string, base lipgloss.Style) string {
	words := queryWords(m.query)
	if len(words) == 0 {
		return base.Render(title)
	}
	runes := []rune(title)
	lower := make([]rune, len(runes))
	for i, r := range runes {
		lower[i] = unicode.ToLower(r)
	}
	marked := make([]bool, len(runes))
	for _, w := range words {
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(lower); i++ {
			if slices.Equal(lower[i:i+len(wr)], wr) {
				for j := i; j < i+len(wr); j++ {
					marked[j] = true
				}
			}
		}
	}
	wholeClusters(title, marked)
	hit := base.Inherit(m.styles.Match)
	var b strings.Builder
	for i := 0; i < len(runes); {
		j := i
		for j < len(runes) && marked[j] == marked[i] {
			j++
		}
		st := base
		if marked[i] {
			st = hit
		}
		b.WriteString(st.Render(string(runes[i:j])))
		i = j
	}
	return b.String()
}

// wholeClusters marks every rune of a grapheme cluster of s when one of
// them is marked: a style change inside a cluster (between a Bengali
// consonant and its vowel sign) tears the glyph apart on screen.
func wholeClusters(s string, marked []bool) {
	at := 0
	for s != "" {
		c, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		n := utf8.RuneCountInString(c)
		if slices.Contains(marked[at:at+n], true) {
			for k := at; k < at+n; k++ {
				marked[k] = true
			}
		}
		at, s = at+n, s[len(c):]
	}
}
