package remote

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// Miniflux speaks Miniflux's REST API (/v1/…).
type Miniflux struct {
	c    *client
	user string
	// PageSize is how many entries one request brings (default 250).
	PageSize int
}

// NewMiniflux returns the backend of the Miniflux server at base. With an
// empty user, secret is an API token; else it is the user's password.
// hc may be nil for a default client.
func NewMiniflux(base, user, secret string, hc *http.Client) (*Miniflux, error) {
	c, err := newClient(base, hc)
	if err != nil {
		return nil, err
	}
	c.auth = func(r *http.Request) {
		if user == "" {
			r.Header.Set("X-Auth-Token", secret)
		} else {
			r.SetBasicAuth(user, secret)
		}
	}
	return &Miniflux{c: c, user: user, PageSize: 250}, nil
}

// Account names the server and user.
func (m *Miniflux) Account() string { return "miniflux " + m.c.server() + " " + m.user }

// Requests is how many requests were sent.
func (m *Miniflux) Requests() int { return m.c.Requests() }

type mfFeed struct {
	ID       int64  `json:"id"`
	FeedURL  string `json:"feed_url"`
	SiteURL  string `json:"site_url"`
	Title    string `json:"title"`
	Category struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"category"`
}

func (f mfFeed) sync() store.SyncFeed {
	return store.SyncFeed{RemoteID: strconv.FormatInt(f.ID, 10), URL: sanitize.Line(f.FeedURL), Title: sanitize.Line(f.Title),
		SiteURL: sanitize.Line(f.SiteURL), Category: sanitize.Line(f.Category.Title)}
}

// Feeds lists the subscriptions.
func (m *Miniflux) Feeds(ctx context.Context) ([]store.SyncFeed, error) {
	var fs []mfFeed
	if _, err := m.c.do(ctx, http.MethodGet, "/v1/feeds", nil, nil, &fs); err != nil {
		return nil, err
	}
	out := make([]store.SyncFeed, len(fs))
	for i, f := range fs {
		out[i] = f.sync()
	}
	return out, nil
}

// Subscribe subscribes to url in the user's first category; Miniflux
// fetches the feed before it answers.
func (m *Miniflux) Subscribe(ctx context.Context, feedURL string) (store.SyncFeed, error) {
	fs, err := m.Feeds(ctx)
	if err != nil {
		return store.SyncFeed{}, err
	}
	for _, f := range fs {
		if f.URL == feedURL {
			return f, nil // sent before, and the answer was lost
		}
	}
	var cats []struct {
		ID int64 `json:"id"`
	}
	if _, err := m.c.do(ctx, http.MethodGet, "/v1/categories", nil, nil, &cats); err != nil {
		return store.SyncFeed{}, err
	}
	req := map[string]any{"feed_url": feedURL}
	if len(cats) > 0 {
		req["category_id"] = cats[0].ID
	}
	var created struct {
		FeedID int64 `json:"feed_id"`
	}
	if _, err := m.c.do(ctx, http.MethodPost, "/v1/feeds", nil, req, &created); err != nil {
		return store.SyncFeed{}, err
	}
	var f mfFeed
	if _, err := m.c.do(ctx, http.MethodGet, "/v1/feeds/"+strconv.FormatInt(created.FeedID, 10), nil, nil, &f); err != nil {
		return store.SyncFeed{}, err
	}
	return f.sync(), nil
}

// Unsubscribe removes a feed.
func (m *Miniflux) Unsubscribe(ctx context.Context, feedID string) error {
	_, err := m.c.do(ctx, http.MethodDelete, "/v1/feeds/"+url.PathEscape(feedID), nil, nil, nil)
	if e, ok := err.(*Error); ok && e.Status == http.StatusNotFound {
		return nil
	}
	return err
}

type mfEntry struct {
	ID          int64     `json:"id"`
	FeedID      int64     `json:"feed_id"`
	Status      string    `json:"status"`
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	Author      string    `json:"author"`
	Content     string    `json:"content"`
	PublishedAt time.Time `json:"published_at"`
	ChangedAt   time.Time `json:"changed_at"`
	Starred     bool      `json:"starred"`
}

// Pull pages through the entries changed since the cursor (Unix seconds
// of the server's clock), oldest id first. The next cursor is the
// server's time when the pull began, less a margin: entries changed
// during the pull are taken again next time rather than missed.
func (m *Miniflux) Pull(ctx context.Context, cursor string, _ func([]string) ([]string, error), page func([]store.SyncEntry) error) (string, *States, error) {
	size := m.PageSize
	if size <= 0 {
		size = 250
	}
	next := ""
	for offset := 0; ; offset += size {
		q := url.Values{"order": {"id"}, "direction": {"asc"}, "limit": {strconv.Itoa(size)},
			"offset": {strconv.Itoa(offset)}, "status": {"unread", "read"}}
		if cursor != "" {
			q.Set("changed_after", cursor)
		}
		var res struct {
			Total   int       `json:"total"`
			Entries []mfEntry `json:"entries"`
		}
		h, err := m.c.do(ctx, http.MethodGet, "/v1/entries", q, nil, &res)
		if err != nil {
			return "", nil, err
		}
		if next == "" {
			t, err := http.ParseTime(h.Get("Date"))
			if err != nil {
				t = time.Now()
			}
			next = strconv.FormatInt(t.Add(-2*time.Second).Unix(), 10)
		}
		if len(res.Entries) == 0 {
			return next, nil, nil
		}
		out := make([]store.SyncEntry, len(res.Entries))
		for i, e := range res.Entries {
			out[i] = store.SyncEntry{RemoteID: strconv.FormatInt(e.ID, 10), FeedRemoteID: strconv.FormatInt(e.FeedID, 10),
				URL: sanitize.Line(e.URL), Title: sanitize.Line(e.Title), Author: sanitize.Line(e.Author), Content: sanitize.Text(e.Content),
				Published: e.PublishedAt, Read: e.Status == "read", Starred: e.Starred, Changed: e.ChangedAt}
		}
		if err := page(out); err != nil {
			return "", nil, err
		}
		if len(res.Entries) < size || offset+len(res.Entries) >= res.Total {
			return next, nil, nil
		}
	}
}

// Mark sets entries read, unread, starred or not, explicitly (not a
// toggle), so sending it twice does no harm.
func (m *Miniflux) Mark(ctx context.Context, kind store.OpKind, entryIDs []string) error {
	ids := make([]int64, 0, len(entryIDs))
	for _, s := range entryIDs {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return &Error{Server: m.c.server(), Status: http.StatusBadRequest, Detail: "entry id " + sanitize.Line(s) + " is not Miniflux's"}
		}
		ids = append(ids, n)
	}
	req := map[string]any{"entry_ids": ids}
	switch kind {
	case store.OpRead:
		req["status"] = "read"
	case store.OpUnread:
		req["status"] = "unread"
	case store.OpStar:
		req["starred"] = true
	case store.OpUnstar:
		req["starred"] = false
	default:
		return &Error{Server: m.c.server(), Status: http.StatusBadRequest, Detail: "unknown change " + string(kind)}
	}
	_, err := m.c.do(ctx, http.MethodPut, "/v1/entries", nil, req, nil)
	return err
}
