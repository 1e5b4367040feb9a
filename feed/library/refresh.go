package library

// Refreshing the feeds and syncing with the server.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/refresh"
	"github.com/tidings-app/tidings/feed/remote"
	"github.com/tidings-app/tidings/feed/store"
)

// SyncGReader is the Kind of a Google Reader API server; any other
// non-empty Kind is Miniflux.
const SyncGReader = "greader"

// SyncOptions name the aggregator to sync with.
type SyncOptions struct {
	// Kind is "miniflux" or SyncGReader; empty means no sync.
	Kind string
	// URL is the server's address, User the user name.
	URL, User string
	// Secret returns the password or token, each time it is needed.
	Secret func(ctx context.Context) (string, error)
}

// Enabled reports whether a server is configured.
func (s SyncOptions) Enabled() bool { return s.Kind != "" }

// backend makes the back-end of the configured server; secret may be
// empty when only its Account is needed.
func (s SyncOptions) backend(secret string) (remote.Backend, error) {
	switch s.Kind {
	case SyncGReader:
		return remote.NewGReader(s.URL, s.User, secret, nil)
	default:
		return remote.NewMiniflux(s.URL, s.User, secret, nil)
	}
}

// Sync gets the secret and syncs with the server once.
func (l *Library) Sync(ctx context.Context) (remote.Result, error) {
	secret := ""
	if l.o.Sync.Secret != nil {
		var err error
		if secret, err = l.o.Sync.Secret(ctx); err != nil {
			return remote.Result{}, err
		}
	}
	b, err := l.o.Sync.backend(secret)
	if err != nil {
		return remote.Result{}, err
	}
	res, err := remote.Sync(ctx, l.st, b)
	if err != nil && !errors.Is(err, context.Canceled) && secret != "" {
		// The secret never reaches an error, but a server could echo it.
		err = errors.New(strings.ReplaceAll(err.Error(), secret, "…"))
	}
	return res, err
}

// BeginSync tells the store which server it syncs with, so that changes
// made before the first sync are queued too. Nothing is sent.
func (l *Library) BeginSync(ctx context.Context) error {
	if !l.o.Sync.Enabled() {
		return nil
	}
	b, err := l.o.Sync.backend("")
	if err != nil {
		return err
	}
	return l.st.BeginSync(ctx, b.Account())
}

// OwnFeeds leaves out of feeds those the sync server fetches: their
// stories come with the sync, and fetching them here as well would store
// each story twice.
func OwnFeeds(ctx context.Context, st *store.Store, feeds []feed.Feed) ([]feed.Feed, error) {
	synced, err := st.SyncedFeedIDs(ctx)
	if err != nil || len(synced) == 0 {
		return feeds, err
	}
	out := feeds[:0:0]
	for _, f := range feeds {
		if !synced[f.ID] {
			out = append(out, f)
		}
	}
	return out, nil
}

// Refresh fetches the feeds given, or every feed, within the options'
// limits; a refresh of every feed is recorded as the last refresh, and old
// read stories are pruned as `tidings fetch` does. Feeds' failures are
// kept on the feeds and counted in the summary.
func (l *Library) Refresh(ctx context.Context, ids []int64, progress func(done, total int)) (feed.RefreshSummary, error) {
	var sum feed.RefreshSummary
	var last int64 // the stories after it are new
	if l.o.Refresh.Articles {
		var err error
		if last, err = l.st.LastStoryID(ctx); err != nil {
			return sum, err
		}
	}
	var named []feed.Feed
	for _, id := range ids {
		f, err := l.st.Feed(ctx, id)
		if err != nil {
			return sum, err
		}
		named = append(named, f)
	}
	// Feeds the sync server fetches are not fetched here (their stories
	// would be stored twice): refreshing one of them is a sync.
	own, err := OwnFeeds(ctx, l.st, named)
	if err != nil {
		return sum, err
	}
	var syncErr error
	if l.o.Sync.Enabled() && (len(ids) == 0 || len(own) < len(named)) {
		// Sync first: it sends this machine's marks before the server's
		// are taken, and brings the server's feeds.
		if syncErr = l.syncInto(ctx, &sum); ctx.Err() != nil {
			return sum, ctx.Err()
		}
	}
	feeds := own
	if len(ids) == 0 {
		all, err := l.st.Feeds(ctx)
		if err != nil {
			return sum, err
		}
		if feeds, err = OwnFeeds(ctx, l.st, all); err != nil {
			return sum, err
		}
		if len(feeds) == 0 && len(all) > 0 {
			// The server fetches every feed.
			if err := l.st.SetLastRefresh(ctx, l.o.Now()); err != nil {
				return sum, err
			}
			return sum, syncErr
		}
	} else if len(feeds) == 0 {
		return sum, syncErr // every feed named is the server's
	}
	if len(feeds) == 0 {
		return sum, errors.New("no subscriptions: add one with 'tidings feeds add URL'")
	}
	if err := l.fetchInto(ctx, &sum, feeds, len(ids) > 0, progress); err != nil {
		return sum, err
	}
	if l.o.Refresh.Articles {
		l.cacheNew(ctx, last, feeds)
	}
	if len(ids) == 0 {
		if err := l.st.SetLastRefresh(ctx, l.o.Now()); err != nil {
			return sum, err
		}
		if n, err := l.st.Prune(ctx, l.o.Refresh.KeepDays); err != nil {
			l.logf("pruning old stories: %v", err)
		} else if n > 0 {
			sum.Updated += n // the list must be read again without them
		}
	}
	return sum, syncErr
}

// syncInto syncs and adds what it brought to sum; the error is the
// sync's, for the summary's caller to show.
func (l *Library) syncInto(ctx context.Context, sum *feed.RefreshSummary) error {
	res, err := l.Sync(ctx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	l.synced.Store(true)
	sum.New += res.New
	sum.Updated += res.Changed + res.FeedsAdded + res.FeedsRemoved
	if err != nil {
		l.logf("sync: %v", err)
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}

// fetchInto fetches feeds and counts in sum what they brought and which
// failed; force fetches even those whose server asked to wait.
func (l *Library) fetchInto(ctx context.Context, sum *feed.RefreshSummary, feeds []feed.Feed, force bool, progress func(done, total int)) error {
	r := l.o.Refresh
	opts := refresh.Options{Workers: r.Workers, PerHost: r.PerHost, Force: force, MaxNew: r.MaxNew, Keep: r.Keep}
	results := refresh.Run(ctx, l.st, l.Client(), feeds, opts, func(p refresh.Progress) {
		if progress != nil {
			progress(p.Done, p.Total)
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	sum.Feeds = len(results)
	for _, r := range results {
		sum.New += r.New
		sum.Updated += r.Updated
		if r.Err != nil {
			sum.Failed++
			l.logf("refresh %s: %v", r.Feed.URL, r.Err)
			var re *refresh.Error
			if errors.As(r.Err, &re) && re.Kind == refresh.KindNetwork {
				sum.Unreachable++
			}
		}
	}
	return nil
}
