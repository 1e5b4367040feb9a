// Package ui is the tidings program: a Bubble Tea v2 model that shows the
// story list, the reader, the feeds pane and help, and talks to the rest of
// tidings only through the Backend it is given. It does no I/O itself:
// every store read, fetch and refresh is a command whose result comes back
// as a message.
package ui

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/feedlist"
	"github.com/tidings-app/tidings/ui/help"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/reader"
	"github.com/tidings-app/tidings/ui/statusbar"
	"github.com/tidings-app/tidings/ui/storylist"
	"github.com/tidings-app/tidings/ui/theme"
)

// Backend is what the program needs from the rest of tidings; feed/library
// implements it over the store, the fetcher and the cleaner. Every method
// may be called from several goroutines at once.
type Backend interface {
	// Stories returns the stored stories of every feed, newest first, at
	// most limit of them (0: all). They may leave Content and Summary
	// empty: Article reads them when needed.
	Stories(ctx context.Context, limit int) ([]feed.Story, error)
	// Feeds returns the feeds with their unread counts and last errors.
	Feeds(ctx context.Context) ([]feed.Feed, error)
	// Article returns the cleaned article of a story: from the cache, else
	// fetched, cleaned and cached. When the page cannot be fetched or
	// cleaned it returns the feed's own content, cleaned, with a one-line
	// notice saying why; an error only when there is nothing to show.
	Article(ctx context.Context, s feed.Story) (a *feed.Article, notice string, err error)
	// Reload is Article without the cache: the page is fetched and
	// cleaned again, and cached.
	Reload(ctx context.Context, s feed.Story) (a *feed.Article, notice string, err error)
	// SetRead and SetStarred store a story's state.
	SetRead(ctx context.Context, storyID int64, read bool) error
	SetStarred(ctx context.Context, storyID int64, starred bool) error
	// Refresh fetches the feeds given (every feed when feedIDs is empty),
	// calling progress after each; results are read back with Stories and
	// Feeds. A feed's failure is kept on the feed and counted in the
	// summary; the error is for a refresh that could not run at all.
	Refresh(ctx context.Context, feedIDs []int64, progress func(done, total int)) (RefreshSummary, error)
	// LastRefresh returns when the feeds were last refreshed, zero if never.
	LastRefresh(ctx context.Context) (time.Time, error)
	// DataVersion returns a summary of the stored stories and feeds that
	// changes when another process (a cron `tidings fetch`, `feeds add`,
	// `import`) adds or removes some or a feed's error changes; read and
	// starred marks do not move it. It must be cheap: the program asks
	// every few seconds.
	DataVersion(ctx context.Context) (string, error)
	// Save writes the story's article as a Markdown note and returns its
	// path; a is nil when the article has not been loaded yet.
	Save(ctx context.Context, s feed.Story, a *feed.Article) (path string, err error)
	// MarkRead marks the stories with these ids read in one change and
	// returns the ids of those that were unread: what an undo gives back
	// to MarkUnread. MarkAllRead does the same for every story of every
	// feed; MarkUnread marks the stories with these ids unread again.
	MarkRead(ctx context.Context, ids []int64) (changed []int64, err error)
	MarkAllRead(ctx context.Context) (changed []int64, err error)
	MarkUnread(ctx context.Context, ids []int64) error
	// View returns the view SaveView last stored (the zero View when
	// none was): the reader opens as it was left.
	View(ctx context.Context) (View, error)
	SaveView(ctx context.Context, v View) error
	// AddFeed subscribes to a feed, or to the first working one a page
	// advertises, and downloads it once, as `tidings feeds add` does.
	AddFeed(ctx context.Context, address string) (FeedAdded, error)
	// RemoveFeed unsubscribes and deletes the feed's stories; RenameFeed
	// gives it a title (empty: its own), RetagFeed tags, and SetFeedText
	// says whether its own text is shown instead of its pages. Each
	// refuses a feed the config file defines, with the reason.
	RemoveFeed(ctx context.Context, feedID int64) error
	RenameFeed(ctx context.Context, feedID int64, title string) error
	RetagFeed(ctx context.Context, feedID int64, tags []string) error
	SetFeedText(ctx context.Context, feedID int64, on bool) error
	// Search returns at most limit stories that match a full-text query
	// (words, "a phrase", prefix*, -word, site:, author:, feed:, tag:,
	// is:, before:, after:), best first. A query the syntax refuses is an
	// error "search: " and one line saying what to type instead.
	Search(ctx context.Context, query string, limit int) ([]feed.Story, error)
}

// View is what the reader shows, kept across restarts. It is feed's, so
// that the backend need not import ui.
type View = feed.View

// RefreshSummary counts what a refresh did. It is feed's, so that the
// backend (feed/library) need not import ui.
type RefreshSummary = feed.RefreshSummary

// Options configure the program.
type Options struct {
	Backend Backend
	// Keys remaps actions (see keys.Names) to Bubble Tea key strings.
	Keys map[string][]string
	// Theme is "auto" (or empty: follow the terminal's background), "dark",
	// "light" or "notty" (no colour, bold or reverse video: theme.Plain).
	Theme string
	// NoColor drops all colour (NO_COLOR is set).
	NoColor bool
	// RefreshInterval is how old the last refresh may be before a
	// background refresh starts; 0 turns it off.
	RefreshInterval time.Duration
	// OpenURL opens a web page in the user's browser. The program offers it
	// only http and https URLs.
	OpenURL func(ctx context.Context, url string) error
	// TerminalBrowser, when set, returns the command of the user's own
	// browser ($BROWSER) for url, else nil. The program lends it the
	// terminal until it exits, then redraws; without one, OpenURL opens
	// the page.
	TerminalBrowser func(url string) *exec.Cmd
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logf records the details of errors the status line only names.
	Logf func(format string, args ...any)
	// FirstRun names the feeds tidings subscribed the user to because
	// there were none at all: the list gives way to a welcome saying so,
	// and how to add feeds of one's own, until a key is pressed.
	FirstRun []string
	// ConfigName is the config file's name, for saying why a feed it
	// defines is not changed in the feeds pane; empty: "config.toml".
	ConfigName string
}

type screen int

const (
	screenList screen = iota
	screenReader
)

// fetch is one article request in flight.
type fetch struct {
	id      uint64
	storyID int64
	cancel  context.CancelFunc
}

// cached is an article already loaded in this session.
type cached struct {
	article *feed.Article
	notice  string
}

// cacheSize bounds the articles kept in memory; the store keeps them all.
const cacheSize = 32

// cacheBytes bounds the text those articles hold, the one most recently
// used aside.
const cacheBytes = 48 << 20

// size is about the memory the cached article holds: its text, twice.
func (c cached) size() int {
	if c.article == nil {
		return 0
	}
	return len(c.article.Markdown) + len(c.article.Text)
}

// Model is the root model.
type Model struct {
	opts    Options
	backend Backend
	keys    keys.Map
	theme   theme.Theme
	// themeFixed is set when the config or NO_COLOR chose the theme, so the
	// terminal's background does not change it.
	themeFixed bool

	ctx    context.Context
	cancel context.CancelFunc

	width, height int
	// measure counts columns as Bubble Tea's renderer does, which is how
	// every screen lays its text out: by code point (cells.Codepoints) until
	// the terminal says it clusters graphemes (mode 2027).
	measure  cells.Method
	screen   screen
	helpOpen bool
	paneOpen bool

	list   storylist.Model
	feeds  feedlist.Model
	reader reader.Model
	status statusbar.Model
	help   help.Model

	feedData []feed.Feed

	nextID   uint64
	current  *fetch // the open story's article
	prefetch *fetch // the next story's article
	cache    map[int64]cached
	cacheLRU []int64
	// cacheUsed is the sum of the cached articles' sizes.
	cacheUsed int

	// articleTimeout bounds one article request (articleTimeout; tests
	// shorten it).
	articleTimeout time.Duration

	// dataVersion is the database's data version the list was read at;
	// checking is set while a check is under way, reloading while the
	// stories are read again after a change, and announce says the
	// reload is to say how many stories it brought.
	dataVersion                   string
	checking, reloading, announce bool

	refreshing     bool
	lastRefresh    time.Time
	refreshChecked bool
	quitting       bool

	// welcome is shown in place of the list on a first run until a key
	// is pressed; offline is set when the last refresh reached no server.
	welcome bool
	offline bool

	// undo holds the stories the last bulk change marked read, for the
	// undo key; confirming is set while mark_all_feeds_read waits for its
	// y or n.
	undo       []int64
	confirming bool
	// viewReady is set once the view the reader was left in has been
	// applied: changes are kept from then on, not the defaults before it.
	viewReady bool
}

// New builds the program's model. It fails only on a bad key remapping.
func New(o Options) (Model, error) {
	if o.Backend == nil {
		return Model{}, errors.New("ui: no backend")
	}
	km, err := keys.New(o.Keys)
	if err != nil {
		return Model{}, err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	dark, noColor, fixed := true, o.NoColor, o.NoColor
	switch o.Theme {
	case "", "auto":
	case "dark":
		fixed = true
	case "light":
		dark, fixed = false, true
	case "notty", "none":
		noColor, fixed = true, true
	default:
		return Model{}, fmt.Errorf("ui: unknown theme %q (auto, dark, light or notty)", o.Theme)
	}
	th := theme.New(dark, noColor)
	if o.Theme == "notty" || o.Theme == "none" {
		th = theme.Plain()
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := Model{
		opts: o, backend: o.Backend, keys: km, theme: th, themeFixed: fixed,
		ctx: ctx, cancel: cancel,
		list:   storylist.New(km, th.List),
		feeds:  feedlist.New(km, th.Feeds),
		reader: reader.New(km, th, o.Now),
		status: statusbar.New(th.Status),
		help:   help.New(km, th.Help),
		cache:  map[int64]cached{},

		articleTimeout: articleTimeout,
		welcome:        len(o.FirstRun) > 0,
	}
	m.list.SetNow(o.Now())
	m.feeds.SetConfigName(o.ConfigName)
	return m, nil
}

// firstPage is how many stories the first frame is drawn from: the newest
// screenfuls come from the store in milliseconds, the rest follows.
const firstPage = 200

// Init loads the newest stories from the store first (the first frame
// needs no network and does not wait for thousands of stories), asks the
// terminal for its background colour, and starts the clock that ages the
// list and schedules background refreshes.
func (m Model) Init() tea.Cmd {
	return tea.Batch(
		m.loadStories(firstPage),
		m.loadFeeds(),
		m.loadLastRefresh(),
		m.loadView(),
		tea.RequestBackgroundColor,
		tick(),
		watch(),
	)
}

// Update dispatches each message to its handler.
// A change of the view (unread only, the feeds pane, the feed or tag
// shown) is kept, whichever message made it.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	before, ready := m.currentView(), m.viewReady
	m, cmd := m.update(msg)
	if v := m.currentView(); ready && v != before {
		cmd = tea.Batch(cmd, m.saveView(v))
	}
	return m, cmd
}

// Close cancels everything in flight; call it when the program has ended.
func (m Model) Close() { m.cancel() }
