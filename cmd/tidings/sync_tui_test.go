package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTUISyncsOnStartAndOnR runs the real reader in tmux with [sync] set
// to the loopback Miniflux: the server's stories show as it starts, a
// story marked read with m is read on the server after R, and a feed
// subscribed on the server (the phone) shows its stories after R.
func TestTUISyncsOnStartAndOnR(t *testing.T) {
	base, user, password := os.Getenv("TIDINGS_MINIFLUX_URL"), os.Getenv("TIDINGS_MINIFLUX_USER"), os.Getenv("TIDINGS_MINIFLUX_PASSWORD")
	if base == "" || user == "" || password == "" {
		t.Skip(`no Miniflux to sync with: run 'eval "$(.ci/miniflux.sh start)"' to set TIDINGS_MINIFLUX_URL, _USER and _PASSWORD`)
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	run := fmt.Sprintf("%d", time.Now().UnixNano()%1e9)
	now := time.Now().UTC()
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s %s</title><link>http://%s/</link>`, name, run, r.Host)
		for i := 1; i <= 2; i++ {
			fmt.Fprintf(w, `<item><title>Story %s%d of run %s</title><link>http://%s/%s/%d</link><guid>%s-%s-%d</guid><pubDate>%s</pubDate><description>Text.</description></item>`,
				name, i, run, r.Host, name, i, run, name, i, now.Add(time.Duration(i-3)*time.Minute).Format(time.RFC1123Z))
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer feeds.Close()
	subscribe := func(name string) {
		var cats []struct {
			ID int64 `json:"id"`
		}
		minifluxCall(t, base, user, password, http.MethodGet, "/v1/categories", nil, &cats)
		minifluxCall(t, base, user, password, http.MethodPost, "/v1/feeds",
			map[string]any{"feed_url": fmt.Sprintf("%s/%s.xml?run=%s", feeds.URL, name, run), "category_id": cats[0].ID}, nil)
	}
	subscribe("A")

	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	cfg := fmt.Sprintf("theme = \"dark\"\n\n[sync]\nkind = \"miniflux\"\nurl = %q\nuser = %q\npassword_env = \"TIDINGS_TEST_SYNC_SECRET\"\n", base, user)
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "run.sh")
	sh := fmt.Sprintf("#!/bin/sh\nexport HOME=%q TZ=UTC TERM=xterm-256color PATH=%q TIDINGS_CONFIG=%q TIDINGS_DB=%q XDG_STATE_HOME=%q TIDINGS_TEST_SYNC_SECRET=%q\n%q\nsleep 60\n",
		dir, os.Getenv("PATH"), conf, filepath.Join(dir, "tidings.db"), filepath.Join(dir, "state"), password, binary)
	if err := os.WriteFile(script, []byte(sh), 0o700); err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-sync-%d", os.Getpid())}
	if out, err := s.run("-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "120", "-y", "30", script); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")

	// On start: the server's stories, newest first.
	s.waitFor("the server's stories after the sync on start", contains("Story A2 of run "+run, "Story A1 of run "+run))

	// m marks the selected story read; R sends it. The server is shared
	// with other tests, whose stories may come first, so the cursor moves
	// down to a story of this run, read off the screen.
	marked := ""
	s.waitFor("a story of this run under the cursor", func(sc string) bool {
		for _, line := range strings.Split(sc, "\n") {
			i := strings.Index(line, "▌")
			if i < 0 {
				continue
			}
			f := strings.Fields(line[i+len("▌"):])
			if len(f) > 0 && f[0] == "●" { // the unread mark
				f = f[1:]
			}
			if len(f) >= 5 && f[0] == "Story" && f[4] == run {
				marked = strings.Join(f[:5], " ")
				return true
			}
		}
		s.keys("j")
		return false
	})
	s.keys("m")
	subscribe("B")
	s.keys("R")
	// The list keeps the selected story where it was, so feed B's stories
	// may sit above the view: either of them shows it came.
	s.waitFor("the feed subscribed on the server, after R", func(sc string) bool {
		if contains("Story B1 of run "+run)(sc) || contains("Story B2 of run "+run)(sc) {
			return true
		}
		// Both may merge in above a cursor on the top row: go to the top.
		s.keys("g")
		return false
	})

	var entries struct {
		Entries []struct {
			Title  string `json:"title"`
			Status string `json:"status"`
		} `json:"entries"`
	}
	minifluxCall(t, base, user, password, http.MethodGet, "/v1/entries?limit=1000&order=id&direction=desc", nil, &entries)
	found := false
	for _, e := range entries.Entries {
		if e.Title == marked {
			found = true
			if e.Status != "read" {
				t.Errorf("the story marked read in the reader is %q on the server after R", e.Status)
			}
		}
	}
	if !found {
		b, _ := json.Marshal(entries)
		t.Errorf("%q is not among the server's newest entries: %s", marked, b)
	}
}
