package main

// Issue 8, hostile servers on the TUI's path: the reader's backend asks the
// same fetch client as `read` for a story's page. A page that bombs,
// streams, trickles, never answers, lies about its length or loops gives
// way to the feed's own text with a one-line notice saying why.

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

func TestReaderHostilePagesFallBackToTheFeed(t *testing.T) {
	srv := hostileServer(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	f, err := st.AddFeed(ctx, feed.Feed{URL: srv.URL + "/feed.xml", Title: "Hostile"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, want string }{
		{"/bomb", "the page could not be used (response larger than 10 MiB)"},
		{"/endless", "the page could not be used (response larger than 10 MiB)"},
		{"/huge-length", "the page could not be used (response larger than 10 MiB)"},
		{"/trickle", "the page took too long to load (timed out after 1s)"},
		{"/silent", "the page took too long to load (timed out after 1s)"},
		{"/loop", "the page could not be used (stopped after 10 redirects (a redirect loop?))"},
	}
	var stories []feed.Story
	for _, c := range cases {
		stories = append(stories, feed.Story{GUID: c.path, URL: srv.URL + c.path, Title: "Story " + c.path,
			Published: time.Date(2024, 3, 23, 8, 0, 0, 0, time.UTC),
			Content:   "<p>The feed's own text of the story, long enough to read on its own when the page fails.</p>"})
	}
	if _, err := st.SaveFetchResult(ctx, f.ID, store.FetchResult{Stories: stories}); err != nil {
		t.Fatal(err)
	}
	listed, err := st.Stories(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	// A short timeout keeps the test fast and shows the same path.
	cfg := config.Default()
	cfg.Refresh.Timeout = time.Second
	b := newTUIBackend(cfg, st, nil)
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.path, "/"), func(t *testing.T) {
			var s feed.Story
			for _, l := range listed {
				if l.GUID == c.path {
					s = l
				}
			}
			a, notice, err := b.Article(ctx, s)
			if err != nil {
				t.Fatalf("Article: %v", err)
			}
			if want := "Showing the feed's own text: " + c.want + "."; notice != want {
				t.Errorf("notice %q\nwant   %q", notice, want)
			}
			if !strings.Contains(a.Markdown, "The feed's own text") {
				t.Errorf("the feed's text is not shown: %q", a.Markdown)
			}
		})
	}
}
