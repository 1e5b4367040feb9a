package library

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

const articlePage = `<!DOCTYPE html><html><head><title>%[1]s</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>%[1]s</h1>
<p>The harbour authority said on Monday that the port would reopen to cargo ships after three weeks of closure, ending a strike that had left hundreds of containers stranded on the quay.</p>
<p>Dock workers voted to accept a new contract late on Sunday. Union leaders said the deal raised wages and limited night shifts, two demands that had been at the heart of the dispute since it began.</p>
<p>Shipping companies welcomed the news but warned that clearing the backlog would take at least a fortnight, as vessels waiting offshore were brought in one by one.</p>
</article><footer>Copyright</footer></body></html>`

// A refresh with articles caches the pages of the new stories (not those
// of a feed shown by its own text), the list marks them, and they read
// with the server gone.
func TestRefreshCachesTheArticlesOfNewStories(t *testing.T) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	item := func(n int) string {
		return fmt.Sprintf(`<item><title>Story %d</title><link>%s/story/%d</link><guid>%d</guid><description>Summary %d.</description></item>`, n, srv.URL, n, n, n)
	}
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>%s%s</channel></rss>`, item(1), item(2))
	})
	mux.HandleFunc("/own.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Own</title>%s</channel></rss>`, item(3))
	})
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, articlePage, "Port reopens, part "+strings.TrimPrefix(r.URL.Path, "/story/"))
	})
	st, err := store.Open(filepath.Join(t.TempDir(), "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	for _, u := range []string{"/feed.xml", "/own.xml"} {
		if _, err := st.AddFeed(ctx, feed.Feed{URL: srv.URL + u}); err != nil {
			t.Fatal(err)
		}
	}
	own, _ := st.FeedByURL(ctx, srv.URL+"/own.xml")
	if err := st.SetFeedText(ctx, own.ID, true); err != nil {
		t.Fatal(err)
	}
	l := New(st, Options{Refresh: RefreshOptions{Workers: 2, PerHost: 1, Articles: true}})
	if _, err := l.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	stories, _ := l.Stories(ctx, 0)
	cached := map[string]bool{}
	for _, s := range stories {
		cached[s.Title] = s.Cached
	}
	if !cached["Story 1"] || !cached["Story 2"] || cached["Story 3"] || len(cached) != 3 {
		t.Fatalf("cached after the refresh: %v; want stories 1 and 2", cached)
	}
	srv.Close()
	for _, s := range stories {
		if s.Title != "Story 2" {
			continue
		}
		a, notice, err := l.Article(ctx, s)
		if err != nil || notice != "" || !strings.Contains(a.Text, "clearing the backlog") {
			t.Errorf("with the server gone: %v, %q, %v", a, notice, err)
		}
	}
}
