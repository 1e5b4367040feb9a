package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A window too small for the reader says so in words that fit, never cut
// to "tidings: window too".
func TestTooSmallWindowSaysSoWhole(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	for _, c := range []struct {
		w, h int
		want string
	}{{19, 5, "window too small"}, {30, 2, "tidings: window too small"}, {12, 2, "too small"}} {
		h.send(tea.WindowSizeMsg{Width: c.w, Height: c.h})
		if got := h.view(); got != c.want {
			t.Errorf("at %d×%d the screen says %q, want %q", c.w, c.h, got, c.want)
		}
	}
}
