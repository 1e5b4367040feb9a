// Package library is what tidings does with the news, one function per
// use case: the article of a story, a page read from a source, a note
// saved, a feed refreshed or synced. It works over the store, the
// fetcher and the cleaner, takes its settings as Options (it never reads
// the config file: cmd/tidings fills them in), and satisfies ui.Backend,
// so that the reader and the commands share one copy of each use case.
package library

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/store"
)

// Options are the library's settings; the zero value works (fetch's
// defaults, no [clean] rules, no sync, notes in the working directory).
type Options struct {
	// UserAgent and Timeout are the HTTP client's, for feeds and pages.
	UserAgent string
	Timeout   time.Duration
	// CleanSelectors returns the CSS selectors of elements to drop from
	// the pages of host besides the cleaner's own (the config's [clean]
	// rules); nil drops none.
	CleanSelectors func(host string) []string
	// SaveDir is where notes go unless a save says otherwise.
	SaveDir string
	// Refresh are the limits of a refresh.
	Refresh RefreshOptions
	// Sync is the server to sync with; its Kind is empty when there is none.
	Sync SyncOptions
	// Log hears the details of failures a caller only counts or names;
	// nil discards them.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Recovery, when not nil, turns an error reading the store into one
	// that says the way out (a damaged file: which one, and what to do);
	// the way out names the program's flags, which the library does not
	// know.
	Recovery func(error) error
}

// RefreshOptions bound a refresh of the feeds.
type RefreshOptions struct {
	// Workers feeds are fetched at once, at most PerHost from one host.
	Workers, PerHost int
	// MaxNew caps the new stories one fetch of a feed adds, Keep the
	// stories a feed keeps (0: no cap).
	MaxNew, Keep int
	// KeepDays is how long read, unstarred stories are kept after a
	// refresh of every feed; 0 keeps them forever.
	KeepDays int
	// Articles also caches the articles of the new stories a refresh
	// brings (see CacheArticles).
	Articles bool
}

// Library is the use cases over one store. Every method may be called
// from several goroutines at once.
type Library struct {
	st *store.Store
	o  Options
	// client is the one HTTP client of the process: pages and feeds share
	// its connections. It is made when first needed, since many commands
	// never go to the network.
	client func() *fetch.Client
	// synced is set by the first sync with the server in this session.
	synced atomic.Bool
}

// New returns the library over st with o's settings.
func New(st *store.Store, o Options) *Library {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Library{
		st: st,
		o:  o,
		client: sync.OnceValue(func() *fetch.Client {
			return fetch.New(fetch.Options{UserAgent: o.UserAgent, Timeout: o.Timeout})
		}),
	}
}

// Client is the HTTP client for feeds and pages, within the options'
// limits and with their User-Agent.
func (l *Library) Client() *fetch.Client { return l.client() }

// Store is the store the library works over.
func (l *Library) Store() *store.Store { return l.st }

// Stories lists the newest stored stories without their content: the list needs
// titles and dates, and the content of thousands of stories would cost
// tens of megabytes. Article reads the content of the one story it needs.
func (l *Library) Stories(ctx context.Context, limit int) ([]feed.Story, error) {
	s, err := l.st.Stories(ctx, store.Query{Limit: limit})
	return s, l.recovery(err)
}

// Search lists the stories that match a full-text query, best first (see
// store.ParseSearch for the syntax).
func (l *Library) Search(ctx context.Context, query string, limit int) ([]feed.Story, error) {
	s, err := l.st.Search(ctx, query, limit)
	return s, l.recovery(err)
}

// LastStoryID is the newest story's number: the stories stored after it
// are those a fetch about to run brings.
func (l *Library) LastStoryID(ctx context.Context) (int64, error) {
	return l.st.LastStoryID(ctx)
}

// Feeds lists the feeds with their unread counts and last errors.
func (l *Library) Feeds(ctx context.Context) ([]feed.Feed, error) {
	f, err := l.st.Feeds(ctx)
	return f, l.recovery(err)
}

// SetRead marks a story read or unread.
func (l *Library) SetRead(ctx context.Context, id int64, read bool) error {
	return l.st.SetRead(ctx, id, read)
}

// SetStarred stars or unstars a story.
func (l *Library) SetStarred(ctx context.Context, id int64, starred bool) error {
	return l.st.SetStarred(ctx, id, starred)
}

// DataVersion is the store's Version, as a string the program compares.
func (l *Library) DataVersion(ctx context.Context) (string, error) {
	v, err := l.st.Version(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%+v", v), nil
}

// LastRefresh is when every feed was last refreshed. While a configured
// sync server has not been synced with in this session it is the zero
// time, so the reader syncs as it starts: the phone may have read
// stories since.
func (l *Library) LastRefresh(ctx context.Context) (time.Time, error) {
	if l.o.Sync.Enabled() && !l.synced.Load() {
		return time.Time{}, nil
	}
	return l.st.LastRefresh(ctx)
}

func (l *Library) recovery(err error) error {
	if err == nil || l.o.Recovery == nil {
		return err
	}
	return l.o.Recovery(err)
}

func (l *Library) logf(format string, args ...any) {
	if l.o.Log != nil {
		l.o.Log.Warn(fmt.Sprintf(format, args...))
	}
}
