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

// e2eFeed is an RSS feed of three stories, newest first: the seed-like
// news page, a page of our own with its clutter, and a story whose page
// is gone (404) but whose feed item carries its text.
const e2eFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Loopback News</title>
<link>%[1]s/</link>
<description>Test feed</description>
<item>
  <title>US has intelligence confirming Islamic State responsibility for Russia attack</title>
  <link>%[1]s/world/us-intelligence</link>
  <guid>%[1]s/world/us-intelligence</guid>
  <pubDate>Sat, 23 Mar 2024 03:15:00 GMT</pubDate>
</item>
<item>
  <title>Council approves night buses for the river towns</title>
  <link>%[1]s/local/night-buses</link>
  <guid>%[1]s/local/night-buses</guid>
  <pubDate>Sat, 23 Mar 2024 02:40:00 GMT</pubDate>
</item>
<item>
  <title>Lighthouse keeper's diary found in an attic</title>
  <link>%[1]s/culture/lighthouse-diary</link>
  <guid>%[1]s/culture/lighthouse-diary</guid>
  <pubDate>Fri, 22 Mar 2024 18:00:00 GMT</pubDate>
  <content:encoded><![CDATA[<p>A diary kept by the last keeper of the Skerry light was found in an attic in Portwell, with entries from every night of the winter of 1931.</p><p>The museum will show it from April.</p>]]></content:encoded>
</item>
</channel>
</rss>`

// tmuxSession runs a command in a detached tmux session of its own server.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func (s *tmuxSession) run(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (s *tmuxSession) screen() string {
	out, err := s.run("capture-pane", "-p")
	if err != nil {
		s.t.Fatalf("capture-pane: %v: %s", err, out)
	}
	return out
}

func (s *tmuxSession) keys(k ...string) {
	s.t.Helper()
	if out, err := s.run(append([]string{"send-keys", "-t", "tui"}, k...)...); err != nil {
		s.t.Fatalf("send-keys %v: %v: %s", k, err, out)
	}
}

// waitFor polls the screen until ok accepts it, and fails with the last
// screen after a generous deadline (the machine may be busy).
func (s *tmuxSession) waitFor(what string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		sc := s.screen()
		if ok(sc) {
			return sc
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; the screen is:\n%s", what, sc)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func contains(subs ...string) func(string) bool {
	return func(sc string) bool {
		flat := strings.Join(strings.Fields(sc), " ")
		for _, s := range subs {
			if !strings.Contains(flat, s) {
				return false
			}
		}
		return true
	}
}

// The real binary in a real terminal: the list comes from the store, a
// story opens cleaned (body shown, the page's clutter not), n and p step
// through the list without going back, the fallback explains itself, the
// filter narrows the list, back and q leave.
func TestTUIEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	seed, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "tbs-article.html"))
	if err != nil {
		t.Fatalf("the seed page is part of the repository: %v", err)
	}
	council := readFixture(t, "e2e-council.html")

	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, e2eFeed, srv.URL)
		case "/world/us-intelligence":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(seed)
		case "/local/night-buses":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(council)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	// An explicit theme: "auto" would ask the terminal for its background.
	notes := filepath.Join(dir, "notes")
	cfg := fmt.Sprintf("theme = \"dark\"\nsave_dir = %q\n\n[[feeds]]\nurl = %q\ntitle = \"Loopback News\"\ntags = [\"local\"]\n", notes, srv.URL+"/feed.xml")
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := tmuxUserEnv(dir, conf, "BROWSER=true")
	// The stories reach the store first, as a cron job would bring them;
	// the reader must then show them before any network work of its own.
	runIn(t, env, "fetch")

	done := filepath.Join(dir, "done")
	script := writeRunScript(t, dir, env, fmt.Sprintf("%q\necho exit=$? > %q\nsleep 60\n", binary, done))

	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-e2e-%d", os.Getpid())}
	// set-clipboard must be on before the program starts, so that its
	// OSC 52 copy lands in tmux's paste buffer.
	if out, err := s.run("-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30", script,
		";", "set-option", "-s", "set-clipboard", "on"); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")

	s.waitFor("the story list", contains("All stories", "US has intelligence confirming", "Council approves night buses", "Lighthouse keeper's diary", "Loopback News"))

	// Open the first story: the body, the useful metadata, no clutter.
	s.keys("Enter")
	sc := s.waitFor("the first story's body", contains("two US officials said on Friday"))
	for _, want := range []string{"The Business Standard", "Reuters", "Sat 23 Mar 2024"} {
		if !contains(want)(sc) {
			t.Errorf("reader lacks %q:\n%s", want, sc)
		}
	}
	assertNoClutter(t, s, "Google News", "Keep updated", "Related News", "Subscribe")

	// n: the next story, without going back to the list.
	s.keys("n")
	sc = s.waitFor("the second story", contains("Council approves night buses", "ending a decade in which the last bus"))
	if !contains("Tomas Reyes")(sc) {
		t.Errorf("the second story's author is missing:\n%s", sc)
	}
	assertNoClutter(t, s, "cookies", "Sign up now", "Bridge closure extended", "Advertise with us", "Weather")

	// s saves it as a Markdown note; y copies its address (OSC 52, which
	// tmux keeps in its paste buffer).
	s.keys("s")
	sc = s.waitFor("the save confirmed", contains("Saved to", ".md"))
	if m, _ := filepath.Glob(filepath.Join(notes, "*.md")); len(m) != 1 {
		t.Errorf("notes after s: %v", m)
	} else if b, _ := os.ReadFile(m[0]); !strings.Contains(string(b), "ending a decade in which the last bus") {
		t.Errorf("the note lacks the body:\n%s", b)
	} else if !strings.Contains(sc, filepath.Base(m[0])) {
		// A long folder is cut; the file's name never is.
		t.Errorf("the status line does not name %s:\n%s", filepath.Base(m[0]), sc)
	}
	s.keys("y")
	s.waitFor("the copy confirmed", contains("Copied the URL"))
	// The status line can be drawn before tmux has taken the OSC 52
	// sequence into its buffer: poll for it.
	var buf string
	var bufErr error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		buf, bufErr = s.run("show-buffer")
		if (bufErr == nil && strings.TrimSpace(buf) == srv.URL+"/local/night-buses") || time.Now().After(deadline) {
			break
		}
	}
	if bufErr != nil || strings.TrimSpace(buf) != srv.URL+"/local/night-buses" {
		t.Errorf("clipboard (tmux buffer) = %q, %v", buf, bufErr)
	}

	// p: the first story again.
	s.keys("p")
	s.waitFor("the first story again", contains("two US officials said on Friday"))

	// A small window: everything still fits.
	if out, err := s.run("resize-window", "-t", "tui", "-x", "60", "-y", "15"); err != nil {
		t.Fatalf("resize: %v: %s", err, out)
	}
	sc = s.waitFor("the reader at 60x15", contains("US has intelligence confirming Islamic State", "0%"))
	for _, l := range strings.Split(strings.TrimRight(sc, "\n"), "\n") {
		if w := len([]rune(l)); w > 60 {
			t.Errorf("line of %d columns in a 60-column window: %q", w, l)
		}
	}
	s.run("resize-window", "-t", "tui", "-x", "100", "-y", "30")

	// The third story's page is gone: the feed's own text, and why.
	s.keys("n", "n")
	s.waitFor("the fallback of the third story", contains("last keeper of the Skerry light", "Showing the feed's own text", "404"))

	// Find in the article: the hits counted, n to the next one.
	s.keys("C-f")
	s.keys("-l", "keeper")
	s.waitFor("the first hit", contains("Find: keeper▏ · 1 of"))
	s.keys("Enter")
	s.waitFor("the find kept", contains("Find: keeper · 1 of", "next hit"))
	s.keys("n")
	s.waitFor("n to the second hit", contains("Find: keeper · 2 of", "next hit"))
	s.keys("Escape")
	s.waitFor("the find ended", func(sc string) bool { return !contains("Find:")(sc) && contains("Skerry light")(sc) })

	// Back to the list; filter; clear; quit.
	s.keys("Escape")
	s.waitFor("the list again", contains("All stories", "Council approves night buses"))
	s.keys("/")
	s.keys("-l", "night bus")
	s.waitFor("the filtered list", func(sc string) bool {
		return contains("Council approves night buses", "1/1")(sc) && !contains("Lighthouse keeper")(sc)
	})
	// Enter searches all text; Esc goes back to the filter, then the list.
	// (One Escape at a time: two at once read as alt+escape.)
	s.keys("Enter")
	s.waitFor("the search's results", contains(`Search "night bus"`, "Council approves night buses", "1/1"))
	s.keys("Escape")
	s.waitFor("the filter again", contains("/night bus (esc clears)"))
	s.keys("Escape")
	s.waitFor("the filter cleared", contains("Lighthouse keeper's diary", "US has intelligence"))

	// Search: no title has these words, the text of a story has; Enter
	// lists it, opens it, and Esc goes back the way it came.
	s.keys("/")
	s.keys("-l", "skerry attic")
	s.waitFor("no title matches", contains(`No story matches "skerry attic"`))
	s.keys("Enter")
	s.waitFor("the search's results", func(sc string) bool {
		return contains(`Search "skerry attic"`, "Lighthouse keeper's diary", "1/1")(sc) && !contains("Council approves")(sc)
	})
	s.keys("Enter")
	s.waitFor("the result opened", contains("last keeper of the Skerry light"))
	s.keys("Escape")
	s.waitFor("the results again", contains(`Search "skerry attic"`))
	s.keys("Escape")
	s.waitFor("the filter again", contains("/skerry attic"))
	s.keys("Escape")
	s.waitFor("the whole list again", contains("All stories", "Council approves night buses", "Lighthouse keeper's diary"))
	s.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, err := os.ReadFile(done); err == nil {
			if strings.TrimSpace(string(b)) != "exit=0" {
				t.Errorf("tidings ended with %s", b)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; the screen is:\n%s", s.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Opening marked the stories read, and that survived the exit.
	list := exec.Command(binary, "list", "--json")
	list.Env = env
	out, err := list.Output()
	if err != nil {
		t.Fatalf("tidings list: %v", err)
	}
	var stories []struct {
		Title string `json:"title"`
		Read  bool   `json:"read"`
	}
	if err := json.Unmarshal(out, &stories); err != nil {
		t.Fatalf("tidings list --json: %v\n%s", err, out)
	}
	for _, st := range stories {
		if !st.Read {
			t.Errorf("%q was opened in the reader but is unread after restart", st.Title)
		}
	}
	if len(stories) != 3 {
		t.Errorf("%d stories in the store, want 3", len(stories))
	}
}

// assertNoClutter scrolls through the whole article and fails if any of
// the page's clutter shows up.
func assertNoClutter(t *testing.T, s *tmuxSession, clutter ...string) {
	t.Helper()
	var seen strings.Builder
	for range 8 {
		seen.WriteString(s.screen())
		// Page down; space would go on to the next story at the end.
		s.keys("NPage")
		time.Sleep(150 * time.Millisecond)
	}
	seen.WriteString(s.screen())
	for _, c := range clutter {
		if strings.Contains(seen.String(), c) {
			t.Errorf("page clutter %q shown in the reader", c)
		}
	}
	s.keys("g")
}

// tmuxUserEnv is the environment of a user whose home is dir and whose
// config file is conf, for the binary run in tmux; extra adds variables.
func tmuxUserEnv(dir, conf string, extra ...string) []string {
	return append([]string{
		"HOME=" + dir, "TZ=UTC", "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"XDG_STATE_HOME=" + filepath.Join(dir, "state"), "TIDINGS_DB=" + filepath.Join(dir, "tidings.db"),
		"TIDINGS_CONFIG=" + conf,
	}, extra...)
}

// runIn runs the binary with args in env and fails the test if it fails.
func runIn(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tidings %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// writeRunScript writes dir/run.sh, which exports env and then runs body:
// tmux starts it, so the program sees exactly that environment.
func writeRunScript(t *testing.T, dir string, env []string, body string) string {
	t.Helper()
	var sh strings.Builder
	sh.WriteString("#!/bin/sh\n")
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		fmt.Fprintf(&sh, "export %s=%q\n", k, v)
	}
	sh.WriteString(body)
	script := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(script, []byte(sh.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}
