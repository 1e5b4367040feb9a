package storylist

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/theme"
)

func stories(n int) []feed.Story {
	out := make([]feed.Story, n)
	for i := range out {
		out[i] = feed.Story{ID: int64(i + 1), Title: fmt.Sprintf("Story %d", i+1), FeedTitle: "Feed", Read: i%2 == 1}
	}
	return out
}

func TestNeighbourOfAStoryNoLongerShown(t *testing.T) {
	m := New(keys.Default(), theme.New(true, true).List)
	m.SetSize(80, 20)
	m, _ = m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"}) // unread only: 1, 3, 5
	all := stories(6)
	all[2].Read = true // story 3 was read in the reader, then the list reloaded
	m.SetStories(all, true)
	cases := []struct {
		id     int64
		delta  int
		want   int64
		wantOK bool
	}{
		{3, 1, 5, true}, {3, -1, 1, true}, {1, 1, 5, true}, {5, 1, 0, false}, {99, 1, 0, false},
	}
	for _, c := range cases {
		got, ok := m.Neighbour(c.id, c.delta, false)
		if ok != c.wantOK || got.ID != c.want {
			t.Errorf("Neighbour(%d, %d) = %d %v, want %d %v", c.id, c.delta, got.ID, ok, c.want, c.wantOK)
		}
	}
}

func TestSelectionSurvivesReload(t *testing.T) {
	m := New(keys.Default(), theme.New(true, true).List)
	m.SetSize(80, 20)
	m.SetStories(stories(6), true)
	m.Select(4)
	fresh := append([]feed.Story{{ID: 100, Title: "Newer"}}, stories(6)...)
	m.SetStories(fresh, true)
	if s, _ := m.Selected(); s.ID != 4 {
		t.Errorf("after a reload the cursor is on %d, want 4", s.ID)
	}
}
