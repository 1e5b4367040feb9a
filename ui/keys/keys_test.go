package keys

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestNamesAreTheConfigActions(t *testing.T) {
	// The config validates [keys] against these names; they are fixed.
	want := []string{"up", "down", "top", "bottom", "half_page_down", "half_page_up", "page_down", "read_on", "page_up",
		"open", "back", "quit", "next", "prev", "next_unread", "refresh", "refresh_all", "open_browser",
		"copy_url", "save", "toggle_read", "star", "help", "filter", "unread_only", "feeds_pane", "reload",
		"mark_all_read", "undo", "mark_all_feeds_read",
		"add_feed", "remove_feed", "rename_feed", "retag_feed", "feed_text", "find"}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v", got)
	}
	m := Default()
	for _, n := range Names() {
		if b := m.field(n); b == nil || len(b.Keys()) == 0 {
			t.Errorf("action %s has no default binding", n)
		}
	}
}

func TestRemap(t *testing.T) {
	m, err := New(map[string][]string{"down": {"ctrl+n", "j"}, "star": {"S"}})
	if err != nil {
		t.Fatal(err)
	}
	ctrlN := tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl}
	if !key.Matches(ctrlN, m.Down) {
		t.Error("ctrl+n does not match the remapped down")
	}
	if key.Matches(tea.KeyPressMsg{Code: '*', Text: "*"}, m.Star) {
		t.Error("* still stars after star was remapped to S")
	}
	if h := m.Down.Help(); h.Key != "ctrl+n/j" || h.Desc != "down" {
		t.Errorf("help of remapped down = %+v", h)
	}
	for _, bad := range []map[string][]string{{"jump": {"x"}}, {"up": {}}, {"up": {" "}}} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%v) accepted", bad)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("error spans lines: %q", err)
		}
	}
}

func TestWithout(t *testing.T) {
	b := Without(Default().Quit, "q", "esc", "h")
	if got := b.Keys(); !slices.Equal(got, []string{"ctrl+c"}) || b.Help().Key != "ctrl+c" {
		t.Errorf("Without: keys %v help %q", got, b.Help().Key)
	}
}

func TestAllHoldsTheRemappedKeys(t *testing.T) {
	m, err := New(map[string][]string{"top": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	all := m.All()
	if len(all) != len(Names()) {
		t.Fatalf("All has %d bindings for %d actions", len(all), len(Names()))
	}
	if !key.Matches(tea.KeyPressMsg{Code: '1', Text: "1"}, all...) {
		t.Error("a digit bound to top is not among All's keys")
	}
	if key.Matches(tea.KeyPressMsg{Code: '2', Text: "2"}, all...) {
		t.Error("an unbound digit matches All")
	}
}
