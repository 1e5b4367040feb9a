package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// benchStories is how many stories BenchmarkSearch stores: a reader of a
// few hundred feeds who keeps months of them.
const benchStories = 100_000

// benchVocabulary is a made-up language of n words whose use follows
// Zipf's law, as a language's does: a few words are in every story, most
// in a few.
func benchVocabulary(n int) []string {
	syll := []string{"ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "do", "ge", "hu", "ri", "ba", "fe"}
	words := make([]string, n)
	for i := range words {
		var b strings.Builder
		for j := i + 17; ; j /= len(syll) {
			b.WriteString(syll[j%len(syll)])
			if j < len(syll) {
				break
			}
		}
		words[i] = b.String()
	}
	return words
}

// BenchmarkSearch searches 100,000 stored stories (titles of 8 words,
// bodies of 150 to 400 in HTML) and reports, besides the mean, the median
// time of one query and the index's share of the database file:
//
//	go test ./feed/store -run '^$' -bench Search -benchmem
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	// TIDINGS_SEARCH_BENCH_DB keeps the database between runs (it takes
	// minutes to build); a file that exists is used as it is.
	path := os.Getenv("TIDINGS_SEARCH_BENCH_DB")
	_, statErr := os.Stat(path)
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	words := benchVocabulary(20000)
	if statErr != nil {
		fillBench(b, s, words)
	}
	share := indexShare(b, s)

	// Words a reader looks for (the 400th and the 900th most used: each
	// in a few thousand stories, both in a few hundred), and the 40th and
	// 90th, which are in most stories, as "the" and "said" are.
	two := words[400] + " " + words[900]
	for _, c := range []struct{ name, query string }{
		{"two-words", two},
		{"common-words", words[40] + " " + words[90]},
		{"phrase", `"` + words[30] + " " + words[31] + `"`},
		{"prefix", words[400][:4] + "*"},
		{"filters", two + " is:unread after:2024-02-01 tag:tag3"},
		{"common-filters", words[40] + " " + words[90] + " is:unread after:2024-02-01 tag:tag3"},
		{"filters-only", "is:unread before:2024-03 feed:site7"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var times []time.Duration
			var found int
			for b.Loop() {
				start := time.Now()
				got, err := s.Search(ctx, c.query, 50)
				if err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
				found = len(got)
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(found), "results")
			b.ReportMetric(float64(matches(b, s, c.query)), "matches")
			b.ReportMetric(share, "index-%")
		})
	}
}

// fillBench stores benchStories stories in 100 feeds, a third of them read.
func fillBench(b *testing.B, s *Store, words []string) {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	text := func(n int) string {
		var sb strings.Builder
		for i := range n {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(words[zipf.Uint64()])
		}
		return sb.String()
	}
	const feeds, batch = 100, 500
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for f := range feeds {
		fd, err := s.AddFeed(ctx, feed.Feed{URL: fmt.Sprintf("https://site%d.example/feed", f), Tags: []string{fmt.Sprintf("tag%d", f%10)}})
		if err != nil {
			b.Fatal(err)
		}
		for first := 0; first < benchStories/feeds; first += batch {
			stories := make([]feed.Story, batch)
			for i := range stories {
				n := first + i
				stories[i] = feed.Story{
					GUID: fmt.Sprint(n), URL: fmt.Sprintf("https://site%d.example/%d", f, n), Title: text(8),
					Authors: []string{text(2)}, Published: day.Add(time.Duration(n*feeds+f) * time.Minute),
					Content: "<p>" + text(150+r.IntN(250)) + "</p>",
				}
			}
			if _, err := s.SaveFetchResult(ctx, fd.ID, FetchResult{FetchedAt: day.AddDate(1, 0, 0), Stories: stories}); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET read = 1 WHERE id % 3 = 0`); err != nil {
		b.Fatal(err)
	}
}

// indexShare is the search index's share of the database file, in
// percent.
func indexShare(b *testing.B, s *Store) float64 {
	b.Helper()
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	var index, total int64
	if err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'story\_search%' ESCAPE '\'),
		(SELECT sum(pgsize) FROM dbstat)`).Scan(&index, &total); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d stories: database %.1f MiB, search index %.1f MiB (%.0f%%)",
		benchStories, float64(total)/(1<<20), float64(index)/(1<<20), 100*float64(index)/float64(total))
	return 100 * float64(index) / float64(total)
}

// matches counts the stories a query matches, past any limit.
func matches(b *testing.B, s *Store, query string) int {
	b.Helper()
	got, err := s.Search(context.Background(), query, benchStories)
	if err != nil {
		b.Fatal(err)
	}
	return len(got)
}
