package refresh

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/store"
)

func rss(title string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>https://site.example/</link>`, title)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>%s %d</title><link>https://site.example/%d</link><guid>%s-%d</guid><pubDate>Mon, 01 Jan 2024 %02d:00:00 GMT</pubDate></item>`,
			title, i, i, title, i, i%24)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

const atomDoc = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom One</title>
<link href="https://atom.example/"/><id>urn:x</id><updated>2024-03-21T18:30:02Z</updated>
<entry><title>Entry</title><link href="https://atom.example/e"/><id>urn:e</id><updated>2024-03-21T18:30:02Z</updated></entry></feed>`

const jsonDoc = `{"version":"https://jsonfeed.org/version/1.1","title":"JSON One","items":[{"id":"1","url":"https://json.example/1","title":"J1","content_text":"x"},{"id":"2","url":"https://json.example/2","title":"J2","content_text":"y"}]}`

type env struct {
	t      *testing.T
	st     *store.Store
	client *fetch.Client
	mux    *http.ServeMux
	srv    *httptest.Server
}

func newEnv(t *testing.T, fo fetch.Options) *env {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	if fo.Timeout == 0 {
		fo.Timeout = 10 * time.Second
	}
	return &env{t: t, st: st, client: fetch.New(fo), mux: mux, srv: srv}
}

func (e *env) add(path string) feed.Feed {
	e.t.Helper()
	f, err := e.st.AddFeed(context.Background(), feed.Feed{URL: e.srv.URL + path})
	if err != nil {
		e.t.Fatal(err)
	}
	return f
}

// run refreshes every stored feed, as `tidings fetch` does.
func (e *env) run(opts Options) []Result {
	e.t.Helper()
	feeds, err := e.st.Feeds(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	if opts.Backoff == 0 {
		opts.Backoff = 10 * time.Millisecond
	}
	return Run(context.Background(), e.st, e.client, feeds, opts, nil)
}

func serve(body, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		write(w, body)
	}
}

func write(w http.ResponseWriter, s string) { w.Write([]byte(s)) }

func TestRefreshRSSAtomJSON(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	e.mux.HandleFunc("/rss", serve(rss("R", 3), "application/rss+xml"))
	e.mux.HandleFunc("/atom", serve(atomDoc, "application/atom+xml"))
	e.mux.HandleFunc("/json", serve(jsonDoc, "application/feed+json"))
	e.add("/rss")
	e.add("/atom")
	e.add("/json")
	var events []Progress
	feeds, _ := e.st.Feeds(context.Background())
	res := Run(context.Background(), e.st, e.client, feeds, Options{}, func(p Progress) { events = append(events, p) })
	want := []int{3, 1, 2}
	for i, r := range res {
		if r.Err != nil || r.New != want[i] {
			t.Errorf("%s: new %d err %v, want %d new", r.Feed.URL, r.New, r.Err, want[i])
		}
	}
	if len(events) != 3 || events[2].Done != 3 || events[2].Total != 3 || events[0].Done != 1 {
		t.Errorf("progress events: %+v", events)
	}
	fs, _ := e.st.Feeds(context.Background())
	if fs[0].Title != "R" || fs[1].Title != "Atom One" || fs[2].Title != "JSON One" || fs[0].Total != 3 {
		t.Errorf("feeds after refresh: %+v", fs)
	}
}

func TestRefreshConditionalGET(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	var full, notMod atomic.Int32
	e.mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` && r.Header.Get("If-Modified-Since") == "Mon, 01 Jan 2024 00:00:00 GMT" {
			notMod.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
		write(w, rss("C", 5))
	})
	e.add("/feed")
	r1 := e.run(Options{})
	r2 := e.run(Options{})
	if r1[0].New != 5 || r2[0].Err != nil || !r2[0].NotModified || r2[0].New != 0 {
		t.Errorf("first %+v second %+v", r1[0], r2[0])
	}
	if full.Load() != 1 || notMod.Load() != 1 {
		t.Errorf("server saw %d full and %d conditional requests", full.Load(), notMod.Load())
	}
}

func TestRefreshRetryAfterShortIsHonoured(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	var n atomic.Int32
	e.mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		write(w, rss("B", 2))
	})
	e.add("/busy")
	res := e.run(Options{})
	if res[0].Err != nil || res[0].New != 2 || n.Load() != 2 {
		t.Errorf("result %+v after %d requests; want success on the 2nd", res[0], n.Load())
	}
}

func TestRefreshRetryAfterLongIsRecordedAndDefers(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	var n atomic.Int32
	e.mux.HandleFunc("/limited", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back later", http.StatusTooManyRequests)
	})
	f := e.add("/limited")
	res := e.run(Options{})
	var re *Error
	if !errors.As(res[0].Err, &re) || re.Kind != KindHTTP || re.StatusCode != 429 {
		t.Fatalf("err = %v", res[0].Err)
	}
	if time.Until(re.RetryAt) < 50*time.Minute {
		t.Errorf("RetryAt = %v, want about an hour from now", re.RetryAt)
	}
	if n.Load() != 1 {
		t.Errorf("a long Retry-After must not be waited for in the run: %d requests", n.Load())
	}
	fd, _ := e.st.Feed(context.Background(), f.ID)
	if !strings.Contains(fd.LastError, "429") {
		t.Errorf("LastError = %q", fd.LastError)
	}
	// The next run leaves the feed alone; a forced one does not.
	res = e.run(Options{})
	if !errors.As(res[0].Err, &re) || re.Kind != KindDeferred || n.Load() != 1 {
		t.Errorf("second run: %v after %d requests", res[0].Err, n.Load())
	}
	if !strings.Contains(res[0].Err.Error(), "wait until") {
		t.Errorf("deferred message: %q", res[0].Err)
	}
	e.run(Options{Force: true, Retries: -1})
	if n.Load() != 2 {
		t.Errorf("forced run: %d requests", n.Load())
	}
}

// Issue 15 item 3: a Retry-After date centuries away parks the feed for a
// day at most, and every message about it gives the date in full.
func TestRefreshRetryAfterFarDateIsCapped(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	var n atomic.Int32
	e.mux.HandleFunc("/forever", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")
		http.Error(w, "go away", http.StatusServiceUnavailable)
	})
	e.add("/forever")
	res := e.run(Options{})
	var re *Error
	if !errors.As(res[0].Err, &re) || re.StatusCode != 503 {
		t.Fatalf("err = %v", res[0].Err)
	}
	if d := time.Until(re.RetryAt); d > fetch.MaxRetryAfter || d < fetch.MaxRetryAfter-time.Hour {
		t.Errorf("RetryAt = %v, %v from now; want the cap, %v", re.RetryAt, d, fetch.MaxRetryAfter)
	}
	full := re.RetryAt.Local().Format("Mon 2 Jan 2006 15:04")
	if msg := res[0].Err.Error(); !strings.Contains(msg, "HTTP 503") || !strings.Contains(msg, full) {
		t.Errorf("first run's message %q: want the status and %q", msg, full)
	}
	res = e.run(Options{})
	if !errors.As(res[0].Err, &re) || re.Kind != KindDeferred || n.Load() != 1 {
		t.Fatalf("second run: %v after %d requests", res[0].Err, n.Load())
	}
	if msg := res[0].Err.Error(); !strings.Contains(msg, "wait until "+full) {
		t.Errorf("deferred message %q: want the date in full, %q", msg, full)
	}
}

func TestRefreshRetryAfterBeyondContextIsNotSlept(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	var n atomic.Int32
	e.mux.HandleFunc("/wait", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "5")
		http.Error(w, "wait", http.StatusServiceUnavailable)
	})
	e.add("/wait")
	feeds, _ := e.st.Feeds(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	res := Run(ctx, e.st, e.client, feeds, Options{}, nil)
	var re *Error
	if !errors.As(res[0].Err, &re) || re.StatusCode != 503 || re.RetryAt.IsZero() {
		t.Fatalf("err = %#v", res[0].Err)
	}
	if ctx.Err() != nil {
		t.Error("Run slept past its context's deadline")
	}
	if n.Load() != 1 {
		t.Errorf("requests = %d", n.Load())
	}
}

func TestRefresh429WithoutRetryAfterBacksOff(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	e.mux.HandleFunc("/rl", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusTooManyRequests)
	})
	f := e.add("/rl")
	res := e.run(Options{Retries: -1})
	var re *Error
	if !errors.As(res[0].Err, &re) || re.RetryAt.IsZero() {
		t.Fatalf("err = %v", res[0].Err)
	}
	if next, _ := e.st.NextFetch(context.Background(), f.ID); next.IsZero() {
		t.Error("a 429 must leave the feed alone for a while")
	}
}

func TestRefresh500RetriedThenRecorded(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	var flaky, broken atomic.Int32
	e.mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) == 1 {
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		}
		write(w, rss("F", 1))
	})
	e.mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		broken.Add(1)
		http.Error(w, "oops", http.StatusInternalServerError)
	})
	e.add("/flaky")
	b := e.add("/broken")
	res := e.run(Options{Retries: 2})
	if res[0].Err != nil || res[0].New != 1 {
		t.Errorf("flaky: %+v", res[0])
	}
	var re *Error
	if !errors.As(res[1].Err, &re) || re.StatusCode != 500 || broken.Load() != 3 {
		t.Errorf("broken: %v after %d requests (want 3)", res[1].Err, broken.Load())
	}
	if want := e.srv.URL + "/broken: HTTP 500 Internal Server Error"; res[1].Err.Error() != want {
		t.Errorf("message %q, want %q", res[1].Err, want)
	}
	fd, _ := e.st.Feed(context.Background(), b.ID)
	if fd.LastError == "" {
		t.Error("error not stored")
	}
	if next, _ := e.st.NextFetch(context.Background(), b.ID); !next.IsZero() {
		t.Error("a plain 500 should not hold the feed back from the next run")
	}
}

func TestRefreshTimeout(t *testing.T) {
	e := newEnv(t, fetch.Options{Timeout: 300 * time.Millisecond})
	release := make(chan struct{})
	defer close(release)
	e.mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	e.mux.HandleFunc("/fast", serve(rss("Fast", 1), "text/xml"))
	e.add("/slow")
	e.add("/fast")
	res := e.run(Options{})
	var re *Error
	if !errors.As(res[0].Err, &re) || re.Kind != KindTimeout {
		t.Errorf("slow: %v", res[0].Err)
	}
	if res[1].Err != nil || res[1].New != 1 {
		t.Errorf("a slow feed must not hold the others: %+v", res[1])
	}
}

func TestRefreshRedirects(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	e.mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop2", http.StatusFound)
	})
	e.mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	e.mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusMovedPermanently)
	})
	e.mux.HandleFunc("/temp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusFound)
	})
	e.mux.HandleFunc("/new", serve(rss("N", 1), "application/rss+xml"))
	e.add("/loop")
	old := e.add("/old")
	temp := e.add("/temp")
	res := e.run(Options{})
	var re *Error
	if !errors.As(res[0].Err, &re) || re.Kind != KindRedirect {
		t.Errorf("loop: %v", res[0].Err)
	}
	if res[1].Err != nil || res[1].MovedTo != e.srv.URL+"/new" {
		t.Errorf("permanent redirect: %+v", res[1])
	}
	if fd, _ := e.st.Feed(context.Background(), old.ID); fd.URL != e.srv.URL+"/new" {
		t.Errorf("stored URL after 301 = %q", fd.URL)
	}
	if fd, _ := e.st.Feed(context.Background(), temp.ID); fd.URL != temp.URL || res[2].MovedTo != "" {
		t.Errorf("a temporary redirect must keep the URL: %q", fd.URL)
	}
}

func TestRefreshBodyOverCap(t *testing.T) {
	e := newEnv(t, fetch.Options{MaxBytes: 64 << 10})
	e.mux.HandleFunc("/huge", serve(rss("H", 2000), "application/rss+xml"))
	e.add("/huge")
	res := e.run(Options{})
	var re *Error
	if !errors.As(res[0].Err, &re) || re.Kind != KindTooLarge {
		t.Errorf("err = %v", res[0].Err)
	}
}

func TestRefreshMalformedAndNotFeed(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	e.mux.HandleFunc("/bad", serve(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>unterminated`, "application/rss+xml"))
	e.mux.HandleFunc("/page", serve(`<!DOCTYPE html><html><head><title>Home</title></head><body>hi</body></html>`, "text/html"))
	e.mux.HandleFunc("/garbage", serve("\x00\x01\x02 binary", "application/octet-stream"))
	e.add("/bad")
	e.add("/page")
	e.add("/garbage")
	res := e.run(Options{})
	for _, r := range res[1:] {
		var re *Error
		if !errors.As(r.Err, &re) || re.Kind != KindNotFeed {
			t.Errorf("%s: %v", r.Feed.URL, r.Err)
		}
	}
	if !strings.Contains(res[1].Err.Error(), "web page") {
		t.Errorf("an HTML page should say so: %v", res[1].Err)
	}
	// A truncated feed is either refused or read leniently, never a crash.
	t.Logf("truncated feed: new=%d err=%v", res[0].New, res[0].Err)
}

func TestRefreshNonUTF8Feed(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	body := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Fran\xe7ais</title><item><title>\xc9t\xe9 \xe0 Paris</title><guid>1</guid></item></channel></rss>"
	e.mux.HandleFunc("/latin1", serve(body, "application/rss+xml"))
	e.mux.HandleFunc("/undeclared", serve(strings.Replace(body, ` encoding="ISO-8859-1"`, "", 1), "text/xml; charset=iso-8859-1"))
	e.add("/latin1")
	e.add("/undeclared")
	e.run(Options{})
	got, _ := e.st.Stories(context.Background(), store.Query{})
	if len(got) != 2 {
		t.Fatalf("stories: %+v", got)
	}
	for _, s := range got {
		if s.Title != "Été à Paris" || s.FeedTitle != "Français" {
			t.Errorf("decoded %q from %q", s.Title, s.FeedTitle)
		}
	}
}

func TestRefreshTenThousandItems(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	e.mux.HandleFunc("/big", serve(rss("Big", 10000), "application/rss+xml"))
	e.add("/big")
	res := e.run(Options{})
	if res[0].Err != nil || res[0].New != 10000 {
		t.Fatalf("%+v", res[0])
	}
	res = e.run(Options{})
	if res[0].New != 0 || res[0].Updated != 0 {
		t.Errorf("refetch of an unchanged big feed: %+v", res[0])
	}
}

// The names of one server count as one host for the per-host cap.
func TestHostOf(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"http://localhost:8080/rss", "127.0.0.1"},
		{"http://LocalHost./rss", "127.0.0.1"},
		{"http://news.localhost/rss", "127.0.0.1"},
		{"http://127.0.0.1:9000/rss", "127.0.0.1"},
		{"http://[::1]:9000/rss", "127.0.0.1"},
		{"http://[::ffff:127.0.0.1]/rss", "127.0.0.1"},
		{"http://127.0.0.2/rss", "127.0.0.2"},
		{"https://News.Example.COM./feed", "news.example.com"},
		{"https://[2001:DB8::1]/feed", "2001:db8::1"},
	} {
		if got := hostOf(tc.url); got != tc.want {
			t.Errorf("hostOf(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}

func TestRefreshBoundsWorkersAndPerHost(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	var mu sync.Mutex
	active, peak := map[string]int{}, map[string]int{}
	total, peakTotal := 0, 0
	gate := make(chan struct{}, 1000)
	e.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h := r.URL.Query().Get("h")
		mu.Lock()
		active[h]++
		total++
		peak[h] = max(peak[h], active[h])
		peakTotal = max(peakTotal, total)
		mu.Unlock()
		select {
		case <-gate:
		case <-time.After(20 * time.Millisecond):
		}
		mu.Lock()
		active[h]--
		total--
		mu.Unlock()
		write(w, rss("P"+r.URL.RawQuery, 1))
	})
	// The per-host cap is per host: 127.0.0.1, localhost and [::1] are
	// one (issue 15 item 6), 127.0.0.2 another.
	other := httptest.NewUnstartedServer(e.mux)
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	other.Listener.Close()
	other.Listener = l
	other.Start()
	defer other.Close()
	port := e.srv.URL[strings.LastIndex(e.srv.URL, ":"):]
	for i := range 12 {
		for _, host := range []string{"127.0.0.1", "localhost"} {
			u := fmt.Sprintf("http://%s%s/?h=one&i=%d&n=%s", host, port, i, host)
			if _, err := e.st.AddFeed(context.Background(), feed.Feed{URL: u}); err != nil {
				t.Fatal(err)
			}
		}
		u := fmt.Sprintf("%s/?h=two&i=%d", other.URL, i)
		if _, err := e.st.AddFeed(context.Background(), feed.Feed{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	res := e.run(Options{Workers: 3, PerHost: 2})
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Feed.URL, r.Err)
		}
	}
	if peakTotal > 3 {
		t.Errorf("%d requests at once with 3 workers", peakTotal)
	}
	for h, p := range peak {
		if p > 2 {
			t.Errorf("%d requests at once to %s with a cap of 2", p, h)
		}
	}
}

func TestRefreshCanceledContext(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	e.mux.HandleFunc("/x", serve(rss("X", 1), "text/xml"))
	e.add("/x")
	feeds, _ := e.st.Feeds(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Run(ctx, e.st, e.client, feeds, Options{}, nil)
	var re *Error
	if len(res) != 1 || !errors.As(res[0].Err, &re) || re.Kind != KindCanceled {
		t.Errorf("canceled run: %+v", res)
	}
}

func TestRefreshGzip(t *testing.T) {
	e := newEnv(t, fetch.Options{})
	e.mux.HandleFunc("/gz", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Error("no gzip in Accept-Encoding")
		}
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(rss("Z", 4)))
		zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b.Bytes())
	})
	e.add("/gz")
	if res := e.run(Options{}); res[0].Err != nil || res[0].New != 4 {
		t.Errorf("%+v", res[0])
	}
}
