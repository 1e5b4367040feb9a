package library

// The subscriptions the reader's feeds pane changes.

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// errOwnText is why a story of a feed shown by its own text has no
// article: the feed carries no text for it, and its page is not fetched.
var errOwnText = errors.New("this story has no text in its feed, and the feed is set to show its own text instead of its pages")

// AddFeed is Subscribe for the reader's feeds pane, without a title or
// tags of the user's.
func (l *Library) AddFeed(ctx context.Context, address string) (feed.Added, error) {
	u := NormalizeFeedURL(address)
	if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return feed.Added{}, fmt.Errorf("%q is not an http(s) URL", sanitize.Line(address))
	}
	sub, err := l.Subscribe(ctx, address, "", nil)
	if err != nil {
		return feed.Added{}, err
	}
	out := feed.Added{Title: sanitize.Line(sub.Title), URL: sub.Feed.URL, New: sub.New}
	if out.Title == "" {
		out.Title = FeedName(sub.Feed)
	}
	for _, o := range sub.Others {
		out.Others = append(out.Others, o.URL)
	}
	return out, nil
}

// RemoveFeed unsubscribes from a feed and deletes its stories.
func (l *Library) RemoveFeed(ctx context.Context, id int64) error {
	return configRefusal(l.st.RemoveFeed(ctx, id), "remove it there")
}

// RenameFeed gives a feed the user's title; an empty one brings back the
// feed's own.
func (l *Library) RenameFeed(ctx context.Context, id int64, title string) error {
	return configRefusal(l.st.RenameFeed(ctx, id, title), "change it there")
}

// RetagFeed replaces a feed's tags.
func (l *Library) RetagFeed(ctx context.Context, id int64, tags []string) error {
	return configRefusal(l.st.RetagFeed(ctx, id, tags), "change it there")
}

// SetFeedText says whether the feed's own text is shown instead of its
// pages.
func (l *Library) SetFeedText(ctx context.Context, id int64, on bool) error {
	return configRefusal(l.st.SetFeedText(ctx, id, on), "change it there")
}

// configRefusal words the store's refusal to change a feed the config
// file defines as what to do instead.
func configRefusal(err error, todo string) error {
	if errors.Is(err, store.ErrConfigFeed) {
		return fmt.Errorf("the feed is defined in the config file: %s", todo)
	}
	return err
}

// ownText reports whether the story's feed is shown by its own text.
func (l *Library) ownText(ctx context.Context, feedID int64) bool {
	if feedID == 0 {
		return false
	}
	f, err := l.st.Feed(ctx, feedID)
	return err == nil && f.FeedText
}
