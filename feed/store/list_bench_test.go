package store

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// seedList fills a new database with 10,000 stories of 20 feeds, each
// with a summary and about 2 KB of content as real feeds send, and
// returns its path.
func seedList(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "tidings.db")
	s, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	body := strings.Repeat("<p>Paragraph of the feed's own copy of the story, long enough to weigh what real feeds weigh.</p>", 20)
	start := time.Date(2024, 3, 23, 12, 0, 0, 0, time.UTC)
	for f := range 20 {
		fd, err := s.AddFeed(ctx, feed.Feed{URL: fmt.Sprintf("https://site%d.example/feed.xml", f)})
		if err != nil {
			tb.Fatal(err)
		}
		stories := make([]feed.Story, 500)
		for i := range stories {
			k := f*500 + i
			u := fmt.Sprintf("https://site%d.example/story/%d", f, k)
			stories[i] = feed.Story{GUID: u, URL: u, Title: fmt.Sprintf("Story %d: council votes on the budget for the year", k),
				Authors: []string{"Staff reporter"}, Published: start.Add(-time.Duration(k) * time.Minute),
				Summary: "A short summary of the story as the feed gives it.", Content: body}
		}
		if _, err := s.SaveFetchResult(ctx, fd.ID, FetchResult{Stories: stories}); err != nil {
			tb.Fatal(err)
		}
	}
	return path
}

// BenchmarkListFirstPage10k is what the reader's first frame reads: the
// newest 200 stories of 10,000, from a database just opened (its page
// cache empty, as at every start); BenchmarkListAll10k the whole list
// that follows.
//
//	go test ./feed/store -run '^$' -bench 'List(FirstPage|All)10k' -benchmem
func BenchmarkListFirstPage10k(b *testing.B) { benchList(b, 200) }

// BenchmarkListAll10k: see BenchmarkListFirstPage10k.
func BenchmarkListAll10k(b *testing.B) { benchList(b, 0) }

func benchList(b *testing.B, limit int) {
	path := seedList(b)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		got, err := s.Stories(ctx, Query{Limit: limit})
		if want := cmp.Or(limit, 10000); err != nil || len(got) != want {
			b.Fatalf("%d stories, %v", len(got), err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
