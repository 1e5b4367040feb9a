package main

// Opening the store with the subscriptions merged, shared by the feed,
// fetch, list and OPML commands (and by anything else that shows feeds).

import (
	"context"
	"errors"
	"os"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/store"
)

// openSubscriptions loads the configuration, opens the database and merges
// the config file's [[feeds]] into it (the database holds the
// subscriptions). It never subscribes to the built-in list: only the
// reader does, and says so (openReaderSubscriptions). The caller closes
// the store.
func (g *globals) openSubscriptions(ctx context.Context) (*config.Config, *store.Store, error) {
	return g.openSubscriptionsDefaults(ctx, false)
}

// openReaderSubscriptions is openSubscriptions for the reader: a first run
// with no feed anywhere subscribes to the built-in list, once, and
// firstRun names those feeds so that the reader can tell the user.
func (g *globals) openReaderSubscriptions(ctx context.Context) (cfg *config.Config, st *store.Store, firstRun []string, err error) {
	cfg, st, err = g.openSubscriptionsDefaults(ctx, false)
	if err != nil {
		return nil, nil, nil, err
	}
	// A user who syncs has their feeds on the server: ours would only be
	// in the way.
	if !cfg.Sync.Enabled() {
		firstRun, err = newLibrary(cfg, st, nil).StartFeeds(ctx, feedsOf(cfg.Feeds), feedsOf(config.DefaultFeeds()))
	}
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return cfg, st, firstRun, nil
}

// openSubscriptionsDefaults is openSubscriptions that leaves out the
// built-in list when withDefaults is false: a first `feeds add` or
// `import` is the user choosing their feeds, and must not add ours too.
func (g *globals) openSubscriptionsDefaults(ctx context.Context, withDefaults bool) (*config.Config, *store.Store, error) {
	cfg, err := g.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(g.databasePath(cfg))
	if err != nil {
		return nil, nil, err
	}
	if g.onWait != nil {
		st.OnWait(g.onWait)
	}
	var defaults []feed.Feed
	// A user who syncs has their feeds on the server: ours would only
	// be in the way.
	if withDefaults && !cfg.Sync.Enabled() {
		defaults = feedsOf(config.DefaultFeeds())
	}
	lib := newLibrary(cfg, st, nil)
	if err := lib.MergeFeeds(ctx, feedsOf(cfg.Feeds), defaults); err != nil {
		st.Close()
		return nil, nil, err
	}
	if err := lib.BeginSync(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	return cfg, st, nil
}

// feedsOf are the config's feeds as the library takes them.
func feedsOf(cf []config.Feed) []feed.Feed {
	out := make([]feed.Feed, 0, len(cf))
	for _, f := range cf {
		out = append(out, feed.Feed{URL: f.URL, Title: f.Title, Tags: f.Tags, FeedText: f.FeedText})
	}
	return out
}

// feedRefErr words the library's refusal of an empty FEED as a mistake
// in the command line.
func feedRefErr(err error) error {
	if errors.Is(err, library.ErrEmptyFeedRef) {
		return usageErr(err)
	}
	return err
}

// isTerminal reports whether f is a terminal (a character device), for
// progress bars that must not end up in a log or a pipe.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
