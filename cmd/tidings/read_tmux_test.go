package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// On a real terminal (tmux), `tidings read` renders the article: the
// title, the metadata line, the body wrapped to the terminal, links as
// numbered references — and no Markdown heading for the title.
func TestReadRenderedOnATerminal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "story.html")
	if err := os.WriteFile(page, readFixture(t, "read-story.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "config.toml")
	// An explicit theme: "auto" would ask the terminal for its background.
	if err := os.WriteFile(conf, []byte("theme = \"dark\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := filepath.Join(dir, "done")
	socket := fmt.Sprintf("tidings-test-%d", os.Getpid())
	shell := fmt.Sprintf("TZ=UTC HOME=%q %q --config %q read --url https://courier.example/news/harbour %q; echo exit=$? > %q; sleep 60",
		dir, binary, conf, page, done)
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		return string(out), err
	}
	if out, err := tmux("new-session", "-d", "-x", "90", "-y", "60", "-e", "TERM=xterm-256color", shell); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer tmux("kill-server")

	deadline := time.Now().Add(20 * time.Second)
	for {
		if b, err := os.ReadFile(done); err == nil {
			if strings.TrimSpace(string(b)) != "exit=0" {
				t.Errorf("tidings read: %s", b)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("tidings read did not finish in tmux")
		}
		time.Sleep(100 * time.Millisecond)
	}
	screen, err := tmux("capture-pane", "-p")
	if err != nil {
		t.Fatalf("capture-pane: %v", err)
	}
	lines := strings.Split(screen, "\n")
	if strings.TrimSpace(lines[0]) != "Harbour reopens after storm repairs" {
		t.Errorf("first line = %q, want the title alone\n%s", lines[0], screen)
	}
	if !strings.Contains(lines[1], "The Coastal Courier · Mira Halvorsen · Sat 23 Mar 2024 03:15") {
		t.Errorf("metadata line = %q", lines[1])
	}
	for _, l := range lines {
		if utf8.RuneCountInString(l) > 90 {
			t.Errorf("line wider than the terminal: %q", l)
		}
	}
	joined := strings.Join(strings.Fields(screen), " ")
	for _, p := range storyParagraphs {
		if !strings.Contains(joined, p) {
			t.Errorf("paragraph missing on screen: %q\n%s", p, screen)
		}
	}
	if !strings.Contains(screen, "https://courier.example/reports/harbour-survey") {
		t.Errorf("link reference missing:\n%s", screen)
	}
}
