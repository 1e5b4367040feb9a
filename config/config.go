// Package config reads tidings' TOML configuration file.
//
// Defaults live in code ([Default]); the file is laid over them and the
// result is validated. Every problem found in the file is reported with the
// file, the line and the key ("config.toml:12: refresh.workers: must be
// between 1 and 64"), so a hand-edited file never fails silently.
//
// The file is found, in order of precedence, through the --config flag, the
// TIDINGS_CONFIG environment variable, then $XDG_CONFIG_HOME/tidings/config.toml
// (else os.UserConfigDir()/tidings/config.toml). A missing default file means
// defaults; a missing file that was named explicitly is an error.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
)

// Theme names accepted by the theme key.
const (
	ThemeAuto  = "auto"
	ThemeDark  = "dark"
	ThemeLight = "light"
	ThemeNoTTY = "notty"
)

// AllSites is the [clean] key whose selectors apply to every site.
const AllSites = "*"

// Config is tidings' validated configuration.
type Config struct {
	// Feeds are the subscriptions listed in the file, in file order.
	Feeds []Feed
	// SaveDir is where saved articles go: absolute, "~" expanded.
	SaveDir string
	// Theme is one of auto, dark, light, notty.
	Theme string
	// UserAgent replaces the fetcher's User-Agent when not empty.
	UserAgent string
	// KeepDays is how long read, unstarred stories are kept; 0 keeps them forever.
	KeepDays int
	// KeepStories is how many stories one feed may keep: past it the
	// oldest read and unstarred go first, then the oldest unread, never
	// starred ones.
	KeepStories int
	Refresh     Refresh
	// Keys maps an action name (see [Actions]) to the keys that trigger it,
	// as Bubble Tea v2 key strings. Only remapped actions are present; the
	// UI keeps its own defaults for the others.
	Keys map[string][]string
	// Clean maps a host name, or [AllSites], to extra CSS selectors whose
	// elements are dropped from that site's pages. A host also covers its
	// subdomains.
	Clean map[string][]string
	// Sync is the aggregator to sync with; its Kind is empty when there
	// is none.
	Sync Sync

	// File is the configuration file this was read from, or would have been
	// read from when it does not exist (see FileExists).
	File string
	// FileExists reports whether File existed and was read.
	FileExists bool
}

// Feed is one subscription from the [[feeds]] array.
type Feed struct {
	URL   string
	Title string
	Tags  []string
	// FeedText shows the feed's own text instead of fetching its pages,
	// for a feed that carries the full text or whose pages defeat
	// cleaning.
	FeedText bool
}

// Refresh tunes how feeds are downloaded.
type Refresh struct {
	// Workers is the number of feeds fetched at once.
	Workers int
	// PerHost caps concurrent requests to any one host.
	PerHost int
	// Timeout bounds each feed's download.
	Timeout time.Duration
	// Interval is how old the last refresh may get before the TUI refreshes
	// in the background; 0 turns auto-refresh off.
	Interval time.Duration
	// MaxNew is how many new stories one fetch of one feed may add; the
	// feed's further items wait for later fetches.
	MaxNew int
	// Articles also downloads and cleans the pages of new stories into
	// the article cache, so they read without the network.
	Articles bool
}

// Default returns the configuration used when there is no file: every field
// set, SaveDir resolved from the environment.
func Default() *Config {
	return &Config{
		SaveDir:     defaultSaveDir(),
		Theme:       ThemeAuto,
		KeepDays:    90,
		KeepStories: 20000,
		Refresh: Refresh{
			Workers:  8,
			PerHost:  2,
			Timeout:  30 * time.Second,
			Interval: 30 * time.Minute,
			MaxNew:   10000,
		},
	}
}

// DefaultFeeds returns a fresh copy of the built-in subscriptions used when
// there are none at all, so that a first run shows news: a few well-known
// public feeds with world news and technology.
func DefaultFeeds() []Feed {
	return []Feed{
		{URL: "https://feeds.bbci.co.uk/news/world/rss.xml", Title: "BBC News – World", Tags: []string{"world"}},
		{URL: "https://feeds.npr.org/1001/rss.xml", Title: "NPR News", Tags: []string{"world"}},
		{URL: "https://www.theguardian.com/world/rss", Title: "The Guardian – World", Tags: []string{"world"}},
		{URL: "https://www.aljazeera.com/xml/rss/all.xml", Title: "Al Jazeera", Tags: []string{"world"}},
		{URL: "https://news.ycombinator.com/rss", Title: "Hacker News", Tags: []string{"tech"}},
		{URL: "https://feeds.arstechnica.com/arstechnica/index", Title: "Ars Technica", Tags: []string{"tech"}},
	}
}

// Actions returns the names of the actions that [keys] can remap, in the
// order the help screen lists them. The names are shared with the UI.
func Actions() []string {
	table := actionTable()
	names := make([]string, len(table))
	for i, a := range table {
		names[i] = a.name
	}
	return names
}

// DefaultKeys returns the UI's default bindings for action, as documented in
// the file written by config init; nil for an unknown action.
func DefaultKeys(action string) []string {
	for _, a := range actionTable() {
		if a.name == action {
			return append([]string(nil), a.keys...)
		}
	}
	return nil
}

// action is one remappable action: its name, what it does, its default
// keys, and the screens where its keys are read.
type action struct {
	name, help string
	keys       []string
	on         screens
}

// screens is a set of the reader's screens, for finding two actions that
// a key would have to mean at once.
type screens uint8

const (
	onList   screens = 1 << iota // the story list
	onReader                     // the article
	onPane                       // the feeds pane

	onStory = onList | onReader // actions on the story in front of you
	onAll   = onList | onReader | onPane
)

// names lists the screens of s, for an error message.
func (s screens) names() string {
	var out []string
	for _, n := range []struct {
		bit  screens
		name string
	}{{onList, "the story list"}, {onReader, "the reader"}, {onPane, "the feeds pane"}} {
		if s&n.bit != 0 {
			out = append(out, n.name)
		}
	}
	switch len(out) {
	case 1:
		return out[0]
	case 2:
		return out[0] + " and " + out[1]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// actionTable lists every remappable action with its default keys and what
// it does; it documents [keys] in the written default file. A function, not a
// package variable, so that no caller can change it for the others.
func actionTable() []action {
	return []action{
		{"up", "move up / scroll up", []string{"k", "up"}, onAll},
		{"down", "move down / scroll down", []string{"j", "down"}, onAll},
		{"top", "go to the top", []string{"g", "home"}, onAll},
		{"bottom", "go to the bottom", []string{"G", "end"}, onAll},
		{"half_page_down", "half a page down", []string{"ctrl+d"}, onAll},
		{"half_page_up", "half a page up", []string{"ctrl+u"}, onAll},
		{"page_down", "a page down", []string{"pgdown"}, onAll},
		{"read_on", "a page down; at the end of an article, the next unread story", []string{"space"}, onAll},
		{"page_up", "a page up", []string{"b", "pgup"}, onAll},
		{"open", "open the selected story", []string{"enter", "l"}, onList | onPane},
		{"back", "go back", []string{"esc", "h", "q"}, onAll},
		{"quit", "quit (q on the story list; ctrl+c anywhere)", []string{"q", "ctrl+c"}, onAll},
		{"next", "next story, from the reader", []string{"n", "J"}, onReader},
		{"prev", "previous story, from the reader", []string{"p", "K"}, onReader},
		{"next_unread", "next unread story", []string{"N"}, onStory},
		{"refresh", "refresh the selected feed", []string{"r"}, onAll},
		{"refresh_all", "refresh every feed", []string{"R"}, onAll},
		{"open_browser", "open in the browser ($BROWSER, else xdg-open/open)", []string{"o"}, onStory},
		{"copy_url", "copy the URL (OSC 52)", []string{"y"}, onStory},
		{"save", "save the article as Markdown", []string{"s"}, onStory},
		{"toggle_read", "mark read / unread", []string{"m"}, onStory},
		{"star", "star / unstar", []string{"*"}, onStory},
		{"help", "show the keys", []string{"?"}, onAll},
		{"filter", "filter the list", []string{"/"}, onList},
		{"unread_only", "show only unread stories", []string{"u"}, onList},
		{"feeds_pane", "show the feeds pane", []string{"tab"}, onList | onPane},
		{"reload", "fetch and clean the article again, from the reader", []string{"ctrl+r"}, onReader},
		{"mark_all_read", "mark every story the list shows read (in the feeds pane: the feed or tag under the cursor)", []string{"A"}, onList | onPane},
		{"undo", "take back the last mark_all_read or mark_all_feeds_read", []string{"U", "ctrl+z"}, onList | onPane},
		{"mark_all_feeds_read", "mark every story of every feed read (asks y/n first)", []string{"C"}, onList | onPane},
		{"add_feed", "add a feed (or a page that advertises one), from the feeds pane", []string{"a"}, onPane},
		{"remove_feed", "remove the feed under the cursor, after asking", []string{"d"}, onPane},
		{"rename_feed", "rename the feed under the cursor", []string{"e"}, onPane},
		{"retag_feed", "change the tags of the feed under the cursor", []string{"t"}, onPane},
		{"feed_text", "show the feed's own text instead of fetching its pages, or again its pages", []string{"f"}, onPane},
		{"find", "find in the article (n / N between hits), from the reader", []string{"ctrl+f"}, onReader},
	}
}

// fileConfig mirrors the TOML document exactly; durations stay strings so
// that a bad one can be reported with its line.
type fileConfig struct {
	Feeds       []fileFeed          `toml:"feeds"`
	SaveDir     string              `toml:"save_dir"`
	Theme       string              `toml:"theme"`
	UserAgent   string              `toml:"user_agent"`
	KeepDays    int                 `toml:"keep_days"`
	KeepStories int                 `toml:"keep_stories"`
	Refresh     fileRefresh         `toml:"refresh"`
	Keys        map[string][]string `toml:"keys"`
	Clean       map[string][]string `toml:"clean"`
	Sync        fileSync            `toml:"sync"`
}

type fileFeed struct {
	URL      string   `toml:"url"`
	Title    string   `toml:"title"`
	Tags     []string `toml:"tags"`
	FeedText bool     `toml:"feed_text"`
}

type fileRefresh struct {
	Workers  int    `toml:"workers"`
	PerHost  int    `toml:"per_host"`
	Timeout  string `toml:"timeout"`
	Interval string `toml:"interval"`
	MaxNew   int    `toml:"max_new"`
	Articles bool   `toml:"articles"`
}

// Load reads the configuration file at path strictly, lays it over
// [Default] and validates the result. A missing file is an error wrapping
// fs.ErrNotExist; use [Find] to treat a missing default file as defaults.
// Problems in the file come back as one [*Error] per line, joined.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, missingFileError(path)
		}
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	cfg, err := parse(path, data)
	if err != nil {
		return nil, err
	}
	cfg.FileExists = true
	return cfg, nil
}

// Find resolves the configuration file (flag > TIDINGS_CONFIG > default
// location) and loads it. A missing file at the default location gives
// [Default]; a missing file named by flag or environment is an error.
func Find(flag string) (*Config, error) {
	path, explicit, err := ConfigFile(flag)
	if err != nil {
		return nil, err
	}
	cfg, err := Load(path)
	if err != nil {
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			cfg = Default()
			cfg.File = path
			return cfg, nil
		}
		return nil, err
	}
	return cfg, nil
}

// parse decodes data (the contents of file) over the defaults and validates.
func parse(file string, data []byte) (*Config, error) {
	// Some editors start UTF-8 files with a byte-order mark, which TOML
	// does not allow; it carries no meaning, so drop it.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	def := Default()
	fc := toFile(def)
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	var errs []*Error
	if err := dec.Decode(&fc); err != nil {
		// Unknown keys do not stop the decoder: the known ones are all
		// decoded, so their bad values are reported in the same run and a
		// user fixing a typo does not meet the next problem only then.
		var strict *toml.StrictMissingError
		if !errors.As(err, &strict) {
			return nil, decodeError(file, data, err)
		}
		errs = unknownKeyErrors(file, data, strict)
	}
	idx := indexLines(data)
	cfg, more := fromFile(fc, def)
	cfg.File = file
	errs = append(errs, more...)
	errs = append(errs, cfg.validate()...)
	if len(errs) > 0 {
		return nil, locate(file, idx, errs)
	}
	return cfg, nil
}

// toFile renders c in the file's shape, the base the document is decoded over.
func toFile(c *Config) fileConfig {
	return fileConfig{
		SaveDir:     c.SaveDir,
		Theme:       c.Theme,
		UserAgent:   c.UserAgent,
		KeepDays:    c.KeepDays,
		KeepStories: c.KeepStories,
		Refresh: fileRefresh{
			Workers:  c.Refresh.Workers,
			PerHost:  c.Refresh.PerHost,
			MaxNew:   c.Refresh.MaxNew,
			Articles: c.Refresh.Articles,
			Timeout:  formatDuration(c.Refresh.Timeout),
			Interval: formatDuration(c.Refresh.Interval),
		},
	}
}

// fromFile converts the decoded document to a Config, collecting the
// problems that conversion finds (bad durations, bad paths).
func fromFile(fc fileConfig, def *Config) (*Config, []*Error) {
	var errs []*Error
	c := &Config{
		Theme:       fc.Theme,
		UserAgent:   fc.UserAgent,
		KeepDays:    fc.KeepDays,
		KeepStories: fc.KeepStories,
		Refresh: Refresh{
			Workers:  fc.Refresh.Workers,
			PerHost:  fc.Refresh.PerHost,
			MaxNew:   fc.Refresh.MaxNew,
			Articles: fc.Refresh.Articles,
		},
		Keys:  fc.Keys,
		Clean: fc.Clean,
	}
	for _, f := range fc.Feeds {
		c.Feeds = append(c.Feeds, Feed(f))
	}
	var syncErrs []*Error
	c.Sync, syncErrs = syncFromFile(fc.Sync)
	errs = append(errs, syncErrs...)
	// A duration that does not parse keeps its default, so that validation
	// does not report it a second time as out of range.
	var err error
	if c.Refresh.Timeout, err = parseDuration(fc.Refresh.Timeout); err != nil {
		c.Refresh.Timeout = def.Refresh.Timeout
		errs = append(errs, &Error{Key: "refresh.timeout", Msg: err.Error()})
	}
	if c.Refresh.Interval, err = parseDuration(fc.Refresh.Interval); err != nil {
		c.Refresh.Interval = def.Refresh.Interval
		errs = append(errs, &Error{Key: "refresh.interval", Msg: err.Error()})
	}
	switch {
	case fc.SaveDir == def.SaveDir:
		c.SaveDir = def.SaveDir
	default:
		dir, err := expandDir(fc.SaveDir)
		if err != nil {
			errs = append(errs, &Error{Key: "save_dir", Msg: err.Error()})
		}
		c.SaveDir = dir
	}
	return c, errs
}

// parseDuration reads a Go duration ("30s", "1h30m"); a bare "0" is allowed.
func parseDuration(s string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (write e.g. \"45s\", \"10m\", \"1h30m\")", s)
	}
	return d, nil
}

// formatDuration writes d the way a person would ("30m", not "30m0s").
func formatDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	s := d.String()
	for _, unit := range []string{"h0m0s", "m0s"} {
		if len(s) > len(unit) && s[len(s)-len(unit):] == unit {
			s = s[:len(s)-len(unit)+1]
			break
		}
	}
	return s
}

// unwrapPathError drops the *fs.PathError wrapper whose text repeats the path.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// CleanSelectors returns the extra selectors of [clean] that apply to a page
// on host: those for every site ("*"), then those for the host and each of
// its parent domains ("example.com" covers "www.example.com"). A port in
// host is ignored.
func (c *Config) CleanSelectors(host string) []string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	out := append([]string(nil), c.Clean[AllSites]...)
	for d := host; d != ""; {
		out = append(out, c.Clean[d]...)
		_, rest, ok := strings.Cut(d, ".")
		if !ok {
			break
		}
		d = rest
	}
	return out
}
