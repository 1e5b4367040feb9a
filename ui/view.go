package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/ui/help"
	"github.com/tidings-app/tidings/ui/keys"
)

// View lays out the screen in front above the status line. The root alone
// returns a tea.View: it owns the alternate screen and the mouse mode.
func (m Model) View() tea.View {
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "tidings"
	return v
}

// content is the text of the screen, exactly height lines of at most width
// columns, so that redraws after a resize leave nothing behind.
func (m Model) content() string {
	if m.quitting || m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.width < 20 || m.height < 3 {
		// The longest that fits: cut, "tidings: window too" would say
		// the opposite.
		for _, msg := range []string{"tidings: window too small", "window too small"} {
			if m.measure.StringWidth(msg) <= m.width {
				return msg
			}
		}
		return m.measure.Truncate("too small", m.width, "")
	}
	var body string
	switch {
	case m.helpOpen:
		body = m.help.View()
	case m.screen == screenReader:
		body = m.reader.View()
	case m.paneOpen:
		pw, _ := m.paneWidths()
		if pw >= m.width {
			body = m.feeds.View()
		} else {
			body = m.besidePane(pw)
		}
	case m.welcome:
		body = m.welcomeView()
	default:
		body = m.list.View()
	}
	return m.fit(body, m.width, m.height-1) + "\n" + m.status.View()
}

// besidePane sets the feeds pane, pw columns wide, and the list side by
// side with a rule between. Each pane line is padded to pw as the screen
// counts columns (Lip Gloss's join would count grapheme clusters, and a
// Bengali feed name would push the rule right).
func (m Model) besidePane(pw int) string {
	pane := strings.Split(m.feeds.View(), "\n")
	list := strings.Split(m.list.View(), "\n")
	sep := m.theme.Feeds.Border.Render("│")
	lines := make([]string, max(len(pane), len(list)))
	for i := range lines {
		var p, l string
		if i < len(pane) {
			p = m.measure.Truncate(pane[i], pw, "")
		}
		if i < len(list) {
			l = list[i]
		}
		lines[i] = p + strings.Repeat(" ", max(0, pw-m.measure.StringWidth(p))) + sep + l
	}
	return strings.Join(lines, "\n")
}

// welcomeView greets a first run: which feeds tidings subscribed the user
// to, how to add feeds of one's own, and how the first refresh is going
// (an unreachable network said as such).
func (m Model) welcomeView() string {
	feeds := m.opts.FirstRun
	var b strings.Builder
	b.WriteString("Welcome to tidings.\n\n")
	fmt.Fprintf(&b, "You follow no feeds yet, so tidings subscribed you to %d well-known news feeds to start with: %s.\n\n",
		len(feeds), strings.Join(feeds, ", "))
	b.WriteString("Add your own from a shell:\n")
	b.WriteString("  tidings feeds add URL       a feed, or a site that advertises one\n")
	b.WriteString("  tidings import FILE.opml    your subscriptions from another reader\n")
	b.WriteString("  tidings feeds remove N      drop one ('tidings feeds list' numbers them)\n\n")
	switch {
	case m.refreshing:
		b.WriteString("Fetching the feeds…\n\n")
	case m.offline:
		fmt.Fprintf(&b, "The network seems unreachable: none of the %d feeds' servers could be reached. "+
			"Their stories come with the next refresh (%s) once you are online.\n\n", len(feeds), keys.Name(m.keys.RefreshAll))
	}
	b.WriteString("Press any key to go to the stories.")
	w := max(20, min(m.width, 100)-2)
	lines := strings.Split(m.measure.Wordwrap(b.String(), w, ""), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = " " + l
		}
	}
	return strings.Join(lines, "\n")
}

// fit cuts or pads s to exactly h lines no wider than w.
func (m Model) fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if m.measure.StringWidth(l) > w {
			lines[i] = m.measure.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// helpGroups lists the bindings that work on the screen in front, so help
// never shows a key that does nothing here.
func (m Model) helpGroups() (string, []help.Group) {
	k := m.keys
	// Off the reader, read_on is one more page-down key: one row for both.
	pageDown := []key.Binding{pageDownKeys(k)}
	if m.screen == screenReader {
		pageDown = []key.Binding{k.PageDown, k.ReadOn}
	}
	moving := help.Group{Title: "Moving", Bindings: slices.Concat([]key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.HalfPageDown, k.HalfPageUp}, pageDown, []key.Binding{k.PageUp})}
	story := help.Group{Title: "This story", Bindings: []key.Binding{k.OpenBrowser, k.CopyURL, k.Save, k.ToggleRead, k.Star, k.Refresh}}
	if m.screen == screenReader {
		find := relabel(k.Find, "find in the article")
		// The filter key finds too, in the reader: "ctrl+f /".
		find.SetHelp(strings.TrimSpace(find.Help().Key+" "+k.Filter.Help().Key), find.Help().Desc)
		hits := key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n/N", "next / previous hit"))
		reading := help.Group{Title: "Reading", Bindings: []key.Binding{k.Next, k.Prev, k.NextUnread, k.Reload, k.Back, find, hits}}
		if m.reader.Cut() {
			// Only while the article shown is cut for length.
			reading.Bindings = append(reading.Bindings, relabel(k.Open, "show the whole article"))
		}
		general := help.Group{Title: "General", Bindings: []key.Binding{k.RefreshAll, k.Help, keys.Without(k.Quit, k.Back.Keys()...)}}
		// Following a link by its number is the reader's own.
		links := help.Group{Title: "Links", Bindings: m.reader.LinkHelp()}
		return "Keys in the reader", []help.Group{moving, reading, story, links, general}
	}
	if m.paneOpen {
		// The pane handles its own keys before the story actions: only
		// these work while it is open.
		pane := help.Group{Title: "Feeds", Bindings: paneBindings(k)}
		general := help.Group{Title: "General", Bindings: []key.Binding{k.RefreshAll, k.Help, keys.Without(k.Quit, k.Back.Keys()...)}}
		return "Keys in the feeds pane", []help.Group{moving, pane, general}
	}
	// One short line for both stages of a search (the filter, then enter
	// for all text) keeps the help in two columns on 80 by 24.
	search := relabel(k.Filter, "filter / search")
	list := help.Group{Title: "Stories", Bindings: []key.Binding{k.Open, k.NextUnread, search, k.UnreadOnly, k.FeedsPane, relabel(keys.Without(k.Back, k.Quit.Keys()...), "widen the list")}}
	list.Bindings = append(list.Bindings, k.MarkAllRead, k.MarkFeedsRead, k.Undo)
	general := help.Group{Title: "General", Bindings: []key.Binding{k.RefreshAll, k.Help, k.Quit}}
	return "Keys in the story list", []help.Group{moving, list, story, general}
}

// pageDownKeys is one binding for the keys of page_down and read_on,
// read_on's first ("space/PgDn"), as help shows them where both page down.
func pageDownKeys(k keys.Map) key.Binding {
	var ks, shown []string
	for _, b := range []key.Binding{k.ReadOn, k.PageDown} {
		for _, kk := range b.Keys() {
			if !slices.Contains(ks, kk) {
				ks = append(ks, kk)
			}
		}
		shown = append(shown, b.Help().Key)
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(strings.Join(shown, "/"), "page down"))
}

// paneBindings are the feeds pane's own keys, described as they act there.
func paneBindings(k keys.Map) []key.Binding {
	return []key.Binding{
		relabel(k.Open, "show its stories"),
		relabel(k.Refresh, "refresh this feed or tag"),
		relabel(k.FeedsPane, "close the pane"),
		relabel(k.Back, "close the pane"),
		relabel(k.MarkAllRead, "mark its stories read"),
		k.MarkFeedsRead,
		k.Undo,
		k.AddFeed, k.RemoveFeed, k.RenameFeed, k.RetagFeed, k.FeedText,
	}
}

// relabel returns b with another description: one key does different
// things on different screens, and help must say what it does here.
// key.Binding is a value, so the Map's binding is untouched.
func relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
