package store

import (
	"bufio"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/tidings-app/tidings/feed"
)

// configFeeds is a config file's list of n feeds, tagged like a real one.
func configFeeds(n int) []feed.Feed {
	fs := make([]feed.Feed, n)
	for i := range fs {
		fs[i] = feed.Feed{URL: fmt.Sprintf("https://site%d.example/feed.xml", i), Title: fmt.Sprintf("Site %d", i),
			Tags: []string{fmt.Sprintf("t%d", i%7)}}
	}
	return fs
}

// BenchmarkSyncFeeds200 is what every command pays at start with 200 feeds
// in the config file and none of them changed since the last run:
//
//	go test ./feed/store -run '^$' -bench SyncFeeds -benchmem
func BenchmarkSyncFeeds200(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "tidings.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	cfg := configFeeds(200)
	if err := s.SyncFeeds(ctx, cfg, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.SyncFeeds(ctx, cfg, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Every command merges the config file's feeds at start: with the file
// unchanged it must not wait for another process's write lock (a long
// fetch from cron), and a later edit of a config feed in the database is
// still undone by the file, as is the removal of one.
func TestSyncFeedsUnchangedNeedsNoWriteLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	cfg := configFeeds(200)
	if err := s.SyncFeeds(ctx, cfg, nil); err != nil {
		t.Fatal(err)
	}

	cmd := child(t, "hold", path)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "held\n" {
		t.Fatalf("child: %q, %v", line, err)
	}
	waited := make(chan string, 1)
	s.OnWait(func(who string) { waited <- who })
	done := make(chan error, 1)
	go func() { done <- s.SyncFeeds(ctx, cfg, nil) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("unchanged config feeds, another writer busy: %v", err)
		}
	case who := <-waited:
		t.Errorf("unchanged config feeds waited for the write lock of %s", who)
		in.Close()
		<-done
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}

	f, err := s.FeedByURL(ctx, cfg[3].URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFeedInfo(ctx, f.ID, "Renamed", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncFeeds(ctx, cfg[:150], nil); err != nil {
		t.Fatal(err)
	}
	fs, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 150 {
		t.Errorf("%d feeds after the file dropped 50 of 200, want 150", len(fs))
	}
	if f, _ = s.FeedByURL(ctx, cfg[3].URL); f.Title != "Site 3" || len(f.Tags) != 1 || f.Tags[0] != "t3" {
		t.Errorf("a config feed edited in the database: %q %q, want the file's \"Site 3\" [t3]", f.Title, f.Tags)
	}
}

// A URL the file lists twice is one feed, with the last entry's title and
// tags.
func TestSyncFeedsURLListedTwice(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	cfg := []feed.Feed{{URL: "https://a.example/rss", Title: "First"}, {URL: "https://b.example/rss"},
		{URL: " https://a.example/rss ", Title: "Second", Tags: []string{"x"}}}
	for i := 0; i < 2; i++ {
		if err := s.SyncFeeds(ctx, cfg, nil); err != nil {
			t.Fatal(err)
		}
		fs, _ := s.Feeds(ctx)
		if len(fs) != 2 || fs[0].URL != "https://a.example/rss" || fs[0].Title != "Second" || len(fs[0].Tags) != 1 {
			t.Fatalf("run %d: %+v", i+1, fs)
		}
	}
}
