package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/tidings-app/tidings/feed"
)

func TestEditFeedRefusesConfigFeeds(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mine := addFeed(t, s, "https://mine.example/feed")
	if err := s.SyncFeeds(ctx, []feed.Feed{{URL: "https://conf.example/feed", Title: "Conf", FeedText: true}}, nil); err != nil {
		t.Fatal(err)
	}
	conf, err := s.FeedByURL(ctx, "https://conf.example/feed")
	if err != nil || !conf.InConfig || !conf.FeedText {
		t.Fatalf("config feed = %+v, %v; want in the config with its feed_text", conf, err)
	}
	if err := s.RenameFeed(ctx, mine.ID, "  Mine  "); err != nil {
		t.Fatal(err)
	}
	if err := s.RetagFeed(ctx, mine.ID, []string{"tech", "daily"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFeedText(ctx, mine.ID, true); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Feed(ctx, mine.ID)
	if got.Title != "Mine" || !slices.Equal(got.Tags, []string{"tech", "daily"}) || !got.FeedText || got.InConfig {
		t.Errorf("after editing: %+v", got)
	}
	if err := s.RenameFeed(ctx, mine.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Feed(ctx, mine.ID); got.Title != "" {
		t.Errorf("an empty title did not bring back the feed's own: %q", got.Title)
	}
	for name, edit := range map[string]func() error{
		"rename": func() error { return s.RenameFeed(ctx, conf.ID, "X") },
		"retag":  func() error { return s.RetagFeed(ctx, conf.ID, nil) },
		"text":   func() error { return s.SetFeedText(ctx, conf.ID, false) },
	} {
		if err := edit(); !errors.Is(err, ErrConfigFeed) {
			t.Errorf("%s of a config feed: %v, want ErrConfigFeed", name, err)
		}
	}
	if err := s.RenameFeed(ctx, 999, "X"); !errors.Is(err, ErrNotFound) {
		t.Errorf("rename of no feed: %v", err)
	}
	// The file's feed_text is applied at every start, like its title.
	if err := s.SyncFeeds(ctx, []feed.Feed{{URL: "https://conf.example/feed", Title: "Conf"}}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Feed(ctx, conf.ID); got.FeedText {
		t.Error("feed_text taken out of the file is still on")
	}
}

// ToCache lists the new stories whose page is not cached, leaving out
// those of feeds read by their own text; Stories marks the cached ones.
func TestToCacheAndCachedMark(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := addFeed(t, s, "https://a.example/feed")
	b := addFeed(t, s, "https://b.example/feed")
	if err := s.SetFeedText(ctx, b.ID, true); err != nil {
		t.Fatal(err)
	}
	save := func(f feed.Feed, guid string) {
		t.Helper()
		if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: []feed.Story{{GUID: guid, Title: guid, URL: "https://x.example/" + guid}}}); err != nil {
			t.Fatal(err)
		}
	}
	save(a, "old")
	since, err := s.LastStoryID(ctx)
	if err != nil || since == 0 {
		t.Fatalf("LastStoryID = %d, %v", since, err)
	}
	save(a, "new1")
	save(a, "new2")
	save(b, "own-text")
	if err := s.PutArticle(ctx, "https://x.example/new2", &feed.Article{Title: "new2", Markdown: "Text.\n"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ToCache(ctx, since, nil, 0)
	if err != nil || len(got) != 1 || got[0].GUID != "new1" {
		t.Fatalf("ToCache = %+v, %v; want new1 alone", got, err)
	}
	if got, _ := s.ToCache(ctx, since, []int64{b.ID}, 0); len(got) != 0 {
		t.Errorf("ToCache of feed b only = %+v", got)
	}
	all, _ := s.Stories(ctx, Query{})
	for _, st := range all {
		if st.Cached != (st.GUID == "new2") {
			t.Errorf("story %s: Cached = %v", st.GUID, st.Cached)
		}
	}
}
