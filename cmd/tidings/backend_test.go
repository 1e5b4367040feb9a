package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/store"
)

// backendFixture is a real store and a loopback site: /local/night-buses is
// a cluttered article page, /gone is a 404, /feed.xml lists both.
type backendFixture struct {
	b     *library.Library
	st    *store.Store
	srv   *httptest.Server
	hits  atomic.Int64
	feed  feed.Feed
	byURL map[string]feed.Story
}

func newBackendFixture(t *testing.T) *backendFixture {
	t.Helper()
	fx := &backendFixture{byURL: map[string]feed.Story{}}
	page := readFixture(t, "e2e-council.html")
	fx.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fx.hits.Add(1)
		switch r.URL.Path {
		case "/local/night-buses":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, e2eFeed, fx.srv.URL)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(fx.srv.Close)
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fx.st = st
	ctx := context.Background()
	fx.feed, err = st.AddFeed(ctx, feed.Feed{URL: fx.srv.URL + "/feed.xml", Title: "Loopback News", Tags: []string{"local"}})
	if err != nil {
		t.Fatal(err)
	}
	u := fx.srv.URL
	stories := []feed.Story{
		{GUID: "1", URL: u + "/local/night-buses", Title: "Council approves night buses", Published: time.Date(2024, 3, 23, 2, 40, 0, 0, time.UTC)},
		{GUID: "2", URL: u + "/gone", Title: "Lighthouse \x1b]52;c;ZXZpbA==\adiary", Published: time.Date(2024, 3, 22, 18, 0, 0, 0, time.UTC),
			Content:    "<p>A diary kept by the last keeper of the Skerry light\x1b[2J was found in an attic.</p><script>alert(1)</script>",
			Categories: []string{"Islands", "History\x1b[31m"}},
		{GUID: "3", URL: u + "/also-gone", Title: "Nothing to show", Published: time.Date(2024, 3, 22, 17, 0, 0, 0, time.UTC)},
	}
	if _, err := st.SaveFetchResult(ctx, fx.feed.ID, store.FetchResult{Stories: stories}); err != nil {
		t.Fatal(err)
	}
	listed, err := st.Stories(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range listed {
		fx.byURL[strings.TrimPrefix(s.URL, u)] = s
	}
	cfg := config.Default()
	cfg.SaveDir = filepath.Join(dir, "notes")
	fx.b = newTUIBackend(cfg, st, nil)
	return fx
}

func TestBackendArticleFetchesCleansAndCaches(t *testing.T) {
	fx := newBackendFixture(t)
	ctx := context.Background()
	s := fx.byURL["/local/night-buses"]
	if s.Content != "" {
		t.Errorf("the list's stories carry their content (%d bytes): memory for nothing", len(s.Content))
	}
	a, notice, err := fx.b.Article(ctx, s)
	if err != nil || notice != "" {
		t.Fatalf("Article: %v, notice %q", err, notice)
	}
	if !strings.Contains(a.Markdown, "ending a decade in which the last bus") || strings.Contains(a.Markdown, "Sign up now") {
		t.Errorf("cleaned body wrong:\n%s", a.Markdown)
	}
	if a.Site != "Valley Evening Post" || len(a.Authors) == 0 || a.Authors[0] != "Tomas Reyes" {
		t.Errorf("metadata: site %q authors %v", a.Site, a.Authors)
	}
	before := fx.hits.Load()
	if _, _, err := fx.b.Article(ctx, s); err != nil {
		t.Fatal(err)
	}
	if fx.hits.Load() != before {
		t.Error("the second open fetched the page again instead of using the cache")
	}
}

// A cached article is cleaned again from its cached page, without the
// network, once the [clean] rules for its site change; reload fetches
// the page again whatever the cache holds; an article cached without its
// page (by an older tidings) is fetched again, and kept when that fails.
func TestBackendArticleFollowsTheCleaner(t *testing.T) {
	fx := newBackendFixture(t)
	ctx := context.Background()
	s := fx.byURL["/local/night-buses"]
	a, _, err := fx.b.Article(ctx, s)
	if err != nil || !strings.Contains(a.Markdown, "every forty minutes") {
		t.Fatalf("Article: %v\n%v", err, a)
	}

	// Reload goes to the page even though the cache is fresh.
	before := fx.hits.Load()
	if _, _, err := fx.b.Reload(ctx, s); err != nil || fx.hits.Load() != before+1 {
		t.Errorf("Reload: %v after %d requests, want one request", err, fx.hits.Load()-before)
	}

	// A [clean] rule for the site, added later, applies to the cached
	// article without a request: the server is gone.
	fx.srv.Close()
	cfg := config.Default()
	host := strings.TrimPrefix(fx.srv.URL, "http://")
	host = host[:strings.LastIndex(host, ":")]
	cfg.Clean = map[string][]string{host: {".story-body p:nth-of-type(2)"}}
	b := newTUIBackend(cfg, fx.st, nil)
	a, notice, err := b.Article(ctx, s)
	if err != nil || notice != "" {
		t.Fatalf("Article with a new rule: %v, notice %q", err, notice)
	}
	if strings.Contains(a.Markdown, "every forty minutes") || !strings.Contains(a.Markdown, "ending a decade") {
		t.Errorf("the new [clean] rule did not apply to the cached article:\n%s", a.Markdown)
	}

	// An article cached by an older tidings, with no page: the page is
	// tried, and when it cannot be had the cached article is shown, not
	// the feed's text.
	old := &feed.Article{Title: "Council approves night buses", URL: s.URL, Markdown: "The article as an older tidings cleaned it."}
	if err := fx.st.PutArticle(ctx, s.URL, old); err != nil {
		t.Fatal(err)
	}
	a, notice, err = b.Article(ctx, s)
	if err != nil || notice != "" || !strings.Contains(a.Markdown, "older tidings") {
		t.Errorf("an old cache entry offline: %v, notice %q, article %v", err, notice, a)
	}
}

func TestBackendArticleFallsBackToFeedContent(t *testing.T) {
	fx := newBackendFixture(t)
	ctx := context.Background()
	a, notice, err := fx.b.Article(ctx, fx.byURL["/gone"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notice, "Showing the feed's own text") || !strings.Contains(notice, "404") || strings.Contains(notice, fx.srv.URL) {
		t.Errorf("notice = %q: want why, without the URL", notice)
	}
	if !strings.Contains(a.Markdown, "last keeper of the Skerry light") || strings.Contains(a.Markdown, "alert(1)") {
		t.Errorf("fallback body:\n%s", a.Markdown)
	}
	for _, s := range []string{a.Title, a.Markdown} {
		if strings.ContainsAny(s, "\x1b\a") {
			t.Errorf("control characters survived: %q", s)
		}
	}
	// The feed's text is the feed's: the header names it, not the host,
	// and shows the item's categories.
	if a.Site != "Loopback News" || strings.Join(a.Tags, ",") != "Islands,History" {
		t.Errorf("fallback header: site %q tags %q, want the feed's title and the item's categories", a.Site, a.Tags)
	}
	if _, ok, _ := fx.st.Article(ctx, fx.byURL["/gone"].URL); ok {
		t.Error("the fallback was cached: the page would never be tried again")
	}
	if _, _, err := fx.b.Article(ctx, fx.byURL["/also-gone"]); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("no page and no content: err = %v", err)
	}
}

func TestBackendRefreshSummary(t *testing.T) {
	fx := newBackendFixture(t)
	ctx := context.Background()
	var reports []string
	sum, err := fx.b.Refresh(ctx, nil, func(done, total int) { reports = append(reports, fmt.Sprintf("%d/%d", done, total)) })
	if err != nil {
		t.Fatal(err)
	}
	// The feed's three items have GUIDs the store has not seen, but one
	// has the link of a stored story: it is that story, updated (issue 15
	// item 2), not a second copy.
	if sum.Feeds != 1 || sum.Failed != 0 || sum.New != 2 || sum.Updated != 1 {
		t.Errorf("summary %+v, want 1 feed, 2 new stories and 1 updated", sum)
	}
	if strings.Join(reports, ",") != "1/1" {
		t.Errorf("progress reports %v", reports)
	}
	if last, _ := fx.st.LastRefresh(ctx); last.IsZero() {
		t.Error("a refresh of every feed did not record its time")
	}
	if err := fx.st.UpdateFeedURL(ctx, fx.feed.ID, fx.srv.URL+"/nowhere.xml"); err != nil {
		t.Fatal(err)
	}
	sum, err = fx.b.Refresh(ctx, []int64{fx.feed.ID}, nil)
	if err != nil || sum.Failed != 1 || sum.Feeds != 1 {
		t.Errorf("refresh of a failing feed: %+v, %v", sum, err)
	}
	feeds, _ := fx.st.Feeds(ctx)
	if len(feeds) != 1 || !strings.Contains(feeds[0].LastError, "404") {
		t.Errorf("the feed's error is not kept for the feeds pane: %+v", feeds)
	}
}

func TestBackendSave(t *testing.T) {
	fx := newBackendFixture(t)
	ctx := context.Background()
	s := fx.byURL["/local/night-buses"]
	p, err := fx.b.Save(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "ending a decade in which the last bus") {
		t.Errorf("note %s lacks the body:\n%s", p, b)
	}
}
