package library

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

// site serves a home page that advertises its feed, the feed (one story
// with its full text) and the story's page; pageHits counts requests for
// the page.
func site(t *testing.T, pageHits *atomic.Int64) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>Harbour</title><link rel="alternate" type="application/rss+xml" title="All" href="/feed.xml"></head><body>Home</body></html>`)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title><link>%[1]s/</link>
<item><title>Port reopens</title><link>%[1]s/story</link><guid>1</guid>
<description><![CDATA[<p>The feed's own text of the story, whole: the port reopened on Monday after three weeks, and the first ships came in at dawn.</p>]]></description></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		http.Error(w, "gone", http.StatusGone)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func openLibrary(t *testing.T) *Library {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(st, Options{})
}

// The feeds pane's add finds the feed a page advertises, as `feeds add`
// does, and stores its stories at once; with the feed's own text on, the
// story reads from the feed and its page is never asked for.
func TestAddFeedFromAPageAndShowItsOwnText(t *testing.T) {
	var hits atomic.Int64
	srv := site(t, &hits)
	l := openLibrary(t)
	ctx := context.Background()
	added, err := l.AddFeed(ctx, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if added.Title != "Harbour News" || added.URL != srv.URL+"/feed.xml" || added.New != 1 {
		t.Fatalf("AddFeed = %+v", added)
	}
	if _, err := l.AddFeed(ctx, srv.URL+"/feed.xml"); err == nil || !strings.Contains(err.Error(), "already subscribed") {
		t.Errorf("adding it again: %v", err)
	}
	feeds, _ := l.Feeds(ctx)
	stories, _ := l.Stories(ctx, 0)
	if len(feeds) != 1 || len(stories) != 1 {
		t.Fatalf("%d feeds, %d stories", len(feeds), len(stories))
	}
	if err := l.SetFeedText(ctx, feeds[0].ID, true); err != nil {
		t.Fatal(err)
	}
	a, notice, err := l.Article(ctx, stories[0])
	if err != nil || notice != "" || !strings.Contains(a.Text, "first ships came in at dawn") {
		t.Fatalf("Article = %+v, %q, %v; want the feed's text without a notice", a, notice, err)
	}
	if hits.Load() != 0 {
		t.Errorf("the page was fetched %d times for a feed shown by its own text", hits.Load())
	}
	if err := l.SetFeedText(ctx, feeds[0].ID, false); err != nil {
		t.Fatal(err)
	}
	if _, notice, _ := l.Article(ctx, stories[0]); hits.Load() != 1 || !strings.Contains(notice, "Showing the feed's own text") {
		t.Errorf("with the setting off the page is not tried (%d hits, notice %q)", hits.Load(), notice)
	}
	if err := l.RenameFeed(ctx, feeds[0].ID, "Harbour"); err != nil {
		t.Fatal(err)
	}
	if err := l.RetagFeed(ctx, feeds[0].ID, []string{"ports"}); err != nil {
		t.Fatal(err)
	}
	if f, _ := l.Store().Feed(ctx, feeds[0].ID); f.Title != "Harbour" || len(f.Tags) != 1 {
		t.Errorf("after rename and retag: %+v", f)
	}
	if err := l.RemoveFeed(ctx, feeds[0].ID); err != nil {
		t.Fatal(err)
	}
	if s, _ := l.Stories(ctx, 0); len(s) != 0 {
		t.Errorf("%d stories left after removing the feed", len(s))
	}
}

func TestConfigFeedsAreChangedInTheFile(t *testing.T) {
	l := openLibrary(t)
	ctx := context.Background()
	if err := l.Store().SyncFeeds(ctx, []feed.Feed{{URL: "https://conf.example/rss"}}, nil); err != nil {
		t.Fatal(err)
	}
	f, _ := l.Store().FeedByURL(ctx, "https://conf.example/rss")
	for name, err := range map[string]error{
		"remove": l.RemoveFeed(ctx, f.ID),
		"rename": l.RenameFeed(ctx, f.ID, "X"),
		"text":   l.SetFeedText(ctx, f.ID, true),
	} {
		if err == nil || !strings.Contains(err.Error(), "defined in the config file") {
			t.Errorf("%s of a config feed: %v", name, err)
		}
	}
	if _, err := l.AddFeed(ctx, "ftp://x.example/"); err == nil || !strings.Contains(err.Error(), "not an http(s) URL") {
		t.Errorf("an ftp address: %v", err)
	}
}
