package library

// The subscriptions as the commands see them: the config file's feeds
// merged in, a feed named by what the user typed, the list, the export.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/parse"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// ErrEmptyFeedRef is FindFeed's answer to an empty name: every title
// contains "", which is no choice among the feeds. The caller words it
// as a mistake in its own arguments.
var ErrEmptyFeedRef = errors.New("empty FEED: give its number, URL or title from 'tidings feeds list'")

// ErrConfigFeed is why a feed the config file defines cannot be removed
// or changed here: the config file would bring it back.
var ErrConfigFeed = store.ErrConfigFeed

// MergeFeeds makes the config file's feeds (and, when the database holds
// no feed yet, defaults) subscriptions: the database holds them all, so
// that every command sees one list.
func (l *Library) MergeFeeds(ctx context.Context, config, defaults []feed.Feed) error {
	return l.st.SyncFeeds(ctx, config, defaults)
}

// StartFeeds subscribes to defaults when there is no feed at all, once,
// and names the feeds that brought; a database with feeds is left alone.
func (l *Library) StartFeeds(ctx context.Context, config, defaults []feed.Feed) (firstRun []string, err error) {
	before, err := l.st.Feeds(ctx)
	if err != nil || len(before) > 0 {
		return nil, err
	}
	if err := l.st.SyncFeeds(ctx, config, defaults); err != nil {
		return nil, err
	}
	after, err := l.st.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range after {
		firstRun = append(firstRun, FeedName(f))
	}
	return firstRun, nil
}

// Listed is a subscription with where it comes from.
type Listed struct {
	feed.Feed
	// InConfig is set for a feed the config file defines.
	InConfig bool
}

// Subscriptions lists the feeds in their numbering order, with their
// counts, last fetch and last error, and whether the config defines them.
func (l *Library) Subscriptions(ctx context.Context) ([]Listed, error) {
	feeds, err := l.st.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Listed, len(feeds))
	for i, f := range feeds {
		// A feed whose origin cannot be read is listed as the user's.
		in, _ := l.st.InConfig(ctx, f.ID)
		out[i] = Listed{Feed: f, InConfig: in}
	}
	return out, nil
}

// FindFeed resolves what the user typed to name a feed: its number in
// the list of subscriptions, its URL (as stored or as first given), or a
// unique part of its title.
func (l *Library) FindFeed(ctx context.Context, ref string) (feed.Feed, error) {
	feeds, err := l.st.Feeds(ctx)
	if err != nil {
		return feed.Feed{}, err
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return feed.Feed{}, ErrEmptyFeedRef
	}
	if n, err := strconv.Atoi(ref); err == nil {
		if n < 1 || n > len(feeds) {
			return feed.Feed{}, fmt.Errorf("no feed number %d: 'tidings feeds list' numbers them 1 to %d", n, len(feeds))
		}
		return feeds[n-1], nil
	}
	if f, err := l.st.FeedByURL(ctx, ref); err == nil {
		return f, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return feed.Feed{}, err
	}
	if u := NormalizeFeedURL(ref); u != ref {
		if f, err := l.st.FeedByURL(ctx, u); err == nil {
			return f, nil
		}
	}
	return feedByTitle(feeds, ref)
}

// feedByTitle is the feed whose title is ref, or the only one containing
// it, case aside.
func feedByTitle(feeds []feed.Feed, ref string) (feed.Feed, error) {
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
	}
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

// Unsubscribe removes the feed named by its number or URL (not by part
// of its title: removing must name a feed exactly) with its stories, and
// returns it as it was. A feed the config defines is refused with
// ErrConfigFeed.
func (l *Library) Unsubscribe(ctx context.Context, ref string) (feed.Feed, error) {
	f, err := l.feedByURLOrNumber(ctx, ref)
	if err != nil {
		return feed.Feed{}, err
	}
	return f, l.st.RemoveFeed(ctx, f.ID)
}

func (l *Library) feedByURLOrNumber(ctx context.Context, ref string) (feed.Feed, error) {
	if _, err := strconv.Atoi(strings.TrimSpace(ref)); err == nil || strings.TrimSpace(ref) == "" {
		return l.FindFeed(ctx, ref)
	}
	for _, u := range []string{strings.TrimSpace(ref), NormalizeFeedURL(ref)} {
		if f, err := l.st.FeedByURL(ctx, u); err == nil {
			return f, nil
		}
	}
	return feed.Feed{}, fmt.Errorf("not subscribed to %s: give a URL or number from 'tidings feeds list'", sanitize.Line(ref))
}

// CheckTag reports a tag that no feed carries, with the tags that exist:
// a misspelt tag would otherwise look like one with no stories.
func (l *Library) CheckTag(ctx context.Context, tag string) error {
	feeds, err := l.st.Feeds(ctx)
	if err != nil {
		return err
	}
	var tags []string
	for _, f := range feeds {
		for _, t := range f.Tags {
			if strings.EqualFold(t, tag) {
				return nil
			}
			if t = sanitize.Line(t); !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
	}
	if len(tags) == 0 {
		return fmt.Errorf("no feed is tagged %q: no feed has tags yet ('tidings feeds add URL --tag T' or tags in the config)", tag)
	}
	slices.SortFunc(tags, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return fmt.Errorf("no feed is tagged %q: the tags are %s", tag, strings.Join(tags, ", "))
}

// ExportOPML writes every subscription as an OPML 2.0 document titled
// title, made at now.
func (l *Library) ExportOPML(ctx context.Context, w io.Writer, title string, now time.Time) error {
	feeds, err := l.st.Feeds(ctx)
	if err != nil {
		return err
	}
	for i := range feeds {
		feeds[i].Title = sanitize.Line(feeds[i].Title)
		for j, t := range feeds[i].Tags {
			feeds[i].Tags[j] = sanitize.Line(t)
		}
		// The site link is the feed's own word; the XML encoder passes
		// DEL and C1 controls through as they are.
		feeds[i].URL = sanitize.Line(feeds[i].URL)
		feeds[i].SiteURL = sanitize.Line(feeds[i].SiteURL)
	}
	return parse.WriteOPML(w, title, feeds, now)
}
