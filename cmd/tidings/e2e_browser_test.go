package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// $BROWSER set to a wrapper script (here around `read`, as a wrapper around
// w3m would be) gets the terminal: it shows on the screen, reads its keys,
// and when it exits the reader is back where it was.
func TestTUIBrowserWrapperGetsTheTerminal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	srv, e := linksSite(t)
	record := filepath.Join(e.home, "record")
	wrapper := filepath.Join(e.home, "my-reader")
	script := fmt.Sprintf(`#!/bin/sh
if [ -t 0 ] && [ -t 1 ]; then
	printf 'my-reader shows %%s\npress enter to go back\n' "$1"
	read answer
	echo "terminal $1" >> %[1]q
else
	echo "no terminal $1" >> %[1]q
fi
`, record)
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-browser-%d", os.Getpid())}
	run := append([]string{"env", "-i", "TERM=xterm-256color", "BROWSER=" + wrapper}, e.command(binary).Env...)
	tmux := append([]string{"-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30"}, append(run, binary)...)
	if out, err := s.run(tmux...); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")

	s.waitFor("the story list", contains("Harbour reopens after the storm repairs"))
	s.keys("Enter")
	s.waitFor("the story", contains("harbour survey [2]"))
	s.keys("o")
	page := srv.URL + "/news/harbour"
	s.waitFor("the wrapper on the screen", contains("my-reader shows "+page, "press enter to go back"))
	s.keys("Enter")
	s.waitFor("the reader back", func(sc string) bool {
		return contains("harbour survey [2]", "next story")(sc) && !contains("my-reader shows")(sc)
	})
	got := eventually(t, "the wrapper's record", func() (string, bool) {
		b, err := os.ReadFile(record)
		return strings.TrimSpace(string(b)), err == nil && len(b) > 0
	})
	if got != "terminal "+page {
		t.Errorf("the wrapper recorded %q, want %q", got, "terminal "+page)
	}
}
