package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// marksSite serves two feeds on loopback, Alpha Desk with three stories
// and Beta Desk with two, each story a short article page of its own.
func marksSite(t *testing.T) *httptest.Server {
	t.Helper()
	stories := map[string][]string{
		"alpha": {"Alpha harbour reopens", "Alpha school term starts", "Alpha market moves indoors"},
		"beta":  {"Beta bridge repainted", "Beta choir wins the cup"},
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		desk, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		titles, ok := stories[desk]
		switch {
		case ok && rest == "feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			var items strings.Builder
			for i, title := range titles {
				fmt.Fprintf(&items, "<item><title>%s</title><link>%s/%s/%d</link><guid>%s-%d</guid><pubDate>Sat, 23 Mar 2024 %02d:00:00 GMT</pubDate></item>",
					title, srv.URL, desk, i, desk, i, 12-i)
			}
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s Desk</title><link>%s/</link>%s</channel></rss>`,
				strings.ToUpper(desk[:1])+desk[1:], srv.URL, items.String())
		case ok:
			var n int
			if _, err := fmt.Sscan(rest, &n); err != nil || n < 0 || n >= len(titles) {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>%[1]s</title></head><body><article><h1>%[1]s</h1>
<p>The body of the story %[1]s begins here, with a sentence long enough to read as one.</p>
<p>A second paragraph says what happened next, and who said so on the record.</p>
<p>The last paragraph of %[1]s ends the story.</p></article></body></html>`, titles[n])
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The real binary in tmux: A marks the feed shown read (the header's
// count drops, the store agrees), U gives them back; space at the end of
// an article opens the next unread one and says when none is left; a
// restart opens the reader as it was left, unread only and on its feed.
func TestTUIMarksReadsOnAndKeepsTheView(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	srv := marksSite(t)
	e := newFeedsEnv(t, fmt.Sprintf("theme = \"dark\"\n\n[refresh]\ninterval = \"0\"\n\n[[feeds]]\nurl = %q\n\n[[feeds]]\nurl = %q\n",
		srv.URL+"/alpha/feed.xml", srv.URL+"/beta/feed.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("fetch: %d %s", r.code, r.stderr)
	}
	unread := func() []string {
		t.Helper()
		r := e.run(t, "", "list", "--unread", "--json")
		var stories []storyJSON
		if err := json.Unmarshal([]byte(r.stdout), &stories); err != nil {
			t.Fatalf("list --unread --json: %v\n%s%s", err, r.stdout, r.stderr)
		}
		var titles []string
		for _, s := range stories {
			titles = append(titles, s.Title)
		}
		return titles
	}

	// start runs the reader in a tmux server of its own: the first one
	// ends with the reader.
	start := func(n int) *tmuxSession {
		t.Helper()
		s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-marks-%d-%d", os.Getpid(), n)}
		run := append([]string{"env", "-i", "TERM=xterm-256color"}, e.command(binary).Env...)
		tmux := append([]string{"-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30"}, append(run, binary)...)
		if out, err := s.run(tmux...); err != nil {
			t.Fatalf("tmux: %v: %s", err, out)
		}
		t.Cleanup(func() { s.run("kill-server") })
		return s
	}
	s := start(1)
	s.waitFor("the story list", contains("All stories", "5 unread · 5", "Alpha harbour reopens", "Beta choir wins the cup"))

	// The feeds pane: All stories, Alpha Desk, Beta Desk.
	s.keys("Tab", "j", "Enter")
	s.waitFor("Alpha Desk's stories", func(sc string) bool {
		return contains("Alpha Desk", "3 unread · 3", "Alpha market moves indoors")(sc) && !contains("Beta bridge")(sc)
	})
	s.keys("A")
	s.waitFor("Alpha Desk marked read", contains("Marked 3 stories read (U undoes)", "0 unread · 3"))
	if got := eventually(t, "the store to agree", func() (string, bool) {
		u := strings.Join(unread(), ", ")
		return u, u == "Beta bridge repainted, Beta choir wins the cup"
	}); got != "Beta bridge repainted, Beta choir wins the cup" {
		t.Errorf("unread in the store after A: %q", got)
	}
	s.keys("U")
	s.waitFor("the undo", contains("Marked 3 stories unread again", "3 unread · 3"))
	if got := eventually(t, "the store to agree", func() (string, bool) {
		u := unread()
		return strings.Join(u, ", "), len(u) == 5
	}); strings.Count(got, ",") != 4 {
		t.Errorf("unread in the store after U: %q", got)
	}

	// Only unread stories, then read on with space: each short article
	// is at its end at once.
	s.keys("u", "Enter")
	s.waitFor("the first story", contains("The body of the story Alpha harbour reopens"))
	s.keys("Space")
	s.waitFor("the next unread story", contains("The body of the story Alpha school term starts"))
	s.keys("Space")
	s.waitFor("the last unread story", contains("The body of the story Alpha market moves indoors"))
	s.keys("Space")
	s.waitFor("the end of the unread stories", contains("No more unread stories", "Alpha market moves indoors"))

	// Quit and start again: unread only, on Alpha Desk.
	s.keys("C-c")
	eventually(t, "the reader to end", func() (string, bool) {
		_, err := s.run("has-session", "-t", "tui")
		return "", err != nil
	})
	s = start(2)
	s.waitFor("the view kept", func(sc string) bool {
		return contains("Alpha Desk · unread only", "No unread stories here")(sc) && !contains("Beta")(sc)
	})
	s.keys("u")
	s.waitFor("Alpha Desk's read stories", contains("Alpha Desk", "0 unread · 3", "Alpha school term starts"))
}

// mark-read without a flag on a terminal asks first: n marks nothing, y
// marks every story.
func TestMarkReadAsksOnATerminal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	srv := marksSite(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n\n[[feeds]]\nurl = %q\n", srv.URL+"/alpha/feed.xml", srv.URL+"/beta/feed.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("fetch: %d %s", r.code, r.stderr)
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-markread-%d", os.Getpid())}
	sh := fmt.Sprintf("%[1]q mark-read; echo exit=$?; %[1]q mark-read; echo exit=$?; sleep 60", binary)
	run := append(append([]string{"env", "-i", "TERM=xterm-256color"}, e.command(binary).Env...), "sh", "-c", sh)
	tmux := append([]string{"-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30"}, run...)
	if out, err := s.run(tmux...); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")
	s.waitFor("the question", contains("Mark all 5 unread stories of 2 feeds read? [y/N]"))
	s.keys("n", "Enter")
	s.waitFor("no", contains("Nothing marked.", "exit=0", "Mark all 5 unread stories of 2 feeds read? [y/N]"))
	if r := e.run(t, "", "list", "--unread", "--json"); strings.Count(r.stdout, `"title"`) != 5 {
		t.Errorf("after n, unread:\n%s", r.stdout)
	}
	s.keys("y", "Enter")
	s.waitFor("yes", contains("Marked 5 stories read.", "exit=0"))
	if r := e.run(t, "", "list", "--unread", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("after y, unread:\n%s", r.stdout)
	}
}
