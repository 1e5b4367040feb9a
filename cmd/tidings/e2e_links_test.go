package main

import (
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

// linksFeed is a feed of one story; linksPage is its page, whose body
// links three places: one absolute, one relative to the site's root and
// one relative to the page. %[1]s is the server's address.
const (
	linksFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>%[1]s/</link><description>Test feed</description>
<item><title>Harbour reopens after the storm repairs</title><link>%[1]s/news/harbour</link><guid>%[1]s/news/harbour</guid>
<pubDate>Sat, 23 Mar 2024 03:15:00 GMT</pubDate></item>
</channel></rss>`
	linksPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after the storm repairs | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Harbour reopens after the storm repairs">
<meta property="article:published_time" content="2024-03-23T03:15:00+00:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article>
<h1>Harbour reopens after the storm repairs</h1>
<p>The harbour reopened to fishing boats on Saturday morning, four months after the winter storms tore away
the outer wall, the port authority said in <a href="%[1]s/notices/reopening">its notice to mariners</a>.</p>
<p>Engineers rebuilt two hundred metres of the wall with granite blocks from the old quarry, and the
<a href="/reports/harbour-survey?year=2024">harbour survey</a> found the inner basin deep enough for the ferry.</p>
<p>The ferry to the islands will run again from Monday, and the fish market opens on its usual days; the
<a href="timetable.html">new timetable</a> adds a late crossing on Fridays.</p>
<p>Harbour master Ines Calder thanked the crews who worked through the spring tides to finish the repairs.</p>
</article></main>
<footer>© 2024 Harbour Gazette</footer>
</body></html>`
)

// The real binary in tmux: the reader numbers the page's links, 9 says
// there is no such link, 2 then Enter hands link 2 — made absolute — to
// $BROWSER, and 3 then y copies link 3 (OSC 52, kept in tmux's buffer).
func TestTUIFollowLinkByNumberE2E(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	srv, e := linksSite(t)

	// The browser: a script that writes down the address it is given.
	opened := filepath.Join(e.home, "opened")
	browser := filepath.Join(e.home, "browser.sh")
	if err := os.WriteFile(browser, []byte(fmt.Sprintf("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> %q\n", opened)), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-links-%d", os.Getpid())}
	// The program sees the test user's environment alone (env -i), not
	// the developer's. set-clipboard goes on before it starts, so that its
	// OSC 52 copy lands in tmux's paste buffer.
	run := append([]string{"env", "-i", "TERM=xterm-256color", "BROWSER=" + browser}, e.command(binary).Env...)
	tmux := append([]string{"-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30"}, append(run, binary)...)
	if out, err := s.run(append(tmux, ";", "set-option", "-s", "set-clipboard", "on")...); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")

	s.waitFor("the story list", contains("Harbour reopens after the storm repairs"))
	s.keys("Enter")
	s.waitFor("the story with its links numbered", contains("notice to mariners [1]", "harbour survey [2]", "new timetable [3]"))

	s.keys("9")
	s.waitFor("the number that names no link", contains("no link 9; links 1–3"))
	s.keys("Escape")
	s.waitFor("the number cancelled, the reader still open", func(sc string) bool {
		return contains("harbour survey [2]", "next story")(sc) && !contains("no link 9")(sc)
	})

	link2 := srv.URL + "/reports/harbour-survey?year=2024"
	s.keys("2")
	s.waitFor("link 2 named in the status line", contains("link 2: "+link2))
	s.keys("Enter")
	got := eventually(t, "the browser's record of link 2", func() (string, bool) {
		b, err := os.ReadFile(opened)
		return strings.TrimSpace(string(b)), err == nil && len(b) > 0
	})
	if got != link2 {
		t.Errorf("the browser was given %q, want link 2: %q", got, link2)
	}

	link3 := srv.URL + "/news/timetable.html"
	s.keys("3", "y")
	s.waitFor("the copy confirmed", contains("Copied link 3"))
	got = eventually(t, "link 3 in tmux's buffer", func() (string, bool) {
		buf, err := s.run("show-buffer")
		return strings.TrimSpace(buf), err == nil && strings.TrimSpace(buf) == link3
	})
	if got != link3 {
		t.Errorf("clipboard (tmux buffer) = %q, want link 3: %q", got, link3)
	}
	if b, _ := os.ReadFile(opened); strings.Count(string(b), "\n") != 1 {
		t.Errorf("the browser was started again: %q", b)
	}
}

// eventually polls probe until it says done, and returns its last value;
// the program and tmux answer on their own time on a busy machine.
func eventually(t *testing.T, what string, probe func() (string, bool)) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, done := probe()
		if done || time.Now().After(deadline) {
			if !done {
				t.Logf("gave up waiting for %s", what)
			}
			return v
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// linksSite serves linksFeed and linksPage on loopback and returns the
// server and a tidings home subscribed to the feed, fetched once. Both
// documents name the server's own address, as the client asked for it.
func linksSite(t *testing.T) (*httptest.Server, feedsEnv) {
	t.Helper()
	serve := func(ctype, doc string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			fmt.Fprintf(w, doc, "http://"+r.Host)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /feed.xml", serve("application/rss+xml", linksFeed))
	mux.Handle("GET /news/harbour", serve("text/html; charset=utf-8", linksPage))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	e := newFeedsEnv(t, fmt.Sprintf("theme = \"dark\"\n\n[[feeds]]\nurl = %q\n", srv.URL+"/feed.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("tidings fetch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return srv, e
}
