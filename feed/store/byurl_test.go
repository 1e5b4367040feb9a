package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// A story is found by its link, with its content, the newest when two
// feeds list the same page; an address no feed listed is not found.
func TestStoryByURL(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a, err := s.AddFeed(ctx, feed.Feed{URL: "https://a.example/feed", Tags: []string{"local"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.AddFeed(ctx, feed.Feed{URL: "https://b.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	page := "https://news.example/2024/03/23/night-buses"
	day := time.Date(2024, 3, 23, 8, 0, 0, 0, time.UTC)
	if _, err := s.SaveFetchResult(ctx, a.ID, FetchResult{Stories: []feed.Story{
		{GUID: "1", URL: page, Title: "Night buses (A)", Published: day, Content: "<p>A's text</p>"},
		{GUID: "2", URL: "https://news.example/other", Title: "Other", Published: day.Add(time.Hour)},
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveFetchResult(ctx, b.ID, FetchResult{Stories: []feed.Story{
		{GUID: "1", URL: page, Title: "Night buses (B)", Published: day.Add(-time.Hour), Content: "<p>B's text</p>"},
	}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.StoryByURL(ctx, page)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Night buses (A)" || got.Content != "<p>A's text</p>" || len(got.FeedTags) != 1 || got.FeedTags[0] != "local" {
		t.Errorf("StoryByURL = %q, content %q, feed tags %v; want feed A's newer story with its content and tags", got.Title, got.Content, got.FeedTags)
	}
	if _, err := s.StoryByURL(ctx, "https://news.example/never-listed"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an address no feed listed: err = %v, want ErrNotFound", err)
	}
}

// BenchmarkStoryByURL10k finds one story of 10,000 by its link, as
// `tidings save URL` does; BenchmarkStoryByListing10k finds it the way
// save did before StoryByURL, listing every story to find one.
//
//	go test ./feed/store -run '^$' -bench 'StoryBy(URL|Listing)10k' -benchmem
func BenchmarkStoryByURL10k(b *testing.B) {
	s, u := openSeeded(b)
	ctx := context.Background()
	for b.Loop() {
		if st, err := s.StoryByURL(ctx, u); err != nil || st.URL != u {
			b.Fatalf("StoryByURL: %v", err)
		}
	}
}

// BenchmarkStoryByListing10k: see BenchmarkStoryByURL10k.
func BenchmarkStoryByListing10k(b *testing.B) {
	s, u := openSeeded(b)
	ctx := context.Background()
	for b.Loop() {
		stories, err := s.Stories(ctx, Query{})
		if err != nil {
			b.Fatal(err)
		}
		found := false
		for _, st := range stories {
			if st.URL == u {
				if _, err := s.Story(ctx, st.ID); err != nil {
					b.Fatal(err)
				}
				found = true
				break
			}
		}
		if !found {
			b.Fatal("not found")
		}
	}
}

// openSeeded opens seedList's 10,000 stories and names the link of one
// in the middle of the list.
func openSeeded(b *testing.B) (*Store, string) {
	s, err := Open(seedList(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, "https://site10.example/story/5250"
}
