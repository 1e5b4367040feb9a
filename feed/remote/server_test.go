package remote_test

// The scenarios against a real Miniflux, through both of its APIs: its
// REST API and its Google Reader API. .ci/miniflux.sh starts the server
// and prints the variables these tests read; without them they skip.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/remote"
	"github.com/tidings-app/tidings/feed/store"
)

// server is the Miniflux the tests use.
type server struct {
	url, user, password, token string
}

func miniflux(t *testing.T) server {
	t.Helper()
	s := server{os.Getenv("TIDINGS_MINIFLUX_URL"), os.Getenv("TIDINGS_MINIFLUX_USER"),
		os.Getenv("TIDINGS_MINIFLUX_PASSWORD"), os.Getenv("TIDINGS_MINIFLUX_TOKEN")}
	if s.url == "" || s.token == "" || s.user == "" || s.password == "" {
		t.Skip(`no Miniflux to sync with: run 'eval "$(.ci/miniflux.sh start)"' (as root: it installs PostgreSQL and builds Miniflux) to set TIDINGS_MINIFLUX_URL, _USER, _PASSWORD and _TOKEN`)
	}
	u, err := url.Parse(s.url)
	if err != nil || !isLoopback(u.Hostname()) {
		t.Fatalf("TIDINGS_MINIFLUX_URL %q must be a loopback address", s.url)
	}
	return s
}

func isLoopback(h string) bool { return h == "localhost" || strings.HasPrefix(h, "127.") || h == "::1" }

// api makes a backend of one kind that talks to the server through p.
type api struct {
	name string
	make func(s server, base string) (remote.Backend, error)
}

func apis() []api {
	return []api{
		{"miniflux", func(s server, base string) (remote.Backend, error) {
			return remote.NewMiniflux(base, "", s.token, nil)
		}},
		{"greader", func(s server, base string) (remote.Backend, error) {
			return remote.NewGReader(base, s.user, s.password, nil)
		}},
	}
}

// proxy stands between tidings and the server, so a test can take the
// server away (every connection is dropped, as by a server that died) and
// count the requests.
type proxy struct {
	*httptest.Server
	down  atomic.Bool
	count atomic.Int64
	// onRequest, when set, is called with each request's path before it is
	// passed on.
	onRequest func(path string, n int64)
}

func newProxy(t *testing.T, target string) *proxy {
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &proxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.down.Load() {
			panic(http.ErrAbortHandler)
		}
		n := p.count.Add(1)
		if p.onRequest != nil {
			p.onRequest(r.URL.Path, n)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// feeds serves RSS feeds on loopback for Miniflux to fetch: /NAME.xml has
// the items NAME-1 … NAME-n, n from the query string's n (default 5).
func feedServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil {
			n = 5
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title><link>http://%s/%s</link>`, name, r.Host, name)
		base := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(w, `<item><title>%s story %d</title><link>http://%s/%s/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>Text of story %d.</description></item>`,
				name, i, r.Host, name, i, name, i, base.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// uniqueName is a feed name no other test run used on this server.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
}

// admin acts on the server directly, as another client (the phone) would.
type admin struct {
	t *testing.T
	s server
}

func (a admin) do(method, path string, body any, out any) {
	a.t.Helper()
	var rd *strings.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	} else {
		rd = strings.NewReader("")
	}
	req, _ := http.NewRequest(method, a.s.url+path, rd)
	req.Header.Set("X-Auth-Token", a.s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		a.t.Fatalf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			a.t.Fatal(err)
		}
	}
}

type serverEntry struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Starred bool   `json:"starred"`
	URL     string `json:"url"`
}

func (a admin) entry(id string) serverEntry {
	var e serverEntry
	a.do(http.MethodGet, "/v1/entries/"+id, nil, &e)
	return e
}

func (a admin) feedEntries(feedID string) []serverEntry {
	var res struct {
		Entries []serverEntry `json:"entries"`
	}
	a.do(http.MethodGet, "/v1/feeds/"+feedID+"/entries?limit=1000", nil, &res)
	return res.Entries
}

func (a admin) subscribe(feedURL string) string {
	var cats []struct {
		ID int64 `json:"id"`
	}
	a.do(http.MethodGet, "/v1/categories", nil, &cats)
	var res struct {
		FeedID int64 `json:"feed_id"`
	}
	a.do(http.MethodPost, "/v1/feeds", map[string]any{"feed_url": feedURL, "category_id": cats[0].ID}, &res)
	return strconv.FormatInt(res.FeedID, 10)
}

// env is one scenario's world: the server behind a proxy, a fresh store,
// a backend of one API.
type env struct {
	t     *testing.T
	ctx   context.Context
	srv   server
	admin admin
	feeds *httptest.Server
	proxy *proxy
	st    *store.Store
	db    string
	b     remote.Backend
	api   api
}

func newEnv(t *testing.T, s server, a api) *env {
	e := &env{t: t, ctx: context.Background(), srv: s, admin: admin{t, s}, feeds: feedServer(t), api: a}
	e.proxy = newProxy(t, s.url)
	e.db = filepath.Join(t.TempDir(), "tidings.db")
	st, err := store.Open(e.db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.st = st
	if e.b, err = a.make(s, e.proxy.URL); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) sync() remote.Result {
	e.t.Helper()
	res, err := remote.Sync(e.ctx, e.st, e.b)
	if err != nil {
		e.t.Fatalf("sync: %v", err)
	}
	if len(res.Rejected) > 0 {
		e.t.Fatalf("sync: rejected %q", res.Rejected)
	}
	return res
}

// subscribe subscribes through tidings and syncs; it returns the local
// feed and its stories.
func (e *env) subscribe(name string, n int) (feed.Feed, []feed.Story) {
	e.t.Helper()
	e.sync() // a database that synced once queues its changes
	f, err := e.st.AddFeed(e.ctx, feed.Feed{URL: fmt.Sprintf("%s/%s.xml?n=%d", e.feeds.URL, name, n)})
	if err != nil {
		e.t.Fatal(err)
	}
	e.sync()
	return f, e.stories(f.ID)
}

func (e *env) stories(feedID int64) []feed.Story {
	e.t.Helper()
	ss, err := e.st.Stories(e.ctx, store.Query{FeedID: feedID})
	if err != nil {
		e.t.Fatal(err)
	}
	return ss
}

// remoteID is the server's id of a local story.
func (e *env) remoteID(s feed.Story) string {
	e.t.Helper()
	// The URL identifies the story on the server as well.
	for _, se := range e.serverEntries(s.FeedID) {
		if se.URL == s.URL {
			return strconv.FormatInt(se.ID, 10)
		}
	}
	e.t.Fatalf("story %q is not on the server", s.URL)
	return ""
}

func (e *env) remoteFeedID(feedID int64) string {
	e.t.Helper()
	f, err := e.st.Feed(e.ctx, feedID)
	if err != nil {
		e.t.Fatal(err)
	}
	var fs []struct {
		ID      int64  `json:"id"`
		FeedURL string `json:"feed_url"`
	}
	e.admin.do(http.MethodGet, "/v1/feeds", nil, &fs)
	for _, sf := range fs {
		if sf.FeedURL == f.URL {
			return strconv.FormatInt(sf.ID, 10)
		}
	}
	e.t.Fatalf("feed %s is not on the server", f.URL)
	return ""
}

func (e *env) serverEntries(feedID int64) []serverEntry {
	return e.admin.feedEntries(e.remoteFeedID(feedID))
}

func (e *env) story(id int64) feed.Story {
	e.t.Helper()
	s, err := e.st.Story(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// TestSyncScenarios runs every scenario through both APIs.
func TestSyncScenarios(t *testing.T) {
	s := miniflux(t)
	scenarios := []struct {
		name string
		run  func(t *testing.T, e *env)
	}{
		{"subscribe in tidings, entries arrive", func(t *testing.T, e *env) {
			_, ss := e.subscribe(uniqueName("sub"), 7)
			if len(ss) != 7 {
				t.Fatalf("got %d stories after the sync, want the feed's 7", len(ss))
			}
			if ss[0].Title == "" || ss[0].URL == "" {
				t.Errorf("a synced story lacks its title or link: %+v", ss[0])
			}
			// A second sync brings none of them twice. (Other tests may add
			// feeds to the same account meanwhile: only this feed counts.)
			e.sync()
			if n := len(e.stories(ss[0].FeedID)); n != 7 {
				t.Errorf("after a second sync the feed has %d stories, want 7", n)
			}
		}},
		{"mark read in tidings, read on the server", func(t *testing.T, e *env) {
			_, ss := e.subscribe(uniqueName("read"), 3)
			if err := e.st.SetRead(e.ctx, ss[1].ID, true); err != nil {
				t.Fatal(err)
			}
			if err := e.st.SetStarred(e.ctx, ss[2].ID, true); err != nil {
				t.Fatal(err)
			}
			res := e.sync()
			if res.Sent != 2 {
				t.Errorf("sent %d changes, want 2", res.Sent)
			}
			if got := e.admin.entry(e.remoteID(ss[1])); got.Status != "read" {
				t.Errorf("the story read in tidings is %q on the server", got.Status)
			}
			if got := e.admin.entry(e.remoteID(ss[2])); !got.Starred {
				t.Error("the story starred in tidings is not starred on the server")
			}
			if got := e.admin.entry(e.remoteID(ss[0])); got.Status != "unread" {
				t.Errorf("an untouched story is %q on the server", got.Status)
			}
		}},
		{"star on the server, starred in tidings", func(t *testing.T, e *env) {
			_, ss := e.subscribe(uniqueName("star"), 3)
			rid := e.remoteID(ss[0])
			id, _ := strconv.ParseInt(rid, 10, 64)
			e.admin.do(http.MethodPut, "/v1/entries", map[string]any{"entry_ids": []int64{id}, "starred": true}, nil)
			e.admin.do(http.MethodPut, "/v1/entries", map[string]any{"entry_ids": []int64{id}, "status": "read"}, nil)
			e.sync()
			got := e.story(ss[0].ID)
			if !got.Starred || !got.Read {
				t.Errorf("after the sync: starred %v, read %v; want both, as on the server", got.Starred, got.Read)
			}
		}},
		{"offline changes are sent when the server is back", func(t *testing.T, e *env) {
			_, ss := e.subscribe(uniqueName("offline"), 4)
			e.proxy.down.Store(true)
			for _, s := range ss[:2] {
				if err := e.st.SetRead(e.ctx, s.ID, true); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.st.SetStarred(e.ctx, ss[3].ID, true); err != nil {
				t.Fatal(err)
			}
			_, err := remote.Sync(e.ctx, e.st, e.b)
			if err == nil {
				t.Fatal("a sync with the server away succeeded")
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "local changes stay queued") {
				t.Errorf("the error %q should be one line saying the changes stay queued", msg)
			}
			// Still read here, offline.
			if !e.story(ss[0].ID).Read {
				t.Error("the story marked read offline is not read locally")
			}
			e.proxy.down.Store(false)
			res := e.sync()
			if res.Sent != 3 {
				t.Errorf("sent %d changes when the server came back, want 3", res.Sent)
			}
			for _, s := range ss[:2] {
				if got := e.admin.entry(e.remoteID(s)); got.Status != "read" {
					t.Errorf("%s is %q on the server, want read", s.Title, got.Status)
				}
			}
			if !e.admin.entry(e.remoteID(ss[3])).Starred {
				t.Error("the story starred offline is not starred on the server")
			}
		}},
		{"unsubscribe in tidings and on the server", func(t *testing.T, e *env) {
			here, _ := e.subscribe(uniqueName("unsubhere"), 2)
			there, _ := e.subscribe(uniqueName("unsubthere"), 2)
			hereURL, thereRID := here.URL, e.remoteFeedID(there.ID)
			if err := e.st.RemoveFeed(e.ctx, here.ID); err != nil {
				t.Fatal(err)
			}
			e.admin.do(http.MethodDelete, "/v1/feeds/"+thereRID, nil, nil)
			res := e.sync()
			if res.Sent != 1 || res.FeedsRemoved != 1 {
				t.Errorf("sent %d, removed %d feeds; want the unsubscribe sent and the server's removal taken", res.Sent, res.FeedsRemoved)
			}
			var fs []struct {
				FeedURL string `json:"feed_url"`
			}
			e.admin.do(http.MethodGet, "/v1/feeds", nil, &fs)
			for _, f := range fs {
				if f.FeedURL == hereURL {
					t.Error("the feed removed in tidings is still on the server")
				}
			}
			if _, err := e.st.Feed(e.ctx, there.ID); err == nil {
				t.Error("the feed removed on the server is still here")
			}
		}},
		{"a newer change on the server wins over an older local one", func(t *testing.T, e *env) {
			if e.api.name == "greader" {
				t.Skip("the Google Reader API gives states without their times: a queued local change wins")
			}
			_, ss := e.subscribe(uniqueName("newer"), 2)
			if err := e.st.SetRead(e.ctx, ss[0].ID, true); err != nil {
				t.Fatal(err)
			}
			// The phone reads it and marks it unread again, after the laptop.
			time.Sleep(20 * time.Millisecond) // the server's clock must pass the local change's
			rid, _ := strconv.ParseInt(e.remoteID(ss[0]), 10, 64)
			e.admin.do(http.MethodPut, "/v1/entries", map[string]any{"entry_ids": []int64{rid}, "status": "unread"}, nil)
			e.sync()
			if e.story(ss[0].ID).Read {
				t.Error("the older local 'read' won over the server's newer 'unread'")
			}
			if got := e.admin.entry(strconv.FormatInt(rid, 10)); got.Status != "unread" {
				t.Errorf("the older local change was sent: the entry is %q on the server", got.Status)
			}
		}},
		{"kill -9 in the middle of a sync: no duplicates, nothing lost", func(t *testing.T, e *env) {
			e.sync()
			_, ss := e.subscribe(uniqueName("kill"), 3)
			// A second feed, subscribed on the server (the phone), whose
			// entries the killed sync is bringing in.
			big := fmt.Sprintf("%s/%s.xml?n=60", e.feeds.URL, uniqueName("killbig"))
			e.admin.subscribe(big)
			if err := e.st.SetRead(e.ctx, ss[0].ID, true); err != nil {
				t.Fatal(err)
			}
			killed := e.killMidSync()
			if !killed {
				t.Fatal("the sync finished before it could be killed")
			}
			e.sync()
			bf, err := e.st.FeedByURL(e.ctx, big)
			if err != nil {
				t.Fatal(err)
			}
			local := e.stories(bf.ID)
			seen := map[string]bool{}
			for _, s := range local {
				if seen[s.URL] {
					t.Errorf("%s is stored twice", s.URL)
				}
				seen[s.URL] = true
			}
			if len(local) != 60 {
				t.Errorf("%d stories of the server's feed after the killed sync and another, want 60", len(local))
			}
			if got := e.admin.entry(e.remoteID(ss[0])); got.Status != "read" {
				t.Errorf("the change queued before the killed sync is %q on the server, want read", got.Status)
			}
		}},
		{"a wrong password is one clear line without the secret", func(t *testing.T, e *env) {
			const secret = "not-the-password-7f3a9c"
			wrong := e.srv
			wrong.password, wrong.token = secret, secret
			b, err := e.api.make(wrong, e.proxy.URL)
			if err != nil {
				t.Fatal(err)
			}
			_, err = remote.Sync(e.ctx, e.st, b)
			if err == nil {
				t.Fatal("a sync with a wrong secret succeeded")
			}
			msg := err.Error()
			if strings.Contains(msg, secret) || strings.Contains(msg, "\n") || !strings.Contains(msg, "refused the user name or secret") {
				t.Errorf("error %q: want one line saying the credentials were refused, without the secret", msg)
			}
		}},
	}
	for _, a := range apis() {
		t.Run(a.name, func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) { sc.run(t, newEnv(t, s, a)) })
			}
		})
	}
}

// killMidSync runs a sync in another process (this test binary, as
// TestHelperSync) with small pages, and kills it with SIGKILL once it has
// stored part of the entries. It reports whether the kill came before the
// sync ended.
func (e *env) killMidSync() bool {
	e.t.Helper()
	var (
		mu    sync.Mutex
		pages int
		cmd   *exec.Cmd
	)
	done := make(chan struct{})
	var once sync.Once
	e.proxy.onRequest = func(path string, _ int64) {
		if !strings.Contains(path, "/entries") && !strings.Contains(path, "/items/contents") {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		pages++
		// By the fourth page three are stored: kill it there.
		if pages == 4 && cmd != nil && cmd.Process != nil {
			cmd.Process.Kill()
			once.Do(func() { close(done) })
		}
	}
	defer func() { e.proxy.onRequest = nil }()
	mu.Lock()
	cmd = exec.Command(os.Args[0], "-test.run=^TestHelperSync$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TIDINGS_SYNC_HELPER_DB="+e.db, "TIDINGS_SYNC_HELPER_API="+e.api.name,
		"TIDINGS_SYNC_HELPER_URL="+e.proxy.URL)
	if err := cmd.Start(); err != nil {
		mu.Unlock()
		e.t.Fatal(err)
	}
	mu.Unlock()
	err := cmd.Wait()
	select {
	case <-done:
		return err != nil
	default:
		return false
	}
}

// TestHelperSync is the process killMidSync kills: one sync with pages of
// five entries.
func TestHelperSync(t *testing.T) {
	db := os.Getenv("TIDINGS_SYNC_HELPER_DB")
	if db == "" {
		t.Skip("run by the kill -9 scenario only")
	}
	s := miniflux(t)
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b remote.Backend
	switch os.Getenv("TIDINGS_SYNC_HELPER_API") {
	case "miniflux":
		m, _ := remote.NewMiniflux(os.Getenv("TIDINGS_SYNC_HELPER_URL"), "", s.token, nil)
		m.PageSize = 5
		b = m
	default:
		g, _ := remote.NewGReader(os.Getenv("TIDINGS_SYNC_HELPER_URL"), s.user, s.password, nil)
		g.ItemPage = 5
		b = g
	}
	if _, err := remote.Sync(context.Background(), st, b); err != nil {
		t.Fatal(err)
	}
}
