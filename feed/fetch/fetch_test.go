package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestGetReturnsBodyAndHeaders(t *testing.T) {
	var gotUA, gotAccept string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAccept = r.Header.Get("User-Agent"), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sat, 23 Mar 2024 09:15:00 GMT")
		fmt.Fprint(w, "<p>hello</p>")
	})
	resp, err := New(Options{}).Get(context.Background(), srv.URL+"/story")
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<p>hello</p>" || resp.StatusCode != 200 {
		t.Errorf("got %d %q", resp.StatusCode, resp.Body)
	}
	if resp.ContentType != "text/html; charset=utf-8" || resp.ETag != `"v1"` || resp.LastModified == "" {
		t.Errorf("headers not passed on: %+v", resp)
	}
	if resp.URL != srv.URL+"/story" || resp.MovedTo != "" {
		t.Errorf("URL %q MovedTo %q", resp.URL, resp.MovedTo)
	}
	if gotUA != "tidings/0.1.0 (+https://github.com/tidings-app/tidings)" {
		t.Errorf("User-Agent = %q", gotUA)
	}
	if !strings.Contains(gotAccept, "text/html") {
		t.Errorf("Accept = %q", gotAccept)
	}
}

func TestCustomUserAgentAndAccept(t *testing.T) {
	var gotUA, gotAccept string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAccept = r.Header.Get("User-Agent"), r.Header.Get("Accept")
	})
	_, err := New(Options{UserAgent: "me/1"}).Do(context.Background(),
		Request{URL: srv.URL, Accept: "application/rss+xml"})
	if err != nil {
		t.Fatal(err)
	}
	if gotUA != "me/1" || gotAccept != "application/rss+xml" {
		t.Errorf("UA %q Accept %q", gotUA, gotAccept)
	}
}

func TestConditionalGetNotModified(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` &&
			r.Header.Get("If-Modified-Since") == "Sat, 23 Mar 2024 09:15:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, "<rss/>")
	})
	c := New(Options{})
	resp, err := c.Do(context.Background(), Request{URL: srv.URL, ETag: `"v1"`,
		LastModified: "Sat, 23 Mar 2024 09:15:00 GMT"})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified || resp.StatusCode != 304 || len(resp.Body) != 0 {
		t.Errorf("want 304 NotModified with empty body, got %+v", resp)
	}
	resp, err = c.Do(context.Background(), Request{URL: srv.URL})
	if err != nil || resp.NotModified || string(resp.Body) != "<rss/>" {
		t.Errorf("unconditional GET: %+v %v", resp, err)
	}
}

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGzipIsDecodedTransparently(t *testing.T) {
	page := strings.Repeat("<p>story text</p>\n", 1000)
	var gotAE string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		gotAE = r.Header.Get("Accept-Encoding")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipBytes(t, page))
	})
	resp, err := New(Options{}).Get(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != page {
		t.Errorf("body not decompressed: %d bytes", len(resp.Body))
	}
	if gotAE != "gzip" {
		t.Errorf("Accept-Encoding = %q", gotAE)
	}
}

func TestCorruptGzipIsAnError(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("this is not gzip at all"))
	})
	_, err := New(Options{}).Get(context.Background(), srv.URL)
	if err == nil || !strings.Contains(err.Error(), "bad gzip body") || !strings.HasPrefix(err.Error(), srv.URL) {
		t.Errorf("err = %v", err)
	}
}

// A gzip bomb: a small compressed stream that would inflate without end.
// The cap applies to the inflated bytes, so the download stops there.
func TestGzipBombStopsAtCap(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 1024; i++ { // up to 1 GiB inflated, ~1 MiB on the wire
			if _, err := zw.Write(zeros); err != nil {
				return
			}
		}
		zw.Close()
	})
	_, err := New(Options{MaxBytes: 2 << 20}).Get(context.Background(), srv.URL)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	want := srv.URL + ": response larger than 2 MiB"
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestBodyOverCapIsRefused(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: chunked, so only the read can find out.
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 64; i++ {
			w.Write(bytes.Repeat([]byte("x"), 1024))
			w.(http.Flusher).Flush()
		}
	})
	_, err := New(Options{MaxBytes: 10 << 10}).Get(context.Background(), srv.URL)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 10 KiB") {
		t.Fatalf("err = %v", err)
	}
	// Exactly at the cap is fine.
	resp, err := New(Options{MaxBytes: 64 << 10}).Get(context.Background(), srv.URL)
	if err != nil || len(resp.Body) != 64<<10 {
		t.Fatalf("at the cap: %v", err)
	}
}

func TestDefaultCapMessage(t *testing.T) {
	err := New(Options{}).tooLarge("https://x")
	if err.Error() != "https://x: response larger than 10 MiB" {
		t.Errorf("got %q", err)
	}
}

// A declared 4 GB body is refused from the headers alone: the handler never
// sends it and blocks, so only an up-front refusal returns quickly and
// without a timeout.
func TestHugeContentLengthRefusedUpFront(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "4294967296")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	_, err := New(Options{Timeout: time.Minute}).Get(context.Background(), srv.URL)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if errors.Is(err, ErrTimeout) {
		t.Fatalf("refused by timeout, not up front: %v", err)
	}
}

func TestTrickleBodyEndsAtTimeout(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 10000; i++ { // one byte at a time, far past the timeout
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	_, err := New(Options{Timeout: 300 * time.Millisecond}).Get(context.Background(), srv.URL)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	want := srv.URL + ": timed out after 300ms"
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestServerThatNeverAnswersTimesOut(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	_, err := New(Options{Timeout: 200 * time.Millisecond}).Get(context.Background(), srv.URL)
	if !errors.Is(err, ErrTimeout) || err.Error() != srv.URL+": timed out after 200ms" {
		t.Fatalf("err = %v", err)
	}
}

func TestTimeoutMessageUsesPlainDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "30s", time.Minute: "1m", 90 * time.Second: "1m30s",
		2 * time.Hour: "2h", 250 * time.Millisecond: "250ms",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestCallerCancellationIsNotATimeout(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := New(Options{}).Get(ctx, srv.URL)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestRedirectLoopStops(t *testing.T) {
	var hits int
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits++
		http.Redirect(w, r, fmt.Sprintf("/loop%d", hits%2), http.StatusFound)
	})
	_, err := New(Options{MaxRedirects: 5}).Get(context.Background(), srv.URL+"/loop0")
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("err = %v, want ErrTooManyRedirects", err)
	}
	if want := srv.URL + "/loop0: stopped after 5 redirects (a redirect loop?)"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if hits != 6 {
		t.Errorf("server hit %d times, want 6 (first request + 5 redirects)", hits)
	}
}

func TestTenRedirectsAreFollowedByDefault(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/r%d", &n)
		if n < 10 {
			http.Redirect(w, r, fmt.Sprintf("/r%d", n+1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "arrived")
	})
	resp, err := New(Options{}).Get(context.Background(), srv.URL+"/r0")
	if err != nil || string(resp.Body) != "arrived" || resp.URL != srv.URL+"/r10" {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	if resp.MovedTo != "" {
		t.Errorf("302s are temporary, MovedTo = %q", resp.MovedTo)
	}
}

func TestMovedToOnlyWhenEveryRedirectIsPermanent(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/older", http.StatusMovedPermanently)
		case "/older":
			http.Redirect(w, r, "/new", http.StatusPermanentRedirect)
		case "/mixed":
			http.Redirect(w, r, "/temp", http.StatusMovedPermanently)
		case "/temp":
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
		case "/new":
			fmt.Fprint(w, "feed")
		}
	})
	c := New(Options{})
	resp, err := c.Get(context.Background(), srv.URL+"/old")
	if err != nil || resp.MovedTo != srv.URL+"/new" || resp.URL != srv.URL+"/new" {
		t.Errorf("all permanent: %+v %v", resp, err)
	}
	resp, err = c.Get(context.Background(), srv.URL+"/mixed")
	if err != nil || resp.MovedTo != "" || resp.URL != srv.URL+"/new" {
		t.Errorf("mixed: %+v %v", resp, err)
	}
}

func TestRedirectToOtherSchemeRefused(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	_, err := New(Options{}).Get(context.Background(), srv.URL)
	if !errors.Is(err, ErrUnsupportedScheme) || !strings.Contains(err.Error(), "file:///etc/passwd") {
		t.Fatalf("err = %v", err)
	}
}

func TestOnlyHTTPAndHTTPS(t *testing.T) {
	for _, u := range []string{"ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)",
		"gopher://x", "example.com/page", "http:///nohost"} {
		_, err := New(Options{}).Get(context.Background(), u)
		if !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("%s: err = %v, want ErrUnsupportedScheme", u, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), u+": ") {
			t.Errorf("error does not name the URL: %v", err)
		}
	}
	_, err := New(Options{}).Get(context.Background(), "ftp://example.com/x")
	if want := `ftp://example.com/x: unsupported URL scheme "ftp" (only http and https)`; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestHTTPErrorNamesURLAndStatus(t *testing.T) {
	srv := serve(t, http.NotFound)
	_, err := New(Options{}).Get(context.Background(), srv.URL+"/feed")
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != 404 {
		t.Fatalf("err = %v", err)
	}
	if want := srv.URL + "/feed: HTTP 404 Not Found"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestRetryAfter(t *testing.T) {
	date := time.Now().Add(2 * time.Minute).UTC().Format(http.TimeFormat)
	cases := []struct {
		code   int
		header string
		min    time.Duration
		max    time.Duration
	}{
		{429, "120", 120 * time.Second, 120 * time.Second},
		{503, date, 100 * time.Second, 121 * time.Second},
		{429, "soon", 0, 0},
		{500, "120", 0, 0}, // only 429 and 503 carry a meaningful Retry-After
	}
	for _, tc := range cases {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", tc.header)
			w.WriteHeader(tc.code)
		})
		_, err := New(Options{}).Get(context.Background(), srv.URL)
		var he *HTTPError
		if !errors.As(err, &he) || he.StatusCode != tc.code {
			t.Fatalf("%d %q: err = %v", tc.code, tc.header, err)
		}
		if he.RetryAfter < tc.min || he.RetryAfter > tc.max {
			t.Errorf("%d %q: RetryAfter = %v, want %v..%v", tc.code, tc.header, he.RetryAfter, tc.min, tc.max)
		}
	}
}

func TestParseRetryAfterPastDate(t *testing.T) {
	now := time.Date(2024, 3, 23, 9, 15, 0, 0, time.UTC)
	if d := ParseRetryAfter("Sat, 23 Mar 2024 09:00:00 GMT", now); d != 0 {
		t.Errorf("past date gave %v", d)
	}
	if d := ParseRetryAfter("Sat, 23 Mar 2024 09:16:00 GMT", now); d != time.Minute {
		t.Errorf("future date gave %v", d)
	}
	if d := ParseRetryAfter("-5", now); d != 0 {
		t.Errorf("negative gave %v", d)
	}
}

// Issue 15 item 3: a date centuries away is capped as the seconds form is.
func TestParseRetryAfterIsCapped(t *testing.T) {
	now := time.Date(2026, 12, 7, 22, 0, 0, 0, time.UTC)
	for _, v := range []string{"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 07 Dec 2027 22:00:00 GMT", "Tue Dec  8 22:00:01 2026",
		"99999999999999999999", "31536000", "86401"} {
		if d := ParseRetryAfter(v, now); d != MaxRetryAfter {
			t.Errorf("ParseRetryAfter(%q) = %v, want the cap %v", v, d, MaxRetryAfter)
		}
	}
	if d := ParseRetryAfter("Tue, 08 Dec 2026 02:00:00 GMT", now); d != 4*time.Hour {
		t.Errorf("a date within the cap gave %v", d)
	}
}

func TestStatusReasonFromServerIsSanitised(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		buf := make([]byte, 4096)
		conn.Read(buf)
		conn.Write([]byte("HTTP/1.1 418 Gone\x1b]52;c;ZXZpbA==\x07 Away\r\nContent-Length: 0\r\n\r\n"))
	}()
	_, err = New(Options{}).Get(context.Background(), "http://"+ln.Addr().String()+"/")
	if err == nil || strings.ContainsRune(err.Error(), '\x1b') {
		t.Fatalf("err = %q", err)
	}
}

// A response net/http cannot read because of the bytes a server put in a
// header or status line is named for what is wrong, without those bytes.
func TestMalformedResponseNamesTheFault(t *testing.T) {
	const evil = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202e"
	cases := []struct{ resp, want string }{
		{"HTTP/1.1 302 Found\r\nLocation: /next" + evil + "\r\n\r\n", "invalid HTTP response: malformed MIME header line"},
		{"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + evil + "\r\n\r\n", "invalid HTTP response: malformed MIME header"},
		{"HTTP/1.1 2x0 OK" + evil + "\r\n\r\n", "invalid HTTP response: malformed HTTP status code"},
		{"NOT-HTTP" + evil + "\r\n\r\n", "invalid HTTP response: malformed HTTP response"},
	}
	for _, c := range cases {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
			buf := make([]byte, 4096)
			conn.Read(buf)
			conn.Write([]byte(c.resp))
		}()
		u := "http://" + ln.Addr().String() + "/"
		_, err = New(Options{}).Get(context.Background(), u)
		ln.Close()
		if err == nil || err.Error() != u+": "+c.want {
			t.Errorf("%q: err = %q, want %q", c.resp, err, u+": "+c.want)
		}
	}
}

func TestConnectionRefusedNamesURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = New(Options{}).Get(context.Background(), "http://"+addr+"/feed")
	// In words, not Go's "dial tcp 127.0.0.1:N: connect: connection refused".
	if want := "http://" + addr + "/feed: connection refused: no server is listening there"; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v does not wrap ECONNREFUSED", err)
	}
}

// "tidings feeds add host/feed" gets https://; when the server speaks only
// plain HTTP the user should learn to write http://, not read about TLS
// records.
func TestHTTPSToPlainHTTPServerSaysTryHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	// A server that answers the handshake with something else than HTTP
	// (an HTML error page, as Python's http.server does).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Write([]byte("<!DOCTYPE html><title>400 Bad request</title>\n"))
			conn.Close()
		}
	}()
	for _, addr := range []string{strings.TrimPrefix(srv.URL, "http://"), ln.Addr().String()} {
		u := "https://" + addr + "/feed"
		_, err := New(Options{}).Get(context.Background(), u)
		if want := u + ": the server does not speak HTTPS here: try http://"; err == nil || err.Error() != want {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}

// A name that does not resolve is said in words; the resolver's address
// is not the user's concern. (Built by hand: a real lookup would leave
// loopback.)
func TestHostNotFoundSaysCheckTheAddress(t *testing.T) {
	c := New(Options{})
	for _, tc := range []struct {
		dns  *net.DNSError
		want string
	}{
		{&net.DNSError{Err: "no such host", Name: "news.example\x1b[2J", Server: "10.0.0.53:53", IsNotFound: true},
			"https://news.example/feed: no such host news.example: check the address"},
		{&net.DNSError{Err: "i/o timeout", Name: "news.example", Server: "10.0.0.53:53", IsTimeout: true},
			"https://news.example/feed: looking up news.example timed out: check your connection"},
		{&net.DNSError{Err: "server misbehaving", Name: "news.example", Server: "10.0.0.53:53"},
			"https://news.example/feed: cannot look up news.example: check your connection"},
	} {
		err := &url.Error{Op: "Get", URL: "https://news.example/feed", Err: &net.OpError{Op: "dial", Net: "tcp", Err: tc.dns}}
		got := c.wrap(context.Background(), "https://news.example/feed", err)
		if got.Error() != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{
		10 << 20: "10 MiB", 1 << 30: "1 GiB", 1536 << 10: "1.5 MiB", 512 << 10: "512 KiB",
		1500: "1.5 KiB", 100: "100 bytes",
	} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// A server that accepts the connection but never answers the TLS handshake
// is given the connect timeout, not the whole request's.
func TestTLSHandshakeTimesOutAtConnectTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-done; conn.Close() }()
		}
	}()
	u := "https://" + ln.Addr().String() + "/feed"
	_, err = New(Options{ConnectTimeout: 200 * time.Millisecond, Timeout: time.Minute}).Get(context.Background(), u)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if want := u + ": TLS handshake timed out after 200ms"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

// A client with other limits keeps the User-Agent and the connections of
// the one it came from, and applies its own cap.
func TestWithLimitsSharesConnections(t *testing.T) {
	var agents []string
	var conns []string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		agents = append(agents, r.UserAgent())
		conns = append(conns, r.RemoteAddr)
		w.Write(bytes.Repeat([]byte("x"), 20<<10))
	})
	base := New(Options{UserAgent: "tidings-test/1", MaxBytes: 10 << 10})
	if _, err := base.Get(context.Background(), srv.URL); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("base client, 20 KiB over a 10 KiB cap: err = %v", err)
	}
	big := base.WithLimits(0, 64<<10)
	resp, err := big.Get(context.Background(), srv.URL)
	if err != nil || len(resp.Body) != 20<<10 {
		t.Fatalf("client with a 64 KiB cap: %v", err)
	}
	if _, err := big.Get(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if agents[1] != "tidings-test/1" {
		t.Errorf("User-Agent %q, want the base client's", agents[1])
	}
	if conns[1] != conns[2] {
		t.Errorf("the second request came from %s, the first from %s: want one kept-alive connection", conns[2], conns[1])
	}
	if big.Options().Timeout != DefaultTimeout {
		t.Errorf("timeout %v, want the default", big.Options().Timeout)
	}
}
