// Package store keeps tidings' state in one SQLite file: subscriptions with
// their HTTP validators and last error, the stories of every feed with the
// reader's read and starred marks, the cache of cleaned articles, and where
// articles were saved as notes.
//
// The database holds the subscriptions. Feeds listed in the config file are
// merged into it by SyncFeeds at start; feeds added from the command line or
// an OPML import are written to it directly.
//
// Several processes may use one file at once (the TUI and a cron
// `tidings fetch`): the file is in WAL mode, every connection waits for a
// busy lock, write transactions take the write lock up front, and a write
// that still finds the database busy is retried until its context ends.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Store is an open tidings database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
	// writeMu lets one write transaction of this process run at a time:
	// SQLite has one write lock anyway, and goroutines waiting on this
	// mutex wake at once when it frees, where waiting in SQLite's busy
	// handler means sleeping in steps of up to 100 ms.
	writeMu sync.Mutex
	// watch is what Version needs between calls.
	watch watcher
	// onWait, when set, hears once that a write waits for another
	// process's write lock; waitNoted records that it was told.
	onWait    atomic.Pointer[func(who string)]
	waitNoted atomic.Bool
}

// waitNotice is how long a write waits for another process's lock before
// OnWait hears of it: past the pause of a usual commit, well before a user
// wonders.
const waitNotice = time.Second

// OnWait sets f to be called once, from another goroutine, when a write has
// waited waitNotice for the write lock another process holds (a cron fetch,
// a reader saving marks). who names that process as the system tells it
// ("pid 4242: tidings fetch -q"), else "another process".
func (s *Store) OnWait(f func(who string)) { s.onWait.Store(&f) }

// Errors callers can test with errors.Is.
var (
	// ErrNotFound is returned for a feed or story that is not in the store.
	ErrNotFound = errors.New("not found")
	// ErrExists is returned when adding a feed whose URL is already there.
	ErrExists = errors.New("already subscribed")
	// ErrConfigFeed is returned by RemoveFeed for a feed that the config
	// file defines: removing it from the database alone would bring it back
	// at the next start.
	ErrConfigFeed = errors.New("defined in the config file")
	// ErrDamaged is returned (wrapped) when SQLite finds the database file
	// corrupt: a disk fault or a copy made mid-write damaged it. Callers
	// say how to recover, since they know how the file was chosen.
	ErrDamaged = errors.New("the database file is damaged")
)

// busyTimeout is how long one statement waits for another process's lock
// before SQLite gives up; withRetry then tries again while ctx allows.
const busyTimeout = 5 * time.Second

// Open opens (creating when missing, with its directories) the database at
// path and brings its schema up to date.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: no database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			// The path error repeats a path the line names already.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = fmt.Errorf("%s: %w", pe.Path, pe.Err)
			}
			return nil, fmt.Errorf("store: cannot create the database's folder: %w", err)
		}
	}
	// A file: URI, so characters that mean something in one must be
	// escaped in the path.
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	dsn := fmt.Sprintf("file:%s?_busy_timeout=%d&_journal_mode=WAL&_foreign_keys=1&_synchronous=NORMAL&_txlock=immediate",
		esc, busyTimeout.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// A handful of connections lets readers (the UI) run beside a writer;
	// more would only queue on SQLite's single write lock.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, now: time.Now}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, explain(err))
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.closeWatch()
	return s.db.Close()
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// migrations are applied in order; PRAGMA user_version records how many
// have run. Never edit one that has shipped: append a new one.
var migrations = []string{
	// 1: the first schema.
	`CREATE TABLE feeds (
		id            INTEGER PRIMARY KEY,
		url           TEXT NOT NULL UNIQUE,
		-- origin_url is the URL as the user or the config gave it, before
		-- any permanent redirect, so the config entry still matches it.
		origin_url    TEXT NOT NULL,
		title         TEXT NOT NULL DEFAULT '',
		user_title    TEXT NOT NULL DEFAULT '',
		site_url      TEXT NOT NULL DEFAULT '',
		tags          TEXT NOT NULL DEFAULT '[]',
		in_config     INTEGER NOT NULL DEFAULT 0,
		added_by_user INTEGER NOT NULL DEFAULT 0,
		etag          TEXT NOT NULL DEFAULT '',
		last_modified TEXT NOT NULL DEFAULT '',
		last_fetched  INTEGER NOT NULL DEFAULT 0,
		last_error    TEXT NOT NULL DEFAULT '',
		failures      INTEGER NOT NULL DEFAULT 0,
		next_fetch    INTEGER NOT NULL DEFAULT 0,
		added         INTEGER NOT NULL
	);
	CREATE INDEX feeds_origin ON feeds(origin_url);
	CREATE TABLE stories (
		id         INTEGER PRIMARY KEY,
		feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
		guid       TEXT NOT NULL,
		url        TEXT NOT NULL DEFAULT '',
		title      TEXT NOT NULL DEFAULT '',
		authors    TEXT NOT NULL DEFAULT '[]',
		published  INTEGER NOT NULL DEFAULT 0,
		updated    INTEGER NOT NULL DEFAULT 0,
		summary    TEXT NOT NULL DEFAULT '',
		content    TEXT NOT NULL DEFAULT '',
		image      TEXT NOT NULL DEFAULT '',
		categories TEXT NOT NULL DEFAULT '[]',
		enclosures TEXT NOT NULL DEFAULT '[]',
		hash       TEXT NOT NULL DEFAULT '',
		read       INTEGER NOT NULL DEFAULT 0,
		starred    INTEGER NOT NULL DEFAULT 0,
		first_seen INTEGER NOT NULL,
		-- sort_time orders the lists: published, else first seen.
		sort_time  INTEGER NOT NULL,
		UNIQUE (feed_id, guid)
	);
	CREATE INDEX stories_sort ON stories(sort_time DESC, id DESC);
	CREATE INDEX stories_feed_sort ON stories(feed_id, sort_time DESC, id DESC);
	CREATE INDEX stories_url ON stories(url);
	-- pruned remembers the stories Prune deleted while their feed still
	-- lists them, so they do not come back as new and unread.
	CREATE TABLE pruned (
		feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
		guid    TEXT NOT NULL,
		seen    INTEGER NOT NULL,
		PRIMARY KEY (feed_id, guid)
	) WITHOUT ROWID;
	CREATE TABLE articles (
		url     TEXT PRIMARY KEY,
		json    TEXT NOT NULL,
		cached  INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE saved (
		url   TEXT PRIMARY KEY,
		path  TEXT NOT NULL,
		saved INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE meta (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) WITHOUT ROWID;`,
	// 2: unread counts per feed without reading every story row.
	`CREATE INDEX stories_feed_read ON stories(feed_id, read);`,
	// 3: sync with a Miniflux or Google Reader API server: the server's
	// ids of feeds and stories, and the outbox of local changes not yet
	// sent. An empty remote_id is a feed or story only this machine knows.
	`ALTER TABLE feeds ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
	ALTER TABLE stories ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
	CREATE UNIQUE INDEX stories_remote ON stories(remote_id) WHERE remote_id != '';
	CREATE UNIQUE INDEX feeds_remote ON feeds(remote_id) WHERE remote_id != '';
	CREATE TABLE outbox (
		id        INTEGER PRIMARY KEY,
		kind      TEXT NOT NULL,
		-- remote_id is the story's or the feed's id on the server; url is
		-- the feed to subscribe to.
		remote_id TEXT NOT NULL DEFAULT '',
		url       TEXT NOT NULL DEFAULT '',
		story_id  INTEGER NOT NULL DEFAULT 0,
		-- created is in Unix milliseconds, to be weighed against the
		-- server's time of its own changes.
		created   INTEGER NOT NULL
	);
	CREATE INDEX outbox_story ON outbox(story_id) WHERE story_id != 0;`,
	// 4: caps on what a feed stores. cap_skipped counts the items the last
	// fetch left out past its cap on new stories, cap_pruned the stories it
	// removed to keep the feed under its cap; the index finds a story again
	// by title and date when its feed changed the GUID and the link.
	`ALTER TABLE feeds ADD COLUMN cap_skipped INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE feeds ADD COLUMN cap_pruned INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX stories_feed_published ON stories(feed_id, published);`,
	// 5: the page a cached article was cleaned from (gzip), so that it is
	// cleaned again, without the network, when the cleaner changes.
	`ALTER TABLE articles ADD COLUMN page BLOB;
	ALTER TABLE articles ADD COLUMN page_type TEXT NOT NULL DEFAULT '';
	ALTER TABLE articles ADD COLUMN page_url TEXT NOT NULL DEFAULT '';
	ALTER TABLE articles ADD COLUMN cleaner TEXT NOT NULL DEFAULT '';`,
	// 6: the list of stories read from an index that holds every column
	// it shows, newest first. A story's row holds its summary and content
	// too, a page or more of the file each: reading the newest 200 rows
	// for the reader's first frame read 200 pages, the whole list of
	// 10,000 forty megabytes. stories_sort is the same index's first two
	// columns and goes.
	`CREATE INDEX stories_list ON stories(sort_time DESC, id DESC, feed_id, guid, url, title, authors,
		published, updated, image, categories, enclosures, read, starred, first_seen);
	DROP INDEX stories_sort;`,
	// 7: a feed whose own text is shown instead of its pages.
	`ALTER TABLE feeds ADD COLUMN feed_text INTEGER NOT NULL DEFAULT 0;`,
	// 8: full-text search over stories and their cached articles, built
	// here for the stories already stored (see search.go).
	searchSchema,
}

func (s *Store) migrate(ctx context.Context) error {
	// A schema that is current needs no write lock: opening must not wait
	// behind another process's long write.
	var cur int
	if err := withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&cur)
	}); err == nil && cur == len(migrations) {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if v > len(migrations) {
			return fmt.Errorf("database schema %d is newer than this tidings knows (%d): upgrade tidings", v, len(migrations))
		}
		for i := v; i < len(migrations); i++ {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migrate schema to %d: %w", i+1, err)
			}
		}
		if v < len(migrations) {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations))); err != nil {
				return fmt.Errorf("set schema version: %w", err)
			}
		}
		return nil
	})
}

// write runs fn in one write transaction (BEGIN IMMEDIATE, so two writers
// never deadlock on a lock upgrade), retrying the whole transaction when
// another process holds the database longer than the busy timeout.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// BEGIN IMMEDIATE is where another process's write lock is waited for.
	var notice *time.Timer
	if f := s.onWait.Load(); f != nil && !s.waitNoted.Load() {
		notice = time.AfterFunc(waitNotice, func() {
			if s.waitNoted.CompareAndSwap(false, true) {
				(*f)(lockHolder(s.path))
			}
		})
		defer notice.Stop()
	}
	return explain(withRetry(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if notice != nil {
			notice.Stop()
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}))
}

// withRetry calls fn again while it fails because the database is busy or
// locked, with a growing pause, until ctx ends.
func withRetry(ctx context.Context, fn func() error) error {
	pause := 50 * time.Millisecond
	for {
		err := fn()
		if err == nil || !isBusy(err) {
			// Reads get the same words for a failing file as writes.
			return explain(err)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("database busy (another tidings is writing): %w", ctx.Err())
		case <-t.C:
		}
		pause = min(pause*2, time.Second)
	}
}

// fileError is a failure of the database file itself, with what to do
// about it.
type fileError struct {
	hint string
	err  error
}

func (e *fileError) Error() string { return e.hint + " (" + e.err.Error() + ")" }
func (e *fileError) Unwrap() error { return e.err }

// Is makes a corrupt file ErrDamaged to errors.Is.
func (e *fileError) Is(target error) bool {
	return target == ErrDamaged && e.hint == ErrDamaged.Error()
}

// explain gives SQLite's terse errors about the file ("disk I/O error
// (778)") the words a user can act on; other errors pass unchanged.
func explain(err error) error {
	var se *sqlite.Error
	var fe *fileError
	if err == nil || errors.As(err, &fe) || !errors.As(err, &se) {
		return err
	}
	var hint string
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		hint = "the disk is full: free some space and try again"
	case sqlite3.SQLITE_IOERR:
		hint = "cannot write the database: is the disk full or failing?"
	case sqlite3.SQLITE_READONLY:
		hint = "the database is read-only: check the permissions of the file and its folder"
	case sqlite3.SQLITE_CANTOPEN:
		hint = "cannot open the database: the path must name a file in a folder tidings may write"
	case sqlite3.SQLITE_NOTADB:
		hint = "not a tidings database"
	case sqlite3.SQLITE_CORRUPT:
		hint = ErrDamaged.Error()
	default:
		return err
	}
	return &fileError{hint, err}
}

func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return strings.Contains(err.Error(), "database is locked")
}

// unix stores a time as Unix seconds; the zero time is 0.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix is the inverse of unix, in UTC.
func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// queryAll runs a query (retried while the database is busy) and scans
// every row with scan.
func queryAll[T any](ctx context.Context, s *Store, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := withRetry(ctx, func() error {
		out = out[:0]
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}
