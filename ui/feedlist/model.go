// Package feedlist is the feeds pane: every feed with its unread count and
// the last refresh error, grouped by tag; picking a feed or a tag narrows
// the story list to it.
package feedlist

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

type kind int

const (
	kindAll kind = iota
	kindTag
	kindFeed
	kindError // the error line under a failing feed; not selectable
)

type item struct {
	kind          kind
	label         string
	feedID        int64
	tag           string
	unread, total int
	indent        bool
}

// Model is the feeds pane.
type Model struct {
	keys   keys.Map
	styles theme.FeedStyles
	// measure counts columns as the screen draws them.
	measure       cells.Method
	items         []item
	cursor        int
	offset        int
	width, height int
	loaded        bool
	// failed is why the feeds could not be read, shown instead of
	// "Loading feeds…".
	failed string
	// feedsByID are the feeds shown, for the edit keys.
	feedsByID map[int64]feed.Feed
	// prompt is the question asked (promptNone: none), input what was
	// typed, target the feed it is about.
	prompt prompt
	input  string
	target feed.Feed
	// configFile names the config file in the reason a feed it defines
	// cannot be changed here; empty means "config.toml".
	configFile string
}

// SetConfigName names the config file (its base name) in the reason a
// feed it defines is not changed in the pane.
func (m *Model) SetConfigName(n string) { m.configFile = sanitize.Line(n) }

// New returns an empty pane; SetFeeds fills it.
func New(k keys.Map, st theme.FeedStyles) Model {
	return Model{keys: k, styles: st}
}

// Fail shows why the feeds could not be read, until feeds arrive.
func (m *Model) Fail(why string) { m.failed = sanitize.Line(why) }

// SetStyles replaces the styles.
func (m *Model) SetStyles(st theme.FeedStyles) { m.styles = st }

// SetWidthMethod sets how columns are counted: as the renderer counts
// them, or wide scripts push the row's end off the screen.
func (m *Model) SetWidthMethod(measure cells.Method) { m.measure = measure }

// SetSize sets the pane's size.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.clamp()
}

// SetFeeds rebuilds the pane from the feeds, keeping the cursor on the same
// entry when it is still there.
func (m *Model) SetFeeds(feeds []feed.Feed) {
	var prev item
	if m.cursor < len(m.items) {
		prev = m.items[m.cursor]
	}
	m.items = build(feeds)
	m.feedsByID = make(map[int64]feed.Feed, len(feeds))
	for _, f := range feeds {
		m.feedsByID[f.ID] = f
	}
	m.loaded = true
	m.failed = ""
	m.cursor = 0
	for i, it := range m.items {
		if it.kind == prev.kind && it.feedID == prev.feedID && it.tag == prev.tag && it.kind != kindError {
			m.cursor = i
			break
		}
	}
	m.clamp()
}

// build lays out the entries: all stories, then one group per tag (feeds
// with several tags appear in each), then untagged feeds; each feed with
// its error line when its last refresh failed.
func build(feeds []feed.Feed) []item {
	totalUnread, total := 0, 0
	for _, f := range feeds {
		totalUnread += f.Unread
		total += f.Total
	}
	items := []item{{kind: kindAll, label: "All stories", unread: totalUnread, total: total}}

	byTag := map[string][]feed.Feed{}
	var untagged []feed.Feed
	for _, f := range feeds {
		seen := map[string]bool{}
		for _, t := range f.Tags {
			t = sanitize.Line(t)
			if t == "" || seen[strings.ToLower(t)] {
				continue
			}
			seen[strings.ToLower(t)] = true
			byTag[t] = append(byTag[t], f)
		}
		if len(seen) == 0 {
			untagged = append(untagged, f)
		}
	}
	tags := make([]string, 0, len(byTag))
	for t := range byTag {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return strings.ToLower(tags[i]) < strings.ToLower(tags[j]) })

	addFeeds := func(fs []feed.Feed, indent bool) {
		sort.SliceStable(fs, func(i, j int) bool { return strings.ToLower(name(fs[i])) < strings.ToLower(name(fs[j])) })
		for _, f := range fs {
			items = append(items, item{kind: kindFeed, label: name(f), feedID: f.ID, unread: f.Unread, total: f.Total, indent: indent})
			if e := shortError(f); e != "" {
				items = append(items, item{kind: kindError, label: e, feedID: f.ID, indent: indent})
			}
		}
	}
	for _, t := range tags {
		u, n := 0, 0
		for _, f := range byTag[t] {
			u += f.Unread
			n += f.Total
		}
		items = append(items, item{kind: kindTag, label: t, tag: t, unread: u, total: n})
		addFeeds(byTag[t], true)
	}
	if len(tags) > 0 && len(untagged) > 0 {
		u, n := 0, 0
		for _, f := range untagged {
			u += f.Unread
			n += f.Total
		}
		items = append(items, item{kind: kindTag, label: "Untagged", unread: u, total: n})
	}
	addFeeds(untagged, len(tags) > 0)
	return items
}

// shortError is the feed's last error without the program name and the
// feed's URL in front, which the narrow pane would show instead of the
// reason.
func shortError(f feed.Feed) string {
	e := sanitize.Line(f.LastError)
	e = strings.TrimPrefix(e, "tidings: ")
	if u := sanitize.Line(f.URL); u != "" {
		e = strings.TrimPrefix(e, u+": ")
	}
	return e
}

func name(f feed.Feed) string {
	if t := sanitize.Line(f.Title); t != "" {
		return t
	}
	return sanitize.Line(f.URL)
}

// Update moves the cursor and picks an entry; back and the pane key are
// the root's, which owns the layout.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.prompt != promptNone {
			return m.handlePromptKey(msg)
		}
		if mm, cmd, ok := m.handleEditKey(msg); ok {
			return mm, cmd
		}
		k := m.keys
		switch {
		case key.Matches(msg, k.Up):
			m.move(-1)
		case key.Matches(msg, k.Down):
			m.move(1)
		case key.Matches(msg, k.Top):
			m.cursor = 0
			m.clamp()
		case key.Matches(msg, k.Bottom):
			m.cursor = len(m.items) - 1
			m.move(-1)
			m.move(1)
		case key.Matches(msg, k.PageDown, k.ReadOn, k.HalfPageDown):
			m.move(max(1, m.height/2))
		case key.Matches(msg, k.PageUp, k.HalfPageUp):
			m.move(-max(1, m.height/2))
		case key.Matches(msg, k.Open):
			if sc, ok := m.Chosen(); ok {
				return m, func() tea.Msg { return message.ScopeChosen{Scope: sc} }
			}
		}
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

// Select puts the cursor on the entry of the feed or tag of sc ("All
// stories" for the zero Scope), so that the pane opens where the list is;
// false when the pane has no such entry.
func (m *Model) Select(sc message.Scope) bool {
	for i, it := range m.items {
		if (sc.IsAll() && it.kind == kindAll) ||
			(sc.FeedID != 0 && it.kind == kindFeed && it.feedID == sc.FeedID) ||
			(sc.FeedID == 0 && sc.Tag != "" && it.kind == kindTag && strings.EqualFold(it.tag, sc.Tag)) {
			m.cursor = i
			m.clamp()
			return true
		}
	}
	return false
}

// Chosen returns the scope of the entry under the cursor.
func (m Model) Chosen() (message.Scope, bool) {
	if m.cursor < 0 || m.cursor >= len(m.items) {
		return message.Scope{}, false
	}
	it := m.items[m.cursor]
	switch it.kind {
	case kindFeed:
		return message.Scope{FeedID: it.feedID, Title: it.label}, true
	case kindTag:
		if it.tag == "" { // "Untagged" is a heading only
			return message.Scope{}, false
		}
		return message.Scope{Tag: it.tag, Title: "#" + it.tag}, true
	}
	return message.Scope{}, true
}

// SelectedError returns the last error of the feed under the cursor, whole:
// the pane's own line may be too narrow for it.
func (m Model) SelectedError() string {
	if m.cursor+1 < len(m.items) && m.items[m.cursor].kind == kindFeed && m.items[m.cursor+1].kind == kindError {
		return m.items[m.cursor+1].label
	}
	return ""
}

// SelectedFeedID returns the feed under the cursor, 0 for none.
func (m Model) SelectedFeedID() int64 {
	if m.cursor < len(m.items) && m.items[m.cursor].kind == kindFeed {
		return m.items[m.cursor].feedID
	}
	return 0
}

// move steps d entries, skipping error lines.
func (m *Model) move(d int) {
	if len(m.items) == 0 {
		return
	}
	step := 1
	if d < 0 {
		step, d = -1, -d
	}
	for ; d > 0; d-- {
		next := m.cursor + step
		for next >= 0 && next < len(m.items) && m.items[next].kind == kindError {
			next += step
		}
		if next < 0 || next >= len(m.items) {
			break
		}
		m.cursor = next
	}
	m.clamp()
}

func (m *Model) clamp() {
	m.cursor = max(0, min(m.cursor, len(m.items)-1))
	h := m.height - 1
	if h <= 0 {
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	// Keep a failing feed's error line on screen with it.
	last := m.cursor
	if last+1 < len(m.items) && m.items[last+1].kind == kindError {
		last++
	}
	if last >= m.offset+h {
		m.offset = last - h + 1
	}
	m.offset = max(0, min(m.offset, len(m.items)-h))
}

// View renders the pane: a title line and the entries, height lines of
// width columns.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.styles
	lines := []string{st.Group.Render(m.measure.Truncate(" Feeds", m.width, "…"))}
	switch {
	case m.failed != "":
		for _, l := range strings.Split(m.measure.Wordwrap(m.failed, max(m.width-2, 10), " "), "\n") {
			lines = append(lines, st.Count.Render(m.measure.Truncate(" "+l, m.width, "…")))
		}
	case !m.loaded:
		lines = append(lines, st.Count.Render(" Loading feeds…"))
	}
	for i := m.offset; i < len(m.items) && len(lines) < m.height; i++ {
		lines = append(lines, m.renderItem(m.items[i], i == m.cursor))
	}
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (m Model) renderItem(it item, selected bool) string {
	st := m.styles
	// A column of margin on the right: counts and errors ran into the
	// separator beside the list ("dial tcp 127.0.0.1: …│").
	w := max(1, m.width-1)
	prefix := "  "
	if selected {
		prefix = "▌ "
	}
	if it.indent {
		prefix += "  "
	}
	if it.kind == kindError {
		text := m.measure.Truncate("  ! "+it.label, max(1, w-m.measure.StringWidth(prefix)), "…")
		text += strings.Repeat(" ", max(0, w-m.measure.StringWidth(prefix)-m.measure.StringWidth(text)))
		return st.Error.Render(prefix+text) + " "
	}
	count := ""
	if it.unread > 0 {
		count = fmt.Sprintf("%d", it.unread)
	}
	labelW := max(1, w-m.measure.StringWidth(prefix)-m.measure.StringWidth(count)-1)
	label := m.measure.Truncate(it.label, labelW, "…")
	if it.kind == kindTag {
		label = m.measure.Truncate("#"+it.label, labelW, "…")
		if it.tag == "" {
			label = m.measure.Truncate(it.label, labelW, "…")
		}
	}
	gap := max(1, w-m.measure.StringWidth(prefix)-m.measure.StringWidth(label)-m.measure.StringWidth(count))

	nameStyle := st.Name
	switch {
	case it.kind == kindTag || it.kind == kindAll:
		nameStyle = st.Group
	case it.unread > 0:
		nameStyle = st.NameUnread
	}
	cursorStyle, countStyle, pad := st.Cursor, st.Count, lipgloss.NewStyle()
	if selected {
		nameStyle = nameStyle.Inherit(st.Selected)
		cursorStyle = cursorStyle.Inherit(st.Selected)
		countStyle = countStyle.Inherit(st.Selected)
		pad = pad.Inherit(st.Selected)
	}
	return cursorStyle.Render(prefix) + nameStyle.Render(label) + pad.Render(strings.Repeat(" ", gap)) + countStyle.Render(count) + pad.Render(" ")
}
