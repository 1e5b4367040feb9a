package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/tidings-app/tidings/feed"
)

const (
	metaSeeded      = "defaults_added"
	metaLastRefresh = "last_refresh"
)

// Article returns the cached cleaned article for a page URL; ok is false
// when none is cached.
func (s *Store) Article(ctx context.Context, url string) (a *feed.Article, ok bool, err error) {
	var js string
	err = withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT json FROM articles WHERE url = ?`, url).Scan(&js)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: article %s: %w", url, err)
	}
	a = new(feed.Article)
	if err := json.Unmarshal([]byte(js), a); err != nil {
		// A cache entry this version cannot read is as good as none.
		return nil, false, nil
	}
	return a, true, nil
}

// PutArticle caches the cleaned article for a page URL, replacing any
// earlier one (and the page it was cleaned from: see PutArticlePage).
func (s *Store) PutArticle(ctx context.Context, url string, a *feed.Article) error {
	return s.PutArticlePage(ctx, url, a, nil)
}

// Page is the page a cached article was cleaned from, kept so that it can
// be cleaned again when the cleaner changes.
type Page struct {
	// Body is the page as downloaded; ContentType its Content-Type; URL
	// the address it came from after redirects.
	Body        []byte
	ContentType string
	URL         string
	// Cleaner names the cleaner (its version and the [clean] rules of the
	// page's site) that made the cached article; the caller decides what
	// it holds and when it is stale.
	Cleaner string
}

// PutArticlePage caches the cleaned article for a page URL together with
// the page it was cleaned from (nil: none kept), replacing both.
func (s *Store) PutArticlePage(ctx context.Context, url string, a *feed.Article, p *Page) error {
	if a == nil {
		return fmt.Errorf("store: cache article %s: nil article", url)
	}
	b, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("store: cache article %s: %w", url, err)
	}
	var body []byte // NULL: no page kept
	var ctype, purl, cleaner string
	if p != nil {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		if _, err := w.Write(p.Body); err == nil && w.Close() == nil {
			body = z.Bytes()
		}
		ctype, purl, cleaner = p.ContentType, p.URL, p.Cleaner
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO articles (url, json, cached, page, page_type, page_url, cleaner) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET json = excluded.json, cached = excluded.cached, page = excluded.page,
			page_type = excluded.page_type, page_url = excluded.page_url, cleaner = excluded.cleaner`,
			url, string(b), s.now().Unix(), body, ctype, purl, cleaner)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: cache article %s: %w", url, err)
	}
	return nil
}

// maxPage bounds a cached page once inflated, as downloads are bounded.
const maxPage = 16 << 20

// ArticlePage returns the cached article for a page URL and the page it
// was cleaned from; p is nil when no page was kept (an article cached by
// an older tidings, or the page's copy is unreadable). ok is false when
// nothing is cached.
func (s *Store) ArticlePage(ctx context.Context, url string) (a *feed.Article, p *Page, ok bool, err error) {
	var js string
	var body []byte
	var page Page
	err = withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT json, page, page_type, page_url, cleaner FROM articles WHERE url = ?`, url).
			Scan(&js, &body, &page.ContentType, &page.URL, &page.Cleaner)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("store: article %s: %w", url, err)
	}
	a = new(feed.Article)
	if err := json.Unmarshal([]byte(js), a); err != nil {
		// A cache entry this version cannot read is as good as none.
		return nil, nil, false, nil
	}
	if body == nil {
		return a, nil, true, nil
	}
	r, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return a, nil, true, nil
	}
	page.Body, err = io.ReadAll(io.LimitReader(r, maxPage))
	if err != nil {
		return a, nil, true, nil
	}
	return a, &page, true, nil
}

// SavedPath returns the file an article URL was last saved to as a note,
// or "" when it never was.
func (s *Store) SavedPath(ctx context.Context, url string) (string, error) {
	var p string
	err := withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT path FROM saved WHERE url = ?`, url).Scan(&p)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: saved path of %s: %w", url, err)
	}
	return p, nil
}

// SetSavedPath records the file an article URL was saved to.
func (s *Store) SetSavedPath(ctx context.Context, url, path string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO saved (url, path, saved) VALUES (?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET path = excluded.path, saved = excluded.saved`, url, path, s.now().Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record saved %s: %w", url, err)
	}
	return nil
}

// LastRefresh is when a refresh of all feeds last finished, or the zero
// time.
func (s *Store) LastRefresh(ctx context.Context) (time.Time, error) {
	var v string
	err := withRetry(ctx, func() error {
		var err error
		v, err = getMeta(ctx, s.db, metaLastRefresh)
		return err
	})
	if err != nil || v == "" {
		return time.Time{}, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, nil
	}
	return fromUnix(n), nil
}

// SetLastRefresh records when a refresh of all feeds finished.
func (s *Store) SetLastRefresh(ctx context.Context, t time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		return setMeta(ctx, tx, metaLastRefresh, strconv.FormatInt(t.Unix(), 10))
	})
	if err != nil {
		return fmt.Errorf("store: record refresh time: %w", err)
	}
	return nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func getMeta(ctx context.Context, q queryer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
