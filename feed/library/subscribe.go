package library

// Subscribing to a feed, or to the feed a web page advertises.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/parse"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// Subscription is what Subscribe did.
type Subscription struct {
	// Feed is the feed added, with the stories of its first download: New
	// of them, and Title is the feed's own title.
	Feed  feed.Feed
	New   int
	Title string
	// Page is the address given when it was a web page rather than a
	// feed; it advertises Advertised feeds. Others are those of them not
	// added, for the user to add instead; empty when nothing was added
	// because they all failed.
	Page       string
	Advertised int
	Others     []parse.Link
	// Skipped is why the first feed the page advertises was not added
	// when a later one was added instead.
	Skipped error
}

// NormalizeFeedURL turns "example.com/feed" into "https://example.com/feed".
func NormalizeFeedURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "://") {
		return s
	}
	if strings.HasPrefix(s, "//") {
		return "https:" + s
	}
	return "https://" + s
}

// FeedName is how a feed is named to the user: its title, else its URL.
func FeedName(f feed.Feed) string {
	if t := sanitize.Line(f.Title); t != "" {
		return t
	}
	return sanitize.Line(f.URL)
}

// Subscribe adds the feed at raw (an address, with or without its
// scheme), titled title (empty: the feed's own) and tagged tags, and
// stores the stories of its first download. A web page that advertises
// feeds subscribes to the first of them that works. The Subscription is
// not nil when the address turned out to be a page, even on an error, so
// that the caller can say what the page offered.
func (l *Library) Subscribe(ctx context.Context, raw, title string, tags []string) (*Subscription, error) {
	u := NormalizeFeedURL(raw)
	// The user is choosing their feeds: the reader must not add ours
	// later, even when this one fails.
	if err := l.st.DeclineDefaults(ctx); err != nil {
		return nil, err
	}
	if f, err := l.st.FeedByURL(ctx, u); err == nil {
		return nil, fmt.Errorf("already subscribed to %s (%s)", f.URL, FeedName(f))
	}
	resp, parsed, err := l.fetchFeed(ctx, u)
	var he *fetch.HTTPError
	if err != nil && resp == nil && !errors.As(err, &he) && ctx.Err() == nil && !strings.Contains(raw, "://") {
		// "example.org/feed" was tried as https; some sites still serve
		// only http.
		// An HTTP error over http (a 404) says more than the https
		// attempt's connection failure: the server is there.
		var he2 *fetch.HTTPError
		plain := "http://" + strings.TrimPrefix(u, "https://")
		if r2, p2, err2 := l.fetchFeed(ctx, plain); err2 == nil || r2 != nil || errors.As(err2, &he2) {
			resp, parsed, err, u = r2, p2, err2, plain
		}
	}
	var sub Subscription
	followed := "" // a feed the page advertises that the user already has
	if errors.Is(err, parse.ErrNotFeed) && resp != nil && parse.IsHTML(resp.Body, resp.ContentType) {
		links := parse.Discover(resp.Body, resp.URL)
		if len(links) == 0 {
			return nil, fmt.Errorf("%s: a web page that advertises no feed (no <link rel=\"alternate\">): look for an RSS or Atom link on it", resp.URL)
		}
		sub.Page, sub.Advertised, sub.Others = resp.URL, len(links), links[1:]
		if f, err := l.st.FeedByURL(ctx, links[0].URL); err == nil {
			return &sub, fmt.Errorf("already subscribed to its feed %s (%s)", f.URL, FeedName(f))
		}
		resp, parsed, followed, err = l.firstWorking(ctx, links, &sub)
	}
	if err != nil {
		sub.Others = nil
		if followed == "" {
			return sub.orNil(), fmt.Errorf("%w (nothing added)", err)
		}
		return sub.orNil(), fmt.Errorf("%w (nothing added%s)", err, followed)
	}
	feedURL := resp.URL
	if resp.MovedTo == "" && feedURL != u && sub.Page == "" {
		// A temporary redirect: keep subscribing to the URL given. (Not
		// for a page's feed: that address is the page's, not the feed's,
		// even when the page advertises that one feed alone.)
		feedURL = u
	}
	// The title is the user's: clean on the way in, as the feed's own is.
	title = sanitize.Line(title)
	if sub.Feed, err = l.st.AddFeed(ctx, feed.Feed{URL: feedURL, Title: title, Tags: tags}); err != nil {
		if errors.Is(err, store.ErrExists) {
			return sub.orNil(), fmt.Errorf("already subscribed to %s", feedURL)
		}
		return sub.orNil(), err
	}
	stats, err := l.st.SaveFetchResult(ctx, sub.Feed.ID, store.FetchResult{
		ETag: resp.ETag, LastModified: resp.LastModified,
		Title: parsed.Title, SiteURL: parsed.SiteURL, Stories: parsed.Stories,
		MaxNew: l.o.Refresh.MaxNew, Keep: l.o.Refresh.Keep,
	})
	if err != nil {
		return sub.orNil(), err
	}
	sub.New, sub.Title = stats.New, parsed.Title
	return &sub, nil
}

// orNil is s when it says something (the address was a page), else nil.
func (s *Subscription) orNil() *Subscription {
	if s.Page == "" {
		return nil
	}
	return s
}

// firstWorking downloads the feeds a page advertises (links), in order,
// until one works: a page often advertises a stale feed first, and the
// next one that works is what the user asked for rather than nothing at
// all. It sets sub's Others and Skipped; followed names a feed of the
// page the user already has.
func (l *Library) firstWorking(ctx context.Context, links []parse.Link, sub *Subscription) (*fetch.Response, *parse.Result, string, error) {
	followed := ""
	var firstErr error
	for i, link := range links {
		if i > 0 {
			if f, err := l.st.FeedByURL(ctx, link.URL); err == nil {
				if followed == "" {
					followed = fmt.Sprintf("; you already follow its feed %s (%s)", f.URL, FeedName(f))
				}
				continue
			}
		}
		resp, parsed, err := l.fetchFeed(ctx, link.URL)
		if err == nil {
			sub.Skipped = firstErr
			// Those before it failed or are followed already.
			sub.Others = links[i+1:]
			return resp, parsed, followed, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, nil, followed, firstErr
}

// fetchFeed downloads and parses one feed. On ErrNotFeed the response is
// returned too, for discovery.
func (l *Library) fetchFeed(ctx context.Context, u string) (*fetch.Response, *parse.Result, error) {
	resp, err := l.Client().Do(ctx, fetch.Request{URL: u})
	if err != nil {
		return nil, nil, err
	}
	parsed, err := parse.Parse(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		if errors.Is(err, parse.ErrNotFeed) && !parse.IsHTML(resp.Body, resp.ContentType) {
			return resp, nil, fmt.Errorf("%s: %w", resp.URL, err)
		}
		if errors.Is(err, parse.ErrNotFeed) {
			return resp, nil, err
		}
		return resp, nil, fmt.Errorf("%s: %s", resp.URL, sanitize.Line(err.Error()))
	}
	return resp, parsed, nil
}
