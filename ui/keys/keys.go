// Package keys holds tidings' key bindings: one key.Binding per named
// action, the defaults, and the remapping the config's [keys] table asks
// for. Screens take the Map at construction and match with key.Matches;
// the help screen is generated from the same bindings.
package keys

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Action names, shared with the config's [keys] table.
const (
	Up           = "up"
	Down         = "down"
	Top          = "top"
	Bottom       = "bottom"
	HalfPageDown = "half_page_down"
	HalfPageUp   = "half_page_up"
	PageDown     = "page_down"
	PageUp       = "page_up"
	Open         = "open"
	Back         = "back"
	Quit         = "quit"
	Next         = "next"
	Prev         = "prev"
	NextUnread   = "next_unread"
	Refresh      = "refresh"
	RefreshAll   = "refresh_all"
	OpenBrowser  = "open_browser"
	CopyURL      = "copy_url"
	Save         = "save"
	ToggleRead   = "toggle_read"
	Star         = "star"
	Help         = "help"
	Filter       = "filter"
	UnreadOnly   = "unread_only"
	FeedsPane    = "feeds_pane"
	Reload       = "reload"
	// ReadOn pages down, and at the end of an article opens the next
	// unread story (newsboat's space).
	ReadOn = "read_on"
	// MarkAllRead marks every story the list shows read; Undo takes the
	// last such bulk change back; MarkFeedsRead marks every story of every
	// feed read, after a y/n question.
	MarkAllRead   = "mark_all_read"
	Undo          = "undo"
	MarkFeedsRead = "mark_all_feeds_read"
	AddFeed       = "add_feed"
	RemoveFeed    = "remove_feed"
	RenameFeed    = "rename_feed"
	RetagFeed     = "retag_feed"
	FeedText      = "feed_text"
	Find          = "find"
)

// action is one row of the table the Map is built from.
type action struct {
	name string
	keys []string
	desc string
}

// table lists every action with its default keys and help text, in the
// order help shows them.
func table() []action {
	return []action{
		{Up, []string{"k", "up"}, "up"},
		{Down, []string{"j", "down"}, "down"},
		{Top, []string{"g", "home"}, "top"},
		{Bottom, []string{"G", "end"}, "bottom"},
		{HalfPageDown, []string{"ctrl+d"}, "half page down"},
		{HalfPageUp, []string{"ctrl+u"}, "half page up"},
		{PageDown, []string{"pgdown"}, "page down"},
		{ReadOn, []string{"space"}, "page down, next unread"},
		{PageUp, []string{"b", "pgup"}, "page up"},
		{Open, []string{"enter", "l"}, "open story"},
		{Back, []string{"esc", "h", "q"}, "back"},
		{Quit, []string{"q", "ctrl+c"}, "quit"},
		{Next, []string{"n", "J"}, "next story"},
		{Prev, []string{"p", "K"}, "previous story"},
		{NextUnread, []string{"N"}, "next unread story"},
		{Refresh, []string{"r"}, "refresh this feed"},
		{RefreshAll, []string{"R"}, "refresh all feeds"},
		{OpenBrowser, []string{"o"}, "open in browser"},
		{CopyURL, []string{"y"}, "copy URL"},
		{Save, []string{"s"}, "save as Markdown"},
		{ToggleRead, []string{"m"}, "toggle read"},
		{Star, []string{"*"}, "star / unstar"},
		{Help, []string{"?"}, "help"},
		{Filter, []string{"/"}, "filter"},
		{UnreadOnly, []string{"u"}, "unread only"},
		{FeedsPane, []string{"tab"}, "feeds pane"},
		{Reload, []string{"ctrl+r"}, "reload the article"},
		{MarkAllRead, []string{"A"}, "mark all shown read"},
		{Undo, []string{"U", "ctrl+z"}, "undo the mark-all"},
		{MarkFeedsRead, []string{"C"}, "mark all feeds read"},
		{AddFeed, []string{"a"}, "add a feed"},
		{RemoveFeed, []string{"d"}, "remove the feed"},
		{RenameFeed, []string{"e"}, "rename the feed"},
		{RetagFeed, []string{"t"}, "change the feed's tags"},
		{FeedText, []string{"f"}, "the feed's own text or its pages"},
		{Find, []string{"ctrl+f"}, "find in the article"},
	}
}

// Names returns every action name in help order.
func Names() []string {
	t := table()
	names := make([]string, len(t))
	for i, a := range t {
		names[i] = a.name
	}
	return names
}

// Map is the set of bindings, one per action.
type Map struct {
	Up, Down, Top, Bottom                                  key.Binding
	HalfPageDown, HalfPageUp, PageDown, PageUp             key.Binding
	Open, Back, Quit, Next, Prev, NextUnread               key.Binding
	Refresh, RefreshAll, OpenBrowser, CopyURL, Save        key.Binding
	ToggleRead, Star, Help, Filter, UnreadOnly, FeedsPane  key.Binding
	Reload, ReadOn, MarkAllRead, Undo, MarkFeedsRead, Find key.Binding
	// The feeds pane's own: subscriptions managed in the reader.
	AddFeed, RemoveFeed, RenameFeed, RetagFeed, FeedText key.Binding
}

// field returns the binding of an action, or nil for an unknown name.
func (m *Map) field(name string) *key.Binding {
	switch name {
	case Up:
		return &m.Up
	case Down:
		return &m.Down
	case Top:
		return &m.Top
	case Bottom:
		return &m.Bottom
	case HalfPageDown:
		return &m.HalfPageDown
	case HalfPageUp:
		return &m.HalfPageUp
	case PageDown:
		return &m.PageDown
	case PageUp:
		return &m.PageUp
	case Open:
		return &m.Open
	case Back:
		return &m.Back
	case Quit:
		return &m.Quit
	case Next:
		return &m.Next
	case Prev:
		return &m.Prev
	case NextUnread:
		return &m.NextUnread
	case Refresh:
		return &m.Refresh
	case RefreshAll:
		return &m.RefreshAll
	case OpenBrowser:
		return &m.OpenBrowser
	case CopyURL:
		return &m.CopyURL
	case Save:
		return &m.Save
	case ToggleRead:
		return &m.ToggleRead
	case Star:
		return &m.Star
	case Help:
		return &m.Help
	case Filter:
		return &m.Filter
	case UnreadOnly:
		return &m.UnreadOnly
	case FeedsPane:
		return &m.FeedsPane
	case Reload:
		return &m.Reload
	case ReadOn:
		return &m.ReadOn
	case MarkAllRead:
		return &m.MarkAllRead
	case Undo:
		return &m.Undo
	case MarkFeedsRead:
		return &m.MarkFeedsRead
	case AddFeed:
		return &m.AddFeed
	case RemoveFeed:
		return &m.RemoveFeed
	case RenameFeed:
		return &m.RenameFeed
	case RetagFeed:
		return &m.RetagFeed
	case FeedText:
		return &m.FeedText
	case Find:
		return &m.Find
	}
	return nil
}

// All returns every binding, in help order: a screen that reads keys of
// its own (the reader's link numbers) leaves alone those the user bound to
// an action.
func (m Map) All() []key.Binding {
	t := table()
	all := make([]key.Binding, len(t))
	for i, a := range t {
		all[i] = *m.field(a.name)
	}
	return all
}

// Default returns the default bindings.
func Default() Map {
	var m Map
	for _, a := range table() {
		*m.field(a.name) = binding(a.keys, a.desc)
	}
	return m
}

// New returns the default bindings with the actions in remap bound to the
// keys given instead (Bubble Tea v2 key strings such as "j", "ctrl+d",
// "space", "G"). An unknown action or an empty key is an error naming it.
func New(remap map[string][]string) (Map, error) {
	m := Default()
	names := make([]string, 0, len(remap))
	for n := range remap {
		names = append(names, n)
	}
	sort.Strings(names) // one stable error whatever the map order
	for _, name := range names {
		b := m.field(name)
		if b == nil {
			return m, fmt.Errorf("keys: unknown action %q; known actions are %s", name, strings.Join(Names(), ", "))
		}
		ks := remap[name]
		if len(ks) == 0 {
			return m, fmt.Errorf("keys: %s: no keys given", name)
		}
		for _, k := range ks {
			if strings.TrimSpace(k) == "" {
				return m, fmt.Errorf("keys: %s: empty key", name)
			}
		}
		*b = binding(ks, b.Help().Desc)
	}
	return m, nil
}

// binding makes a binding whose help shows its keys the way a user types
// them ("j/↓").
func binding(ks []string, desc string) key.Binding {
	shown := make([]string, len(ks))
	for i, k := range ks {
		shown[i] = display(k)
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(strings.Join(shown, "/"), desc))
}

func display(k string) string {
	switch k {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	case "pgdown":
		return "PgDn"
	case "pgup":
		return "PgUp"
	case "home":
		return "Home"
	case "end":
		return "End"
	}
	return k
}

// Without returns b minus the keys in drop: the reader shows "q" under
// back, not under quit, because there q goes back.
func Without(b key.Binding, drop ...string) key.Binding {
	var kept, shown []string
outer:
	for _, k := range b.Keys() {
		for _, d := range drop {
			if k == d {
				continue outer
			}
		}
		kept = append(kept, k)
		shown = append(shown, display(k))
	}
	nb := key.NewBinding(key.WithKeys(kept...), key.WithHelp(strings.Join(shown, "/"), b.Help().Desc))
	if len(kept) == 0 {
		nb.SetEnabled(false)
	}
	return nb
}

// Name is how a message names the key of an action ("press R", "tab
// shows why"): its first key as help shows it. New never leaves an action
// without a key; a binding stripped of all of them names nothing.
func Name(b key.Binding) string {
	if ks := b.Keys(); len(ks) > 0 {
		return display(ks[0])
	}
	return ""
}
