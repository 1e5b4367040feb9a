package library

// Stories chosen the way the commands choose them: by a feed the user
// names, a tag, a date; listed or marked read in bulk.

import (
	"context"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

// Selection narrows the stories a list shows or a bulk mark changes; the
// zero value is every story.
type Selection struct {
	// UnreadOnly and StarredOnly keep only unread or starred stories
	// (lists only).
	UnreadOnly, StarredOnly bool
	// Feed is the feed as the user named it (see FindFeed); empty is
	// every feed.
	Feed string
	// Tag keeps the feeds that carry it; one that no feed carries is an
	// error (see CheckTag).
	Tag string
	// Before keeps the stories dated before it (bulk marks only).
	Before time.Time
	// Limit caps a list; 0 is no cap.
	Limit int
}

// StoryList is what ListStories found.
type StoryList struct {
	Stories []feed.Story
	// FeedTitle is the title of the feed the selection named, for saying
	// which stories there are none of.
	FeedTitle string
	// NoFeeds is set when the list is empty because there is no feed at
	// all.
	NoFeeds bool
}

// ListStories lists the selected stories, newest first, without their
// content.
func (l *Library) ListStories(ctx context.Context, sel Selection) (*StoryList, error) {
	q := store.Query{UnreadOnly: sel.UnreadOnly, StarredOnly: sel.StarredOnly, Tag: sel.Tag, Limit: sel.Limit}
	var out StoryList
	var err error
	if q.FeedID, out.FeedTitle, err = l.narrow(ctx, sel); err != nil {
		return nil, err
	}
	if out.Stories, err = l.st.Stories(ctx, q); err != nil {
		return nil, err
	}
	if len(out.Stories) == 0 {
		feeds, err := l.st.Feeds(ctx)
		out.NoFeeds = err == nil && len(feeds) == 0
	}
	return &out, nil
}

// MarkSelectionRead marks the selected stories read in one transaction
// and returns how many were unread.
func (l *Library) MarkSelectionRead(ctx context.Context, sel Selection) (int, error) {
	k := store.Marks{Tag: sel.Tag, Before: sel.Before}
	var err error
	if k.FeedID, _, err = l.narrow(ctx, sel); err != nil {
		return 0, err
	}
	ids, err := l.st.MarkRead(ctx, k)
	return len(ids), err
}

// narrow resolves the selection's feed and checks its tag.
func (l *Library) narrow(ctx context.Context, sel Selection) (feedID int64, feedTitle string, err error) {
	if sel.Feed != "" {
		f, err := l.FindFeed(ctx, sel.Feed)
		if err != nil {
			return 0, "", err
		}
		feedID, feedTitle = f.ID, f.Title
	}
	if sel.Tag != "" {
		if err := l.CheckTag(ctx, sel.Tag); err != nil {
			return 0, "", err
		}
	}
	return feedID, feedTitle, nil
}

// Unread counts the unread stories and the feeds, for asking before
// every story is marked read.
func (l *Library) Unread(ctx context.Context) (unread, feeds int, err error) {
	list, err := l.st.Feeds(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, f := range list {
		unread += f.Unread
	}
	return unread, len(list), nil
}
