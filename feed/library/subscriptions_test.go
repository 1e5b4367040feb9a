package library

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/parse"
)

// The config's feeds become subscriptions the user names by number, URL
// or part of a title; a config feed cannot be removed here, and the
// built-in list comes only into an empty database.
func TestConfigFeedsNamedRemovedAndStarted(t *testing.T) {
	ctx := context.Background()
	l := openLibrary(t)
	config := []feed.Feed{
		{URL: "https://harbour.example/feed.xml", Title: "Harbour News", Tags: []string{"local"}},
		{URL: "https://weather.example/rss", Title: "Harbour Weather"},
	}
	if err := l.MergeFeeds(ctx, config, nil); err != nil {
		t.Fatal(err)
	}
	first, err := l.StartFeeds(ctx, config, []feed.Feed{{URL: "https://big.example/rss", Title: "Big"}})
	if err != nil || first != nil {
		t.Fatalf("StartFeeds on a database with feeds = %v, %v; want nothing subscribed", first, err)
	}
	listed, err := l.Subscriptions(ctx)
	if err != nil || len(listed) != 2 || !listed[0].InConfig {
		t.Fatalf("Subscriptions = %+v, %v; want the two config feeds, marked as such", listed, err)
	}
	for ref, want := range map[string]string{"2": "Harbour Weather", "https://harbour.example/feed.xml": "Harbour News", "weather": "Harbour Weather"} {
		if f, err := l.FindFeed(ctx, ref); err != nil || f.Title != want {
			t.Errorf("FindFeed(%q) = %q, %v; want %q", ref, f.Title, err, want)
		}
	}
	if _, err := l.FindFeed(ctx, "harbour"); err == nil || !strings.Contains(err.Error(), `matches 2 feeds (1 "Harbour News", 2 "Harbour Weather")`) {
		t.Errorf("FindFeed of a part of both titles: %v; want both named with their numbers", err)
	}
	if _, err := l.FindFeed(ctx, "  "); !errors.Is(err, ErrEmptyFeedRef) {
		t.Errorf("FindFeed of a blank name: %v; want ErrEmptyFeedRef", err)
	}
	if _, err := l.Unsubscribe(ctx, "weather"); err == nil || !strings.Contains(err.Error(), "not subscribed to weather") {
		t.Errorf("Unsubscribe by part of a title: %v; want it refused", err)
	}
	if f, err := l.Unsubscribe(ctx, "1"); !errors.Is(err, ErrConfigFeed) || f.Title != "Harbour News" {
		t.Errorf("Unsubscribe of a config feed = %q, %v; want ErrConfigFeed naming it", f.Title, err)
	}
	if err := l.CheckTag(ctx, "sport"); err == nil || !strings.Contains(err.Error(), "the tags are local") {
		t.Errorf("CheckTag of an unknown tag: %v; want the tags there are", err)
	}

	empty := openLibrary(t)
	first, err = empty.StartFeeds(ctx, nil, []feed.Feed{{URL: "https://big.example/rss", Title: "Big"}})
	if err != nil || len(first) != 1 || first[0] != "Big" {
		t.Fatalf("StartFeeds on an empty database = %v, %v; want [Big]", first, err)
	}
}

// The selection narrows a list and a bulk mark alike; with no feed at all
// the list says so.
func TestSelectionListsAndMarks(t *testing.T) {
	ctx := context.Background()
	l := openLibrary(t)
	list, err := l.ListStories(ctx, Selection{})
	if err != nil || len(list.Stories) != 0 || !list.NoFeeds {
		t.Fatalf("ListStories of an empty database = %+v, %v; want NoFeeds", list, err)
	}
	if err := l.MergeFeeds(ctx, []feed.Feed{{URL: "https://harbour.example/feed.xml", Title: "Harbour News"}}, nil); err != nil {
		t.Fatal(err)
	}
	list, err = l.ListStories(ctx, Selection{Feed: "harbour"})
	if err != nil || list.NoFeeds || list.FeedTitle != "Harbour News" {
		t.Fatalf("ListStories of a feed with no stories = %+v, %v; want its title, and feeds there", list, err)
	}
	if _, err := l.MarkSelectionRead(ctx, Selection{Tag: "sport"}); err == nil {
		t.Error("MarkSelectionRead of a tag no feed carries marked silently")
	}
	if n, err := l.MarkSelectionRead(ctx, Selection{}); err != nil || n != 0 {
		t.Errorf("MarkSelectionRead of nothing unread = %d, %v", n, err)
	}
}

// The export is OPML that reads back as the same subscriptions, their
// titles cut of control characters.
func TestExportOPMLReadsBack(t *testing.T) {
	ctx := context.Background()
	l := openLibrary(t)
	if err := l.MergeFeeds(ctx, []feed.Feed{{URL: "https://harbour.example/feed.xml", Title: "Harbour\x1b[31m News", Tags: []string{"local"}}}, nil); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := l.ExportOPML(ctx, &b, "tidings subscriptions", l.o.Now()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "\x1b") {
		t.Errorf("export carries an escape sequence:\n%s", b.String())
	}
	feeds, err := parse.ReadOPML(strings.NewReader(b.String()))
	if err != nil || len(feeds) != 1 || feeds[0].URL != "https://harbour.example/feed.xml" || len(feeds[0].Tags) != 1 || feeds[0].Tags[0] != "local" {
		t.Fatalf("export reads back as %+v, %v", feeds, err)
	}
}
