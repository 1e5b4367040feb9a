package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed/store"
)

func TestSyncWithoutASyncTableSaysHowToSetItUp(t *testing.T) {
	e := newFeedsEnv(t, "theme = \"dark\"\n")
	r := e.run(t, "", "sync")
	if r.code != 1 || !strings.Contains(r.stderr, "no [sync] table") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("sync without [sync]: exit %d, %q; want 1 and one line saying what to set", r.code, r.stderr)
	}
}

// TestSyncCommandWithMiniflux drives the binary against the real Miniflux
// that .ci/miniflux.sh starts: a feed added here reaches the server and
// its stories come back once, a story read here is read there, and a
// wrong secret is one line that does not show it.
func TestSyncCommandWithMiniflux(t *testing.T) {
	base, token := os.Getenv("TIDINGS_MINIFLUX_URL"), os.Getenv("TIDINGS_MINIFLUX_TOKEN")
	if base == "" || token == "" {
		t.Skip(`no Miniflux to sync with: run 'eval "$(.ci/miniflux.sh start)"' to set TIDINGS_MINIFLUX_URL and _TOKEN`)
	}
	name := fmt.Sprintf("cli-%d", time.Now().UnixNano())
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>CLI feed</title><link>http://%s/</link>`, r.Host)
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(w, `<item><title>CLI story %d</title><link>http://%s/%s/%d</link><guid>%s-%d</guid><pubDate>Sun, 01 Nov 2026 0%d:00:00 GMT</pubDate></item>`,
				i, r.Host, name, i, name, i, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer feeds.Close()
	feedURL := feeds.URL + "/" + name + ".xml"

	e := newFeedsEnv(t, fmt.Sprintf("[sync]\nkind = \"miniflux\"\nurl = %q\npassword_env = \"TIDINGS_TEST_SYNC_SECRET\"\n", base))
	run := func(secret string, args ...string) result {
		t.Helper()
		cmd := e.command(binary, args...)
		cmd.Env = append(cmd.Env, "TIDINGS_TEST_SYNC_SECRET="+secret)
		return runCmd(t, cmd)
	}
	if r := run(token, "feeds", "add", feedURL); r.code != 0 {
		t.Fatalf("feeds add: %d %s%s", r.code, r.stdout, r.stderr)
	}
	r := run(token, "sync")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Synced with "+base) || !strings.Contains(r.stdout, "1 change sent") {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	stories := func() []storyJSON {
		t.Helper()
		r := run(token, "list", "--json", "--feed", feedURL)
		var ss []storyJSON
		if err := json.Unmarshal([]byte(r.stdout), &ss); err != nil {
			t.Fatalf("list --json: %v\n%s%s", err, r.stdout, r.stderr)
		}
		return ss
	}
	ss := stories()
	if len(ss) != 3 {
		t.Fatalf("%d stories after feeds add and sync, want the feed's 3 once each: %+v", len(ss), ss)
	}
	// tidings leaves the feed to the server now.
	for _, args := range [][]string{{"fetch"}, {"fetch", feedURL}} {
		if r := run(token, args...); r.code != 0 || !strings.Contains(r.stdout, "The sync server fetches these feeds") {
			t.Errorf("%v of a synced feed: %d %q", args, r.code, r.stdout)
		}
	}
	if n := len(stories()); n != 3 {
		t.Errorf("%d stories after fetch, want still 3", n)
	}

	// The story is marked read through the server (the phone), then synced.
	var entries struct {
		Entries []struct {
			ID  int64  `json:"id"`
			URL string `json:"url"`
		} `json:"entries"`
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/entries?limit=1000&search=CLI+story&order=id&direction=desc", nil)
	req.Header.Set("X-Auth-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&entries)
	resp.Body.Close()
	var id int64
	for _, en := range entries.Entries {
		if en.URL == ss[0].URL {
			id = en.ID
		}
	}
	if id == 0 {
		t.Fatalf("%s is not on the server", ss[0].URL)
	}
	body := fmt.Sprintf(`{"entry_ids":[%d],"status":"read"}`, id)
	req, _ = http.NewRequest(http.MethodPut, base+"/v1/entries", strings.NewReader(body))
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("marking read on the server: %v %v", resp, err)
	}
	if r := run(token, "sync", "--quiet"); r.code != 0 || r.stdout != "" {
		t.Errorf("sync --quiet: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, s := range stories() {
		if s.URL == ss[0].URL && !s.Read {
			t.Error("the story read on the server is unread here after the sync")
		}
	}

	const wrong = "wrong-secret-5d1e"
	r = run(wrong, "sync")
	msg := strings.TrimSpace(r.stderr)
	if r.code != 1 || strings.Contains(msg, "\n") || strings.Contains(msg, wrong) || !strings.Contains(msg, "refused the user name or secret") {
		t.Errorf("sync with a wrong secret: exit %d, %q; want 1 and one line without the secret", r.code, msg)
	}
}

// TestReaderSyncsOnStartAndOnRefreshAll checks the reader's back-end: with
// [sync] set it reports no refresh yet, so the reader syncs as it starts,
// and a refresh of every feed (R) syncs, bringing the server's feeds.
func TestReaderSyncsOnStartAndOnRefreshAll(t *testing.T) {
	base, token := os.Getenv("TIDINGS_MINIFLUX_URL"), os.Getenv("TIDINGS_MINIFLUX_TOKEN")
	if base == "" || token == "" {
		t.Skip(`no Miniflux to sync with: run 'eval "$(.ci/miniflux.sh start)"' to set TIDINGS_MINIFLUX_URL and _TOKEN`)
	}
	user, password := os.Getenv("TIDINGS_MINIFLUX_USER"), os.Getenv("TIDINGS_MINIFLUX_PASSWORD")
	if user == "" || password == "" {
		t.Skip("TIDINGS_MINIFLUX_USER and _PASSWORD are not set")
	}
	// A live feed on the server, so that fetching it here would work (and
	// store its stories twice).
	name := fmt.Sprintf("live-%d", time.Now().UnixNano())
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title><link>http://%s/</link>`, r.Host)
		for i := 1; i <= 2; i++ {
			fmt.Fprintf(w, `<item><title>Live %d</title><link>http://%s/%s/%d</link><guid>%s-%d</guid></item>`, i, r.Host, name, i, name, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer live.Close()
	liveURL := live.URL + "/" + name + ".xml"
	var cats []struct {
		ID int64 `json:"id"`
	}
	minifluxCall(t, base, user, password, http.MethodGet, "/v1/categories", nil, &cats)
	minifluxCall(t, base, user, password, http.MethodPost, "/v1/feeds", map[string]any{"feed_url": liveURL, "category_id": cats[0].ID}, nil)

	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t.Setenv("TIDINGS_TEST_SYNC_SECRET", token)
	cfg := config.Default()
	cfg.Sync = config.Sync{Kind: config.SyncMiniflux, URL: base, PasswordEnv: "TIDINGS_TEST_SYNC_SECRET"}
	b := newTUIBackend(cfg, st, nil)
	if at, err := b.LastRefresh(ctx); err != nil || !at.IsZero() {
		t.Fatalf("before the first sync LastRefresh = %v, %v; want the zero time so the reader syncs at start", at, err)
	}
	sum, err := b.Refresh(ctx, nil, nil)
	if err != nil {
		t.Fatalf("refresh all: %v", err)
	}
	feeds, _ := st.Feeds(ctx)
	synced, _ := st.SyncedFeedIDs(ctx)
	if len(synced) == 0 || len(synced) != len(feeds) || sum.New == 0 {
		t.Errorf("after R: %d feeds, %d from the server, %d new stories; want the server's feeds and their stories", len(feeds), len(synced), sum.New)
	}
	if at, err := b.LastRefresh(ctx); err != nil || at.IsZero() {
		t.Errorf("after the sync LastRefresh = %v, %v; want it recorded", at, err)
	}
	// r on a story of a synced feed syncs, rather than fetching the feed
	// here and storing its stories a second time.
	lf, err := st.FeedByURL(ctx, liveURL)
	if err != nil {
		t.Fatal(err)
	}
	fid := lf.ID
	before, _ := st.Stories(ctx, store.Query{FeedID: fid})
	if len(before) != 2 {
		t.Fatalf("the live feed has %d stories after the sync, want 2", len(before))
	}
	if _, err := b.Refresh(ctx, []int64{fid}, nil); err != nil {
		t.Fatalf("refresh of one synced feed: %v", err)
	}
	if after, _ := st.Stories(ctx, store.Query{FeedID: fid}); len(after) != len(before) {
		t.Errorf("refreshing a synced feed took its %d stories to %d", len(before), len(after))
	}
}
