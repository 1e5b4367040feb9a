package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// podcastFeed is a feed with an episode (an MP3 enclosure of 48 MB and
// 1:02:03) and a story whose page is linksPage.
const podcastFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<title>Harbour Talk</title><link>%[1]s/</link><description>Test feed</description>
<item><title>Episode 7: the ferry returns</title><link>%[1]s/news/harbour</link><guid>ep7</guid>
<pubDate>Sat, 23 Mar 2024 03:15:00 GMT</pubDate>
<enclosure url="%[1]s/media/ep7.mp3" type="audio/mpeg" length="48000000"/>
<itunes:duration>1:02:03</itunes:duration></item>
</channel></rss>`

// tuiIn starts the reader of e in a tmux session of its own, 100×30.
func tuiIn(t *testing.T, e feedsEnv, name string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-%s-%d", name, os.Getpid())}
	run := append([]string{"env", "-i", "TERM=xterm-256color", "BROWSER=true"}, e.command(binary).Env...)
	tmux := append([]string{"-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30"}, append(run, binary)...)
	if out, err := s.run(tmux...); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	t.Cleanup(func() { s.run("kill-server") })
	return s
}

// The real binary in tmux: the feeds pane adds a feed from a page that
// advertises it, renames it, refuses to remove the config file's feed,
// shows the new feed's episode with its enclosure, then removes the feed.
func TestTUIManageFeedsInThePaneE2E(t *testing.T) {
	mux := http.NewServeMux()
	serve := func(ctype, doc string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			fmt.Fprintf(w, doc, "http://"+r.Host)
		}
	}
	mux.Handle("GET /{$}", serve("text/html", `<html><head><title>Harbour Talk</title><link rel="alternate" type="application/rss+xml" href="%[1]s/podcast.xml"></head><body>Home</body></html>`))
	mux.Handle("GET /podcast.xml", serve("application/rss+xml", podcastFeed))
	mux.Handle("GET /news/harbour", serve("text/html; charset=utf-8", linksPage))
	mux.Handle("GET /config.xml", serve("application/rss+xml", strings.ReplaceAll(linksFeed, "Harbour Gazette", "Config Gazette")))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	e := newFeedsEnv(t, fmt.Sprintf("theme = \"dark\"\n\n[[feeds]]\nurl = %q\n", srv.URL+"/config.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("tidings fetch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s := tuiIn(t, e, "feeds")
	s.waitFor("the story list", contains("All stories", "Config Gazette"))

	s.keys("Tab", "a")
	s.waitFor("the address asked for", contains("Add a feed"))
	s.keys("-l", srv.URL+"/")
	s.keys("Enter")
	s.waitFor("the feed added", contains(`Added "Harbour Talk": 1 story`))

	// All stories, Config Gazette, Harbour Talk: the new feed is third.
	s.keys("g", "j", "j", "e")
	s.waitFor("the title offered", contains("New title (empty: its own): Harbour Talk"))
	s.keys("C-u")
	s.keys("-l", "Ferry Podcast")
	s.keys("Enter")
	s.waitFor("the feed renamed", contains(`Renamed "Harbour Talk" to "Ferry Podcast"`, "Ferry Podcast"))

	s.keys("g", "j", "d")
	s.waitFor("the config feed refused", contains(`"Config Gazette" is defined in config.toml: remove it there`))

	// The episode, its enclosure in the header as link 1.
	s.keys("Tab", "/")
	s.keys("-l", "Episode 7")
	s.keys("Enter", "Enter")
	s.waitFor("the episode with its enclosure", contains("Audio (audio/mpeg) · 48.0 MB · 1:02:03 [1]"))
	s.keys("1")
	s.waitFor("link 1 named", contains("link 1: "+srv.URL+"/media/ep7.mp3"))
	s.keys("Escape")
	s.waitFor("the number cancelled", func(sc string) bool { return !contains("link 1: ")(sc) })
	// Enter on the filter searched all text: back to those results,
	// then to the filter, then to the whole list.
	s.keys("Escape")
	s.waitFor("the search's results", contains(`Search "Episode 7"`, "Episode 7"))
	s.keys("Escape")
	s.waitFor("the filtered list", contains("All stories", "Episode 7"))
	s.keys("Escape")
	s.waitFor("the whole list", contains("All stories", "Config Gazette"))

	// Feeds pane: the renamed feed sorts after Config Gazette still.
	s.keys("Tab", "g", "j", "j", "d")
	s.waitFor("the removal asked", contains(`Remove "Ferry Podcast" and its 1 story?`))
	s.keys("y")
	s.waitFor("the feed removed", func(sc string) bool {
		return contains(`Removed "Ferry Podcast"`)(sc) && !contains("Ferry Podcast ")(strings.ReplaceAll(sc, `Removed "Ferry Podcast"`, ""))
	})
	if r := e.run(t, "", "feeds", "list"); !strings.Contains(r.stdout, "Config Gazette") || strings.Contains(r.stdout, "Podcast") || strings.Contains(r.stdout, "Harbour Talk") {
		t.Errorf("feeds list after the pane's changes:\n%s", r.stdout)
	}
}

// tidings fetch --articles caches the new stories' articles: with the
// server gone the list marks the story and the reader shows its article,
// not the feed's text.
func TestFetchArticlesReadsOfflineE2E(t *testing.T) {
	srv, e := linksSite(t) // fetched once already, without articles
	if r := e.run(t, "", "fetch", "--articles"); r.code != 0 || !strings.Contains(r.stdout, "0 articles cached") {
		t.Fatalf("a second fetch has no new story to cache: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A new database: every story is new to it.
	e2 := newFeedsEnv(t, fmt.Sprintf("theme = \"dark\"\n\n[[feeds]]\nurl = %q\n", srv.URL+"/feed.xml"))
	r := e2.run(t, "", "fetch", "--articles")
	if r.code != 0 || !strings.Contains(r.stdout, "1 article cached for reading offline.") {
		t.Fatalf("tidings fetch --articles: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	srv.Close()
	s := tuiIn(t, e2, "offline")
	s.waitFor("the story marked as cached", contains("Harbour reopens after the storm repairs ↓"))
	s.keys("Enter")
	sc := s.waitFor("the cached article", contains("Engineers rebuilt two hundred metres of the wall"))
	if contains("Showing the feed's own text")(sc) {
		t.Errorf("the reader fell back to the feed's text:\n%s", sc)
	}
}
