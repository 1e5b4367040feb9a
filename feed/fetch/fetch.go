// Package fetch is the one HTTP client of tidings: article pages and feeds
// alike go through it, so every download has the same limits — a connect
// timeout, an overall timeout that also covers a slow body, a cap on the
// decompressed size, a bounded redirect chain, http and https only — and
// every failure is a one-line error naming the URL.
package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tidings-app/tidings/feed/sanitize"
)

// Version is the version of tidings, reported in the User-Agent.
const Version = "0.1.0"

// Defaults applied by New to zero fields of Options.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxBytes       = 10 << 20
	DefaultMaxRedirects   = 10
)

// defaultAccept favours pages and feeds but takes anything, so that a
// server doing content negotiation sends HTML rather than JSON.
const defaultAccept = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,*/*;q=0.8"

// DefaultUserAgent names tidings and its version, with a link for a site
// operator who wonders what is fetching their pages.
func DefaultUserAgent() string {
	return "tidings/" + Version + " (+https://github.com/tidings-app/tidings)"
}

// ErrTooLarge is wrapped by the error returned when a response (its
// declared length or its decompressed body) is larger than Options.MaxBytes.
var ErrTooLarge = errors.New("response too large")

// ErrTimeout is wrapped by the error returned when connecting or the whole
// request took longer than its timeout.
var ErrTimeout = errors.New("timed out")

// ErrUnsupportedScheme is wrapped by the error returned for a URL (or a
// redirect target) whose scheme is not http or https.
var ErrUnsupportedScheme = errors.New("unsupported URL scheme")

// ErrTooManyRedirects is wrapped by the error returned when a redirect chain
// is longer than Options.MaxRedirects (usually a redirect loop).
var ErrTooManyRedirects = errors.New("too many redirects")

// Options are the limits of a Client. Zero fields take the defaults.
type Options struct {
	// UserAgent defaults to DefaultUserAgent().
	UserAgent string
	// ConnectTimeout bounds the TCP connect and TLS handshake (default 10s).
	ConnectTimeout time.Duration
	// Timeout bounds the whole request, body included (default 30s), so a
	// server that trickles one byte a second cannot hold tidings forever.
	Timeout time.Duration
	// MaxBytes caps the body after decompression (default 10 MiB).
	MaxBytes int64
	// MaxRedirects is the longest redirect chain followed (default 10; a
	// negative value follows none).
	MaxRedirects int
}

// Client downloads pages and feeds within its Options. It is safe for
// concurrent use and keeps connections alive between requests.
type Client struct {
	opts      Options
	transport *http.Transport
}

// New returns a Client with o's limits, defaults filled in.
func New(o Options) *Client {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent()
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		ForceAttemptHTTP2:   true,
		TLSHandshakeTimeout: o.ConnectTimeout,
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
		// Decompression is done here rather than by the transport so that
		// the size cap is applied to the inflated bytes and a server that
		// gzips unasked is still understood.
		DisableCompression:    true,
		ExpectContinueTimeout: time.Second,
	}
	return &Client{opts: o, transport: t}
}

// WithLimits returns a client that shares c's connections and
// User-Agent but bounds each request by timeout and its body by maxBytes
// (fetch's defaults when zero): images for a note may be larger than a
// page, and a process keeps one pool of connections whatever it downloads.
func (c *Client) WithLimits(timeout time.Duration, maxBytes int64) *Client {
	o := c.opts
	o.Timeout, o.MaxBytes = timeout, maxBytes
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	return &Client{opts: o, transport: c.transport}
}

// Options returns the limits in force, defaults filled in.
func (c *Client) Options() Options { return c.opts }

// Request is one download. ETag and LastModified are the validators of a
// previous response; when given, a server may answer 304 Not Modified.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// Accept overrides the default Accept header.
	Accept string
}

// Response is a successful download (2xx or 304).
type Response struct {
	// URL is the final URL after redirects.
	URL        string
	StatusCode int
	// NotModified reports a 304: Body is empty and the cached copy stands.
	NotModified bool
	Body        []byte
	// ContentType, ETag and LastModified are the response headers as sent.
	ContentType  string
	ETag         string
	LastModified string
	// MovedTo is set when the request was redirected and every redirect in
	// the chain was permanent (301 or 308): the URL a subscriber should store.
	MovedTo string
}

// HTTPError is a response whose status is neither 2xx nor 304.
type HTTPError struct {
	// URL is the URL requested (before redirects).
	URL        string
	StatusCode int
	// Status is the status line as net/http gives it, e.g. "404 Not Found".
	Status string
	// RetryAfter is how long the server asked us to wait (429 and 503 with
	// a Retry-After header in seconds or as an HTTP date), else zero.
	RetryAfter time.Duration
}

// Error gives "https://x/feed: HTTP 404 Not Found".
func (e *HTTPError) Error() string {
	return e.URL + ": HTTP " + e.Status
}

// urlError names the URL that failed; it unwraps to a sentinel (ErrTooLarge,
// ErrTimeout…) or to the underlying network error.
type urlError struct {
	url string
	msg string
	err error
}

func (e *urlError) Error() string { return e.url + ": " + e.msg }
func (e *urlError) Unwrap() error { return e.err }

// reason is a message that unwraps to a sentinel without repeating it, so
// the line a user reads stays short.
type reason struct {
	msg string
	err error
}

func (e *reason) Error() string { return e.msg }
func (e *reason) Unwrap() error { return e.err }

// Get downloads url with the default Accept header and no validators.
func (c *Client) Get(ctx context.Context, url string) (*Response, error) {
	return c.Do(ctx, Request{URL: url})
}

// Do downloads r.URL within the client's limits. A 2xx or 304 is a
// Response; any other status is an *HTTPError; every error names r.URL.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	name := sanitize.Line(r.URL)
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, &urlError{name, "not a valid URL", err}
	}
	if err := checkScheme(u); err != nil {
		return nil, &urlError{name, err.Error(), err}
	}
	if u.Host == "" {
		return nil, &urlError{name, "URL has no host", ErrUnsupportedScheme}
	}

	timedOut := &reason{"timed out after " + shortDuration(c.opts.Timeout), ErrTimeout}
	ctx, cancel := context.WithTimeoutCause(ctx, c.opts.Timeout, timedOut)
	defer cancel()

	req, err := c.request(ctx, u, r)
	if err != nil {
		return nil, &urlError{name, "not a valid URL", err}
	}
	permanent := true
	resp, err := c.httpClient(&permanent).Do(req)
	if err != nil {
		return nil, c.wrap(ctx, name, err)
	}
	defer resp.Body.Close()

	out := &Response{
		URL:          resp.Request.URL.String(),
		StatusCode:   resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	if permanent && out.URL != u.String() {
		out.MovedTo = out.URL
	}

	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// Drain a little so the connection can be reused; never the lot.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, &HTTPError{
			URL:        name,
			StatusCode: resp.StatusCode,
			Status:     statusLine(resp),
			RetryAfter: retryAfter(resp, time.Now()),
		}
	}
	if out.Body, err = c.body(ctx, name, resp); err != nil {
		return nil, err
	}
	return out, nil
}

// request is the GET of u with r's headers and validators.
func (c *Client) request(ctx context.Context, u *url.URL, r Request) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	accept := r.Accept
	if accept == "" {
		accept = defaultAccept
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("Accept-Encoding", "gzip")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	return req, nil
}

// httpClient follows redirects within the options' limits, to http and
// https only, and clears *permanent when one of them is not permanent
// (301 or 308).
func (c *Client) httpClient(permanent *bool) *http.Client {
	return &http.Client{
		Transport: c.transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			if c.opts.MaxRedirects < 0 {
				return &reason{"redirected to " + sanitize.Line(next.URL.String()) +
					", and redirects are off", ErrTooManyRedirects}
			}
			if len(via) > c.opts.MaxRedirects {
				return &reason{fmt.Sprintf("stopped after %d redirects (a redirect loop?)", len(via)-1),
					ErrTooManyRedirects}
			}
			if err := checkScheme(next.URL); err != nil {
				return &reason{"redirected to " + sanitize.Line(next.URL.String()) + ": " + err.Error(), err}
			}
			if next.Response != nil {
				switch next.Response.StatusCode {
				case http.StatusMovedPermanently, http.StatusPermanentRedirect:
				default:
					*permanent = false
				}
			}
			return nil
		},
	}
}

// body reads the response's body, inflated, within the size cap.
func (c *Client) body(ctx context.Context, name string, resp *http.Response) ([]byte, error) {
	if resp.ContentLength > c.opts.MaxBytes {
		return nil, c.tooLarge(name)
	}
	body := io.Reader(resp.Body)
	gzipped := false
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			if ctx.Err() != nil {
				return nil, c.wrap(ctx, name, err)
			}
			return nil, &urlError{name, "bad gzip body: " + err.Error(), err}
		}
		defer zr.Close()
		body, gzipped = zr, true
	default:
		return nil, &urlError{name, fmt.Sprintf("unsupported Content-Encoding %q",
			sanitize.Line(resp.Header.Get("Content-Encoding"))), errors.ErrUnsupported}
	}

	// One byte past the cap tells "exactly at the cap" from "over it". A
	// declared length sizes the buffer once instead of doubling it, which
	// halves the peak memory of a large page.
	var buf bytes.Buffer
	if !gzipped && resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + 1)
	}
	_, err := buf.ReadFrom(io.LimitReader(body, c.opts.MaxBytes+1))
	data := buf.Bytes()
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return nil, c.wrap(ctx, name, err)
		case gzipped:
			return nil, &urlError{name, "bad gzip body: " + sanitize.Line(err.Error()), err}
		default:
			return nil, &urlError{name, "reading body: " + sanitize.Line(err.Error()), err}
		}
	}
	if int64(len(data)) > c.opts.MaxBytes {
		return nil, c.tooLarge(name)
	}
	return data, nil
}

func (c *Client) tooLarge(name string) error {
	return &urlError{name, "response larger than " + humanBytes(c.opts.MaxBytes), ErrTooLarge}
}

// wrap turns a transport error into one line naming the URL: our own
// timeout says how long we waited; a connect timeout says so; a redirect
// error keeps its reason; anything else keeps the innermost cause.
func (c *Client) wrap(ctx context.Context, name string, err error) error {
	if cause := context.Cause(ctx); cause != nil && errors.Is(cause, ErrTimeout) {
		return &urlError{name, cause.Error(), cause}
	}
	if errors.Is(err, context.Canceled) {
		return &urlError{name, "canceled", context.Canceled}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if msg, ok := netReason(err); ok {
		return &urlError{name, msg, err}
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" && op.Timeout() {
		return &urlError{name, fmt.Sprintf("connect timed out after %s", shortDuration(c.opts.ConnectTimeout)),
			fmt.Errorf("%w: %w", ErrTimeout, err)}
	}
	if strings.Contains(err.Error(), "TLS handshake timeout") {
		return &urlError{name, fmt.Sprintf("TLS handshake timed out after %s", shortDuration(c.opts.ConnectTimeout)),
			&reason{err.Error(), ErrTimeout}}
	}
	if what, ok := malformed(err); ok {
		return &urlError{name, "invalid HTTP response: " + what, err}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &urlError{name, "timed out: " + sanitize.Line(err.Error()), fmt.Errorf("%w: %w", ErrTimeout, err)}
	}
	return &urlError{name, sanitize.Line(err.Error()), err}
}

// netReason says in words what a common connection failure means and
// what to check, instead of Go's "dial tcp 127.0.0.1:1: connect:
// connection refused" or "lookup x on 10.0.0.53:53: no such host", which
// name the resolver and the system call rather than the problem.
func netReason(err error) (string, bool) {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		host := sanitize.Line(dns.Name)
		switch {
		case dns.IsNotFound:
			return "no such host " + host + ": check the address", true
		case dns.IsTimeout:
			return "looking up " + host + " timed out: check your connection", true
		default:
			return "cannot look up " + host + ": check your connection", true
		}
	}
	var rec tls.RecordHeaderError
	if errors.As(err, &rec) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		// An https:// address answered by a plain HTTP server, often a
		// URL typed without a scheme (which gets https://).
		return "the server does not speak HTTPS here: try http://", true
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: no server is listening there", true
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server", true
	case errors.Is(err, syscall.ENETUNREACH):
		return "network is unreachable: check your connection", true
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "host is unreachable: check your connection", true
	}
	return "", false
}

// malformed names what was wrong with a response net/http could not read
// ("malformed MIME header line"), without the quoted bytes it carries: a
// hostile server chooses them, and they make a long line that explains
// nothing.
func malformed(err error) (string, bool) {
	var pe textproto.ProtocolError
	msg := err.Error()
	if errors.As(err, &pe) {
		msg = string(pe)
	} else if i := strings.Index(msg, "malformed HTTP "); i >= 0 {
		msg = msg[i:]
	} else {
		return "", false
	}
	if i := strings.IndexAny(msg, ":\""); i > 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg), true
}

func checkScheme(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return nil
	case "":
		return &reason{"not an http(s) URL", ErrUnsupportedScheme}
	default:
		return &reason{fmt.Sprintf("unsupported URL scheme %q (only http and https)",
			sanitize.Line(u.Scheme)), ErrUnsupportedScheme}
	}
}

// statusLine is "404 Not Found", made safe for a terminal, with the
// standard reason when the server sent none.
func statusLine(resp *http.Response) string {
	s := sanitize.Line(resp.Status)
	code := strconv.Itoa(resp.StatusCode)
	if s == "" || s == code {
		if text := http.StatusText(resp.StatusCode); text != "" {
			return code + " " + text
		}
		return code
	}
	return s
}

// retryAfter reads Retry-After on 429 and 503, in seconds or as an HTTP
// date; a date in the past means "now".
func retryAfter(resp *http.Response, now time.Time) time.Duration {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0
	}
	return ParseRetryAfter(resp.Header.Get("Retry-After"), now)
}

// MaxRetryAfter caps the wait a server may ask for with Retry-After, in
// either form: a feed is tried again at least once a day, so a confused
// or hostile server ("Retry-After: Fri, 31 Dec 9999 …") cannot park it
// for centuries.
const MaxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After value (delay-seconds or HTTP-date)
// relative to now, capped at MaxRetryAfter. It returns zero for an empty,
// malformed or past value.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && v[0] != '-' {
		return MaxRetryAfter // more seconds than an int64 holds
	}
	if err == nil {
		if n <= 0 {
			return 0
		}
		// Compared in seconds, so a huge value cannot overflow.
		if n > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		// Sub saturates at the largest Duration for a far date; the cap
		// then applies as to the seconds form.
		if d := t.Sub(now); d > 0 {
			return min(d.Round(time.Second), MaxRetryAfter)
		}
	}
	return 0
}

// humanBytes writes a size the way a user sets it: "10 MiB", "512 KiB".
func humanBytes(n int64) string {
	const kib, mib, gib = 1 << 10, 1 << 20, 1 << 30
	switch {
	case n >= gib && n%gib == 0:
		return fmt.Sprintf("%d GiB", n/gib)
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= mib:
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	case n >= kib && n%kib == 0:
		return fmt.Sprintf("%d KiB", n/kib)
	case n >= kib:
		return fmt.Sprintf("%.1f KiB", float64(n)/kib)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// shortDuration prints 30s, 1m, 1m30s, 250ms rather than 1m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
