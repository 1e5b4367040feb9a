package main

// The TUI's backend: ui.Backend over the store, the refresher, the page
// fetcher and the cleaner. The ui package declares what it needs and does
// no I/O; everything it asks for happens here.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/refresh"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
	"github.com/tidings-app/tidings/ui"
)

// tuiBackend implements ui.Backend.
type tuiBackend struct {
	cfg   *config.Config
	st    *store.Store
	pages *fetch.Client
	log   *slog.Logger
	now   func() time.Time
	// synced is set by the first sync with the server in this session.
	synced atomic.Bool
}

func newTUIBackend(cfg *config.Config, st *store.Store, log *slog.Logger) *tuiBackend {
	return &tuiBackend{
		cfg:   cfg,
		st:    st,
		pages: feedClient(cfg),
		log:   log,
		now:   time.Now,
	}
}

// Stories lists the newest stored stories without their content: the list needs
// titles and dates, and the content of thousands of stories would cost
// tens of megabytes. Article reads the content of the one story it needs.
func (b *tuiBackend) Stories(ctx context.Context, limit int) ([]feed.Story, error) {
	s, err := b.st.Stories(ctx, store.Query{Limit: limit})
	return s, withRecovery(err, b.st.Path())
}

func (b *tuiBackend) Feeds(ctx context.Context) ([]feed.Feed, error) {
	f, err := b.st.Feeds(ctx)
	return f, withRecovery(err, b.st.Path())
}

func (b *tuiBackend) SetRead(ctx context.Context, id int64, read bool) error {
	return b.st.SetRead(ctx, id, read)
}

func (b *tuiBackend) SetStarred(ctx context.Context, id int64, starred bool) error {
	return b.st.SetStarred(ctx, id, starred)
}

// DataVersion is the store's Version, as a string the program compares.
func (b *tuiBackend) DataVersion(ctx context.Context) (string, error) {
	v, err := b.st.Version(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%+v", v), nil
}

// LastRefresh is when every feed was last refreshed. While a configured
// sync server has not been synced with in this session it is the zero
// time, so the reader syncs as it starts: the phone may have read
// stories since.
func (b *tuiBackend) LastRefresh(ctx context.Context) (time.Time, error) {
	if b.cfg.Sync.Enabled() && !b.synced.Load() {
		return time.Time{}, nil
	}
	return b.st.LastRefresh(ctx)
}

// Article returns the story's cleaned article: the cached one, else the
// page fetched, cleaned and cached. When the page cannot be fetched or
// has no article, the feed's own content is cleaned by the same engine and
// returned with a notice saying why; it is not cached, so that the page is
// tried again next time.
//
// A cached article that another cleaner made (an older tidings, or before
// a [clean] rule for its site was added) is cleaned again from the page
// kept with it, without the network; one cached with no page is fetched
// again, and kept as it is when that fails.
func (b *tuiBackend) Article(ctx context.Context, s feed.Story) (*feed.Article, string, error) {
	return b.article(ctx, s, false)
}

// Reload fetches and cleans the story's page again, whatever the cache
// holds, and caches the result.
func (b *tuiBackend) Reload(ctx context.Context, s feed.Story) (*feed.Article, string, error) {
	return b.article(ctx, s, true)
}

func (b *tuiBackend) article(ctx context.Context, s feed.Story, reload bool) (*feed.Article, string, error) {
	var stale *feed.Article // a cached article from another cleaner
	if s.URL != "" && !reload {
		a, page, ok, err := b.st.ArticlePage(ctx, s.URL)
		switch {
		case err != nil:
			b.logf("reading the cached article of %s: %v", s.URL, err)
		case ok && page != nil && page.Cleaner == b.cleaner(page.URL):
			return sanitizeArticle(fillFromStory(a, s)), "", nil
		case ok && page != nil:
			if fresh, err := b.clean(ctx, s, page.Body, page.ContentType, page.URL); err == nil {
				return sanitizeArticle(fillFromStory(fresh, s)), "", nil
			} else if ctx.Err() != nil {
				return nil, "", ctx.Err()
			}
			stale = a
		case ok:
			stale = a
		}
	}
	a, pageErr := b.page(ctx, s)
	if pageErr == nil {
		return sanitizeArticle(fillFromStory(a, s)), "", nil
	}
	if ctx.Err() != nil {
		return nil, "", ctx.Err()
	}
	b.logf("article of %s: %v", s.URL, pageErr)
	if stale != nil {
		// What was cleaned before beats the feed's text.
		return sanitizeArticle(fillFromStory(stale, s)), "", nil
	}

	// The list's stories carry no content: read this one's.
	full, err := b.st.Story(ctx, s.ID)
	if err != nil {
		return nil, "", fmt.Errorf("%w (and the feed's text could not be read: %v)", pageErr, err)
	}
	content := full.Content
	if strings.TrimSpace(content) == "" {
		content = full.Summary
	}
	if strings.TrimSpace(content) == "" {
		return nil, "", pageErr
	}
	u, _ := url.Parse(s.URL)
	fa, err := extract.Fragment(content, u)
	if err != nil {
		return nil, "", fmt.Errorf("%w (and the feed's text could not be cleaned: %v)", pageErr, err)
	}
	notice := "Showing the feed's own text: " + reason(pageErr, s.URL) + "."
	return sanitizeArticle(fillFromFeed(fillFromStory(fa, full), full)), notice, nil
}

// fillFromFeed completes the header of an article made from the feed's
// own text: it is the feed's, so the feed names the site (not the page's
// host), and the item's categories are its tags.
func fillFromFeed(a *feed.Article, s feed.Story) *feed.Article {
	if a.Site == "" {
		a.Site = s.FeedTitle
	}
	if len(a.Tags) == 0 {
		a.Tags = append([]string(nil), s.Categories...)
	}
	return a
}

// page fetches and cleans the story's page, and caches the article with
// the page.
func (b *tuiBackend) page(ctx context.Context, s feed.Story) (*feed.Article, error) {
	if s.URL == "" {
		return nil, errors.New("the story has no web address")
	}
	resp, err := b.pages.Get(ctx, s.URL)
	if err != nil {
		return nil, err
	}
	if err := checkHTML(resp.Body, resp.ContentType); err != nil {
		return nil, fmt.Errorf("%s: %w", sanitize.Line(s.URL), err)
	}
	return b.clean(ctx, s, resp.Body, resp.ContentType, resp.URL)
}

// clean makes the article of the story's page (downloaded from pageURL)
// and caches it with the page and the name of the cleaner.
func (b *tuiBackend) clean(ctx context.Context, s feed.Story, body []byte, ctype, pageURL string) (*feed.Article, error) {
	final, err := url.Parse(pageURL)
	if err != nil || pageURL == "" {
		final, _ = url.Parse(s.URL)
	}
	a, err := extractPage(b.cfg, body, ctype, final)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sanitize.Line(s.URL), err)
	}
	page := &store.Page{Body: body, ContentType: ctype, URL: final.String(), Cleaner: b.cleaner(final.String())}
	if err := b.st.PutArticlePage(ctx, s.URL, a, page); err != nil {
		b.logf("caching the article of %s: %v", s.URL, err)
	}
	return a, nil
}

// cleaner is cleanerID for the backend's config.
func (b *tuiBackend) cleaner(pageURL string) string { return cleanerID(b.cfg, pageURL) }

// cleanerID names what turns the page at pageURL into an article: this
// build of tidings and the config's [clean] rules for its site. A cached
// article made by another is stale.
func cleanerID(cfg *config.Config, pageURL string) string {
	host := ""
	if u, err := url.Parse(pageURL); err == nil {
		host = u.Hostname()
	}
	h := sha256.New()
	io.WriteString(h, buildVersion())
	for _, sel := range cfg.CleanSelectors(host) {
		io.WriteString(h, "\x00"+sel)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// buildVersion tells one build of tidings from another: the module's
// version, and the commit it was built from (and whether the tree was
// modified) when the build recorded them.
var buildVersion = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision", "vcs.modified", "vcs.time":
			v += " " + s.Value
		}
	}
	return v
})

// reason says in a few words why the page was not used, without the URL
// the reader already shows.
func reason(err error, pageURL string) string {
	msg := sanitize.Line(err.Error())
	msg = strings.TrimPrefix(msg, sanitize.Line(pageURL)+": ")
	switch {
	case errors.Is(err, extract.ErrNoArticle):
		return "the page has no article tidings could find"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, fetch.ErrTimeout):
		return "the page took too long to load (" + msg + ")"
	}
	return "the page could not be used (" + msg + ")"
}

// Refresh fetches the feeds given, or every feed, with the config's
// limits; a refresh of every feed is recorded as the last refresh, and old
// read stories are pruned as `tidings fetch` does. Feeds' failures are
// kept on the feeds and counted in the summary.
func (b *tuiBackend) Refresh(ctx context.Context, ids []int64, progress func(done, total int)) (ui.RefreshSummary, error) {
	var sum ui.RefreshSummary
	var named []feed.Feed
	for _, id := range ids {
		f, err := b.st.Feed(ctx, id)
		if err != nil {
			return sum, err
		}
		named = append(named, f)
	}
	// Feeds the sync server fetches are not fetched here (their stories
	// would be stored twice): refreshing one of them is a sync.
	own, err := ownFeeds(ctx, b.st, named)
	if err != nil {
		return sum, err
	}
	var syncErr error
	if b.cfg.Sync.Enabled() && (len(ids) == 0 || len(own) < len(named)) {
		// Sync first: it sends this machine's marks before the server's
		// are taken, and brings the server's feeds.
		res, err := syncNow(ctx, b.cfg, b.st)
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		b.synced.Store(true)
		sum.New += res.New
		sum.Updated += res.Changed + res.FeedsAdded + res.FeedsRemoved
		if err != nil {
			b.logf("sync: %v", err)
			syncErr = fmt.Errorf("sync: %w", err)
		}
	}
	feeds := own
	if len(ids) == 0 {
		all, err := b.st.Feeds(ctx)
		if err != nil {
			return sum, err
		}
		if feeds, err = ownFeeds(ctx, b.st, all); err != nil {
			return sum, err
		}
		if len(feeds) == 0 && len(all) > 0 {
			// The server fetches every feed.
			if err := b.st.SetLastRefresh(ctx, b.now()); err != nil {
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
	opts := refresh.Options{Workers: b.cfg.Refresh.Workers, PerHost: b.cfg.Refresh.PerHost, Force: len(ids) > 0,
		MaxNew: b.cfg.Refresh.MaxNew, Keep: b.cfg.KeepStories}
	results := refresh.Run(ctx, b.st, feedClient(b.cfg), feeds, opts, func(p refresh.Progress) {
		if progress != nil {
			progress(p.Done, p.Total)
		}
	})
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	sum.Feeds = len(results)
	for _, r := range results {
		sum.New += r.New
		sum.Updated += r.Updated
		if r.Err != nil {
			sum.Failed++
			b.logf("refresh %s: %v", r.Feed.URL, r.Err)
			var re *refresh.Error
			if errors.As(r.Err, &re) && re.Kind == refresh.KindNetwork {
				sum.Unreachable++
			}
		}
	}
	if len(ids) == 0 {
		if err := b.st.SetLastRefresh(ctx, b.now()); err != nil {
			return sum, err
		}
		if n, err := b.st.Prune(ctx, b.cfg.KeepDays); err != nil {
			b.logf("pruning old stories: %v", err)
		} else if n > 0 {
			sum.Updated += n // the list must be read again without them
		}
	}
	return sum, syncErr
}

// Save writes the story's article as a Markdown note where the config
// says, as `tidings save` does.
func (b *tuiBackend) Save(ctx context.Context, s feed.Story, a *feed.Article) (string, error) {
	res, err := saveStoryNote(ctx, b.cfg, b.st, s, a, saveArticleOptions{})
	if err != nil {
		return "", err
	}
	return absPath(res.Path), nil
}

func (b *tuiBackend) logf(format string, args ...any) {
	if b.log != nil {
		b.log.Warn(fmt.Sprintf(format, args...))
	}
}
