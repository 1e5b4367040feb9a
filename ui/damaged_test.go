package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/ui/message"
)

// Issue 15 item 6: when the store cannot be read (a damaged database), the
// list and the feeds pane say why, in full, instead of "Loading…" for
// ever.
func TestUnreadableStoreIsShownNotLoadingForever(t *testing.T) {
	h := newHarness(t, &fakeBackend{}, Options{})
	damaged := errors.New("store: list stories: the database file is damaged (database disk image is malformed (11)): " +
		"/home/u/.local/share/tidings/tidings.db: see what is lost with: sqlite3 /home/u/.local/share/tidings/tidings.db " +
		"'PRAGMA integrity_check'; then restore a backup copy of it, or move it aside (tidings starts a new one), or use another file with --db FILE")
	h.send(message.StoriesLoaded{Err: damaged, Complete: true})
	h.send(message.FeedsLoaded{Err: damaged})
	seen := func(v string, wants ...string) {
		t.Helper()
		flat := strings.Join(strings.Fields(v), " ")
		for _, want := range wants {
			if !strings.Contains(flat, want) {
				t.Errorf("the screen does not say %q:\n%s", want, v)
			}
		}
		if strings.Contains(v, "Loading") {
			t.Errorf("still loading:\n%s", v)
		}
	}
	full := []string{"the database file is damaged", "PRAGMA integrity_check", "backup copy", "--db FILE"}
	seen(h.view(), append(full, "Could not read the stories: store: list stories:")...)
	h.key("tab")
	seen(h.view(), append(full, "Could not read the feeds: store: list stories:")...)
}
