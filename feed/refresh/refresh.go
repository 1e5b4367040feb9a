// Package refresh downloads many feeds at once, politely: a bounded pool of
// workers with a cap per host, conditional GET with the validators the
// store keeps, Retry-After honoured and back-off on 429 and 5xx, and a
// permanent redirect recorded as the feed's new URL. Every feed gets
// exactly one Result, and a progress callback reports each as it finishes,
// so a UI can show "n of N" while the rest are still downloading.
package refresh

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/parse"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// Defaults applied by Run to zero fields of Options.
const (
	DefaultWorkers = 8
	DefaultPerHost = 2
	DefaultMaxWait = 10 * time.Second
	DefaultRetries = 2
	DefaultBackoff = time.Second
	// MaxDeferral caps the time a feed is left alone after 429s without a
	// Retry-After, however many there were in a row.
	MaxDeferral = 6 * time.Hour
)

// accept prefers feed types but takes anything, since many servers label
// feeds text/xml, text/plain or text/html.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Fetcher downloads one URL; *fetch.Client is the one tidings uses.
type Fetcher interface {
	Do(ctx context.Context, r fetch.Request) (*fetch.Response, error)
}

// Store is the part of the store a refresh writes to; *store.Store is it.
type Store interface {
	SaveFetchResult(ctx context.Context, id int64, r store.FetchResult) (store.SaveStats, error)
	UpdateFeedURL(ctx context.Context, id int64, newURL string) error
	NextFetch(ctx context.Context, id int64) (time.Time, error)
	Failures(ctx context.Context, id int64) (int, error)
}

// Options tune a refresh. Zero fields take the defaults.
type Options struct {
	// Workers is how many feeds are fetched at once (default 8).
	Workers int
	// PerHost caps the concurrent requests to one host (default 2).
	PerHost int
	// MaxWait is the longest pause taken inside a run before trying a feed
	// again (a Retry-After, or a back-off on 5xx); a server asking for
	// longer has its feed recorded as failed with the time it may be
	// tried again. The pause never outlasts the context.
	MaxWait time.Duration
	// Retries is how many more times a feed is tried in one run after a
	// 429 or 5xx (default 2; negative: none).
	Retries int
	// Backoff is the first pause before retrying a 5xx that gave no
	// Retry-After; it doubles on each retry (default 1s).
	Backoff time.Duration
	// Force fetches feeds even when their server asked to be left alone
	// until later (the user pressed refresh on that very feed).
	Force bool
	// Now is the clock (default time.Now).
	Now func() time.Time
	// MaxNew caps the new stories one feed may add in this run, and Keep
	// the stories one feed may keep (zero: the store's defaults).
	MaxNew, Keep int
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.MaxWait <= 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.Retries == 0 {
		o.Retries = DefaultRetries
	}
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Result is the outcome of refreshing one feed.
type Result struct {
	// Feed is the feed as it was given to Run; its URL is the new one when
	// the feed moved, and its title the feed's own when it had none.
	Feed feed.Feed
	// New and Updated count the stories saved.
	New, Updated int
	// Skipped counts the items left out past Options.MaxNew, Pruned the
	// stories removed to keep the feed within Options.Keep.
	Skipped, Pruned int
	// NotModified reports a 304: nothing to download.
	NotModified bool
	// MovedTo is the feed's new URL after a permanent redirect.
	MovedTo string
	// MovedToFollowed is the new URL of a permanent redirect that another
	// subscription already has: the feed keeps its URL (two feeds cannot
	// share one) and is a duplicate the user may want to remove.
	MovedToFollowed string
	// Err is nil on success, else an *Error.
	Err error
}

// Kind classifies why a feed failed, for summaries and styling.
type Kind int

// Kinds of failure.
const (
	KindNetwork  Kind = iota // DNS, connection refused, TLS…
	KindTimeout              // no answer in time
	KindHTTP                 // a status other than 2xx/304
	KindTooLarge             // over the size cap
	KindRedirect             // redirect loop or bad target
	KindNotFeed              // not a feed, or unparseable
	KindDeferred             // not fetched: the server asked to wait
	KindCanceled             // the run was canceled
	KindStore                // the result could not be saved
)

// Error is why one feed failed. Its message is one line naming the URL.
type Error struct {
	URL  string
	Kind Kind
	// StatusCode is the HTTP status for KindHTTP.
	StatusCode int
	// RetryAt is when the feed may be tried again, when the server said
	// (or the back-off decided); zero otherwise.
	RetryAt time.Time
	Err     error
}

// Error is the one line shown for the feed: the cause, or when it may be
// tried again.
func (e *Error) Error() string {
	if e.Kind == KindDeferred {
		return fmt.Sprintf("%s: server asked to wait until %s", e.URL, FormatTime(e.RetryAt))
	}
	if !e.RetryAt.IsZero() {
		// Said once, in the run that got the answer: later runs leave the
		// feed alone without a word under -q.
		return fmt.Sprintf("%s (left alone until %s)", e.Err, FormatTime(e.RetryAt))
	}
	return e.Err.Error()
}

// FormatTime writes a time the way refresh messages show it: in full,
// with the weekday, the year and the zone, in local time, so a date next
// year (or a wrong one) cannot pass for one this week.
func FormatTime(t time.Time) string {
	return t.Local().Format("Mon 2 Jan 2006 15:04 MST")
}

// Unwrap gives the cause (a *fetch.HTTPError, a parse error…) to errors.Is
// and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// Progress is sent after each feed finishes.
type Progress struct {
	// Done of Total feeds have finished.
	Done, Total int
	Result      Result
}

// Run refreshes feeds and returns one Result per feed, in the order given.
// progress, when not nil, is called after each feed from one goroutine at
// a time. Canceling ctx stops the downloads; the feeds not done get a
// KindCanceled error.
func Run(ctx context.Context, st Store, f Fetcher, feeds []feed.Feed, opts Options, progress func(Progress)) []Result {
	opts = opts.withDefaults()
	results := make([]Result, len(feeds))
	sched := newScheduler(feeds, opts.PerHost)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range min(opts.Workers, len(feeds)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, host, ok := sched.next()
				if !ok {
					return
				}
				r := refreshOne(ctx, st, f, feeds[i], opts)
				sched.release(host)
				mu.Lock()
				results[i] = r
				done++
				if progress != nil {
					progress(Progress{Done: done, Total: len(feeds), Result: r})
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return results
}

func refreshOne(ctx context.Context, st Store, f Fetcher, fd feed.Feed, opts Options) (res Result) {
	res = Result{Feed: fd}
	name := sanitize.Line(fd.URL)
	defer func() {
		// One hostile feed that trips a bug in a parser must not take the
		// whole refresh (and the reader running it) down.
		if p := recover(); p != nil {
			res.Err = &Error{URL: name, Kind: KindNotFeed, Err: fmt.Errorf("%s: could not read the feed (internal error: %v)", name, p)}
		}
	}()
	if err := ctx.Err(); err != nil {
		res.Err = &Error{URL: name, Kind: KindCanceled, Err: fmt.Errorf("%s: canceled", name)}
		return res
	}
	if !opts.Force {
		if next, err := st.NextFetch(ctx, fd.ID); err == nil && next.After(opts.Now()) {
			res.Err = &Error{URL: name, Kind: KindDeferred, RetryAt: next}
			return res
		}
	}

	resp, ferr := fetchWithRetries(ctx, f, fd, opts)
	if ferr != nil {
		res.Err = ferr
		if ferr.Kind == KindCanceled {
			return res
		}
		if ferr.Kind == KindHTTP && ferr.StatusCode == http.StatusTooManyRequests && ferr.RetryAt.IsZero() {
			// Rate-limited without a date: back off exponentially over
			// the runs, so a burst of refreshes cannot get the user's
			// address blocked.
			n, _ := st.Failures(ctx, fd.ID)
			ferr.RetryAt = opts.Now().Add(min(time.Minute<<min(n, 16), MaxDeferral))
		}
		save(ctx, st, &res, store.FetchResult{Err: ferr.Error(), RetryAt: ferr.RetryAt})
		return res
	}

	if resp.MovedTo != "" && resp.MovedTo != fd.URL {
		if err := st.UpdateFeedURL(ctx, fd.ID, resp.MovedTo); err == nil {
			res.MovedTo = resp.MovedTo
			res.Feed.URL = resp.MovedTo
		} else if errors.Is(err, store.ErrExists) {
			res.MovedToFollowed = resp.MovedTo
		}
	}
	if resp.NotModified {
		res.NotModified = true
		save(ctx, st, &res, store.FetchResult{NotModified: true, ETag: resp.ETag, LastModified: resp.LastModified})
		return res
	}
	parsed, err := parse.Parse(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, parse.ErrNotFeed) && parse.IsHTML(resp.Body, resp.ContentType) {
			msg = "not a feed but a web page (try `tidings feeds add` with the page to find its feed)"
		}
		res.Err = &Error{URL: name, Kind: KindNotFeed, Err: fmt.Errorf("%s: %s", name, msg)}
		save(ctx, st, &res, store.FetchResult{Err: res.Err.Error()})
		return res
	}
	if res.Feed.Title == "" {
		res.Feed.Title = parsed.Title
	}
	stats, ok := save(ctx, st, &res, store.FetchResult{
		ETag: resp.ETag, LastModified: resp.LastModified,
		Title: parsed.Title, SiteURL: parsed.SiteURL, Stories: parsed.Stories,
		MaxNew: opts.MaxNew, Keep: opts.Keep,
	})
	if ok {
		res.New, res.Updated, res.Skipped, res.Pruned = stats.New, stats.Updated, stats.Skipped, stats.Pruned
	}
	return res
}

// save records r for the feed; a failure to save becomes the result's
// error (unless it already has one worth more).
func save(ctx context.Context, st Store, res *Result, r store.FetchResult) (store.SaveStats, bool) {
	stats, err := st.SaveFetchResult(ctx, res.Feed.ID, r)
	if err != nil {
		if res.Err == nil {
			res.Err = &Error{URL: sanitize.Line(res.Feed.URL), Kind: KindStore, Err: err}
		}
		return stats, false
	}
	return stats, true
}

// fetchWithRetries downloads the feed, trying again after a 429 or 5xx
// while the pause asked for is short and the context allows it.
func fetchWithRetries(ctx context.Context, f Fetcher, fd feed.Feed, opts Options) (*fetch.Response, *Error) {
	req := fetch.Request{URL: fd.URL, ETag: fd.ETag, LastModified: fd.LastModified, Accept: accept}
	backoff := opts.Backoff
	for attempt := 0; ; attempt++ {
		resp, err := f.Do(ctx, req)
		if err == nil {
			return resp, nil
		}
		e := classify(fd.URL, err, opts.Now())
		if e.Kind != KindHTTP || !retryable(e.StatusCode) {
			return nil, e
		}
		var he *fetch.HTTPError
		errors.As(err, &he)
		wait := backoff
		if he != nil && he.RetryAfter > 0 {
			wait = he.RetryAfter
		}
		if attempt >= opts.Retries || wait > opts.MaxWait || !fits(ctx, wait) {
			if he != nil && he.RetryAfter > 0 {
				e.RetryAt = opts.Now().Add(he.RetryAfter)
			}
			return nil, e
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, e
		case <-t.C:
		}
		backoff *= 2
	}
}

func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusInternalServerError ||
		code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

// fits reports whether a pause of d ends before ctx's deadline.
func fits(ctx context.Context, d time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > d
}

func classify(rawURL string, err error, now time.Time) *Error {
	e := &Error{URL: sanitize.Line(rawURL), Kind: KindNetwork, Err: err}
	var he *fetch.HTTPError
	switch {
	case errors.As(err, &he):
		e.Kind, e.StatusCode = KindHTTP, he.StatusCode
	case errors.Is(err, context.Canceled):
		e.Kind = KindCanceled
	case errors.Is(err, fetch.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		e.Kind = KindTimeout
	case errors.Is(err, fetch.ErrTooLarge):
		e.Kind = KindTooLarge
	case errors.Is(err, fetch.ErrTooManyRedirects), errors.Is(err, fetch.ErrUnsupportedScheme):
		e.Kind = KindRedirect
	}
	return e
}

// scheduler hands feeds to workers in order, skipping over a feed whose
// host already has PerHost requests running, so one slow host cannot hold
// every worker.
type scheduler struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []int
	hosts   []string
	active  map[string]int
	perHost int
}

func newScheduler(feeds []feed.Feed, perHost int) *scheduler {
	s := &scheduler{active: map[string]int{}, perHost: perHost, hosts: make([]string, len(feeds))}
	s.cond = sync.NewCond(&s.mu)
	for i, f := range feeds {
		s.pending = append(s.pending, i)
		s.hosts[i] = hostOf(f.URL)
	}
	return s
}

// next blocks until a feed can start and returns its index and host; ok is
// false when none are left.
func (s *scheduler) next() (int, string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if len(s.pending) == 0 {
			return 0, "", false
		}
		for k, i := range s.pending {
			h := s.hosts[i]
			if s.active[h] < s.perHost {
				s.active[h]++
				s.pending = append(s.pending[:k], s.pending[k+1:]...)
				return i, h, true
			}
		}
		s.cond.Wait()
	}
}

func (s *scheduler) release(host string) {
	s.mu.Lock()
	s.active[host]--
	s.mu.Unlock()
	s.cond.Broadcast()
}

// hostOf is the server a feed's URL names, as the per-host cap counts
// it: one key for the names of one server (case, a final dot, the
// spellings of an IP address), and one for this machine's loopback under
// the names that reach it: localhost, 127.0.0.1, ::1.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return "127.0.0.1"
	}
	if a, err := netip.ParseAddr(h); err == nil {
		a = a.Unmap()
		if a == netip.IPv6Loopback() {
			return "127.0.0.1"
		}
		return a.String()
	}
	return h
}

// Each runs fn for each of urls (an article's page, say) within the
// limits of a refresh: opts.Workers at once, at most opts.PerHost at a
// time to one server, counted as for feeds. It returns when every call
// has returned; once ctx is done the URLs not started are skipped.
func Each(ctx context.Context, urls []string, opts Options, fn func(ctx context.Context, i int)) {
	opts = opts.withDefaults()
	pages := make([]feed.Feed, len(urls))
	for i, u := range urls {
		pages[i] = feed.Feed{URL: u}
	}
	sched := newScheduler(pages, opts.PerHost)
	var wg sync.WaitGroup
	for range min(opts.Workers, len(urls)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, host, ok := sched.next()
				if !ok {
					return
				}
				if ctx.Err() == nil {
					fn(ctx, i)
				}
				sched.release(host)
			}
		}()
	}
	wg.Wait()
}
