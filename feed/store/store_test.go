package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "nested", "dir", "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func addFeed(t *testing.T, s *Store, url string) feed.Feed {
	t.Helper()
	f, err := s.AddFeed(context.Background(), feed.Feed{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestOpenCreatesDirsAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.AddFeed(ctx, feed.Feed{URL: "https://a.example/rss", Title: "A", Tags: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	feeds, err := s.Feeds(ctx)
	if err != nil || len(feeds) != 1 || feeds[0].Title != "A" || !slices.Equal(feeds[0].Tags, []string{"x"}) {
		t.Fatalf("after reopen: %+v, %v", feeds, err)
	}
	var v int
	s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	if v != len(migrations) {
		t.Errorf("user_version = %d, want %d", v, len(migrations))
	}
}

func TestOpenOddPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my news #1 ?100% 'ok'", "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	addFeed(t, s, "https://a.example/")
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not at the path given: %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`PRAGMA user_version = 99`)
	s.Close()
	if _, err := Open(path); err == nil {
		t.Fatal("opening a database from a newer tidings should fail")
	}
}

func TestFeedsAddListRemove(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := addFeed(t, s, "https://a.example/rss")
	if _, err := s.AddFeed(ctx, feed.Feed{URL: "https://a.example/rss"}); !errors.Is(err, ErrExists) {
		t.Errorf("second add: %v, want ErrExists", err)
	}
	b := addFeed(t, s, "https://b.example/atom")
	if _, err := s.SaveFetchResult(ctx, a.ID, FetchResult{Title: "Feed A", Stories: []feed.Story{{GUID: "1", Title: "x"}, {GUID: "2", Title: "y"}}}); err != nil {
		t.Fatal(err)
	}
	feeds, _ := s.Feeds(ctx)
	if len(feeds) != 2 || feeds[0].ID != a.ID || feeds[1].ID != b.ID {
		t.Fatalf("feeds = %+v", feeds)
	}
	if feeds[0].Title != "Feed A" || feeds[0].Total != 2 || feeds[0].Unread != 2 || feeds[0].LastFetched.IsZero() {
		t.Errorf("feed A = %+v", feeds[0])
	}
	if err := s.SetFeedInfo(ctx, a.ID, "My A", []string{"news"}); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.FeedByURL(ctx, "https://a.example/rss"); f.Title != "My A" {
		t.Errorf("a user title wins over the feed's: %q", f.Title)
	}
	if err := s.RemoveFeed(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Feed(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed feed: %v", err)
	}
	if got, _ := s.Stories(ctx, Query{}); len(got) != 0 {
		t.Errorf("stories of a removed feed remain: %d", len(got))
	}
	if err := s.RemoveFeed(ctx, 12345); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove unknown: %v", err)
	}
}

func TestUpdateFeedURLKeepsIdentity(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a := addFeed(t, s, "http://old.example/rss")
	b := addFeed(t, s, "https://other.example/rss")
	if err := s.UpdateFeedURL(ctx, a.ID, "https://new.example/rss"); err != nil {
		t.Fatal(err)
	}
	f, err := s.FeedByURL(ctx, "http://old.example/rss")
	if err != nil || f.ID != a.ID || f.URL != "https://new.example/rss" {
		t.Errorf("lookup by the first URL: %+v %v", f, err)
	}
	if err := s.UpdateFeedURL(ctx, a.ID, b.URL); !errors.Is(err, ErrExists) {
		t.Errorf("moving onto another feed's URL: %v", err)
	}
}

func TestSyncFeedsConfigIsMergedIntoDatabase(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	defaults := []feed.Feed{{URL: "https://default.example/rss", Title: "Default"}}
	cfg := []feed.Feed{
		{URL: "https://cfg1.example/rss", Title: "One", Tags: []string{"t1"}},
		{URL: "https://cfg2.example/rss"},
	}
	user := addFeed(t, s, "https://user.example/rss")
	if err := s.SyncFeeds(ctx, cfg, defaults); err != nil {
		t.Fatal(err)
	}
	urls := func() []string {
		fs, _ := s.Feeds(ctx)
		var u []string
		for _, f := range fs {
			u = append(u, f.URL)
		}
		return u
	}
	if got := urls(); !slices.Equal(got, []string{"https://user.example/rss", "https://cfg1.example/rss", "https://cfg2.example/rss"}) {
		t.Fatalf("after sync: %q", got)
	}
	c1, _ := s.FeedByURL(ctx, "https://cfg1.example/rss")
	if c1.Title != "One" || !slices.Equal(c1.Tags, []string{"t1"}) {
		t.Errorf("config title/tags not applied: %+v", c1)
	}
	if err := s.RemoveFeed(ctx, c1.ID); !errors.Is(err, ErrConfigFeed) {
		t.Errorf("removing a config feed: %v, want ErrConfigFeed", err)
	}
	if in, _ := s.InConfig(ctx, c1.ID); !in {
		t.Error("InConfig = false for a config feed")
	}
	// The file changes: the title is edited, cfg2 is dropped, the user's
	// own feed is listed too and later dropped again.
	cfg = []feed.Feed{{URL: "https://cfg1.example/rss", Title: "One!", Tags: []string{"t2"}}, {URL: user.URL}}
	if err := s.SyncFeeds(ctx, cfg, defaults); err != nil {
		t.Fatal(err)
	}
	if got := urls(); !slices.Equal(got, []string{"https://user.example/rss", "https://cfg1.example/rss"}) {
		t.Errorf("a feed dropped from the file should go: %q", got)
	}
	if c1, _ = s.FeedByURL(ctx, "https://cfg1.example/rss"); c1.Title != "One!" || !slices.Equal(c1.Tags, []string{"t2"}) {
		t.Errorf("edit in the file not applied: %+v", c1)
	}
	if err := s.SyncFeeds(ctx, nil, defaults); err != nil {
		t.Fatal(err)
	}
	if got := urls(); !slices.Equal(got, []string{"https://user.example/rss"}) {
		t.Errorf("the user's own feed must stay when the file drops it: %q", got)
	}
	if err := s.RemoveFeed(ctx, user.ID); err != nil {
		t.Errorf("after the file dropped it the feed is the user's to remove: %v", err)
	}
	// Defaults were never added because there were feeds; now there are
	// none, but the user had feeds before: still no defaults.
	if err := s.SyncFeeds(ctx, nil, defaults); err != nil {
		t.Fatal(err)
	}
	if got := urls(); len(got) != 0 {
		t.Errorf("defaults came back after the user removed everything: %q", got)
	}
}

func TestSyncFeedsFirstRunAddsDefaultsOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	defaults := []feed.Feed{{URL: "https://d1.example/rss", Title: "D1", Tags: []string{"world"}}, {URL: "https://d2.example/rss"}}
	if err := s.SyncFeeds(ctx, nil, defaults); err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Feeds(ctx)
	if len(fs) != 2 || fs[0].Title != "D1" {
		t.Fatalf("first run: %+v", fs)
	}
	for _, f := range fs {
		if err := s.RemoveFeed(ctx, f.ID); err != nil {
			t.Fatalf("defaults must be removable: %v", err)
		}
	}
	s.SyncFeeds(ctx, nil, defaults)
	if fs, _ = s.Feeds(ctx); len(fs) != 0 {
		t.Errorf("defaults re-added: %+v", fs)
	}
}

func TestSyncFeedsFollowsRedirectedConfigFeed(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	cfg := []feed.Feed{{URL: "http://moved.example/rss"}}
	s.SyncFeeds(ctx, cfg, nil)
	f, _ := s.FeedByURL(ctx, "http://moved.example/rss")
	s.UpdateFeedURL(ctx, f.ID, "https://moved.example/feed")
	if err := s.SyncFeeds(ctx, cfg, nil); err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Feeds(ctx)
	if len(fs) != 1 || fs[0].ID != f.ID || fs[0].URL != "https://moved.example/feed" {
		t.Errorf("a redirected config feed was duplicated or lost: %+v", fs)
	}
}

func TestSaveFetchResultDedupAndUpdateInPlace(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/rss")
	day := time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC)
	batch := []feed.Story{
		{GUID: "g1", URL: "https://a.example/1", Title: "By GUID", Published: day},
		{URL: "https://a.example/2", Title: "By link", Published: day.Add(-time.Hour)},
		{Title: "By title and date", Published: day.Add(-2 * time.Hour), Summary: "s"},
		{GUID: "g1", URL: "https://a.example/1-dup", Title: "Same GUID twice in one feed"},
	}
	st, err := s.SaveFetchResult(ctx, f.ID, FetchResult{ETag: `"v1"`, LastModified: "Sat, 23 Mar 2024 10:00:00 GMT", Stories: batch})
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 3 || st.Updated != 0 {
		t.Errorf("first save: %+v, want 3 new", st)
	}
	list, _ := s.Stories(ctx, Query{})
	if len(list) != 3 || list[0].Title != "By GUID" || list[2].Title != "By title and date" {
		t.Fatalf("stories newest first: %+v", list)
	}
	if list[0].FeedTitle != "https://a.example/rss" {
		t.Errorf("a feed without title shows its URL: %q", list[0].FeedTitle)
	}
	if err := s.SetRead(ctx, list[0].ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, list[0].ID, true); err != nil {
		t.Fatal(err)
	}
	// Same batch again: nothing changes.
	st, _ = s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: batch})
	if st.New != 0 || st.Updated != 0 {
		t.Errorf("same batch: %+v, want no change", st)
	}
	// The first story is corrected by its publisher.
	batch[0].Title = "By GUID (corrected)"
	batch[0].Content = "<p>new text</p>"
	st, _ = s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: batch[:1]})
	if st.New != 0 || st.Updated != 1 {
		t.Errorf("corrected story: %+v, want 1 updated", st)
	}
	got, err := s.Story(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "By GUID (corrected)" || got.Content != "<p>new text</p>" || !got.Read || !got.Starred || got.GUID != "g1" {
		t.Errorf("updated story lost its state or content: %+v", got)
	}
	fd, _ := s.Feed(ctx, f.ID)
	if fd.ETag != `"v1"` || fd.LastModified == "" || fd.Total != 3 || fd.Unread != 2 {
		t.Errorf("feed after saves: %+v", fd)
	}
	// A 304 keeps everything; an error is recorded and cleared by the next success.
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{NotModified: true}); err != nil {
		t.Fatal(err)
	}
	retry := time.Now().Add(time.Hour).Truncate(time.Second).UTC()
	s.SaveFetchResult(ctx, f.ID, FetchResult{Err: "https://a.example/rss: HTTP 429 Too Many Requests", RetryAt: retry})
	fd, _ = s.Feed(ctx, f.ID)
	if fd.LastError == "" || fd.ETag != `"v1"` {
		t.Errorf("error not recorded or validators lost: %+v", fd)
	}
	if next, _ := s.NextFetch(ctx, f.ID); !next.Equal(retry) {
		t.Errorf("NextFetch = %v, want %v", next, retry)
	}
	if n, _ := s.Failures(ctx, f.ID); n != 1 {
		t.Errorf("failures = %d", n)
	}
	s.SaveFetchResult(ctx, f.ID, FetchResult{NotModified: true})
	fd, _ = s.Feed(ctx, f.ID)
	if next, _ := s.NextFetch(ctx, f.ID); fd.LastError != "" || !next.IsZero() {
		t.Errorf("success did not clear the error: %+v next %v", fd, next)
	}
	if _, err := s.SaveFetchResult(ctx, 999, FetchResult{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("save for unknown feed: %v", err)
	}
}

func TestStoriesQueries(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	a, _ := s.AddFeed(ctx, feed.Feed{URL: "https://a.example/", Title: "A", Tags: []string{"World"}})
	b, _ := s.AddFeed(ctx, feed.Feed{URL: "https://b.example/", Title: "B"})
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var as, bs []feed.Story
	for i := range 5 {
		as = append(as, feed.Story{GUID: fmt.Sprint("a", i), Title: fmt.Sprint("A", i), Published: base.Add(time.Duration(2*i) * time.Hour), Content: "body"})
		bs = append(bs, feed.Story{GUID: fmt.Sprint("b", i), Title: fmt.Sprint("B", i), Published: base.Add(time.Duration(2*i+1) * time.Hour)})
	}
	s.SaveFetchResult(ctx, a.ID, FetchResult{Stories: as})
	s.SaveFetchResult(ctx, b.ID, FetchResult{Stories: bs})
	all, _ := s.Stories(ctx, Query{})
	if len(all) != 10 || all[0].Title != "B4" || all[1].Title != "A4" || all[9].Title != "A0" {
		t.Fatalf("order: %v", titles(all))
	}
	if all[1].Content != "" {
		t.Error("lists should not load content unless asked")
	}
	if got, _ := s.Stories(ctx, Query{WithContent: true, Limit: 2}); len(got) != 2 || got[1].Content != "body" {
		t.Errorf("WithContent/Limit: %+v", got)
	}
	if got, _ := s.Stories(ctx, Query{Limit: 3, Offset: 8}); !slices.Equal(titles(got), []string{"B0", "A0"}) {
		t.Errorf("Offset: %v", titles(got))
	}
	if got, _ := s.Stories(ctx, Query{FeedID: a.ID}); len(got) != 5 || got[0].FeedTitle != "A" || !slices.Equal(got[0].FeedTags, []string{"World"}) {
		t.Errorf("FeedID: %+v", got)
	}
	if got, _ := s.Stories(ctx, Query{Tag: "world"}); len(got) != 5 {
		t.Errorf("Tag: %d stories", len(got))
	}
	s.SetRead(ctx, all[0].ID, true)
	s.SetStarred(ctx, all[3].ID, true)
	if got, _ := s.Stories(ctx, Query{UnreadOnly: true}); len(got) != 9 {
		t.Errorf("UnreadOnly: %d", len(got))
	}
	if got, _ := s.Stories(ctx, Query{StarredOnly: true}); len(got) != 1 || got[0].ID != all[3].ID {
		t.Errorf("StarredOnly: %+v", got)
	}
	if n, _ := s.MarkFeedRead(ctx, b.ID); n != 4 {
		t.Errorf("MarkFeedRead(b) = %d, want 4", n)
	}
	if _, err := s.Story(ctx, 424242); !errors.Is(err, ErrNotFound) {
		t.Errorf("Story(unknown): %v", err)
	}
	if err := s.SetRead(ctx, 424242, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetRead(unknown): %v", err)
	}
}

func TestFutureDatesDoNotPinStoriesOnTop(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/")
	now := time.Now().UTC()
	s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: []feed.Story{{GUID: "future", Title: "future", Published: now.AddDate(5, 0, 0)}}})
	s.SaveFetchResult(ctx, f.ID, FetchResult{FetchedAt: now.Add(time.Minute), Stories: []feed.Story{{GUID: "later", Title: "later", Published: now.Add(30 * time.Second)}}})
	got, _ := s.Stories(ctx, Query{})
	if got[0].Title != "later" {
		t.Errorf("order = %v", titles(got))
	}
	if got[1].Published.Year() != now.Year()+5 {
		t.Errorf("the story keeps its own date: %v", got[1].Published)
	}
}

func TestPruneKeepsUnreadAndStarredAndDoesNotResurrect(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/")
	old := time.Now().AddDate(0, 0, -200)
	s.now = func() time.Time { return old }
	items := []feed.Story{
		{GUID: "read-old", Title: "r", Published: old},
		{GUID: "unread-old", Title: "u", Published: old},
		{GUID: "starred-old", Title: "s", Published: old},
	}
	s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: items})
	s.now = time.Now
	s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: []feed.Story{{GUID: "read-new", Title: "n", Published: time.Now()}}})
	list, _ := s.Stories(ctx, Query{})
	for _, st := range list {
		switch st.GUID {
		case "read-old", "read-new":
			s.SetRead(ctx, st.ID, true)
		case "starred-old":
			s.SetRead(ctx, st.ID, true)
			s.SetStarred(ctx, st.ID, true)
		}
	}
	s.PutArticle(ctx, "https://a.example/orphan", &feed.Article{Title: "orphan"})
	n, err := s.Prune(ctx, 90)
	if err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want 1", n, err)
	}
	var left []string
	list, _ = s.Stories(ctx, Query{})
	for _, st := range list {
		left = append(left, st.GUID)
	}
	slices.Sort(left)
	if !slices.Equal(left, []string{"read-new", "starred-old", "unread-old"}) {
		t.Errorf("after prune: %q", left)
	}
	// The feed still lists the pruned story: it must not come back unread.
	st, _ := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: items})
	if st.New != 0 {
		t.Errorf("pruned story came back: %+v", st)
	}
	if n, _ := s.Prune(ctx, 0); n != 0 {
		t.Error("keep_days 0 keeps everything")
	}
}

func TestArticleCacheSavedPathAndLastRefresh(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, ok, err := s.Article(ctx, "https://x.example/a"); ok || err != nil {
		t.Fatalf("empty cache: %v %v", ok, err)
	}
	pub := time.Date(2024, 3, 23, 14, 5, 0, 0, time.FixedZone("BST", 6*3600))
	in := &feed.Article{Title: "T", Authors: []string{"A", "B"}, URL: "https://x.example/a", Published: pub, Markdown: "# hi\n\nbody", WordCount: 2}
	if err := s.PutArticle(ctx, in.URL, in); err != nil {
		t.Fatal(err)
	}
	in.Title = "T2"
	s.PutArticle(ctx, in.URL, in)
	out, ok, err := s.Article(ctx, in.URL)
	if err != nil || !ok || out.Title != "T2" || !out.Published.Equal(pub) || out.Markdown != in.Markdown || !slices.Equal(out.Authors, in.Authors) {
		t.Errorf("article round trip: %+v %v %v", out, ok, err)
	}
	if p, _ := s.SavedPath(ctx, in.URL); p != "" {
		t.Errorf("SavedPath before save = %q", p)
	}
	s.SetSavedPath(ctx, in.URL, "/notes/a.md")
	s.SetSavedPath(ctx, in.URL, "/notes/b.md")
	if p, _ := s.SavedPath(ctx, in.URL); p != "/notes/b.md" {
		t.Errorf("SavedPath = %q", p)
	}
	if lr, _ := s.LastRefresh(ctx); !lr.IsZero() {
		t.Errorf("LastRefresh before any = %v", lr)
	}
	now := time.Now().Truncate(time.Second)
	s.SetLastRefresh(ctx, now)
	if lr, _ := s.LastRefresh(ctx); !lr.Equal(now) {
		t.Errorf("LastRefresh = %v, want %v", lr, now)
	}
}

func titles(ss []feed.Story) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Title)
	}
	return out
}
