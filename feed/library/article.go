package library

// The article of a story: the one copy the reader, `tidings save` and the
// reader's save key share.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// errNoAddress is a story without a web address: there is no page to read.
var errNoAddress = errors.New("the story has no web address")

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
func (l *Library) Article(ctx context.Context, s feed.Story) (*feed.Article, string, error) {
	return l.article(ctx, s, false)
}

// Reload fetches and cleans the story's page again, whatever the cache
// holds, and caches the result.
func (l *Library) Reload(ctx context.Context, s feed.Story) (*feed.Article, string, error) {
	return l.article(ctx, s, true)
}

func (l *Library) article(ctx context.Context, s feed.Story, reload bool) (*feed.Article, string, error) {
	a, pageErr, err := l.storyArticle(ctx, s, reload)
	if err != nil || pageErr == nil {
		return a, "", err
	}
	return a, "Showing the feed's own text: " + reason(pageErr, s.URL) + ".", nil
}

// storyArticle is the article of s, filled from the story and safe to
// show. pageErr is why the page was not used when the article is the
// feed's own text.
func (l *Library) storyArticle(ctx context.Context, s feed.Story, reload bool) (a *feed.Article, pageErr error, err error) {
	if l.ownText(ctx, s.FeedID) {
		// The user chose the feed's text for this feed: its pages carry
		// nothing more, or defeat the cleaner.
		a, err := l.feedText(ctx, s, errOwnText)
		return a, nil, err
	}
	var stale *feed.Article // a cached article from another cleaner
	if s.URL != "" && !reload {
		a, page, ok, err := l.st.ArticlePage(ctx, s.URL)
		switch {
		case err != nil:
			l.logf("reading the cached article of %s: %v", s.URL, err)
		case ok && page != nil && page.Cleaner == l.cleaner(page.URL):
			return SanitizeArticle(fillFromStory(a, s)), nil, nil
		case ok && page != nil:
			if fresh, err := l.clean(ctx, s, page.Body, page.ContentType, page.URL); err == nil {
				return SanitizeArticle(fillFromStory(fresh, s)), nil, nil
			} else if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			stale = a
		case ok:
			stale = a
		}
	}
	a, pageErr = l.page(ctx, s)
	if pageErr == nil {
		return SanitizeArticle(fillFromStory(a, s)), nil, nil
	}
	if ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	l.logf("article of %s: %v", s.URL, pageErr)
	if stale != nil {
		// What was cleaned before beats the feed's text.
		return SanitizeArticle(fillFromStory(stale, s)), nil, nil
	}
	fa, err := l.feedText(ctx, s, pageErr)
	if err != nil {
		return nil, nil, err
	}
	return fa, pageErr, nil
}

// feedText is the article made from the feed's own text of s, for when
// its page (which failed with pageErr) cannot be used.
func (l *Library) feedText(ctx context.Context, s feed.Story, pageErr error) (*feed.Article, error) {
	// The list's stories carry no content: read this one's.
	full, err := l.st.Story(ctx, s.ID)
	if err != nil {
		return nil, fmt.Errorf("%w (and the feed's text could not be read: %v)", pageErr, err)
	}
	content := full.Content
	if strings.TrimSpace(content) == "" {
		content = full.Summary
	}
	if strings.TrimSpace(content) == "" {
		return nil, pageErr
	}
	u, _ := url.Parse(s.URL)
	fa, err := extract.Fragment(content, u)
	if err != nil {
		return nil, fmt.Errorf("%w (and the feed's text could not be cleaned: %v)", pageErr, err)
	}
	return SanitizeArticle(fillFromFeed(fillFromStory(fa, full), full)), nil
}

// fillFromStory completes an article's metadata with what the feed said.
func fillFromStory(a *feed.Article, story feed.Story) *feed.Article {
	c := *a
	if c.Title == "" {
		c.Title = story.Title
	}
	if len(c.Authors) == 0 {
		c.Authors = story.Authors
	}
	if c.Published.IsZero() {
		c.Published = story.Published
	}
	if c.URL == "" {
		c.URL = story.URL
	}
	if c.Image == "" {
		c.Image = story.Image
	}
	return &c
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
func (l *Library) page(ctx context.Context, s feed.Story) (*feed.Article, error) {
	if s.URL == "" {
		return nil, errNoAddress
	}
	resp, err := l.Client().Get(ctx, s.URL)
	if err != nil {
		return nil, err
	}
	if err := CheckHTML(resp.Body, resp.ContentType); err != nil {
		return nil, fmt.Errorf("%s: %w", s.URL, err)
	}
	return l.clean(ctx, s, resp.Body, resp.ContentType, resp.URL)
}

// clean makes the article of the story's page (downloaded from pageURL)
// and caches it with the page and the name of the cleaner.
func (l *Library) clean(ctx context.Context, s feed.Story, body []byte, ctype, pageURL string) (*feed.Article, error) {
	final, err := url.Parse(pageURL)
	if err != nil || pageURL == "" {
		final, _ = url.Parse(s.URL)
	}
	a, err := l.Extract(body, ctype, final)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.URL, err)
	}
	l.cache(ctx, s.URL, a, &store.Page{Body: body, ContentType: ctype, URL: final.String(), Cleaner: l.cleaner(final.String())})
	return a, nil
}

// cache keeps the article of the page at key with the page. A cache:
// failing to fill it loses nothing, so the failure is only logged.
func (l *Library) cache(ctx context.Context, key string, a *feed.Article, page *store.Page) {
	if err := l.st.PutArticlePage(ctx, key, a, page); err != nil {
		l.logf("caching the article of %s: %v", key, err)
	}
}

// cleaner names what turns the page at pageURL into an article: this
// build of tidings and the [clean] rules for its site. A cached article
// made by another is stale.
func (l *Library) cleaner(pageURL string) string {
	host := ""
	if u, err := url.Parse(pageURL); err == nil {
		host = u.Hostname()
	}
	h := sha256.New()
	io.WriteString(h, buildVersion())
	for _, sel := range l.selectors(host) {
		io.WriteString(h, "\x00"+sel)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

func (l *Library) selectors(host string) []string {
	if l.o.CleanSelectors == nil {
		return nil
	}
	return l.o.CleanSelectors(host)
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
