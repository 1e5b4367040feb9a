package feedlist

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

func feeds() []feed.Feed {
	return []feed.Feed{
		{ID: 1, Title: "Zeta Times", Tags: []string{"world"}, Unread: 3, Total: 10},
		{ID: 2, Title: "Alpha Daily", Tags: []string{"world", "tech"}, Unread: 1, Total: 4},
		{ID: 3, Title: "Gadget Blog", URL: "https://gadget.example/rss", Tags: []string{"tech"}, LastError: "tidings: https://gadget.example/rss: HTTP 503 Service Unavailable"},
		{ID: 4, Title: "Loose Feed", Unread: 2, Total: 2},
	}
}

func TestGroupsByTag(t *testing.T) {
	m := New(keys.Default(), theme.New(true, true).Feeds)
	m.SetSize(40, 20)
	m.SetFeeds(feeds())
	got := ansi.Strip(m.View())
	want := []string{
		"All stories", "#tech", "Alpha Daily", "Gadget Blog", "! HTTP 503 Service Unavailable",
		"#world", "Alpha Daily", "Zeta Times", "Untagged", "Loose Feed",
	}
	at := 0
	for _, w := range want {
		i := strings.Index(got[at:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", w, got)
		}
		at += i + len(w)
	}
}

func TestCursorSkipsErrorsAndChooses(t *testing.T) {
	m := New(keys.Default(), theme.New(true, true).Feeds)
	m.SetSize(40, 20)
	m.SetFeeds(feeds())
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	var ids []int64
	var tags []string
	for range 6 {
		m, _ = m.Update(down)
		sc, _ := m.Chosen()
		ids = append(ids, sc.FeedID)
		tags = append(tags, sc.Tag)
	}
	// #tech, Alpha, Gadget, (error line skipped) #world, Alpha, Zeta
	wantIDs := []int64{0, 2, 3, 0, 2, 1}
	for i := range wantIDs {
		if ids[i] != wantIDs[i] {
			t.Fatalf("cursor path ids %v tags %v, want ids %v", ids, tags, wantIDs)
		}
	}
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if got := cmd(); got != (message.ScopeChosen{Scope: message.Scope{FeedID: 1, Title: "Zeta Times"}}) {
		t.Errorf("enter: %#v", got)
	}
}
