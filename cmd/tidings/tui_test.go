package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The browser $BROWSER names is handed the terminal by the reader, not
// started in the background where a terminal browser, or a wrapper script
// around one, has none: whatever its name, the first one installed.
func TestTUITerminalBrowser(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"w3m", "firefox", "read-it"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	const u = "https://news.example/story"
	cases := []struct {
		browser string
		want    []string // nil: not a terminal browser
	}{
		{"w3m", []string{filepath.Join(dir, "w3m"), u}},
		{"w3m -T text/html %s", []string{filepath.Join(dir, "w3m"), "-T", "text/html", u}},
		{"lynx:w3m", []string{filepath.Join(dir, "w3m"), u}}, // lynx is not installed
		{"firefox:w3m", []string{filepath.Join(dir, "firefox"), u}},
		{"read-it --new %s", []string{filepath.Join(dir, "read-it"), "--new", u}},
		{"lynx", nil}, // not installed: openBrowser says so
		{"", nil},
	}
	for _, c := range cases {
		t.Setenv("BROWSER", c.browser)
		cmd := terminalBrowser(u)
		switch {
		case c.want == nil && cmd != nil:
			t.Errorf("BROWSER=%q: terminal browser %v, want none", c.browser, cmd.Args)
		case c.want != nil && (cmd == nil || !slices.Equal(cmd.Args, c.want)):
			t.Errorf("BROWSER=%q: got %v, want %v", c.browser, cmd, c.want)
		}
	}
	t.Setenv("BROWSER", "w3m")
	if cmd := terminalBrowser("javascript:alert(1)"); cmd != nil {
		t.Errorf("a javascript: URL was handed to the browser: %v", cmd.Args)
	}
}
