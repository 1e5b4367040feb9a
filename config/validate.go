package config

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
)

// Limits on the [refresh] values: beyond them a setting is a typo or would
// hammer servers.
const (
	MaxWorkers  = 64
	MaxPerHost  = 16
	MinTimeout  = time.Second
	MaxTimeout  = 10 * time.Minute
	MinInterval = time.Minute
	MaxInterval = 7 * 24 * time.Hour
	MaxKeepDays = 36500
	// Caps on stories: below the minimums a busy feed would lose stories
	// before they are read; above the maximums a hostile feed could fill
	// the disk and the reader's memory.
	MinKeepStories = 100
	MaxKeepStories = 1000000
	MinMaxNew      = 10
	MaxMaxNew      = 100000
)

// Validate checks every value of c. Its error joins one [*Error] per
// problem, naming the key (and, for a loaded file, the file and line).
func (c *Config) Validate() error {
	errs := c.validate()
	if len(errs) == 0 {
		return nil
	}
	joined := make([]error, len(errs))
	for i, e := range errs {
		e.File = c.File
		joined[i] = e
	}
	return errors.Join(joined...)
}

func (c *Config) validate() []*Error {
	var p problems
	c.validateFeeds(&p)
	p = append(p, c.Sync.validate()...)
	switch c.Theme {
	case ThemeAuto, ThemeDark, ThemeLight, ThemeNoTTY:
	default:
		p.add("theme", "%q is not a theme: use auto, dark, light or notty", c.Theme)
	}
	for _, r := range c.UserAgent {
		if r < 0x20 || r > 0x7e {
			p.add("user_agent", "must be printable ASCII on one line (it is sent as an HTTP header)")
			break
		}
	}
	c.validateLimits(&p)
	c.validateKeys(&p)
	p = append(p, c.keyConflicts()...)
	c.validateClean(&p)
	return p
}

// problems collects what is wrong with a config, key by key.
type problems []*Error

func (p *problems) add(key, format string, args ...any) {
	*p = append(*p, &Error{Key: key, Msg: fmt.Sprintf(format, args...)})
}

// validateFeeds checks the [[feeds]]: an http(s) address listed once, a
// title and tags without control characters.
func (c *Config) validateFeeds(p *problems) {
	seen := map[string]int{}
	for i, f := range c.Feeds {
		key := fmt.Sprintf("feeds[%d]", i)
		if msg := checkFeedURL(f.URL); msg != "" {
			p.add(key+".url", "%s", msg)
		} else if j, dup := seen[f.URL]; dup {
			p.add(key+".url", "%s is already listed as feeds[%d]", f.URL, j)
		} else {
			seen[f.URL] = i
		}
		if hasControl(f.Title) {
			p.add(key+".title", "must not contain control characters")
		}
		for j, tag := range f.Tags {
			if strings.TrimSpace(tag) == "" || hasControl(tag) {
				p.add(fmt.Sprintf("%s.tags[%d]", key, j), "a tag must be a non-empty word without control characters")
			}
		}
	}
}

// validateLimits checks that the numbers and durations are in range.
func (c *Config) validateLimits(p *problems) {
	if c.KeepDays < 0 || c.KeepDays > MaxKeepDays {
		p.add("keep_days", "must be between 0 (keep forever) and %d, not %d", MaxKeepDays, c.KeepDays)
	}
	if c.KeepStories < MinKeepStories || c.KeepStories > MaxKeepStories {
		p.add("keep_stories", "must be between %d and %d, not %d", MinKeepStories, MaxKeepStories, c.KeepStories)
	}
	r := c.Refresh
	if r.MaxNew < MinMaxNew || r.MaxNew > MaxMaxNew {
		p.add("refresh.max_new", "must be between %d and %d, not %d", MinMaxNew, MaxMaxNew, r.MaxNew)
	}
	if r.Workers < 1 || r.Workers > MaxWorkers {
		p.add("refresh.workers", "must be between 1 and %d, not %d", MaxWorkers, r.Workers)
	}
	if r.PerHost < 1 || r.PerHost > MaxPerHost {
		p.add("refresh.per_host", "must be between 1 and %d, not %d", MaxPerHost, r.PerHost)
	}
	if r.Timeout < MinTimeout || r.Timeout > MaxTimeout {
		p.add("refresh.timeout", "must be between %s and %s, not %s", formatDuration(MinTimeout), formatDuration(MaxTimeout), formatDuration(r.Timeout))
	}
	if r.Interval != 0 && (r.Interval < MinInterval || r.Interval > MaxInterval) {
		p.add("refresh.interval", "must be \"0\" (off) or between %s and %s, not %s", formatDuration(MinInterval), formatDuration(MaxInterval), formatDuration(r.Interval))
	}
}

// validateKeys checks the [keys] table: known actions, keys that parse.
func (c *Config) validateKeys(p *problems) {
	actions := Actions()
	for _, name := range sortedKeys(c.Keys) {
		key := "keys." + quoteKey(name)
		if !slices.Contains(actions, name) {
			p.add(key, "unknown action%s; actions are: %s", suggest(name, actions), strings.Join(actions, ", "))
			continue
		}
		if len(c.Keys[name]) == 0 {
			p.add(key, `give at least one key, e.g. ["x"]`)
		}
		for i, k := range c.Keys[name] {
			if msg := checkKey(k); msg != "" {
				p.add(fmt.Sprintf("%s[%d]", key, i), "%s", msg)
			}
		}
	}
}

// validateClean checks the [clean] table: sites, and CSS selectors that
// parse.
func (c *Config) validateClean(p *problems) {
	for _, site := range sortedKeys(c.Clean) {
		key := "clean." + quoteKey(site)
		if msg := checkSite(site); msg != "" {
			p.add(key, "%s", msg)
			continue
		}
		for i, sel := range c.Clean[site] {
			if strings.TrimSpace(sel) == "" {
				p.add(fmt.Sprintf("%s[%d]", key, i), "empty selector")
				continue
			}
			if _, err := cascadia.ParseGroup(sel); err != nil {
				p.add(fmt.Sprintf("%s[%d]", key, i), "%q is not a CSS selector: %v", sel, err)
			}
		}
	}
}

// checkFeedURL returns why u cannot be a feed URL, or "".
func checkFeedURL(u string) string {
	if strings.TrimSpace(u) == "" {
		return "missing: each [[feeds]] needs url = \"https://…\""
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https") {
		return fmt.Sprintf("%q is not an http(s) URL", u)
	}
	return ""
}

// checkSite returns why site cannot be a [clean] key, or "".
func checkSite(site string) string {
	if site == AllSites {
		return ""
	}
	if site == "" || strings.ContainsAny(site, "/:?# \t") || strings.HasPrefix(site, ".") || strings.HasSuffix(site, ".") {
		return fmt.Sprintf("%q is not a host name: write \"example.com\" (covers its subdomains) or \"*\" for every site", site)
	}
	if site != strings.ToLower(site) {
		return fmt.Sprintf("write the host name in lower case: %q", strings.ToLower(site))
	}
	return ""
}

// namedKeys are the Bubble Tea v2 names of keys that are not one character.
func namedKeys() []string {
	names := []string{
		"enter", "tab", "backspace", "esc", "space", "up", "down", "left", "right",
		"begin", "find", "insert", "delete", "select", "pgup", "pgdown", "home", "end",
	}
	for i := 1; i <= 20; i++ {
		names = append(names, fmt.Sprintf("f%d", i))
	}
	return names
}

// keyAliases map names people write to the ones Bubble Tea v2 reports.
func keyAliases() map[string]string {
	return map[string]string{
		"escape": "esc", "return": "enter", "ret": "enter", "spacebar": "space",
		"pagedown": "pgdown", "pgdn": "pgdown", "page_down": "pgdown", "pageup": "pgup",
		"page_up": "pgup", "del": "delete", "ins": "insert", "bs": "backspace",
		"control": "ctrl", "ctl": "ctrl", "option": "alt", "arrowup": "up",
		"arrowdown": "down", "arrowleft": "left", "arrowright": "right",
	}
}

// modifierOrder is the order Bubble Tea v2 writes modifiers in; a binding
// only matches when written the same way.
func modifierOrder() []string {
	return []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}
}

// checkKey returns why k is not a key string Bubble Tea v2 can report
// (e.g. "j", "G", "?", "ctrl+d", "alt+enter", "pgdown", "f5"), or "".
func checkKey(k string) string {
	if k == "" {
		return "empty key"
	}
	if k == " " {
		return `write "space" for the space bar`
	}
	// The last part is the key itself; it may be "+" ("ctrl++").
	base, mods := k, []string(nil)
	if i := strings.LastIndex(k[:len(k)-1], "+"); i >= 0 {
		base = k[i+1:]
		mods = strings.Split(k[:i], "+")
	}
	order := modifierOrder()
	last := -1
	for _, m := range mods {
		if alias, ok := keyAliases()[strings.ToLower(m)]; ok {
			return fmt.Sprintf("%q: write %q, not %q", k, alias, m)
		}
		pos := slices.Index(order, m)
		if pos < 0 {
			return fmt.Sprintf("%q: unknown modifier %q (use ctrl, alt, shift, meta, hyper, super)", k, m)
		}
		if pos <= last {
			return fmt.Sprintf("%q: write modifiers in the order %s, each once", k, strings.Join(order, "+"))
		}
		last = pos
	}
	if utf8.RuneCountInString(base) == 1 {
		r, _ := utf8.DecodeRuneInString(base)
		if r == utf8.RuneError || !unicode.IsGraphic(r) || unicode.IsSpace(r) {
			return fmt.Sprintf("%q is not a key", k)
		}
		// Bubble Tea reports a shifted letter with a modifier as
		// "alt+shift+q", never "alt+Q": such a binding would never fire.
		if len(mods) > 0 && unicode.IsUpper(r) {
			lower := string(unicode.ToLower(r))
			plain := strings.Join(mods, "+") + "+" + lower
			shifted := withShift(mods) + "+" + lower
			if slices.Contains(mods, "shift") {
				return fmt.Sprintf("%q never matches: letters after a modifier are lower case; write %q", k, plain)
			}
			return fmt.Sprintf("%q never matches: letters after a modifier are lower case; write %q or %q", k, plain, shifted)
		}
		return ""
	}
	if slices.Contains(namedKeys(), base) {
		return ""
	}
	lower := strings.ToLower(base)
	if alias, ok := keyAliases()[lower]; ok {
		return fmt.Sprintf("%q: write %q, not %q", k, alias, base)
	}
	if slices.Contains(namedKeys(), lower) {
		return fmt.Sprintf("%q: key names are lower case: %q", k, lower)
	}
	return fmt.Sprintf("%q is not a key: use one character, a name such as enter, esc, tab, space, up, pgdown, home, f1, with modifiers as in \"ctrl+d\"", k)
}

// withShift adds shift to mods, in Bubble Tea's order.
func withShift(mods []string) string {
	var out []string
	for _, m := range modifierOrder() {
		if m == "shift" || slices.Contains(mods, m) {
			out = append(out, m)
		}
	}
	return strings.Join(out, "+")
}

// suggest returns ` (did you mean "x"?)` for the closest of names, or "".
func suggest(s string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(s, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// keyConflicts reports a key bound to two actions that are read on one
// screen: only one of them could ever fire there ("star = [\"s\"]" would
// hide save). back and quit share q by design (q goes back from the
// reader and quits from the list) and are not a conflict, nor are page_down
// and read_on (read_on is a page down until the end of an article, so a
// page_down that keeps "space" from before read_on existed gives it the
// read_on behaviour there, and nothing is lost). Only a pair
// with a remapped action is reported, at the remapped one: the defaults
// never conflict.
func (c *Config) keyConflicts() []*Error {
	var errs []*Error
	table := actionTable()
	bound := func(a action) []string {
		if ks, ok := c.Keys[a.name]; ok {
			return ks
		}
		return a.keys
	}
	for i, a := range table {
		for _, b := range table[i+1:] {
			shared := a.on & b.on
			_, remapA := c.Keys[a.name]
			_, remapB := c.Keys[b.name]
			if shared == 0 || (!remapA && !remapB) || (a.name == "back" && b.name == "quit") || (a.name == "page_down" && b.name == "read_on") {
				continue
			}
			// Report at the action the user remapped, the later one when
			// both were.
			at, other := b, a
			if !remapB {
				at, other = a, b
			}
			for j, k := range bound(at) {
				if slices.Contains(bound(other), k) {
					errs = append(errs, &Error{
						Key: fmt.Sprintf("keys.%s[%d]", quoteKey(at.name), j),
						Msg: fmt.Sprintf("%q is also bound to %s on %s, so one of them would never work there: pick another key for %s, or remap %s too",
							k, other.name, shared.names(), at.name, other.name),
					})
				}
			}
		}
	}
	return errs
}
