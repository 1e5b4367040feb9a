package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed/fetch"
)

// feedsEnv is a user with their own config and database. Every test that
// refreshes writes a config with a loopback feed first, so the built-in
// feeds (real sites) are never added and nothing leaves the machine.
type feedsEnv struct {
	home string
}

func newFeedsEnv(t *testing.T, configTOML string) feedsEnv {
	t.Helper()
	e := feedsEnv{home: t.TempDir()}
	if configTOML != "" {
		dir := filepath.Join(e.home, "config", "tidings")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(configTOML), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e feedsEnv) configPath() string {
	return filepath.Join(e.home, "config", "tidings", "config.toml")
}

func (e feedsEnv) run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := e.command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	return runCmd(t, cmd)
}

func rssDoc(title string, items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>https://site.example/</link>`, title)
	for i, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://site.example/%d</link><guid>%s-%d</guid><pubDate>Sat, 23 Mar 2024 %02d:00:00 GMT</pubDate></item>`, it, i, title, i, 10+i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// feedServer serves a few feeds and a home page that advertises two.
func feedServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var broken atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/world.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssDoc("Gazette World", "Port strike ends", "Rain at last")))
	})
	mux.HandleFunc("/sport.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssDoc("Gazette Sport", "Cup final tonight")))
	})
	mux.HandleFunc("/evil.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(rssDoc("Evil\x1b]0;pwned\x07 Feed", "Title with \x1b[31mred\x1b[0m and \x1b]52;c;ZXZpbA==\x07 clipboard")))
	})
	mux.HandleFunc("/evil.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		w.Write([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"JSON \u001b[2JWiper","items":[` +
			`{"id":"1","url":"https://site.example/j","title":"Copy \u001b]52;c;ZXZpbA==\u0007this \u009b31mnow","content_text":"x"}]}`))
	})
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		broken.Add(1)
		http.Error(w, "down", http.StatusInternalServerError)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html><head><title>The Gazette</title>
<link rel="alternate" type="application/rss+xml" title="World" href="/world.xml">
<link rel="alternate" type="application/rss+xml" title="Sport" href="/sport.xml">
</head><body><h1>The Gazette</h1></body></html>`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &broken
}

func feedsJSON(t *testing.T, e feedsEnv) []feedJSON {
	t.Helper()
	r := e.run(t, "", "feeds", "list", "--json")
	if r.code != 0 {
		t.Fatalf("feeds list --json: %d %s", r.code, r.stderr)
	}
	var out []feedJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("feeds list --json: %v\n%s", err, r.stdout)
	}
	return out
}

func TestFeedsAddDiscoversListsAndStoresStories(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, "")
	r := e.run(t, "", "feeds", "add", srv.URL+"/", "--tag", "news", "--tag", "local")
	if r.code != 0 {
		t.Fatalf("feeds add page: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, `Added "Gazette World"`) || !strings.Contains(r.stdout, "2 stories") {
		t.Errorf("add output:\n%s", r.stdout)
	}
	// That the page advertises feeds is a note beside the rest, not an
	// error: nothing goes to stderr.
	if !strings.HasPrefix(r.stdout, srv.URL+"/ is a web page; it advertises 2 feeds.\nAdded ") || r.stderr != "" {
		t.Errorf("a clean add of a page: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "tidings feeds add "+srv.URL+"/sport.xml") || !strings.Contains(r.stdout, "# Sport") {
		t.Errorf("the other advertised feed should be listed:\n%s", r.stdout)
	}
	feeds := feedsJSON(t, e)
	if len(feeds) != 1 || feeds[0].URL != srv.URL+"/world.xml" || feeds[0].Stories != 2 || feeds[0].Unread != 2 ||
		!slices.Equal(feeds[0].Tags, []string{"news", "local"}) || feeds[0].LastFetched == "" {
		t.Errorf("a first add must not bring the built-in feeds, and stores stories at once: %+v", feeds)
	}
	r = e.run(t, "", "feeds", "add", srv.URL+"/world.xml")
	if r.code != 1 || !strings.Contains(r.stderr, "already subscribed") {
		t.Errorf("second add: %d %q", r.code, r.stderr)
	}
	r = e.run(t, "", "feeds", "add", srv.URL+"/sport.xml", "--title", "Sport!")
	if r.code != 0 || !strings.Contains(r.stdout, `Added "Sport!"`) {
		t.Errorf("add with title: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = e.run(t, "", "feeds", "list")
	for _, want := range []string{"TITLE", "Gazette World", "Sport!", "news,local", srv.URL + "/sport.xml"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("feeds list lacks %q:\n%s", want, r.stdout)
		}
	}
	r = e.run(t, "", "feeds", "add", srv.URL+"/nothing-here")
	if r.code != 1 || !strings.Contains(r.stderr, "404") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("add of a 404: %d %q", r.code, r.stderr)
	}
	// Without a scheme, https is tried first, then http.
	r = e.run(t, "", "feeds", "add", strings.TrimPrefix(srv.URL, "http://")+"/world.xml")
	if r.code != 1 || !strings.Contains(r.stderr, "already subscribed") {
		t.Errorf("add without a scheme of an http-only feed: %d %q", r.code, r.stderr)
	}
	r = e.run(t, "", "feeds", "add", "ftp://x")
	if r.code != 2 {
		t.Errorf("add of a non-http URL: exit %d, want 2", r.code)
	}
	// Without a scheme on an http-only server, a missing feed is reported
	// as the server's 404, not as the failed https attempt.
	r = e.run(t, "", "feeds", "add", strings.TrimPrefix(srv.URL, "http://")+"/nothing-here")
	if want := "tidings: " + srv.URL + "/nothing-here: HTTP 404 Not Found (nothing added)\n"; r.code != 1 || r.stderr != want {
		t.Errorf("add without a scheme of a missing feed: %d %q, want %q", r.code, r.stderr, want)
	}
	// Tags are trimmed and deduplicated; an empty one is refused.
	r = e.run(t, "", "feeds", "add", srv.URL+"/evil.json", "--tag", "")
	if r.code != 2 || !strings.HasPrefix(r.stderr, `tidings: --tag "": a tag must be a non-empty word without control characters`) {
		t.Errorf("empty tag: %d %q", r.code, r.stderr)
	}
	if r = e.run(t, "", "feeds", "add", srv.URL+"/evil.json", "--tag", " a ", "--tag", "b", "--tag", "a"); r.code != 0 {
		t.Fatalf("add with tags: %d %q", r.code, r.stderr)
	}
	for _, f := range feedsJSON(t, e) {
		if f.URL == srv.URL+"/evil.json" && !slices.Equal(f.Tags, []string{"a", "b"}) {
			t.Errorf("tags %q, want [a b]", f.Tags)
		}
	}
}

// A page whose first advertised feed is broken: the next one is added,
// and the user is told why; when the others are followed already, the
// error says so.
func TestFeedsAddSkipsABrokenAdvertisedFeed(t *testing.T) {
	srv, _ := feedServer(t)
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><head><title>P</title>
<link rel="alternate" type="application/rss+xml" title="Old" href="%[1]s/missing.xml">
<link rel="alternate" type="application/rss+xml" title="World" href="%[1]s/world.xml">
<link rel="alternate" type="application/rss+xml" title="Sport" href="%[1]s/sport.xml">
</head><body>x</body></html>`, srv.URL)
	}))
	defer page.Close()
	e := newFeedsEnv(t, "keep_days = 30\n")
	r := e.run(t, "", "feeds", "add", page.URL+"/")
	if r.code != 0 || !strings.Contains(r.stdout, "\nAdded \"Gazette World\"") ||
		!strings.Contains(r.stderr, "tidings: "+srv.URL+"/missing.xml: HTTP 404 Not Found; the next feed it advertises is added instead.\n") ||
		strings.Contains(r.stdout, "missing.xml") || !strings.Contains(r.stdout, "tidings feeds add "+srv.URL+"/sport.xml") {
		t.Errorf("exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	e.run(t, "", "feeds", "add", srv.URL+"/sport.xml")
	r = e.run(t, "", "feeds", "add", page.URL+"/")
	want := "tidings: " + srv.URL + "/missing.xml: HTTP 404 Not Found (nothing added; you already follow its feed " + srv.URL + "/world.xml (Gazette World))\n"
	if r.code != 1 || !strings.HasSuffix(r.stderr, want) {
		t.Errorf("every other feed followed: exit %d, stderr %q, want it to end with %q", r.code, r.stderr, want)
	}
}

func TestFeedsAddPageWithoutFeeds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Plain</title></head><body>no feeds</body></html>`))
	}))
	defer srv.Close()
	e := newFeedsEnv(t, "")
	r := e.run(t, "", "feeds", "add", srv.URL)
	if r.code != 1 || !strings.Contains(r.stderr, "advertises no feed") {
		t.Errorf("%d %q", r.code, r.stderr)
	}
}

func TestConfigFeedsAreMergedAndCannotBeRemovedHere(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\ntitle = \"World (cfg)\"\ntags = [\"world\"]\n", srv.URL+"/world.xml"))
	e.run(t, "", "feeds", "add", srv.URL+"/sport.xml")
	feeds := feedsJSON(t, e)
	if len(feeds) != 2 || !feeds[0].InConfig || feeds[0].Title != "World (cfg)" || feeds[1].InConfig {
		t.Fatalf("feeds: %+v", feeds)
	}
	r := e.run(t, "", "feeds", "remove", "1")
	if r.code != 1 || !strings.Contains(r.stderr, e.configPath()) || !strings.Contains(r.stderr, "[[feeds]]") {
		t.Errorf("removing a config feed: %d %q", r.code, r.stderr)
	}
	r = e.run(t, "", "feeds", "remove", srv.URL+"/sport.xml")
	if r.code != 0 || !strings.Contains(r.stdout, "Removed") {
		t.Errorf("remove by URL: %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = e.run(t, "", "feeds", "remove", "7")
	if r.code != 1 || !strings.Contains(r.stderr, "no feed number 7") {
		t.Errorf("remove of a bad number: %d %q", r.code, r.stderr)
	}
	// The user deletes the entry from the file: the feed goes.
	os.WriteFile(e.configPath(), []byte("keep_days = 30\n"), 0o600)
	if feeds := feedsJSON(t, e); len(feeds) != 0 {
		t.Errorf("a feed removed from the file should go: %+v", feeds)
	}
}

// The table's footer explains "(config)" only when some feed carries it,
// and the LAST ERROR column does not repeat the URL column beside it.
func TestFeedsListTable(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, "keep_days = 30\n")
	e.run(t, "", "feeds", "add", srv.URL+"/world.xml")
	r := e.run(t, "", "feeds", "add", srv.URL+"/broken.xml")
	if r.code != 1 {
		t.Fatalf("adding a broken feed: %d %q", r.code, r.stderr)
	}
	// Imported, the failing feed is subscribed and keeps its error.
	opml := fmt.Sprintf(`<opml version="2.0"><body><outline text="B" xmlUrl=%q/></body></opml>`, srv.URL+"/broken.xml")
	if r := e.run(t, opml, "import", "-"); r.code != 0 {
		t.Fatalf("import: %d %q", r.code, r.stderr)
	}
	e.run(t, "", "fetch")
	r = e.run(t, "", "feeds", "list")
	if r.code != 0 || strings.Contains(r.stdout, "(config)") {
		t.Errorf("no feed comes from the config, yet:\n%s", r.stdout)
	}
	var brokenLine string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.Contains(l, "/broken.xml") {
			brokenLine = l
		}
	}
	if strings.Count(brokenLine, srv.URL+"/broken.xml") != 1 || !strings.HasSuffix(brokenLine, "HTTP 500 Internal Server Error") {
		t.Errorf("the broken feed's line: %q", brokenLine)
	}
	if j := feedsJSON(t, e); len(j) != 2 || j[1].LastError != srv.URL+"/broken.xml: HTTP 500 Internal Server Error" {
		t.Errorf("--json keeps the whole error: %+v", j)
	}

	c := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n", srv.URL+"/sport.xml"))
	if r := c.run(t, "", "feeds", "list"); !strings.Contains(r.stdout, "(config) feeds come from "+c.configPath()) {
		t.Errorf("a config feed without the footer:\n%s", r.stdout)
	}
}

// A feed that moved permanently to an address already followed cannot
// take that address; the user is told, rather than reading every story
// twice without knowing why.
func TestFetchMovedToAFeedAlreadyFollowed(t *testing.T) {
	srv, _ := feedServer(t)
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+"/world.xml", http.StatusMovedPermanently)
	}))
	defer old.Close()
	e := newFeedsEnv(t, "keep_days = 30\n")
	e.run(t, "", "feeds", "add", srv.URL+"/world.xml")
	opml := fmt.Sprintf(`<opml version="2.0"><body><outline text="Old world" xmlUrl=%q/></body></opml>`, old.URL+"/rss")
	if r := e.run(t, opml, "import", "-"); r.code != 0 {
		t.Fatalf("import: %d %q", r.code, r.stderr)
	}
	r := e.run(t, "", "fetch", "Old")
	want := "  Old world: moved permanently to " + srv.URL + "/world.xml, which you already follow: 'tidings feeds remove " + old.URL + "/rss' drops this copy\n"
	if r.code != 0 || !strings.HasSuffix(r.stdout, want) {
		t.Errorf("fetch: exit %d\nstdout %q\nwant it to end with %q", r.code, r.stdout, want)
	}
	if r := e.run(t, "", "feeds", "remove", old.URL+"/rss"); r.code != 0 {
		t.Errorf("the suggested command: %d %q", r.code, r.stderr)
	}
}

// fetch -q is for cron: nothing when all is well, nothing either when a
// server asked us to wait (every run until then would mail the user), the
// summary and the failures when a feed really failed.
func TestFetchQuiet(t *testing.T) {
	srv, _ := feedServer(t)
	var gone atomic.Bool
	busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gone.Load() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer busy.Close()
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n", srv.URL+"/world.xml"))
	if r := e.run(t, "", "fetch", "-q"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("all well: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	opml := fmt.Sprintf(`<opml version="2.0"><body><outline text="Busy" xmlUrl=%q/></body></opml>`, busy.URL+"/rss")
	e.run(t, opml, "import", "-")
	if r := e.run(t, "", "fetch", "-q"); r.code != 0 || !strings.Contains(r.stdout, "Busy: "+busy.URL+"/rss: HTTP 429") {
		t.Errorf("a 429: exit %d, stdout %q", r.code, r.stdout)
	}
	if r := e.run(t, "", "fetch", "-q"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("a feed waiting for its Retry-After: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := e.run(t, "", "fetch"); !strings.Contains(r.stdout, "1 failed (1 asked us to wait)") {
		t.Errorf("without -q the wait is reported: %q", r.stdout)
	}
	// A feed named waits like the others (issue 15 item 3); --force
	// fetches it, and it fails.
	if r := e.run(t, "", "fetch", "-q", busy.URL+"/rss"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("fetch -q of the waiting feed by name: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := e.run(t, "", "fetch", "-q", "--force", busy.URL+"/rss"); r.code != 1 {
		t.Errorf("fetch --force of the waiting feed by name: exit %d, want 1", r.code)
	}
	// Every feed waiting: nothing to fetch, nothing wrong.
	alone := newFeedsEnv(t, "keep_days = 30\n")
	alone.run(t, opml, "import", "-")
	alone.run(t, "", "fetch")
	if r := alone.run(t, "", "fetch", "-q"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("every feed waiting: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	gone.Store(true)
	if r := e.run(t, "", "fetch", "-q", "--force"); r.code != 0 || !strings.HasPrefix(r.stdout, "1 of 2 feeds fetched") ||
		!strings.Contains(r.stdout, "HTTP 404") {
		t.Errorf("a failure: exit %d, stdout %q", r.code, r.stdout)
	}
}

// Issue 15 item 3, through the binary: a Retry-After date centuries away
// parks the feed for a day at most; every message gives the date with its
// year; `fetch NAME` waits like `fetch` and says how to override it.
func TestFetchRetryAfterFarDate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\ntitle = \"Forever\"\n", srv.URL+"/rss"))
	// The date is a day away at most: this year's or next year's.
	years := regexp.MustCompile(`until \w{3} \d{1,2} \w{3} (\d{4}) \d\d:\d\d`)
	inADay := func(what, out string) {
		t.Helper()
		m := years.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("%s: no full date in %q", what, out)
		}
		now := time.Now()
		if y := m[1]; y != strconv.Itoa(now.Year()) && y != strconv.Itoa(now.Add(fetch.MaxRetryAfter).Year()) {
			t.Errorf("%s: wait until year %s: %q", what, y, out)
		}
	}
	r := e.run(t, "", "fetch", "-q")
	if r.code != 1 || !strings.Contains(r.stdout, "HTTP 429") {
		t.Fatalf("first fetch -q: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	inADay("first fetch", r.stdout)
	r = e.run(t, "", "fetch")
	if r.code != 0 || !strings.Contains(r.stdout, "server asked to wait until") || hits.Load() != 1 {
		t.Fatalf("second fetch: exit %d after %d requests, stdout %q", r.code, hits.Load(), r.stdout)
	}
	inADay("second fetch", r.stdout)
	r = e.run(t, "", "fetch", "Forever")
	if r.code != 0 || hits.Load() != 1 || !strings.Contains(r.stdout, "server asked to wait until") || !strings.Contains(r.stdout, "--force") {
		t.Errorf("fetch NAME: exit %d after %d requests, stdout %q", r.code, hits.Load(), r.stdout)
	}
	if r := e.run(t, "", "fetch", "--force", "Forever"); hits.Load() != 2 || !strings.Contains(r.stdout, "HTTP 429") {
		t.Errorf("fetch --force NAME: exit %d after %d requests, stdout %q", r.code, hits.Load(), r.stdout)
	}
	if r := e.run(t, "", "feeds", "list"); strings.Contains(r.stdout, "9999") {
		t.Errorf("feeds list still shows the server's date: %q", r.stdout)
	}
}

// Only the reader subscribes a first run to the built-in feeds (and says
// so); listing, fetching and exporting subscribe nobody behind the
// user's back.
func TestOnlyTheReaderSubscribesAFirstRun(t *testing.T) {
	e := newFeedsEnv(t, "")
	for _, args := range [][]string{{"list"}, {"feeds", "list"}, {"fetch"}} {
		r := e.run(t, "", args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "No subscriptions: add one with 'tidings feeds add URL' or 'tidings import FILE.opml'") {
			t.Errorf("%v on a first run: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if feeds := feedsJSON(t, e); len(feeds) != 0 {
		t.Fatalf("a command other than the reader subscribed: %+v", feeds)
	}

	// The reader's way in (no terminal needed to check it, and no network).
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(e.home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(e.home, "data"))
	g := &globals{}
	_, st, firstRun, err := g.openReaderSubscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if len(firstRun) < 3 || !slices.Contains(firstRun, "BBC News – World") {
		t.Fatalf("the reader's first run names %v, want the built-in feeds", firstRun)
	}
	feeds := feedsJSON(t, e)
	if len(feeds) != len(firstRun) {
		t.Fatalf("the reader subscribed to %+v, and named %v", feeds, firstRun)
	}
	for _, f := range feeds {
		if f.InConfig || !strings.HasPrefix(f.URL, "https://") {
			t.Errorf("built-in feed %+v", f)
		}
	}
	// Once only: the next start is not a first run.
	_, st, firstRun, err = g.openReaderSubscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if len(firstRun) != 0 {
		t.Errorf("a second start is taken for a first run: %v", firstRun)
	}
}

// Issue 15 item 6: a first `import` or `feeds add` is the user choosing
// their own feeds; when it fails, the reader still does not subscribe
// them to the built-in list.
func TestAFailedFirstImportOrAddSubscribesNobody(t *testing.T) {
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"import of a file that is not OPML", "<html>not opml</html>", []string{"import", "-"}},
		{"import of a missing file", "", []string{"import", "no-such-file.opml"}},
		{"feeds add of a missing feed", "", []string{"feeds", "add", missing.URL + "/rss"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newFeedsEnv(t, "")
			if r := e.run(t, tc.stdin, tc.args...); r.code != 1 || !strings.HasPrefix(r.stderr, "tidings: ") {
				t.Fatalf("%v: exit %d, stderr %q; want a failure", tc.args, r.code, r.stderr)
			}
			t.Setenv("XDG_CONFIG_HOME", filepath.Join(e.home, "config"))
			t.Setenv("XDG_DATA_HOME", filepath.Join(e.home, "data"))
			_, st, firstRun, err := (&globals{}).openReaderSubscriptions(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			if feeds := feedsJSON(t, e); len(feeds) != 0 || len(firstRun) != 0 {
				t.Errorf("after a failed %v the reader subscribed to %v", tc.args, firstRun)
			}
		})
	}
}

func TestFetchSummaryAndExitStatus(t *testing.T) {
	srv, broken := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n\n[[feeds]]\nurl = %q\n", srv.URL+"/world.xml", srv.URL+"/broken.xml"))
	r := e.run(t, "", "fetch")
	if r.code != 0 {
		t.Fatalf("some feeds failed: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "1 of 2 feeds fetched, 2 new stories, 1 failed.") {
		t.Errorf("summary:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, srv.URL+"/broken.xml") || !strings.Contains(r.stdout, "HTTP 500") {
		t.Errorf("the failure and its reason:\n%s", r.stdout)
	}
	if strings.Contains(r.stderr, "\r") {
		t.Errorf("no progress bar when stderr is not a terminal: %q", r.stderr)
	}
	if broken.Load() < 2 {
		t.Errorf("a 500 should be retried: %d requests", broken.Load())
	}
	r = e.run(t, "", "fetch")
	if !strings.Contains(r.stdout, "0 new stories") || !strings.Contains(r.stdout, "1 failed") {
		t.Errorf("second fetch:\n%s", r.stdout)
	}
	feeds := feedsJSON(t, e)
	if feeds[1].LastError == "" || feeds[0].LastError != "" {
		t.Errorf("last errors: %+v", feeds)
	}

	allBad := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n", srv.URL+"/broken.xml"))
	r = allBad.run(t, "", "fetch")
	if r.code != 1 || !strings.Contains(r.stderr, "failed") {
		t.Errorf("all feeds failed: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestListAndJSON(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\ntags = [\"world\"]\n\n[[feeds]]\nurl = %q\n", srv.URL+"/world.xml", srv.URL+"/sport.xml"))
	e.run(t, "", "fetch")
	r := e.run(t, "", "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 4 || !strings.Contains(lines[1], "Rain at last") || !strings.Contains(r.stdout, "Cup final tonight") {
		t.Fatalf("list, newest first:\n%s%s", r.stdout, r.stderr)
	}
	r = e.run(t, "", "list", "--json", "--feed", "World")
	var stories []storyJSON
	if err := json.Unmarshal([]byte(r.stdout), &stories); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(stories) != 2 || stories[0].Title != "Rain at last" || stories[0].Feed != "Gazette World" ||
		stories[0].URL != "https://site.example/1" || stories[0].Published != "2024-03-23T11:00:00Z" ||
		stories[0].Read || stories[0].Starred || !slices.Equal(stories[0].Tags, []string{"world"}) {
		t.Errorf("list --json --feed World: %+v", stories)
	}
	var raw []map[string]any
	json.Unmarshal([]byte(r.stdout), &raw)
	for _, k := range []string{"id", "title", "url", "feed", "published", "read", "starred"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("list --json lacks %q", k)
		}
	}
	if r := e.run(t, "", "list", "--unread", "--feed", "2"); strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("--unread --feed 2:\n%s", r.stdout)
	}
	if r := e.run(t, "", "list", "--feed", "nope"); r.code != 1 || !strings.Contains(r.stderr, "no feed") {
		t.Errorf("--feed nope: %d %q", r.code, r.stderr)
	}
	// An empty FEED, SOURCE or FILE is a usage error, not a match of all.
	for _, args := range [][]string{{"fetch", ""}, {"list", "--feed", " "}, {"save", ""}, {"import", ""}, {"feeds", "remove", ""}} {
		if r := e.run(t, "", args...); r.code != 2 || strings.Count(r.stderr, "\n") != 2 {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, r.code, r.stderr)
		}
	}
	// An ambiguous part of a title lists the candidates with their numbers.
	want := "tidings: \"Gazette\" matches 2 feeds (1 \"Gazette World\", 2 \"Gazette Sport\"): give its number from 'tidings feeds list'\n"
	if r := e.run(t, "", "list", "--feed", "Gazette"); r.code != 1 || r.stderr != want {
		t.Errorf("--feed Gazette: %d %q, want %q", r.code, r.stderr, want)
	}
}

// An empty list says which stories there are none of: nothing starred is
// not an empty database, and a misspelt tag is not an empty one.
func TestListSaysWhatIsEmpty(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\ntags = [\"world\", \"Daily\"]\n", srv.URL+"/world.xml"))
	e.run(t, "", "fetch")
	for _, tc := range []struct {
		args []string
		code int
		out  string
		err  string
	}{
		{[]string{"--starred"}, 0, "No starred stories: in the reader ('tidings'), * stars a story.\n", ""},
		{[]string{"--unread", "--starred", "--feed", "World", "--tag", "WORLD"}, 0,
			"No unread starred stories in \"Gazette World\" tagged \"WORLD\": in the reader ('tidings'), * stars a story.\n", ""},
		{[]string{"--tag", "wrold"}, 1, "", "tidings: no feed is tagged \"wrold\": the tags are Daily, world\n"},
		{[]string{"--limit", "-1"}, 2, "", "tidings: --limit must be 0 (all) or more, not -1\n"},
	} {
		r := e.run(t, "", append([]string{"list"}, tc.args...)...)
		if r.code != tc.code || r.stdout != tc.out || !strings.HasPrefix(r.stderr, tc.err) || (tc.err == "" && r.stderr != "") {
			t.Errorf("list %q: code %d\nstdout %q\nstderr %q\nwant %d %q %q", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.out, tc.err)
		}
	}
	// A tag matches whatever its case.
	if r := e.run(t, "", "list", "--unread", "--tag", "daily"); r.code != 0 || !strings.Contains(r.stdout, "Rain at last") {
		t.Errorf("list --unread --tag daily: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestNetworkStringsAreSanitized(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n\n[[feeds]]\nurl = %q\n", srv.URL+"/evil.xml", srv.URL+"/evil.json"))
	for _, args := range [][]string{{"fetch"}, {"list"}, {"list", "--json"}, {"feeds", "list"}, {"export"}} {
		r := e.run(t, "", args...)
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07\u009b") {
			t.Errorf("tidings %s printed an escape sequence: %q", strings.Join(args, " "), r.stdout)
		}
	}
	r := e.run(t, "", "list")
	if !strings.Contains(r.stdout, "Title with") || !strings.Contains(r.stdout, "red") || !strings.Contains(r.stdout, "Feed") ||
		!strings.Contains(r.stdout, "Copy this now") || !strings.Contains(r.stdout, "JSON Wiper") {
		t.Errorf("text around the escapes should stay:\n%s", r.stdout)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	srv, _ := feedServer(t)
	opml := fmt.Sprintf(`<?xml version="1.0"?><opml version="1.0"><head><title>mine</title></head><body>
<outline text="News"><outline text="Local">
  <outline type="rss" text="World" xmlUrl="%s/world.xml" htmlUrl="%s/"/>
</outline></outline>
<outline type="rss" text="Sport" xmlUrl="%s/sport.xml" category="/games,/weekend"/>
</body></opml>`, srv.URL, srv.URL, srv.URL)
	a := newFeedsEnv(t, "")
	r := a.run(t, opml, "import", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "Imported 2 feeds") {
		t.Fatalf("import: %d %s %s", r.code, r.stdout, r.stderr)
	}
	before := feedsJSON(t, a)
	if len(before) != 2 || !slices.Equal(before[0].Tags, []string{"News", "Local"}) || !slices.Equal(before[1].Tags, []string{"games", "weekend"}) {
		t.Fatalf("imported (an import must not bring the built-in feeds): %+v", before)
	}
	r = a.run(t, "", "export")
	if r.code != 0 || !strings.Contains(r.stdout, `<opml version="2.0">`) {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	file := filepath.Join(t.TempDir(), "out.opml")
	os.WriteFile(file, []byte(r.stdout), 0o600)
	b := newFeedsEnv(t, "")
	if r := b.run(t, "", "import", file); r.code != 0 {
		t.Fatalf("re-import: %s", r.stderr)
	}
	after := feedsJSON(t, b)
	if len(after) != len(before) {
		t.Fatalf("round trip: %+v", after)
	}
	for i := range before {
		if after[i].URL != before[i].URL || after[i].Title != before[i].Title || !slices.Equal(after[i].Tags, before[i].Tags) {
			t.Errorf("round trip %d: %+v, want %+v", i, after[i], before[i])
		}
	}
	if r := b.run(t, "", "import", file); !strings.Contains(r.stdout, "2 already subscribed") {
		t.Errorf("importing twice: %s", r.stdout)
	}
	if r := b.run(t, "", "import", filepath.Join(t.TempDir(), "missing.opml")); r.code != 1 || !strings.Contains(r.stderr, "missing.opml") {
		t.Errorf("missing file: %d %q", r.code, r.stderr)
	}
	if r := b.run(t, "<html>not opml</html>", "import", "-"); r.code != 1 {
		t.Errorf("garbage: %d %q", r.code, r.stderr)
	}
}

// An outline whose xmlUrl could never be fetched is skipped with a line
// saying so, not subscribed to fail forever; old conventions still work.
func TestImportSkipsAddressesThatAreNotHTTP(t *testing.T) {
	e := newFeedsEnv(t, "keep_days = 30\n")
	opml := `<opml version="2.0"><body>
<outline text="Relative" xmlUrl="/rss.xml"/>
<outline text="Script" xmlUrl="javascript:alert(1)"/>
<outline text="Local" xmlUrl="file:///etc/passwd"/>
<outline text="Old style" xmlUrl="feed://news.example/rss"/>
<outline text="Bare" xmlUrl="blog.example:8080/atom.xml"/>
<outline text="Fine" xmlUrl="https://site.example/feed"/>
</body></opml>`
	r := e.run(t, opml, "import", "-")
	wantErr := `tidings: standard input: skipped "Relative": "/rss.xml" is not an http(s) URL
tidings: standard input: skipped "Script": "javascript:alert(1)" is not an http(s) URL
tidings: standard input: skipped "Local": "file:///etc/passwd" is not an http(s) URL
`
	if r.code != 0 || r.stderr != wantErr || !strings.HasPrefix(r.stdout, "Imported 3 feeds from standard input (3 skipped).") {
		t.Errorf("import: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	var urls []string
	for _, f := range feedsJSON(t, e) {
		urls = append(urls, f.URL)
	}
	slices.Sort(urls)
	if want := []string{"http://news.example/rss", "https://blog.example:8080/atom.xml", "https://site.example/feed"}; !slices.Equal(urls, want) {
		t.Errorf("subscribed to %q, want %q", urls, want)
	}
	// Nothing importable at all is a failure.
	r = e.run(t, `<opml version="2.0"><body><outline text="R" xmlUrl="/rss.xml"/></body></opml>`, "import", "-")
	if r.code != 1 || !strings.HasSuffix(r.stderr, "tidings: standard input: no feed in it has an http(s) address\n") {
		t.Errorf("nothing importable: exit %d, stderr %q", r.code, r.stderr)
	}
}
