package main

// Opening the store with the subscriptions merged, shared by the feed,
// fetch, list and OPML commands (and by anything else that shows feeds).

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/sanitize"
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
	before, err := st.Feeds(ctx)
	// A user who syncs has their feeds on the server: ours would only be
	// in the way.
	if err == nil && len(before) == 0 && !cfg.Sync.Enabled() {
		err = st.SyncFeeds(ctx, feedsOf(cfg.Feeds), feedsOf(config.DefaultFeeds()))
		var after []feed.Feed
		if err == nil {
			after, err = st.Feeds(ctx)
		}
		for _, f := range after {
			firstRun = append(firstRun, library.FeedName(f))
		}
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
	if err := st.SyncFeeds(ctx, feedsOf(cfg.Feeds), defaults); err != nil {
		st.Close()
		return nil, nil, err
	}
	if err := newLibrary(cfg, st, nil).BeginSync(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	return cfg, st, nil
}

func feedsOf(cf []config.Feed) []feed.Feed {
	out := make([]feed.Feed, 0, len(cf))
	for _, f := range cf {
		out = append(out, feed.Feed{URL: f.URL, Title: f.Title, Tags: f.Tags, FeedText: f.FeedText})
	}
	return out
}

// findFeed resolves what the user typed to name a feed: its number in
// `tidings feeds list`, its URL (as stored or as first given), or a
// unique part of its title.
func findFeed(ctx context.Context, st *store.Store, ref string) (feed.Feed, error) {
	feeds, err := st.Feeds(ctx)
	if err != nil {
		return feed.Feed{}, err
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		// Every title contains "": not a choice among all the feeds.
		return feed.Feed{}, usagef("empty FEED: give its number, URL or title from 'tidings feeds list'")
	}
	if n, err := strconv.Atoi(ref); err == nil {
		if n < 1 || n > len(feeds) {
			return feed.Feed{}, fmt.Errorf("no feed number %d: 'tidings feeds list' numbers them 1 to %d", n, len(feeds))
		}
		return feeds[n-1], nil
	}
	if f, err := st.FeedByURL(ctx, ref); err == nil {
		return f, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return feed.Feed{}, err
	}
	if u := library.NormalizeFeedURL(ref); u != ref {
		if f, err := st.FeedByURL(ctx, u); err == nil {
			return f, nil
		}
	}
	var matches []int // indexes into feeds
	for i, f := range feeds {
		if strings.EqualFold(f.Title, ref) {
			return f, nil
		}
		if strings.Contains(strings.ToLower(f.Title), strings.ToLower(ref)) {
			matches = append(matches, i)
		}
	}
	switch len(matches) {
	case 1:
		return feeds[matches[0]], nil
	case 0:
		return feed.Feed{}, fmt.Errorf("no feed %q: give its number, URL or title from 'tidings feeds list'", sanitize.Line(ref))
	default:
		// With their numbers, so the user can type one straight away.
		names := make([]string, 0, 3)
		for _, i := range matches[:min(3, len(matches))] {
			names = append(names, fmt.Sprintf("%d %s", i+1, strconv.Quote(sanitize.Line(feeds[i].Title))))
		}
		more := ""
		if len(matches) > 3 {
			more = fmt.Sprintf(" and %d more", len(matches)-3)
		}
		return feed.Feed{}, fmt.Errorf("%q matches %d feeds (%s%s): give its number from 'tidings feeds list'",
			sanitize.Line(ref), len(matches), strings.Join(names, ", "), more)
	}
}

// isTerminal reports whether f is a terminal (a character device), for
// progress bars that must not end up in a log or a pipe.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
