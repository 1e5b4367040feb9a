package remote

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// Google Reader stream and state names.
const (
	grReadingList = "user/-/state/com.google/reading-list"
	grRead        = "user/-/state/com.google/read"
	grStarred     = "user/-/state/com.google/starred"
	grItemPrefix  = "tag:google.com,2005:reader/item/"
)

// GReader speaks the Google Reader API (ClientLogin and /reader/api/0/…)
// that FreshRSS, Miniflux, Inoreader, The Old Reader and others serve.
// Its base URL is the one the server documents for these clients (for
// FreshRSS, …/api/greader.php; for Miniflux, the server itself).
type GReader struct {
	c              *client
	user, password string

	mu    sync.Mutex
	auth  string // ClientLogin's Auth token
	token string // the write token (T)

	// IDPage is how many ids one id-list request brings (default 1000);
	// ItemPage how many entries one contents request (default 100).
	IDPage, ItemPage int
}

// NewGReader returns the backend of the Google Reader API at base, logging
// in as user with password. hc may be nil for a default client.
func NewGReader(base, user, password string, hc *http.Client) (*GReader, error) {
	c, err := newClient(base, hc)
	if err != nil {
		return nil, err
	}
	g := &GReader{c: c, user: user, password: password, IDPage: 1000, ItemPage: 100}
	c.auth = func(r *http.Request) {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.auth != "" {
			r.Header.Set("Authorization", "GoogleLogin auth="+g.auth)
		}
	}
	return g, nil
}

// Account names the server and user.
func (g *GReader) Account() string { return "greader " + g.c.server() + " " + g.user }

// Requests is how many requests were sent.
func (g *GReader) Requests() int { return g.c.Requests() }

// login gets the Auth token once per backend.
func (g *GReader) login(ctx context.Context) error {
	g.mu.Lock()
	done := g.auth != ""
	g.mu.Unlock()
	if done {
		return nil
	}
	body, err := g.c.text(ctx, http.MethodPost, "/accounts/ClientLogin", nil, url.Values{"Email": {g.user}, "Passwd": {g.password}})
	if err != nil {
		return err
	}
	for _, l := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "Auth="); ok && v != "" {
			g.mu.Lock()
			g.auth = v
			g.mu.Unlock()
			return nil
		}
	}
	return &Error{Server: g.c.server(), Status: http.StatusUnauthorized, Detail: "no Auth token in the login answer"}
}

// get sends an authenticated read request.
func (g *GReader) get(ctx context.Context, path string, q url.Values, out any) error {
	if err := g.login(ctx); err != nil {
		return err
	}
	if q == nil {
		q = url.Values{}
	}
	q.Set("output", "json")
	_, err := g.c.do(ctx, http.MethodGet, "/reader/api/0"+path, q, nil, out)
	return err
}

// post sends an authenticated write request with the write token, getting
// a new token once if the server turned the old one down.
func (g *GReader) post(ctx context.Context, path string, form url.Values, out any) error {
	if err := g.login(ctx); err != nil {
		return err
	}
	for try := 0; ; try++ {
		g.mu.Lock()
		tok := g.token
		g.mu.Unlock()
		if tok == "" {
			t, err := g.c.text(ctx, http.MethodGet, "/reader/api/0/token", nil, nil)
			if err != nil {
				return err
			}
			tok = strings.TrimSpace(t)
			g.mu.Lock()
			g.token = tok
			g.mu.Unlock()
		}
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("T", tok)
		var err error
		if out != nil {
			_, err = g.c.do(ctx, http.MethodPost, "/reader/api/0"+path, url.Values{"output": {"json"}}, f, out)
		} else {
			_, err = g.c.text(ctx, http.MethodPost, "/reader/api/0"+path, nil, f)
		}
		if e, ok := err.(*Error); ok && try == 0 && (e.Status == http.StatusUnauthorized || e.Status == http.StatusBadRequest) &&
			strings.Contains(strings.ToLower(e.Detail), "token") {
			g.mu.Lock()
			g.token = ""
			g.mu.Unlock()
			continue
		}
		return err
	}
}

type grSub struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	URL        string `json:"url"`
	HTMLURL    string `json:"htmlUrl"`
	Categories []struct {
		Label string `json:"label"`
	} `json:"categories"`
}

// Feeds lists the subscriptions.
func (g *GReader) Feeds(ctx context.Context) ([]store.SyncFeed, error) {
	var res struct {
		Subscriptions []grSub `json:"subscriptions"`
	}
	if err := g.get(ctx, "/subscription/list", nil, &res); err != nil {
		return nil, err
	}
	out := make([]store.SyncFeed, 0, len(res.Subscriptions))
	for _, s := range res.Subscriptions {
		f := store.SyncFeed{RemoteID: s.ID, URL: sanitize.Line(s.URL), Title: sanitize.Line(s.Title), SiteURL: sanitize.Line(s.HTMLURL)}
		if len(s.Categories) > 0 {
			f.Category = sanitize.Line(s.Categories[0].Label)
		}
		out = append(out, f)
	}
	return out, nil
}

// Subscribe subscribes to url (quickadd), or returns the subscription the
// server already has.
func (g *GReader) Subscribe(ctx context.Context, feedURL string) (store.SyncFeed, error) {
	find := func() (store.SyncFeed, bool, error) {
		fs, err := g.Feeds(ctx)
		if err != nil {
			return store.SyncFeed{}, false, err
		}
		for _, f := range fs {
			if f.URL == feedURL {
				return f, true, nil
			}
		}
		return store.SyncFeed{}, false, nil
	}
	if f, ok, err := find(); err != nil || ok {
		return f, err
	}
	var res struct {
		NumResults int    `json:"numResults"`
		StreamID   string `json:"streamId"`
	}
	if err := g.post(ctx, "/subscription/quickadd", url.Values{"quickadd": {feedURL}}, &res); err != nil {
		return store.SyncFeed{}, err
	}
	if res.StreamID == "" {
		return store.SyncFeed{}, &Error{Server: g.c.server(), Status: http.StatusBadRequest, Detail: "found no feed at " + sanitize.Line(feedURL)}
	}
	f, ok, err := find()
	if err != nil {
		return f, err
	}
	if !ok {
		// The server stored the feed under the URL it was redirected to.
		return store.SyncFeed{RemoteID: res.StreamID, URL: feedURL}, nil
	}
	return f, nil
}

// Unsubscribe drops a subscription.
func (g *GReader) Unsubscribe(ctx context.Context, feedID string) error {
	err := g.post(ctx, "/subscription/edit", url.Values{"ac": {"unsubscribe"}, "s": {feedID}}, nil)
	if e, ok := err.(*Error); ok && e.Status == http.StatusNotFound {
		return nil
	}
	return err
}

// Mark adds or removes the read or starred state of entries.
func (g *GReader) Mark(ctx context.Context, kind store.OpKind, entryIDs []string) error {
	f := url.Values{"i": entryIDs}
	switch kind {
	case store.OpRead:
		f.Set("a", grRead)
	case store.OpUnread:
		f.Set("r", grRead)
	case store.OpStar:
		f.Set("a", grStarred)
	case store.OpUnstar:
		f.Set("r", grStarred)
	default:
		return &Error{Server: g.c.server(), Status: http.StatusBadRequest, Detail: "unknown change " + string(kind)}
	}
	return g.post(ctx, "/edit-tag", f, nil)
}

// ids pages through the ids of a stream.
func (g *GReader) ids(ctx context.Context, q url.Values, each func([]string) error) error {
	n := g.IDPage
	if n <= 0 {
		n = 1000
	}
	cont := ""
	for {
		qq := url.Values{"n": {strconv.Itoa(n)}}
		for k, v := range q {
			qq[k] = v
		}
		if cont != "" {
			qq.Set("c", cont)
		}
		var res struct {
			ItemRefs []struct {
				ID string `json:"id"`
			} `json:"itemRefs"`
			Continuation json.RawMessage `json:"continuation"`
		}
		if err := g.get(ctx, "/stream/items/ids", qq, &res); err != nil {
			return err
		}
		ids := make([]string, 0, len(res.ItemRefs))
		for _, r := range res.ItemRefs {
			ids = append(ids, normalizeItemID(r.ID))
		}
		if err := each(ids); err != nil {
			return err
		}
		cont = strings.Trim(string(res.Continuation), `"`)
		if cont == "" || cont == "null" || cont == "0" || len(ids) == 0 {
			return nil
		}
	}
}

// Pull takes the complete lists of unread and starred ids, and the
// contents of the entries the store lacks among them and among the
// entries published since the cursor (a day's margin: the API filters by
// publication date, not by when the server got the entry).
func (g *GReader) Pull(ctx context.Context, cursor string, unknown func([]string) ([]string, error), page func([]store.SyncEntry) error) (string, *States, error) {
	started := time.Now()
	states := &States{Unread: map[string]bool{}, Starred: map[string]bool{}}
	var missing []string
	seen := map[string]bool{}
	collect := func(set map[string]bool) func([]string) error {
		return func(ids []string) error {
			var fresh []string
			for _, id := range ids {
				if set != nil {
					set[id] = true
				}
				if !seen[id] {
					seen[id] = true
					fresh = append(fresh, id)
				}
			}
			u, err := unknown(fresh)
			missing = append(missing, u...)
			return err
		}
	}
	if err := g.ids(ctx, url.Values{"s": {grReadingList}, "xt": {grRead}}, collect(states.Unread)); err != nil {
		return "", nil, err
	}
	if err := g.ids(ctx, url.Values{"s": {grStarred}}, collect(states.Starred)); err != nil {
		return "", nil, err
	}
	recent := url.Values{"s": {grReadingList}}
	if since, err := strconv.ParseInt(cursor, 10, 64); err == nil && since > 0 {
		recent.Set("ot", strconv.FormatInt(since-86400, 10))
	}
	if err := g.ids(ctx, recent, collect(nil)); err != nil {
		return "", nil, err
	}
	n := g.ItemPage
	if n <= 0 {
		n = 100
	}
	for len(missing) > 0 {
		chunk := missing[:min(n, len(missing))]
		missing = missing[len(chunk):]
		entries, err := g.contents(ctx, chunk, states)
		if err != nil {
			return "", nil, err
		}
		if err := page(entries); err != nil {
			return "", nil, err
		}
	}
	return strconv.FormatInt(started.Unix(), 10), states, nil
}

type grItem struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published int64  `json:"published"`
	Author    string `json:"author"`
	Alternate []struct {
		HREF string `json:"href"`
	} `json:"alternate"`
	Canonical []struct {
		HREF string `json:"href"`
	} `json:"canonical"`
	Summary struct {
		Content string `json:"content"`
	} `json:"summary"`
	Content struct {
		Content string `json:"content"`
	} `json:"content"`
	Categories []string `json:"categories"`
	Origin     struct {
		StreamID string `json:"streamId"`
	} `json:"origin"`
}

// contents fetches the entries with the given ids.
func (g *GReader) contents(ctx context.Context, ids []string, states *States) ([]store.SyncEntry, error) {
	var res struct {
		Items []grItem `json:"items"`
	}
	if err := g.post(ctx, "/stream/items/contents", url.Values{"i": ids}, &res); err != nil {
		return nil, err
	}
	out := make([]store.SyncEntry, 0, len(res.Items))
	for _, it := range res.Items {
		e := store.SyncEntry{RemoteID: normalizeItemID(it.ID), FeedRemoteID: it.Origin.StreamID,
			Title: sanitize.Line(it.Title), Author: sanitize.Line(it.Author), Content: sanitize.Text(it.Content.Content)}
		if e.Content == "" {
			e.Content = it.Summary.Content
		}
		if len(it.Canonical) > 0 {
			e.URL = sanitize.Line(it.Canonical[0].HREF)
		} else if len(it.Alternate) > 0 {
			e.URL = sanitize.Line(it.Alternate[0].HREF)
		}
		if it.Published > 0 {
			e.Published = time.Unix(it.Published, 0).UTC()
		}
		e.Read = !states.Unread[e.RemoteID]
		e.Starred = states.Starred[e.RemoteID]
		out = append(out, e)
	}
	return out, nil
}

// normalizeItemID writes an item id in the short decimal form: the API
// gives ids in lists that way and in contents as
// "tag:google.com,2005:reader/item/" and 16 hex digits.
func normalizeItemID(id string) string {
	if h, ok := strings.CutPrefix(id, grItemPrefix); ok {
		if n, err := strconv.ParseUint(h, 16, 64); err == nil {
			return strconv.FormatInt(int64(n), 10)
		}
	}
	return id
}
