package storylist

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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

func TestFilterHighlightsMatches(t *testing.T) {
	m := New(keys.Default(), theme.New(true, true).List)
	m.SetSize(80, 10)
	m.SetStories([]feed.Story{{ID: 1, Title: "Fed holds RATES steady", FeedTitle: "Wire"}, {ID: 2, Title: "Other", FeedTitle: "Wire"}}, true)
	m, _ = m.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	for _, r := range "rates" {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	v := m.View()
	if !regexp.MustCompile(`\x1b\[[0-9;]*\b4\b[0-9;]*mR`).MatchString(v) {
		t.Errorf("the matched word is not underlined: %q", v)
	}
	if strings.Contains(ansi.Strip(v), "Other") {
		t.Errorf("a story without the word is listed:\n%s", ansi.Strip(v))
	}
}

// With the feeds pane in charge, the list's selected row loses its bar:
// two bars on one screen leave the user guessing which one j moves.
func TestUnfocusedListShowsNoSelectionBar(t *testing.T) {
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	// barred reports whether a line sets a background or reverse video.
	barred := func(line string) bool {
		for _, m := range sgr.FindAllStringSubmatch(line, -1) {
			ps := strings.Split(m[1], ";")
			for i := 0; i < len(ps); i++ {
				switch ps[i] {
				case "38": // a foreground colour: skip its arguments
					if i+1 < len(ps) && ps[i+1] == "2" {
						i += 4
					} else {
						i += 2
					}
				case "48", "7":
					return true
				}
			}
		}
		return false
	}
	for _, noColor := range []bool{false, true} {
		m := New(keys.Default(), theme.New(true, noColor).List)
		m.SetSize(80, 10)
		m.SetStories(stories(3), true)
		row := func() string { return strings.Split(m.View(), "\n")[1] }
		if !barred(row()) {
			t.Fatalf("noColor=%v: the focused list shows no bar: %q", noColor, row())
		}
		m.SetFocused(false)
		if r := row(); barred(r) || !strings.Contains(ansi.Strip(r), "▌") {
			t.Errorf("noColor=%v: unfocused, the row keeps its bar or loses its mark: %q", noColor, r)
		}
	}
}

// A story whose article is cached carries a mark after its title, in a
// column of its own, at every width.
func TestCachedStoriesAreMarked(t *testing.T) {
	for _, w := range []int{40, 80, 140} {
		m := New(keys.Default(), theme.New(true, true).List)
		m.SetSize(w, 10)
		all := stories(3)
		all[1].Cached = true
		m.SetStories(all, true)
		var col []int
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if strings.Contains(l, "Story ") {
				col = append(col, strings.Index(l, CachedMark))
				if ansi.StringWidth(l) > w {
					t.Errorf("width %d: a row of %d columns: %q", w, ansi.StringWidth(l), l)
				}
			}
		}
		if len(col) != 3 || col[0] != -1 || col[1] < 0 || col[2] != -1 {
			t.Errorf("width %d: the mark is at %v in rows 1–3, want only in row 2", w, col)
		}
	}
}
