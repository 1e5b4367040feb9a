package library

// Offline reading: the articles of new stories downloaded and cleaned
// with the feeds, so that a train ride reads from the cache.

import (
	"context"
	"sync"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/refresh"
)

// MaxArticlesPerRun bounds the pages one fetch downloads for the cache,
// newest stories first: a first fetch of hundreds of feeds lists tens of
// thousands of stories, and their pages would take hours.
const MaxArticlesPerRun = 1000

// Cached counts what CacheArticles did.
type Cached struct {
	// Cached articles were downloaded, cleaned and stored; Failed pages
	// could not be (their stories fall back to the feed's text when read,
	// and are tried again then).
	Cached, Failed int
}

// CacheArticles downloads and cleans the pages of the stories stored
// after the one numbered after (store.LastStoryID at the start of a
// fetch) whose article is not cached yet, in the feeds named (every feed when feedIDs is empty), and
// caches them as opening them in the reader would. Stories of feeds shown
// by their own text are left out. It keeps the limits of a refresh:
// [refresh] workers at once, per_host at a time to one server. progress,
// when not nil, hears after each page how many of how many are done.
func (l *Library) CacheArticles(ctx context.Context, after int64, feedIDs []int64, progress func(done, total int)) (Cached, error) {
	var sum Cached
	stories, err := l.st.ToCache(ctx, after, feedIDs, MaxArticlesPerRun)
	if err != nil || len(stories) == 0 {
		return sum, err
	}
	urls := make([]string, len(stories))
	for i, s := range stories {
		urls[i] = s.URL
	}
	var mu sync.Mutex
	r := l.o.Refresh
	refresh.Each(ctx, urls, refresh.Options{Workers: r.Workers, PerHost: r.PerHost}, func(ctx context.Context, i int) {
		_, err := l.page(ctx, stories[i])
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			sum.Failed++
			l.logf("caching the article of %s: %v", stories[i].URL, err)
		} else {
			sum.Cached++
		}
		if progress != nil {
			progress(sum.Cached+sum.Failed, len(stories))
		}
	})
	return sum, ctx.Err()
}

// cacheNew caches the articles of the stories a refresh of feeds brought,
// those stored after the one numbered after. A cache: what fails is only
// logged, and read from the network (or the feed's text) when opened.
func (l *Library) cacheNew(ctx context.Context, after int64, feeds []feed.Feed) {
	ids := make([]int64, len(feeds))
	for i, f := range feeds {
		ids[i] = f.ID
	}
	if sum, err := l.CacheArticles(ctx, after, ids, nil); err != nil {
		l.logf("caching the articles of new stories: %v", err)
	} else if sum.Failed > 0 {
		l.logf("caching the articles of new stories: %d of %d failed", sum.Failed, sum.Failed+sum.Cached)
	}
}
