package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/sanitize"
)

// maxResponse caps one answer of the server: a page of entries with their
// content stays far below it.
const maxResponse = 64 << 20

// client sends the API requests of one backend, one at a time.
type client struct {
	base     *url.URL
	hc       *http.Client
	auth     func(*http.Request)
	requests atomic.Int64
}

func newClient(base string, hc *http.Client) (*client, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(base), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("sync url %q: give the server's http:// or https:// address", sanitize.Line(base))
	}
	u.User = nil
	if hc == nil {
		hc = &http.Client{Timeout: timeout}
	}
	return &client{base: u, hc: hc}, nil
}

func (c *client) server() string { return c.base.String() }

// Requests is how many requests were sent.
func (c *client) Requests() int { return int(c.requests.Load()) }

// do sends one request to path (below the base URL) and decodes a JSON
// answer into out when out is not nil. body is sent as JSON, or as a form
// when it is url.Values.
func (c *client) do(ctx context.Context, method, path string, query url.Values, body any, out any) (http.Header, error) {
	resp, err := c.send(ctx, method, path, query, body)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
		return resp.Header, nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxResponse)).Decode(out); err != nil {
		return nil, &Error{Server: c.server(), Status: resp.StatusCode, Detail: "unreadable answer to " + path + ": " + err.Error()}
	}
	return resp.Header, nil
}

// text sends one request and returns the answer's body as text.
func (c *client) text(ctx context.Context, method, path string, query url.Values, body any) (string, error) {
	resp, err := c.send(ctx, method, path, query, body)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return "", &Error{Server: c.server(), Detail: err.Error()}
	}
	return string(b), nil
}

func (c *client) send(ctx context.Context, method, path string, query url.Values, body any) (*http.Response, error) {
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = query.Encode()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		js, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd, ctype = strings.NewReader(string(js)), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", fetch.DefaultUserAgent())
	if c.auth != nil {
		c.auth(req)
	}
	c.requests.Add(1)
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is named once, by Error
		}
		return nil, &Error{Server: c.server(), Detail: sanitize.Line(err.Error())}
	}
	if resp.StatusCode >= 300 {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return nil, &Error{Server: c.server(), Status: resp.StatusCode, Detail: serverMessage(b)}
	}
	return resp, nil
}

// serverMessage is the reason an error answer gives: Miniflux's
// {"error_message": …}, else a short text, on one clean line.
func serverMessage(b []byte) string {
	var js struct {
		Message string `json:"error_message"`
	}
	if json.Unmarshal(b, &js) == nil && js.Message != "" {
		return sanitize.Line(js.Message)
	}
	s := sanitize.Line(string(b))
	if strings.HasPrefix(s, "<") {
		return "" // an HTML error page says nothing a line can hold
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
