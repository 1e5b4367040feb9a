package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// Version sums up what a list of stories and feeds shows: it changes when
// a story or a feed is added or removed, or a feed's error changes,
// whichever process did it (a cron `tidings fetch`, `feeds add`,
// `import`). Marking stories read or starred does not change it: the
// program that did so shows it already.
type Version struct {
	Stories, LastStory int64 // how many stories, the newest id
	Feeds, LastFeed    int64 // how many feeds, the newest id
	// FeedErrors is how many feeds have an error, and FeedErrorBytes
	// their total length: an error that changes is seen.
	FeedErrors, FeedErrorBytes int64
}

// watcher holds the connection Version asks PRAGMA data_version on: the
// number only means something on one connection, where it changes when any
// other connection (of this process or another) commits.
type watcher struct {
	mu      sync.Mutex
	conn    *sql.Conn
	data    int64
	version Version
	known   bool
}

// Version returns the database's Version. It costs one PRAGMA while
// nothing was committed since the last call (a program may ask every few
// seconds), and a few indexed counts when something was.
func (s *Store) Version(ctx context.Context) (Version, error) {
	w := &s.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn == nil {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return Version{}, fmt.Errorf("store: watching for changes: %w", explain(err))
		}
		w.conn, w.known = c, false
	}
	var data int64
	if err := w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&data); err != nil {
		w.drop()
		return Version{}, fmt.Errorf("store: watching for changes: %w", explain(err))
	}
	if w.known && data == w.data {
		return w.version, nil
	}
	var v Version
	err := w.conn.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM stories), (SELECT ifnull(max(id), 0) FROM stories),
		(SELECT count(*) FROM feeds), (SELECT ifnull(max(id), 0) FROM feeds),
		(SELECT count(*) FROM feeds WHERE last_error != ''), (SELECT ifnull(sum(length(last_error)), 0) FROM feeds)`).
		Scan(&v.Stories, &v.LastStory, &v.Feeds, &v.LastFeed, &v.FeedErrors, &v.FeedErrorBytes)
	if err != nil {
		w.drop()
		return Version{}, fmt.Errorf("store: watching for changes: %w", explain(err))
	}
	w.data, w.version, w.known = data, v, true
	return v, nil
}

// drop gives the connection back after an error; the next call takes a
// fresh one.
func (w *watcher) drop() {
	if w.conn != nil {
		w.conn.Close()
		w.conn, w.known = nil, false
	}
}

// closeWatch releases the watching connection before the database closes.
func (s *Store) closeWatch() {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	s.watch.drop()
}
