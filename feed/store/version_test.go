package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tidings-app/tidings/feed"
)

// Version sees what another process stores (stories, feeds, errors) and
// stays put for what the reader itself shows already (read marks) and for
// a refresh that brought nothing.
func TestVersionSeesOtherProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	f := addFeed(t, s, "https://child.example/rss")
	version := func() Version {
		t.Helper()
		v, err := s.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	if again := version(); again != v0 {
		t.Fatalf("nothing changed, yet the version moved: %+v, %+v", v0, again)
	}

	// A cron `tidings fetch`: another process stores 20 stories and marks
	// some read.
	if out, err := child(t, "writer:1", path).CombinedOutput(); err != nil {
		t.Fatalf("child: %v: %s", err, out)
	}
	v1 := version()
	if v1 == v0 || v1.Stories != v0.Stories+20 {
		t.Errorf("another process stored 20 stories: version %+v, was %+v", v1, v0)
	}

	// This process marks a story read and stars one; a refresh with
	// nothing new (304) records only its time.
	list, err := s.Stories(ctx, Query{Limit: 2})
	if err != nil || len(list) < 2 {
		t.Fatalf("stories: %v %v", list, err)
	}
	if err := s.SetRead(ctx, list[0].ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, list[1].ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{NotModified: true}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v1 {
		t.Errorf("read marks and a refresh with nothing new moved the version: %+v, was %+v", v, v1)
	}

	// `feeds add` in another process (another connection), then a failing
	// fetch of that feed.
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	g, err := other.AddFeed(ctx, feed.Feed{URL: "https://second.example/rss"})
	if err != nil {
		t.Fatal(err)
	}
	v2 := version()
	if v2.Feeds != v1.Feeds+1 {
		t.Errorf("a feed added elsewhere: version %+v, was %+v", v2, v1)
	}
	if _, err := other.SaveFetchResult(ctx, g.ID, FetchResult{Err: "HTTP 503 Service Unavailable"}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == v2 {
		t.Errorf("a feed's new error did not move the version: %+v", v)
	}
}
