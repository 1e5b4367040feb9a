package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// watchFeed is a feed of one story, or two once the second is published.
func watchFeed(base string, second bool) string {
	item := func(path, title, date string) string {
		return fmt.Sprintf("<item><title>%s</title><link>%s%s</link><guid>%s%s</guid><pubDate>%s</pubDate></item>", title, base, path, base, path, date)
	}
	items := item("/first", "The first story of the morning", "Sat, 23 Mar 2024 03:15:00 GMT")
	if second {
		items = item("/second", "A second story arrives by cron", "Sat, 23 Mar 2024 04:00:00 GMT") + items
	}
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Watched News</title><link>` + base + `/</link>` + items + `</channel></rss>`
}

// An open reader sees what other processes store: a cron `tidings fetch`
// brings a story, `tidings feeds add` a feed; both appear, counted, while
// the reader stays where the user was, with no refresh of its own.
func TestTUISeesOtherProcesses(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	var second atomic.Bool
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, watchFeed(srv.URL, second.Load()))
		case "/other.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Other Desk</title><link>`+srv.URL+`/</link>`+
				`<item><title>News from the other desk</title><link>`+srv.URL+`/desk</link><guid>desk</guid><pubDate>Sat, 23 Mar 2024 05:00:00 GMT</pubDate></item></channel></rss>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	// No background refresh: what appears comes from the other processes.
	cfg := fmt.Sprintf("theme = \"dark\"\n\n[refresh]\ninterval = \"0\"\n\n[[feeds]]\nurl = %q\ntitle = \"Watched News\"\n", srv.URL+"/feed.xml")
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := tmuxUserEnv(dir, conf)
	runIn(t, env, "fetch")

	script := writeRunScript(t, dir, env, fmt.Sprintf("%q\nsleep 60\n", binary))
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-watch-%d", os.Getpid())}
	if out, err := s.run("-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30", script); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")

	s.waitFor("the story list", contains("All stories", "The first story of the morning", "1 unread · 1"))

	// A cron fetch in another process.
	second.Store(true)
	runIn(t, env, "fetch")
	sc := s.waitFor("the fetched story", contains("A second story arrives by cron", "2 unread · 2", "1 new story"))
	if !strings.Contains(sc, "2/2") {
		t.Errorf("the cursor did not stay on its story (now the second of two):\n%s", sc)
	}

	// `feeds add` in another process: the feed and its story.
	runIn(t, env, "feeds", "add", srv.URL+"/other.xml")
	s.waitFor("the added feed's story", contains("News from the other desk", "3 unread · 3"))
	s.keys("Tab")
	s.waitFor("the added feed in the pane", contains("Other Desk"))
}
