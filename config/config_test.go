package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// isolate points HOME at a fresh folder and clears every variable tidings
// reads, so that the developer's own files never leak into a test.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_DOCUMENTS_DIR", EnvConfig, EnvDB} {
		t.Setenv(v, "")
	}
	return home
}

// writeFile writes a config file into a temp folder and returns its path.
func writeFile(t *testing.T, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDefault(t *testing.T) {
	home := isolate(t)
	c := Default()
	want := &Config{
		SaveDir:  filepath.Join(home, "Documents", "tidings"),
		Theme:    "auto",
		KeepDays: 90,
		// Issue 15 item 2: generous caps on stories, on by default.
		KeepStories: 20000,
		Refresh:     Refresh{Workers: 8, PerHost: 2, Timeout: 30 * time.Second, Interval: 30 * time.Minute, MaxNew: 10000},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Default() = %+v\nwant %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
}

func TestLoadOverlaysFileOnDefaults(t *testing.T) {
	home := isolate(t)
	path := writeFile(t, `
theme = "dark"
save_dir = "~/notes/news"
[refresh]
workers = 4
interval = "0"
articles = true
[[feeds]]
url = "https://example.com/feed.xml"
title = "Example"
tags = ["world", "tech"]
[[feeds]]
url = "http://blog.example.org/atom"
feed_text = true
[keys]
down = ["j", "ctrl+n"]
quit = ["ctrl+q"]
[clean]
"*" = [".newsletter"]
"example.com" = [".promo", "#related > a"]
`)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Feeds: []Feed{
			{URL: "https://example.com/feed.xml", Title: "Example", Tags: []string{"world", "tech"}},
			{URL: "http://blog.example.org/atom", FeedText: true},
		},
		SaveDir:     filepath.Join(home, "notes", "news"),
		Theme:       "dark",
		KeepDays:    90,
		KeepStories: 20000,
		Refresh:     Refresh{Workers: 4, PerHost: 2, Timeout: 30 * time.Second, Interval: 0, MaxNew: 10000, Articles: true},
		Keys:        map[string][]string{"down": {"j", "ctrl+n"}, "quit": {"ctrl+q"}},
		Clean:       map[string][]string{"*": {".newsletter"}, "example.com": {".promo", "#related > a"}},
		File:        path, FileExists: true,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load() = %+v\nwant %+v", c, want)
	}
}

func TestLoadEmptyFileIsDefaults(t *testing.T) {
	isolate(t)
	path := writeFile(t, "# nothing set\n")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.File, want.FileExists = path, true
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load(empty) = %+v\nwant %+v", c, want)
	}
}

// TestLoadErrors checks the exact line a user sees for each kind of mistake:
// file, line, key, and what to do.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // after "FILE:"
	}{
		{"workers out of range", "theme = \"dark\"\n\n[refresh]\nworkers = 0\n",
			"4: refresh.workers: must be between 1 and 64, not 0"},
		{"workers too high", "[refresh]\nworkers = 65\n",
			"2: refresh.workers: must be between 1 and 64, not 65"},
		{"per_host", "[refresh]\nper_host = 100\n",
			"2: refresh.per_host: must be between 1 and 16, not 100"},
		{"workers of wrong type", "[refresh]\nworkers = \"eight\"\n",
			"2: refresh.workers: must be an integer, not a string"},
		{"bad duration", "[refresh]\n\ntimeout = \"30 seconds\"\n",
			`3: refresh.timeout: "30 seconds" is not a duration (write e.g. "45s", "10m", "1h30m")`},
		{"timeout too short", "[refresh]\ntimeout = \"10ms\"\n",
			"2: refresh.timeout: must be between 1s and 10m, not 10ms"},
		{"interval too short", "[refresh]\ninterval = \"5s\"\n",
			`2: refresh.interval: must be "0" (off) or between 1m and 168h, not 5s`},
		{"duration as number", "[refresh]\ninterval = 30\n",
			`2: refresh.interval: must be a duration string such as "30m", not an integer`},
		{"unknown top-level key", "theme = \"dark\"\nthemes = \"light\"\n",
			`2: themes: unknown key (did you mean "theme"?)`},
		{"unknown key in a table", "[refresh]\nworkers = 2\nworker = 3\n",
			`3: refresh.worker: unknown key (did you mean "workers"?)`},
		{"unknown key far from any", "colour = \"red\"\n",
			"1: colour: unknown key (known here: clean, feeds, keep_days, keep_stories, keys, refresh, save_dir, theme, user_agent)"},
		{"unknown key in second feed", "[[feeds]]\nurl = \"https://a.example/rss\"\n[[feeds]]\nurl = \"https://b.example/rss\"\ntagz = [\"x\"]\n",
			`5: feeds[1].tagz: unknown key (did you mean "tags"?)`},
		{"misspelt table", "[refreshh]\nworkers = 2\n",
			`1: refreshh: unknown key (did you mean "refresh"?)`},
		{"boolean for an integer", "keep_days = true\n",
			"1: keep_days: must be an integer, not a boolean"},
		{"feed_text not a boolean", "[[feeds]]\nurl = \"https://a.example/rss\"\nfeed_text = \"yes\"\n",
			"3: feeds.feed_text: must be a boolean (true or false), not a string"},
		{"articles not a boolean", "[refresh]\narticles = 1\n",
			"2: refresh.articles: must be a boolean (true or false), not an integer"},
		{"feeds as a string", "feeds = \"https://a.example/rss\"\n",
			"1: feeds: must be an array of tables ([[feeds]]), not a string"},
		{"error after a byte-order mark", "\ufefftheme = \"x\"\n",
			`1: theme: "x" is not a theme: use auto, dark, light or notty`},
		{"theme", "theme = \"solarized\"\n",
			`1: theme: "solarized" is not a theme: use auto, dark, light or notty`},
		{"keep_days", "keep_days = -1\n",
			"1: keep_days: must be between 0 (keep forever) and 36500, not -1"},
		{"keep_stories unbounded", "keep_stories = 0\n",
			"1: keep_stories: must be between 100 and 1000000, not 0"},
		{"max_new too large", "[refresh]\nmax_new = 300000\n",
			"2: refresh.max_new: must be between 10 and 100000, not 300000"},
		{"user_agent with newline", "user_agent = \"x\\r\\nX-Evil: 1\"\n",
			"1: user_agent: must be printable ASCII on one line (it is sent as an HTTP header)"},
		{"relative save_dir", "save_dir = \"notes\"\n",
			`1: save_dir: "notes" must be an absolute path or start with ~/`},
		{"~user save_dir", "save_dir = \"~bob/notes\"\n",
			`1: save_dir: "~bob/notes": only ~ and ~/ are expanded, not ~user`},
		{"feed without url", "[[feeds]]\nurl = \"https://a.example/rss\"\n\n[[feeds]]\ntitle = \"No URL\"\n",
			`4: feeds[1].url: missing: each [[feeds]] needs url = "https://…"`},
		{"feed with a non-http url", "[[feeds]]\nurl = \"ftp://a.example/rss\"\n",
			`2: feeds[0].url: "ftp://a.example/rss" is not an http(s) URL`},
		{"duplicate feed", "[[feeds]]\nurl = \"https://a.example/rss\"\n[[feeds]]\nurl = \"https://a.example/rss\"\n",
			"4: feeds[1].url: https://a.example/rss is already listed as feeds[0]"},
		{"empty tag", "[[feeds]]\nurl = \"https://a.example/rss\"\ntags = [\"ok\",\n  \"\"]\n",
			"4: feeds[0].tags[1]: a tag must be a non-empty word without control characters"},
		{"feeds as inline tables", "feeds = [\n  { url = \"https://a.example/rss\" },\n  { url = \"nope\" },\n]\n",
			`3: feeds[1].url: "nope" is not an http(s) URL`},
		{"unknown action", "[keys]\nscroll_down = [\"j\"]\n",
			`2: keys.scroll_down: unknown action; actions are: up, down, top, bottom, half_page_down, half_page_up, page_down, read_on, page_up, open, back, quit, next, prev, next_unread, refresh, refresh_all, open_browser, copy_url, save, toggle_read, star, help, filter, unread_only, feeds_pane, reload, mark_all_read, undo, mark_all_feeds_read, add_feed, remove_feed, rename_feed, retag_feed, feed_text, find`},
		{"misspelt action", "[keys]\nrefesh = [\"r\"]\n",
			`2: keys.refesh: unknown action (did you mean "refresh"?); actions are: up, down, top, bottom, half_page_down, half_page_up, page_down, read_on, page_up, open, back, quit, next, prev, next_unread, refresh, refresh_all, open_browser, copy_url, save, toggle_read, star, help, filter, unread_only, feeds_pane, reload, mark_all_read, undo, mark_all_feeds_read, add_feed, remove_feed, rename_feed, retag_feed, feed_text, find`},
		{"key as a string", "[keys]\nquit = \"q\"\n",
			`2: keys.quit: must be an array of strings, e.g. ["x"], not a string`},
		{"no keys", "[keys]\nquit = []\n",
			`2: keys.quit: give at least one key, e.g. ["x"]`},
		{"bad key name", "[keys]\nopen = [\"enter\",\n  \"Return\"]\n",
			`3: keys.open[1]: "Return": write "enter", not "Return"`},
		{"modifier order", "[keys]\ntop = [\"shift+ctrl+g\"]\n",
			`2: keys.top[0]: "shift+ctrl+g": write modifiers in the order ctrl+alt+shift+meta+hyper+super, each once`},
		{"space character", "[keys]\npage_down = [\" \"]\n",
			`2: keys.page_down[0]: write "space" for the space bar`},
		{"bad selector", "[clean]\n\"example.com\" = [\n  \".promo\",\n  \"div[\",\n]\n",
			`4: clean."example.com"[1]: "div[" is not a CSS selector: expected identifier, found EOF instead`},
		{"host with scheme", "[clean]\n\"https://example.com/\" = [\".promo\"]\n",
			`2: clean."https://example.com/": "https://example.com/" is not a host name: write "example.com" (covers its subdomains) or "*" for every site`},
		{"a key that hides another action", "[keys]\nstar = [\"*\", \"s\"]\n",
			`2: keys.star[1]: "s" is also bound to save on the story list and the reader, so one of them would never work there: pick another key for star, or remap save too`},
		{"a key taken from a list action", "[keys]\ntoggle_read = [\"/\"]\n",
			`2: keys.toggle_read[0]: "/" is also bound to filter on the story list, so one of them would never work there: pick another key for toggle_read, or remap filter too`},
		{"a bulk mark on a list key", "[keys]\nmark_all_read = [\"u\"]\n",
			`2: keys.mark_all_read[0]: "u" is also bound to unread_only on the story list, so one of them would never work there: pick another key for mark_all_read, or remap unread_only too`},
		{"syntax error", "theme = \"dark\"\n[refresh\n",
			"2: expected ']' to close table name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			path := writeFile(t, tt.doc)
			_, err := Load(path)
			if err == nil {
				t.Fatalf("Load(%q) = nil error, want %q", tt.doc, tt.want)
			}
			got := strings.TrimPrefix(err.Error(), path+":")
			if got != tt.want {
				t.Errorf("Load(%q) error\n got %q\nwant %q", tt.doc, err.Error(), path+":"+tt.want)
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.File != path || ce.Line == 0 {
				t.Errorf("error %v is not an *Error with file and line", err)
			}
		})
	}
}

func TestLoadReportsEveryProblemInLineOrder(t *testing.T) {
	isolate(t)
	path := writeFile(t, `theme = "neon"
keep_days = -5
[refresh]
workers = 100
[keys]
bogus = ["x"]
`)
	_, err := Load(path)
	if err == nil {
		t.Fatal("want errors")
	}
	lines := strings.Split(err.Error(), "\n")
	var keys []string
	for _, l := range lines {
		if !strings.HasPrefix(l, path+":") {
			t.Errorf("line %q does not start with the file name", l)
		}
		parts := strings.SplitN(strings.TrimPrefix(l, path+":"), ": ", 3)
		keys = append(keys, parts[0]+" "+parts[1])
	}
	want := []string{"1 theme", "2 keep_days", "4 refresh.workers", "6 keys.bogus"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("errors at %q, want %q", keys, want)
	}
}

// An unknown key must not hide the bad values after it: a user fixing a
// typo should not discover the next problem only on the next run.
func TestLoadReportsUnknownKeysWithBadValues(t *testing.T) {
	isolate(t)
	path := writeFile(t, `themes = "dark"
[refresh]
workers = 80
timeout = "abc"
[keys]
quit = ["escape"]
[[feeds]]
url = "ftp://x"
`)
	_, err := Load(path)
	if err == nil {
		t.Fatal("want errors")
	}
	var keys []string
	for _, l := range strings.Split(err.Error(), "\n") {
		parts := strings.SplitN(strings.TrimPrefix(l, path+":"), ": ", 3)
		if len(parts) < 2 {
			t.Fatalf("line %q is not FILE:LINE: KEY: MESSAGE", l)
		}
		keys = append(keys, parts[0]+" "+parts[1])
	}
	want := []string{"1 themes", "3 refresh.workers", "4 refresh.timeout", "6 keys.quit[0]", "8 feeds[0].url"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("errors at %q, want %q", keys, want)
	}
}

func TestFindPrecedence(t *testing.T) {
	home := isolate(t)
	xdg := filepath.Join(home, "xdg")
	t.Setenv("XDG_CONFIG_HOME", xdg)
	defPath := filepath.Join(xdg, "tidings", "config.toml")
	if err := os.MkdirAll(filepath.Dir(defPath), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(defPath, []byte(`theme = "light"`), 0o644)
	envPath := writeFile(t, `theme = "dark"`)
	flagPath := writeFile(t, `theme = "notty"`)

	tests := []struct {
		name, env, flag, wantFile, wantTheme string
	}{
		{"default location", "", "", defPath, "light"},
		{"environment over default", envPath, "", envPath, "dark"},
		{"flag over environment", envPath, flagPath, flagPath, "notty"},
		{"flag alone", "", flagPath, flagPath, "notty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvConfig, tt.env)
			c, err := Find(tt.flag)
			if err != nil {
				t.Fatal(err)
			}
			if c.File != tt.wantFile || c.Theme != tt.wantTheme || !c.FileExists {
				t.Errorf("Find(%q) with %s=%q: file %q theme %q, want %q %q", tt.flag, EnvConfig, tt.env, c.File, c.Theme, tt.wantFile, tt.wantTheme)
			}
		})
	}
}

func TestConfigFileExpandsTildeFromEnvironment(t *testing.T) {
	home := isolate(t)
	t.Setenv(EnvConfig, "~/cfg/tidings.toml")
	if p, explicit, err := ConfigFile(""); err != nil || !explicit || p != filepath.Join(home, "cfg", "tidings.toml") {
		t.Errorf("ConfigFile with %s=~/cfg/tidings.toml: %q %v %v", EnvConfig, p, explicit, err)
	}
	// Only ~ and ~/ mean the home folder.
	t.Setenv(EnvConfig, "~user/c.toml")
	if p, _, _ := ConfigFile(""); p != "~user/c.toml" {
		t.Errorf("~user expanded: %q", p)
	}
}

func TestFindMissingFile(t *testing.T) {
	home := isolate(t)
	missing := filepath.Join(home, "nope.toml")

	// No file at the default location: defaults, and the path it would have.
	c, err := Find("")
	if err != nil {
		t.Fatalf("Find with no default file: %v", err)
	}
	if want := filepath.Join(home, ".config", "tidings", "config.toml"); c.File != want || c.FileExists {
		t.Errorf("File = %q (exists %v), want %q (absent)", c.File, c.FileExists, want)
	}

	// A file named by flag or environment must exist.
	for _, tc := range []struct{ flag, env string }{{missing, ""}, {"", missing}} {
		t.Setenv(EnvConfig, tc.env)
		_, err := Find(tc.flag)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Find(flag=%q env=%q) = %v, want a not-exist error", tc.flag, tc.env, err)
		}
		// Said once: not followed by Go's own "file does not exist".
		if want := missing + ": no such file (tidings config init writes one)"; err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
	}
}

func TestPaths(t *testing.T) {
	home := isolate(t)
	abs := func(p ...string) string { return filepath.Join(append([]string{home}, p...)...) }
	tests := []struct {
		name   string
		env    map[string]string
		dbFlag string
		want   Paths
	}{
		{"fallbacks under home", nil, "", Paths{
			Config:   abs(".config", "tidings", "config.toml"),
			Database: abs(".local", "share", "tidings", "tidings.db"),
			Log:      abs(".local", "state", "tidings", "tidings.log"),
			SaveDir:  abs("Documents", "tidings"),
		}},
		{"XDG variables", map[string]string{
			"XDG_CONFIG_HOME": abs("c"), "XDG_DATA_HOME": abs("d"), "XDG_STATE_HOME": abs("s"), "XDG_DOCUMENTS_DIR": abs("Docs"),
		}, "", Paths{
			Config:   abs("c", "tidings", "config.toml"),
			Database: abs("d", "tidings", "tidings.db"),
			Log:      abs("s", "tidings", "tidings.log"),
			SaveDir:  abs("Docs", "tidings"),
		}},
		{"relative XDG values are ignored", map[string]string{
			"XDG_CONFIG_HOME": "c", "XDG_DATA_HOME": "d", "XDG_STATE_HOME": "s",
		}, "", Paths{
			Config:   abs(".config", "tidings", "config.toml"),
			Database: abs(".local", "share", "tidings", "tidings.db"),
			Log:      abs(".local", "state", "tidings", "tidings.log"),
			SaveDir:  abs("Documents", "tidings"),
		}},
		{"TIDINGS_DB over XDG", map[string]string{"XDG_DATA_HOME": abs("d"), EnvDB: abs("env.db")}, "", Paths{
			Config:   abs(".config", "tidings", "config.toml"),
			Database: abs("env.db"),
			Log:      abs(".local", "state", "tidings", "tidings.log"),
			SaveDir:  abs("Documents", "tidings"),
		}},
		// A crontab or systemd unit does not expand ~ in TIDINGS_DB="~/x".
		{"~ in TIDINGS_DB", map[string]string{EnvDB: "~/news/env.db"}, "", Paths{
			Config:   abs(".config", "tidings", "config.toml"),
			Database: abs("news", "env.db"),
			Log:      abs(".local", "state", "tidings", "tidings.log"),
			SaveDir:  abs("Documents", "tidings"),
		}},
		{"--db over TIDINGS_DB", map[string]string{EnvDB: abs("env.db")}, abs("flag.db"), Paths{
			Config:   abs(".config", "tidings", "config.toml"),
			Database: abs("flag.db"),
			Log:      abs(".local", "state", "tidings", "tidings.log"),
			SaveDir:  abs("Documents", "tidings"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateKeepingHome(t, home)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := Find("")
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Paths(tt.dbFlag)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Paths() = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// isolateKeepingHome clears the variables again for a subtest, keeping home.
func isolateKeepingHome(t *testing.T, home string) {
	t.Setenv("HOME", home)
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_DOCUMENTS_DIR", EnvConfig, EnvDB} {
		t.Setenv(v, "")
	}
}

func TestSaveDirFromUserDirs(t *testing.T) {
	home := isolate(t)
	write := func(dir, content string) {
		t.Helper()
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, "user-dirs.dirs"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// xdg-user-dirs' own format, in ~/.config when XDG_CONFIG_HOME is unset.
	write(filepath.Join(home, ".config"), "# This file is written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n")
	if got, want := Default().SaveDir, filepath.Join(home, "Dokumente", "tidings"); got != want {
		t.Errorf("save dir from ~/.config/user-dirs.dirs = %q, want %q", got, want)
	}
	// In $XDG_CONFIG_HOME when set, with an absolute path.
	xdg := filepath.Join(home, "xdg")
	t.Setenv("XDG_CONFIG_HOME", xdg)
	write(xdg, "XDG_DOCUMENTS_DIR=\"/srv/docs\"\n")
	if got, want := Default().SaveDir, filepath.Join("/srv/docs", "tidings"); got != want {
		t.Errorf("save dir from $XDG_CONFIG_HOME/user-dirs.dirs = %q, want %q", got, want)
	}
	// The environment variable wins over the file.
	t.Setenv("XDG_DOCUMENTS_DIR", filepath.Join(home, "Papers"))
	if got, want := Default().SaveDir, filepath.Join(home, "Papers", "tidings"); got != want {
		t.Errorf("save dir from $XDG_DOCUMENTS_DIR = %q, want %q", got, want)
	}
}

func TestWriteDefaultNeverOverwrites(t *testing.T) {
	isolate(t)
	path := filepath.Join(t.TempDir(), "new", "folder", "config.toml")
	if err := WriteDefault(path); err != nil {
		t.Fatalf("WriteDefault into a missing folder: %v", err)
	}
	os.WriteFile(path, []byte("theme = \"dark\" # mine\n"), 0o644)
	err := WriteDefault(path)
	if err == nil {
		t.Fatal("WriteDefault over an existing file succeeded")
	}
	if want := path + " already exists; edit it, or move it away to write a fresh one"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if b, _ := os.ReadFile(path); string(b) != "theme = \"dark\" # mine\n" {
		t.Errorf("existing file changed to %q", b)
	}
}

// TestDefaultFileRoundTrip loads what config init writes: it must give the
// defaults exactly, and every commented example in it must be valid too.
func TestDefaultFileRoundTrip(t *testing.T) {
	isolate(t)
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := WriteDefault(path); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatalf("the written default file does not load: %v", err)
	}
	want := Default()
	want.File, want.FileExists = path, true
	if !reflect.DeepEqual(c, want) {
		t.Errorf("default file loads as %+v\nwant %+v", c, want)
	}

	examples := writeFile(t, string(renderDefault(true)))
	c, err = Load(examples)
	if err != nil {
		t.Fatalf("the default file with its examples uncommented does not load: %v", err)
	}
	if len(c.Feeds) != 3 || !c.Feeds[2].FeedText || len(c.Clean) != 2 {
		t.Errorf("examples gave %d feeds (%+v), %d clean sites; want 3, the last with feed_text, and 2", len(c.Feeds), c.Feeds, len(c.Clean))
	}
	// The documented defaults of [keys] are the complete action list.
	for _, a := range Actions() {
		if !reflect.DeepEqual(c.Keys[a], DefaultKeys(a)) {
			t.Errorf("keys.%s documented as %q, want %q", a, c.Keys[a], DefaultKeys(a))
		}
	}
}

// TestDefaultFileDocumentsEveryKey guards against adding a setting without
// documenting it.
func TestDefaultFileDocumentsEveryKey(t *testing.T) {
	doc := string(renderDefault(true))
	for table, keys := range schema() {
		for k := range keys {
			pattern := "\n" + k + " = "
			switch {
			case table == "" && (k == "refresh" || k == "keys" || k == "clean"):
				pattern = "\n[" + k + "]"
			case table == "" && k == "feeds":
				pattern = "\n[[feeds]]"
			}
			if !strings.Contains(doc, pattern) {
				t.Errorf("the default file does not document %s.%s", table, k)
			}
		}
	}
}

func TestDefaultFeeds(t *testing.T) {
	a := DefaultFeeds()
	if len(a) < 4 {
		t.Fatalf("only %d default feeds", len(a))
	}
	c := Default()
	c.Feeds = a
	if err := c.Validate(); err != nil {
		t.Errorf("default feeds do not validate: %v", err)
	}
	a[0].URL = "changed"
	a[0].Tags[0] = "changed"
	if b := DefaultFeeds(); b[0].URL == "changed" || b[0].Tags[0] == "changed" {
		t.Error("DefaultFeeds returns shared data: a caller's change leaked")
	}
}

func TestCheckKey(t *testing.T) {
	valid := []string{"j", "G", "?", "*", "/", "+", "ctrl++", "ctrl+d", "alt+enter", "ctrl+alt+shift+x",
		"enter", "esc", "tab", "space", "up", "down", "pgup", "pgdown", "home", "end", "f1", "f12", "é"}
	for _, k := range valid {
		if msg := checkKey(k); msg != "" {
			t.Errorf("checkKey(%q) = %q, want valid", k, msg)
		}
	}
	invalid := map[string]string{
		"":            "empty key",
		"Enter":       `"Enter": key names are lower case: "enter"`,
		"escape":      `"escape": write "esc", not "escape"`,
		"pgdn":        `"pgdn": write "pgdown", not "pgdn"`,
		"control+x":   `"control+x": write "ctrl", not "control"`,
		"cmd+x":       `"cmd+x": unknown modifier "cmd" (use ctrl, alt, shift, meta, hyper, super)`,
		"ctrl+ctrl+x": `"ctrl+ctrl+x": write modifiers in the order ctrl+alt+shift+meta+hyper+super, each once`,
		"\x1b":        `"\x1b" is not a key`,
		"jk":          `"jk" is not a key: use one character, a name such as enter, esc, tab, space, up, pgdown, home, f1, with modifiers as in "ctrl+d"`,
	}
	for k, want := range invalid {
		if got := checkKey(k); got != want {
			t.Errorf("checkKey(%q) = %q, want %q", k, got, want)
		}
	}
}

func TestValidateWithoutFile(t *testing.T) {
	isolate(t)
	c := Default()
	c.Refresh.Workers = 0
	err := c.Validate()
	if err == nil || err.Error() != "refresh.workers: must be between 1 and 64, not 0" {
		t.Errorf("Validate() = %v", err)
	}
}

func TestCleanSelectors(t *testing.T) {
	c := Default()
	c.Clean = map[string][]string{
		"*":               {".newsletter"},
		"example.com":     {".promo"},
		"www.example.com": {"#related"},
		"other.org":       {".x"},
	}
	tests := map[string][]string{
		"www.example.com":  {".newsletter", "#related", ".promo"},
		"example.com":      {".newsletter", ".promo"},
		"EXAMPLE.com:8080": {".newsletter", ".promo"},
		"news.example.com": {".newsletter", ".promo"},
		"notexample.com":   {".newsletter"},
		"elsewhere.net":    {".newsletter"},
		"":                 {".newsletter"},
	}
	for host, want := range tests {
		if got := c.CleanSelectors(host); !reflect.DeepEqual(got, want) {
			t.Errorf("CleanSelectors(%q) = %q, want %q", host, got, want)
		}
	}
}

// TestReadmeExampleLoads keeps the README's sample configuration valid.
func TestReadmeExampleLoads(t *testing.T) {
	isolate(t)
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatalf("the README is part of the repository: %v", err)
	}
	blocks := 0
	for _, part := range strings.Split(string(b), "```toml\n")[1:] {
		doc, _, ok := strings.Cut(part, "```")
		if !ok {
			continue
		}
		blocks++
		if _, err := Load(writeFile(t, doc)); err != nil {
			t.Errorf("README's TOML example does not load: %v", err)
		}
	}
	if blocks == 0 {
		t.Fatal("README.md has no TOML example: the sample configuration it documents is gone")
	}
}

// Keys that only look alike are not a conflict: actions read on different
// screens, the back/quit pair that shares q by design, and a key moved
// away from an action that takes another one.
func TestKeysWithoutConflict(t *testing.T) {
	isolate(t)
	for _, doc := range []string{
		"[keys]\nquit = [\"q\", \"ctrl+q\"]\n",
		"[keys]\nfilter = [\"n\"]\n",
		"[keys]\nstar = [\"s\"]\nsave = [\"S\"]\n",
		"[keys]\nfeeds_pane = [\"tab\", \"p\"]\n",
		// page_down as it was before read_on took space: space reads on.
		"[keys]\npage_down = [\"space\", \"pgdown\"]\n",
		"[keys]\nundo = [\"ctrl+z\"]\nmark_all_feeds_read = [\"U\"]\n",
	} {
		if _, err := Load(writeFile(t, doc)); err != nil {
			t.Errorf("Load(%q): %v", doc, err)
		}
	}
}
