package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed"
)

const feedColumns = `f.id, f.url, CASE WHEN f.user_title != '' THEN f.user_title ELSE f.title END,
	f.site_url, f.tags, f.etag, f.last_modified, f.last_fetched, f.last_error,
	(SELECT COUNT(*) FROM stories s WHERE s.feed_id = f.id),
	(SELECT COUNT(*) FROM stories s WHERE s.feed_id = f.id AND s.read = 0),
	f.cap_skipped, f.cap_pruned, f.feed_text, f.in_config`

func scanFeed(sc interface{ Scan(...any) error }) (feed.Feed, error) {
	var f feed.Feed
	var tags string
	var fetched int64
	if err := sc.Scan(&f.ID, &f.URL, &f.Title, &f.SiteURL, &tags, &f.ETag, &f.LastModified,
		&fetched, &f.LastError, &f.Total, &f.Unread, &f.CapSkipped, &f.CapPruned, &f.FeedText, &f.InConfig); err != nil {
		return f, err
	}
	f.Tags = decodeList(tags)
	f.LastFetched = fromUnix(fetched)
	return f, nil
}

// Feeds lists every subscription in the order they were added, with story
// counts, the last fetch time and the last error. The title is the one the
// user gave, else the feed's own.
func (s *Store) Feeds(ctx context.Context) ([]feed.Feed, error) {
	out, err := queryAll(ctx, s, scanFeed, `SELECT `+feedColumns+` FROM feeds f ORDER BY f.id`)
	if err != nil {
		return nil, fmt.Errorf("store: list feeds: %w", err)
	}
	return out, nil
}

// Feed returns the subscription with the given ID, or ErrNotFound.
func (s *Store) Feed(ctx context.Context, id int64) (feed.Feed, error) {
	return s.feedWhere(ctx, `f.id = ?`, id)
}

// FeedByURL returns the subscription whose URL (current, or as first
// given before a redirect) is url, or ErrNotFound.
func (s *Store) FeedByURL(ctx context.Context, url string) (feed.Feed, error) {
	f, err := s.feedWhere(ctx, `f.url = ?`, url)
	if errors.Is(err, ErrNotFound) {
		f, err = s.feedWhere(ctx, `f.origin_url = ?`, url)
	}
	return f, err
}

func (s *Store) feedWhere(ctx context.Context, where string, arg any) (feed.Feed, error) {
	var f feed.Feed
	err := withRetry(ctx, func() error {
		var err error
		f, err = scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE `+where+` LIMIT 1`, arg))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("store: feed %v: %w", arg, ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("store: feed %v: %w", arg, err)
	}
	return f, nil
}

// AddFeed subscribes to f.URL with the user's title and tags (either may
// be empty) and returns the stored feed. A URL already subscribed is
// ErrExists.
func (s *Store) AddFeed(ctx context.Context, f feed.Feed) (feed.Feed, error) {
	f.URL = strings.TrimSpace(f.URL)
	if f.URL == "" {
		return f, errors.New("store: add feed: empty URL")
	}
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if existing, ok, err := findFeedTx(ctx, tx, f.URL); err != nil {
			return err
		} else if ok {
			// Marking it as the user's own keeps it when the config file
			// later drops it.
			_, err := tx.ExecContext(ctx, `UPDATE feeds SET added_by_user = 1 WHERE id = ?`, existing)
			if err != nil {
				return err
			}
			return ErrExists
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO feeds (url, origin_url, user_title, site_url, tags, added_by_user, added)
			VALUES (?, ?, ?, ?, ?, 1, ?)`, f.URL, f.URL, strings.TrimSpace(f.Title), f.SiteURL, encodeList(f.Tags), s.now().Unix())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		// A database that syncs subscribes on the server too.
		_, err = tx.ExecContext(ctx, `INSERT INTO outbox (kind, url, created)
			SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM meta WHERE key = ? AND value != '')`,
			string(OpSubscribe), f.URL, s.now().UnixMilli(), metaSyncAccount)
		return err
	})
	if errors.Is(err, ErrExists) {
		return f, fmt.Errorf("store: %s: %w", f.URL, ErrExists)
	}
	if err != nil {
		return f, fmt.Errorf("store: add feed %s: %w", f.URL, err)
	}
	return s.Feed(ctx, id)
}

func findFeedTx(ctx context.Context, tx *sql.Tx, url string) (int64, bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ? OR origin_url = ? ORDER BY url = ? DESC LIMIT 1`, url, url, url).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// SetFeedInfo changes the user's title and tags of a feed (an empty title
// falls back to the feed's own).
func (s *Store) SetFeedInfo(ctx context.Context, id int64, title string, tags []string) error {
	return s.execOne(ctx, fmt.Sprintf("feed %d", id),
		`UPDATE feeds SET user_title = ?, tags = ? WHERE id = ?`, strings.TrimSpace(title), encodeList(tags), id)
}

// RemoveFeed unsubscribes from a feed and deletes its stories. A feed the
// config file defines is ErrConfigFeed: it must be removed from the file.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var inConfig bool
		err := tx.QueryRowContext(ctx, `SELECT in_config FROM feeds WHERE id = ?`, id).Scan(&inConfig)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if inConfig {
			return ErrConfigFeed
		}
		// A synced feed is unsubscribed on the server too; one whose
		// subscription was never sent is simply not sent.
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, remote_id, created)
			SELECT ?, remote_id, ? FROM feeds WHERE id = ? AND remote_id != ''`,
			string(OpUnsubscribe), s.now().UnixMilli(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ? AND url IN (SELECT url FROM feeds WHERE id = ?
			UNION SELECT origin_url FROM feeds WHERE id = ?)`, string(OpSubscribe), id, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: remove feed %d: %w", id, err)
	}
	return nil
}

// UpdateFeedURL stores a feed's new URL after a permanent redirect. When
// another subscription already has that URL it is ErrExists and nothing
// changes.
func (s *Store) UpdateFeedURL(ctx context.Context, id int64, newURL string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ? AND id != ?`, newURL, id).Scan(&other)
		if err == nil {
			return ErrExists
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE feeds SET url = ? WHERE id = ?`, newURL, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: move feed %d to %s: %w", id, newURL, err)
	}
	return nil
}

// SyncFeeds merges the config file's feeds into the database, which holds
// the subscriptions: a config feed that is missing is added, and its title,
// tags and FeedText are applied (the file wins over earlier edits); a feed that the
// file listed before but no longer does is removed, unless the user also
// added it by hand. When neither the database nor the file has any feed and
// defaults have never been added, defaults are added once, so a first run
// shows news and a user who removes them does not see them come back.
//
// Every command runs this at start, so when the database already holds
// exactly the file's list it costs one read and takes no write lock; a
// change costs a few statements, however many feeds the file lists.
func (s *Store) SyncFeeds(ctx context.Context, configFeeds, defaults []feed.Feed) error {
	list, n := configList(configFeeds)
	var same bool
	err := withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, configUnchanged, list, n, metaSeeded).Scan(&same)
	})
	if err == nil && same {
		return nil
	}
	// A failed read is left to the write, which reports what is wrong.
	err = s.write(ctx, func(tx *sql.Tx) error {
		for _, q := range configMerge {
			if _, err := tx.ExecContext(ctx, q, list); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, configAdd, list, s.now().Unix()); err != nil {
			return err
		}
		return addDefaults(ctx, tx, defaults, s.now().Unix())
	})
	if err != nil {
		return fmt.Errorf("store: merge config feeds: %w", err)
	}
	return nil
}

// configList encodes the config file's feeds as the JSON array of
// [url, title, tags, feed_text ("1" or "0")] that the statements below
// read with json_each, one entry per URL (a URL listed twice takes its
// last settings, as applying the entries in turn did), and returns how
// many there are.
func configList(configFeeds []feed.Feed) (string, int) {
	var list [][4]string
	at := map[string]int{}
	for _, f := range configFeeds {
		u := strings.TrimSpace(f.URL)
		if u == "" {
			continue
		}
		text := "0"
		if f.FeedText {
			text = "1"
		}
		e := [4]string{u, strings.TrimSpace(f.Title), encodeList(f.Tags), text}
		if i, ok := at[u]; ok {
			list[i] = e
			continue
		}
		at[u] = len(list)
		list = append(list, e)
	}
	b, _ := json.Marshal(list)
	if list == nil {
		b = []byte("[]")
	}
	return string(b), len(list)
}

// configFeedsCTE resolves each entry of the list (?1) to the feed it
// names: the one at that URL, else the one first subscribed at it before
// a permanent redirect moved it (origin_url).
const configFeedsCTE = `WITH c(k, url, title, tags, ft, id) AS MATERIALIZED (
	SELECT key, value->>0, value->>1, value->>2, CAST(value->>3 AS INTEGER),
		(SELECT id FROM feeds WHERE url = value->>0 OR origin_url = value->>0 ORDER BY url = value->>0 DESC LIMIT 1)
	FROM json_each(?1))
`

// configUnchanged is true when the database holds exactly the list (?1, of
// ?2 entries) as config feeds, with their titles and tags, and the first
// run's defaults have been settled (meta key ?3).
const configUnchanged = configFeedsCTE + `SELECT
	(SELECT COUNT(*) FROM feeds WHERE in_config = 1) = ?2
	AND (SELECT COUNT(DISTINCT f.id) FROM c JOIN feeds f ON f.id = c.id
		WHERE f.in_config = 1 AND f.user_title = c.title AND f.tags = c.tags AND f.feed_text = c.ft) = ?2
	AND EXISTS (SELECT 1 FROM meta WHERE key = ?3 AND value != '')`

// configMerge applies the list (?1) to the feeds already in the database:
// titles and tags of the feeds it names (only rows that change are
// written), then feeds it no longer names removed or, when the user added
// them too, kept as the user's. It runs before configAdd, so that the
// removal never sees the feeds being added.
var configMerge = []string{
	configFeedsCTE + `UPDATE feeds SET in_config = 1, user_title = c.title, tags = c.tags, feed_text = c.ft
	FROM c WHERE feeds.id = c.id AND (in_config != 1 OR user_title != c.title OR feeds.tags != c.tags OR feeds.feed_text != c.ft)`,
	configFeedsCTE + `DELETE FROM feeds WHERE in_config = 1 AND added_by_user = 0
	AND id NOT IN (SELECT id FROM c WHERE id IS NOT NULL)`,
	configFeedsCTE + `UPDATE feeds SET in_config = 0 WHERE in_config = 1
	AND id NOT IN (SELECT id FROM c WHERE id IS NOT NULL)`,
}

// configAdd adds the list's (?1) feeds that are not in the database, in
// the file's order, at time ?2.
const configAdd = configFeedsCTE + `INSERT INTO feeds (url, origin_url, user_title, tags, in_config, feed_text, added)
	SELECT url, url, title, tags, 1, ft, ?2 FROM c WHERE id IS NULL ORDER BY k`

// addDefaults adds the built-in feeds when the database has no feed and
// they were never added (nor declined), and records that the question is
// settled once there is a feed.
func addDefaults(ctx context.Context, tx *sql.Tx, defaults []feed.Feed, now int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM feeds`).Scan(&n); err != nil {
		return err
	}
	seeded, err := getMeta(ctx, tx, metaSeeded)
	if err != nil {
		return err
	}
	if n == 0 && seeded == "" {
		for _, f := range defaults {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO feeds (url, origin_url, user_title, tags, added_by_user, added)
				VALUES (?, ?, ?, ?, 1, ?)`, f.URL, f.URL, f.Title, encodeList(f.Tags), now); err != nil {
				return err
			}
		}
		n = len(defaults)
	}
	if n > 0 && seeded == "" {
		return setMeta(ctx, tx, metaSeeded, "1")
	}
	return nil
}

// DeclineDefaults records that the user chose their own feeds (a first
// `feeds add` or `import`, even one that failed): SyncFeeds never adds the
// built-in ones to this database afterwards.
func (s *Store) DeclineDefaults(ctx context.Context) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		seeded, err := getMeta(ctx, tx, metaSeeded)
		if err != nil || seeded != "" {
			return err
		}
		return setMeta(ctx, tx, metaSeeded, "declined")
	})
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// InConfig reports whether the config file defines the feed.
func (s *Store) InConfig(ctx context.Context, id int64) (bool, error) {
	var in bool
	err := withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT in_config FROM feeds WHERE id = ?`, id).Scan(&in)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("store: feed %d: %w", id, ErrNotFound)
	}
	return in, err
}

// NextFetch is the earliest time the feed's server allowed the next
// request (from a Retry-After or a back-off), or the zero time.
func (s *Store) NextFetch(ctx context.Context, id int64) (time.Time, error) {
	var n int64
	err := withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT next_fetch FROM feeds WHERE id = ?`, id).Scan(&n)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("store: feed %d: %w", id, ErrNotFound)
	}
	return fromUnix(n), err
}

// Failures is how many refreshes of the feed in a row have failed.
func (s *Store) Failures(ctx context.Context, id int64) (int, error) {
	var n int
	err := withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT failures FROM feeds WHERE id = ?`, id).Scan(&n)
	})
	return n, err
}

func (s *Store) execOne(ctx context.Context, what, q string, args ...any) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

func encodeList(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l)
	return string(b)
}

func decodeList(s string) []string {
	if s == "" || s == "[]" {
		return nil
	}
	var l []string
	_ = json.Unmarshal([]byte(s), &l)
	return l
}
