package library

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

func TestBulkMarksAndTheView(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err := st.AddFeed(ctx, feed.Feed{URL: "http://127.0.0.1:1/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	var items []feed.Story
	for i := range 3 {
		items = append(items, feed.Story{GUID: fmt.Sprint(i), Title: fmt.Sprint("S", i)})
	}
	if _, err := st.SaveFetchResult(ctx, f.ID, store.FetchResult{Stories: items}); err != nil {
		t.Fatal(err)
	}
	l := New(st, Options{})
	unread := func() int {
		fs, err := l.Feeds(ctx)
		if err != nil || len(fs) != 1 {
			t.Fatalf("feeds: %v, %v", fs, err)
		}
		return fs[0].Unread
	}
	// A list that shows nothing marks nothing: nil is no story, not all.
	if ids, err := l.MarkRead(ctx, nil); err != nil || len(ids) != 0 || unread() != 3 {
		t.Fatalf("MarkRead(nil): %v, %v; %d unread", ids, err, unread())
	}
	all, err := l.MarkAllRead(ctx)
	if err != nil || len(all) != 3 || unread() != 0 {
		t.Fatalf("MarkAllRead: %v, %v; %d unread", all, err, unread())
	}
	if err := l.MarkUnread(ctx, all[:2]); err != nil || unread() != 2 {
		t.Fatalf("MarkUnread: %v; %d unread, want 2", err, unread())
	}
	v := feed.View{UnreadOnly: true, FeedID: f.ID, Title: "Feed"}
	if err := l.SaveView(ctx, v); err != nil {
		t.Fatal(err)
	}
	if got, err := l.View(ctx); err != nil || got != v {
		t.Errorf("View = %+v, %v; want %+v", got, err, v)
	}
}
