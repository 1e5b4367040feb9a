package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultFile returns the commented configuration file that config init
// writes: every key with its default and what it does. Settings whose
// default depends on the machine, and examples, are commented out.
func DefaultFile() []byte {
	return renderDefault(false)
}

// WriteDefault writes [DefaultFile] to path, creating its folder. It never
// overwrites: an existing file is an error naming it.
func WriteDefault(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("%s: cannot create the folder: %w", filepath.Dir(path), unwrapPathError(err))
	}
	// O_EXCL: an existing file, even one created a moment ago, is never touched.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; edit it, or move it away to write a fresh one", path)
		}
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	_, err = f.Write(DefaultFile())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return nil
}

// renderDefault writes the default file. With examples set, the commented
// examples are written as live settings, so a test can check that every
// example the file shows is itself valid.
func renderDefault(examples bool) []byte {
	def := Default()
	t := &template{examples: examples}
	t.general(def)
	t.refresh(def)
	t.feeds()
	t.keys()
	t.clean()
	t.sync()
	return []byte(t.b.String())
}

// template writes the config file's text.
type template struct {
	b        strings.Builder
	examples bool
}

// p writes lines as they are.
func (t *template) p(lines ...string) {
	for _, l := range lines {
		t.b.WriteString(l)
		t.b.WriteByte('\n')
	}
}

// ex writes a line the user may uncomment.
func (t *template) ex(lines ...string) {
	for _, l := range lines {
		if !t.examples {
			t.b.WriteString("#")
			if l != "" {
				t.b.WriteString(" ")
			}
		}
		t.b.WriteString(l)
		t.b.WriteByte('\n')
	}
}

// general writes the top-level keys.
func (t *template) general(def *Config) {
	saveDir := def.SaveDir
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rest, ok := strings.CutPrefix(saveDir, home+string(filepath.Separator)); ok {
			saveDir = "~/" + filepath.ToSlash(rest)
		}
	}
	if saveDir == "" {
		saveDir = "~/Documents/tidings"
	}

	t.p("# tidings configuration file.",
		"#",
		"# Written by `tidings config init`; `tidings config path` shows where tidings",
		"# looks for it. Keys left out (or commented out) keep their defaults, shown",
		"# here. An unknown key or a bad value stops tidings with the file, line and",
		"# key, so a typo never goes unnoticed.",
		"",
		"# Light or dark colours: auto (follow the terminal's background), dark,",
		"# light, or notty (no colours or styles). NO_COLOR is honoured too.",
		fmt.Sprintf("theme = %q", def.Theme),
		"",
		"# Where `s` and `tidings save` write Markdown notes; ~ is your home folder.",
		"# Default: tidings/ in your documents folder (XDG_DOCUMENTS_DIR).",
	)
	t.ex(fmt.Sprintf("save_dir = %q", saveDir))
	t.p("",
		"# User-Agent sent when fetching feeds and pages. Empty: tidings' own, which",
		"# names tidings and its version.",
		fmt.Sprintf("user_agent = %q", def.UserAgent),
		"",
		"# Read, unstarred stories older than this many days are deleted on fetch.",
		"# Unread and starred stories are always kept. 0 keeps everything.",
		fmt.Sprintf("keep_days = %d", def.KeepDays),
		"",
		"# Stories one feed may keep. Past it the oldest read, unstarred stories go",
		"# first, then the oldest unread ones; starred stories are always kept.",
		"# `tidings feeds list` says when a feed reached it.",
		fmt.Sprintf("keep_stories = %d", def.KeepStories),
		"",
	)
}

// refresh writes the [refresh] table.
func (t *template) refresh(def *Config) {
	t.p("[refresh]",
		"# Feeds downloaded at once, and at most this many at once from one host.",
		fmt.Sprintf("workers = %d", def.Refresh.Workers),
		fmt.Sprintf("per_host = %d", def.Refresh.PerHost),
		"# Time allowed for each download (\"45s\", \"2m\").",
		fmt.Sprintf("timeout = %q", formatDuration(def.Refresh.Timeout)),
		"# The reader refreshes in the background when the last refresh is older",
		"# than this. \"0\" turns it off (R still refreshes by hand).",
		fmt.Sprintf("interval = %q", formatDuration(def.Refresh.Interval)),
		"# New stories one fetch of one feed may add; a feed listing more (or one",
		"# that changes its stories' ids at every fetch) is cut there, and",
		"# `tidings feeds list` says so.",
		fmt.Sprintf("max_new = %d", def.Refresh.MaxNew),
		"# Also download and clean the pages of new stories, within the same",
		"# per-host limits, so that they read without the network (as",
		"# `tidings fetch --articles` does).",
		fmt.Sprintf("articles = %t", def.Refresh.Articles),
		"",
	)
}

// feeds writes the [[feeds]] examples.
func (t *template) feeds() {
	t.p("# Subscriptions. Each [[feeds]] entry is one feed: url is required, title",
		"# replaces the feed's own name, tags group feeds in the feeds pane and go",
		"# into saved notes; feed_text = true shows the feed's own text and never",
		"# fetches its pages (for feeds that carry the whole story, or whose pages",
		"# defeat cleaning).",
		"# tidings keeps its subscriptions in its database; the feeds listed here are",
		"# merged into it at every start, and for them this file wins: its title,",
		"# tags and feed_text apply (the reader's feeds pane does not change them),",
		"# and deleting an entry here unsubscribes (unless you also added the feed",
		"# with `tidings feeds add`, which writes the database, not this file).",
		"# `tidings feeds list` shows everything you follow.",
		"# With no subscriptions at all, tidings starts once with a few well-known",
		"# news feeds (BBC, NPR, The Guardian, Al Jazeera, Hacker News, Ars Technica).",
	)
	t.ex("[[feeds]]",
		`url = "https://feeds.bbci.co.uk/news/world/rss.xml"`,
		`title = "BBC World"`,
		`tags = ["world", "news"]`,
		"",
		"[[feeds]]",
		`url = "https://news.ycombinator.com/rss"`,
		`tags = ["tech"]`,
		"",
		"[[feeds]]",
		`url = "https://www.schneier.com/feed/atom/"`,
		`feed_text = true          # the feed carries each post whole`,
	)
}

// keys writes the [keys] table, every action with its default keys.
func (t *template) keys() {
	t.p("",
		"# Keys. Each action takes a list of keys, written as Bubble Tea names: one",
		"# character (\"j\", \"G\", \"?\"), a name (enter, esc, tab, space, backspace,",
		"# up, down, left, right, pgup, pgdown, home, end, insert, delete, f1…f20),",
		"# with modifiers written in this order: ctrl+alt+shift+… (\"ctrl+d\", \"alt+j\").",
		"# A remapped action takes exactly the keys listed: the defaults below go.",
		"[keys]",
	)
	for _, a := range actionTable() {
		quoted := make([]string, len(a.keys))
		for i, k := range a.keys {
			quoted[i] = fmt.Sprintf("%q", k)
		}
		line := fmt.Sprintf("%s = [%s]", a.name, strings.Join(quoted, ", "))
		t.ex(fmt.Sprintf("%-40s # %s", line, a.help))
	}
}

// clean writes the [clean] examples.
func (t *template) clean() {
	t.p("",
		"# Extra clutter to remove from pages, as CSS selectors, per site. A host",
		"# also covers its subdomains; \"*\" applies to every site. These add to the",
		"# built-in cleaning, they never replace it.",
		"[clean]",
	)
	t.ex(`"*" = [".newsletter-signup"]`,
		`"example.com" = [".promo", "#related", "aside.more-stories"]`,
	)
}

// sync writes the [sync] example.
func (t *template) sync() {
	t.p("",
		"# Sync with an aggregator you run, so stories read or starred here are read",
		"# or starred on your other devices (`tidings sync`; the reader syncs on start",
		"# and on R). kind is \"miniflux\" (its REST API) or \"greader\" (the Google",
		"# Reader API of FreshRSS, Miniflux, Inoreader, The Old Reader…). user may be",
		"# left out for Miniflux with an API token. The secret is never written here:",
		"# give exactly one of password_command (its first line of output),",
		"# password_env (an environment variable) or token_file (mode 0600).",
	)
	t.ex("[sync]",
		`kind = "miniflux"`,
		`url = "https://reader.example.org"`,
		`user = "me"`,
		`password_command = "pass show reader.example.org"`,
	)
}
