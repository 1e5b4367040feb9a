package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/ui/message"
)

// A first run names the feeds tidings subscribed the user to and how to
// add others, says that the network is unreachable when no server
// answered, and keeps all of that until a key is pressed.
func TestFirstRunWelcomeStaysUntilAKey(t *testing.T) {
	f := newFake()
	f.stories, f.lastRefresh = nil, time.Time{}
	f.refreshFailed, f.refreshUnreachable = len(f.feeds), len(f.feeds)
	h := newHarness(t, f, Options{RefreshInterval: time.Hour, FirstRun: []string{"BBC News – World", "NPR News"}})
	if len(f.refreshCalls) != 1 {
		t.Fatalf("the first run did not refresh: %v", f.refreshCalls)
	}
	v := strings.Join(strings.Fields(h.view()), " ")
	for _, want := range []string{
		"subscribed you to 2 well-known news feeds to start with: BBC News – World, NPR News.",
		"tidings feeds add URL", "tidings import FILE.opml",
		"The network seems unreachable: none of the 2 feeds' servers could be reached.",
		"Press any key",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("the first run's screen lacks %q:\n%s", want, h.view())
		}
	}
	if s := h.statusLine(); !strings.Contains(s, "No feed's server could be reached: is the network down?") || strings.Contains(s, "check the address") {
		t.Errorf("status line %q, want the network named as the cause", s)
	}
	// The hint outlives the status line's notice...
	h.send(message.Tick{At: clock.Add(time.Minute)})
	if !strings.Contains(h.view(), "tidings feeds add URL") {
		t.Errorf("the welcome went before a key was pressed:\n%s", h.view())
	}
	// ...and goes with the first key.
	h.key("j")
	if v := h.view(); strings.Contains(v, "tidings feeds add URL") || !strings.Contains(v, "All stories") {
		t.Errorf("the welcome stayed after a key:\n%s", v)
	}
}

// A later run (nothing subscribed for it) shows the list at once.
func TestNoWelcomeAfterTheFirstRun(t *testing.T) {
	h := newHarness(t, newFake(), Options{RefreshInterval: time.Hour})
	if v := h.view(); strings.Contains(v, "Welcome") || !strings.Contains(v, "All stories") {
		t.Errorf("a later run shows:\n%s", v)
	}
}
