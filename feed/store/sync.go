package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// Meta keys of the sync state.
const (
	metaSyncAccount = "sync_account"
	metaSyncCursor  = "sync_cursor"
)

// OpKind is what a queued local change does on the sync server.
type OpKind string

// The changes the outbox queues.
const (
	OpRead        OpKind = "read"
	OpUnread      OpKind = "unread"
	OpStar        OpKind = "star"
	OpUnstar      OpKind = "unstar"
	OpSubscribe   OpKind = "subscribe"
	OpUnsubscribe OpKind = "unsubscribe"
)

// Op is one local change waiting in the outbox to be sent to the sync
// server.
type Op struct {
	ID   int64
	Kind OpKind
	// RemoteID is the story's (read, star…) or the feed's (unsubscribe)
	// id on the server.
	RemoteID string
	// URL is the feed to subscribe to.
	URL string
	// StoryID is the local story a state change is about, else 0.
	StoryID int64
	// At is when the change was made here.
	At time.Time
}

// SyncFeed is a subscription as the sync server lists it.
type SyncFeed struct {
	RemoteID string
	URL      string
	Title    string
	SiteURL  string
	// Category is the server's folder for the feed; it becomes a tag.
	Category string
}

// SyncEntry is one story as the sync server gives it, with its state.
type SyncEntry struct {
	RemoteID     string
	FeedRemoteID string
	URL          string
	Title        string
	Author       string
	Content      string
	Published    time.Time
	Read         bool
	Starred      bool
	// Changed is when the server last changed the entry (its state
	// included); zero when the server does not tell, and then a local
	// change still waiting in the outbox wins.
	Changed time.Time
}

// SyncStats counts what applying the server's changes did.
type SyncStats struct {
	// New stories arrived; Changed ones had their read or starred state
	// set from the server.
	New, Changed int
	// FeedsAdded and FeedsRemoved count subscriptions made or dropped on
	// the server (on another machine).
	FeedsAdded, FeedsRemoved int
}

// SyncAccount is the sync server this database last synced with ("" when
// it never did). While it is set, local changes to synced stories and
// feeds are queued in the outbox.
func (s *Store) SyncAccount(ctx context.Context) (string, error) {
	var v string
	err := withRetry(ctx, func() error {
		var err error
		v, err = getMeta(ctx, s.db, metaSyncAccount)
		return err
	})
	return v, err
}

// BeginSync records the account the database syncs with. When it differs
// from the one it synced with before, what was synced with that one is
// forgotten (its ids, its cursor and its unsent changes): ids of one
// server mean nothing on another.
func (s *Store) BeginSync(ctx context.Context, account string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		old, err := getMeta(ctx, tx, metaSyncAccount)
		if err != nil || old == account {
			return err
		}
		for _, q := range []string{
			`UPDATE feeds SET remote_id = '' WHERE remote_id != ''`,
			`UPDATE stories SET remote_id = '' WHERE remote_id != ''`,
			`DELETE FROM outbox`,
			`DELETE FROM meta WHERE key = '` + metaSyncCursor + `'`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return setMeta(ctx, tx, metaSyncAccount, account)
	})
	if err != nil {
		return fmt.Errorf("store: begin sync: %w", err)
	}
	return nil
}

// SyncCursor is the server's marker of the last sync, "" before the first.
func (s *Store) SyncCursor(ctx context.Context) (string, error) {
	var v string
	err := withRetry(ctx, func() error {
		var err error
		v, err = getMeta(ctx, s.db, metaSyncCursor)
		return err
	})
	return v, err
}

// queueStoryOp queues a read or star change of a synced story, in the
// transaction that makes it; a story only this machine knows, or a
// database that does not sync, queues nothing.
func queueStoryOp(ctx context.Context, tx *sql.Tx, storyID int64, kind OpKind, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, remote_id, story_id, created)
		SELECT ?, remote_id, id, ? FROM stories
		WHERE id = ? AND remote_id != '' AND EXISTS (SELECT 1 FROM meta WHERE key = ? AND value != '')`,
		string(kind), at.UnixMilli(), storyID, metaSyncAccount)
	return err
}

// Outbox returns up to limit queued changes, oldest first: the
// subscription changes when feeds is true, else the read and star ones.
func (s *Store) Outbox(ctx context.Context, feeds bool, limit int) ([]Op, error) {
	in := `kind IN ('read', 'unread', 'star', 'unstar')`
	if feeds {
		in = `kind IN ('subscribe', 'unsubscribe')`
	}
	out, err := queryAll(ctx, s, func(sc interface{ Scan(...any) error }) (Op, error) {
		var o Op
		var at int64
		err := sc.Scan(&o.ID, &o.Kind, &o.RemoteID, &o.URL, &o.StoryID, &at)
		o.At = time.UnixMilli(at).UTC()
		return o, err
	}, `SELECT id, kind, remote_id, url, story_id, created FROM outbox WHERE `+in+` ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read the outbox: %w", err)
	}
	return out, nil
}

// DoneOps removes changes from the outbox: the server took them, or
// rejected them for good.
func (s *Store) DoneOps(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: clear sent changes: %w", err)
	}
	return nil
}

// Subscribed records the server's id of a feed subscribed through the
// outbox, and drops the subscribe change, in one transaction.
func (s *Store) Subscribed(ctx context.Context, opID int64, url, remoteID string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		// Another local feed may already hold the id (the server folded
		// two URLs into one): that one keeps it.
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET remote_id = ? WHERE (url = ? OR origin_url = ?) AND remote_id = ''
			AND NOT EXISTS (SELECT 1 FROM feeds WHERE remote_id = ? AND remote_id != '')`, remoteID, url, url, remoteID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, opID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record subscription %s: %w", url, err)
	}
	return nil
}

// SyncedFeedIDs returns the local ids of the feeds the sync server
// fetches: tidings does not fetch those itself.
func (s *Store) SyncedFeedIDs(ctx context.Context) (map[int64]bool, error) {
	ids, err := queryAll(ctx, s, func(sc interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, `SELECT id FROM feeds WHERE remote_id != ''`)
	if err != nil {
		return nil, fmt.Errorf("store: list synced feeds: %w", err)
	}
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m, nil
}

// ApplySyncFeeds makes the local subscriptions match the server's list: a
// local feed with the same URL takes the server's id, a server feed
// unknown here is added, and a synced feed the server no longer lists is
// removed (it was unsubscribed elsewhere). Feeds only this machine knows
// are left alone, and so are feeds with a subscribe or unsubscribe still
// queued.
func (s *Store) ApplySyncFeeds(ctx context.Context, remote []SyncFeed) (SyncStats, error) {
	var st SyncStats
	err := s.write(ctx, func(tx *sql.Tx) error {
		st = SyncStats{}
		now := s.now().Unix()
		listed := make(map[string]bool, len(remote))
		for _, rf := range remote {
			listed[rf.RemoteID] = true
			added, err := applySyncFeed(ctx, tx, rf, now)
			if err != nil {
				return err
			}
			if added {
				st.FeedsAdded++
			}
		}
		n, err := removeUnlisted(ctx, tx, listed)
		st.FeedsRemoved = n
		return err
	})
	if err != nil {
		return SyncStats{}, fmt.Errorf("store: apply the server's feeds: %w", err)
	}
	return st, nil
}

// applySyncFeed updates the feed the server lists as rf, or links the
// local feed of the same address to it, or adds it (unless it was
// removed here and the server does not know yet); added reports the last.
func applySyncFeed(ctx context.Context, tx *sql.Tx, rf SyncFeed, now int64) (added bool, err error) {
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE remote_id = ? AND remote_id != ''`, rf.RemoteID).Scan(&id)
	if err == nil {
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET title = CASE WHEN ? != '' THEN ? ELSE title END,
			site_url = CASE WHEN ? != '' THEN ? ELSE site_url END WHERE id = ?`,
			rf.Title, rf.Title, rf.SiteURL, rf.SiteURL, id); err != nil {
			return false, err
		}
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	id, ok, err := findFeedTx(ctx, tx, rf.URL)
	if err != nil {
		return false, err
	}
	if ok {
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET remote_id = ? WHERE id = ? AND remote_id = ''`, rf.RemoteID, id); err != nil {
			return false, err
		}
		return false, nil
	}
	var unsub int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE kind = ? AND remote_id = ?`,
		string(OpUnsubscribe), rf.RemoteID).Scan(&unsub); err != nil {
		return false, err
	}
	if unsub > 0 {
		return false, nil // removed here, not yet on the server
	}
	var tags []string
	if c := strings.TrimSpace(rf.Category); c != "" && !strings.EqualFold(c, "all") {
		tags = []string{c}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO feeds (url, origin_url, title, site_url, tags, added_by_user, added, remote_id)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, rf.URL, rf.URL, rf.Title, rf.SiteURL, encodeList(tags), now, rf.RemoteID); err != nil {
		return false, err
	}
	return true, nil
}

// removeUnlisted deletes the synced feeds the server no longer lists
// (those of the config file aside) and counts them.
func removeUnlisted(ctx context.Context, tx *sql.Tx, listed map[string]bool) (int, error) {
	n := 0
	rows, err := tx.QueryContext(ctx, `SELECT id, remote_id FROM feeds WHERE remote_id != '' AND in_config = 0`)
	if err != nil {
		return 0, err
	}
	var gone []int64
	for rows.Next() {
		var id int64
		var rid string
		if err := rows.Scan(&id, &rid); err != nil {
			rows.Close()
			return 0, err
		}
		if !listed[rid] {
			gone = append(gone, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// ApplySyncEntries stores one page of the server's new and changed
// entries and, in the same transaction, the cursor to resume from, so a
// sync killed half-way resumes without duplicates or gaps. An entry is
// matched by its server id, else by its link within its feed (a story
// tidings fetched itself before the feed was synced), else added. A
// read or star change still queued here wins over the server's state
// unless the server changed the entry after it; the older local change
// is then dropped. Entries of feeds unknown here are skipped.
func (s *Store) ApplySyncEntries(ctx context.Context, entries []SyncEntry, cursor string) (SyncStats, error) {
	var st SyncStats
	err := s.write(ctx, func(tx *sql.Tx) error {
		st = SyncStats{}
		now := s.now()
		for _, e := range entries {
			if err := applyEntry(ctx, tx, e, now, &st); err != nil {
				return err
			}
		}
		if cursor != "" {
			return setMeta(ctx, tx, metaSyncCursor, cursor)
		}
		return nil
	})
	if err != nil {
		return SyncStats{}, fmt.Errorf("store: apply the server's entries: %w", err)
	}
	return st, nil
}

// Lookups by remote_id also require it to be non-empty: SQLite uses a partial
// index only for a query whose condition implies the index's own, and
// without it every lookup reads the whole table.
func applyEntry(ctx context.Context, tx *sql.Tx, e SyncEntry, now time.Time, st *SyncStats) error {
	var feedID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE remote_id = ? AND remote_id != ''`, e.FeedRemoteID).Scan(&feedID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	var id int64
	var read, starred bool
	err = tx.QueryRowContext(ctx, `SELECT id, read, starred FROM stories WHERE remote_id = ? AND remote_id != ''`, e.RemoteID).Scan(&id, &read, &starred)
	if errors.Is(err, sql.ErrNoRows) && e.URL != "" {
		err = tx.QueryRowContext(ctx, `SELECT id, read, starred FROM stories WHERE feed_id = ? AND url = ? AND remote_id = '' LIMIT 1`,
			feedID, e.URL).Scan(&id, &read, &starred)
		if err == nil {
			if _, err := tx.ExecContext(ctx, `UPDATE stories SET remote_id = ? WHERE id = ?`, e.RemoteID, id); err != nil {
				return err
			}
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		story := feed.Story{GUID: "sync:" + e.RemoteID, URL: e.URL, Title: e.Title, Content: e.Content, Published: e.Published}
		if a := strings.TrimSpace(e.Author); a != "" {
			story.Authors = []string{a}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO stories (feed_id, guid, url, title, authors, published, content, hash,
			read, starred, first_seen, sort_time, remote_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (feed_id, guid) DO NOTHING`,
			feedID, story.GUID, story.URL, story.Title, encodeList(story.Authors), unix(story.Published), story.Content,
			storyHash(&story), e.Read, e.Starred, now.Unix(), sortTime(story.Published, now.Unix(), now), e.RemoteID)
		if err == nil {
			st.New++
		}
		return err
	}
	if err != nil {
		return err
	}
	newRead, err := settle(ctx, tx, id, read, e.Read, e.Changed, OpRead, OpUnread)
	if err != nil {
		return err
	}
	newStar, err := settle(ctx, tx, id, starred, e.Starred, e.Changed, OpStar, OpUnstar)
	if err != nil {
		return err
	}
	if newRead != read || newStar != starred {
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET read = ?, starred = ? WHERE id = ?`, newRead, newStar, id); err != nil {
			return err
		}
		st.Changed++
	}
	return nil
}

// settle decides one state of a story between the local value, with any
// change of it still queued, and the server's: the later change wins.
func settle(ctx context.Context, tx *sql.Tx, storyID int64, local, remote bool, changed time.Time, on, off OpKind) (bool, error) {
	var pending sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(created) FROM outbox WHERE story_id = ? AND story_id != 0 AND kind IN (?, ?)`,
		storyID, string(on), string(off)).Scan(&pending); err != nil {
		return local, err
	}
	if !pending.Valid {
		return remote, nil
	}
	if changed.IsZero() || pending.Int64 >= changed.UnixMilli() {
		return local, nil
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE story_id = ? AND story_id != 0 AND kind IN (?, ?)`, storyID, string(on), string(off))
	return remote, err
}

// ApplySyncStates sets the read and starred state of every synced story
// from the server's complete lists of unread and starred ids (the Google
// Reader API gives states this way, without times), except where a local
// change is still queued: it is newer than the lists, which it has not
// reached yet.
func (s *Store) ApplySyncStates(ctx context.Context, unread, starred map[string]bool) (int, error) {
	var n int
	err := s.write(ctx, func(tx *sql.Tx) error {
		n = 0
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.remote_id, s.read, s.starred,
			EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = s.id AND o.story_id != 0 AND o.kind IN ('read', 'unread')),
			EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = s.id AND o.story_id != 0 AND o.kind IN ('star', 'unstar'))
			FROM stories s WHERE s.remote_id != ''`)
		if err != nil {
			return err
		}
		type change struct {
			id            int64
			read, starred bool
		}
		var changes []change
		for rows.Next() {
			var c change
			var rid string
			var read, star, readQueued, starQueued bool
			if err := rows.Scan(&c.id, &rid, &read, &star, &readQueued, &starQueued); err != nil {
				rows.Close()
				return err
			}
			c.read, c.starred = read, star
			if !readQueued {
				c.read = !unread[rid]
			}
			if !starQueued {
				c.starred = starred[rid]
			}
			if c.read != read || c.starred != star {
				changes = append(changes, c)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range changes {
			if _, err := tx.ExecContext(ctx, `UPDATE stories SET read = ?, starred = ? WHERE id = ?`, c.read, c.starred, c.id); err != nil {
				return err
			}
		}
		n = len(changes)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: apply the server's states: %w", err)
	}
	return n, nil
}

// UnknownRemoteIDs returns those of ids that no stored story has.
func (s *Store) UnknownRemoteIDs(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	err := withRetry(ctx, func() error {
		out = out[:0]
		stmt, err := s.db.PrepareContext(ctx, `SELECT 1 FROM stories WHERE remote_id = ? AND remote_id != ''`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, id := range ids {
			var one int
			err := stmt.QueryRowContext(ctx, id).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				out = append(out, id)
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: look up synced stories: %w", err)
	}
	return out, nil
}

// SetSyncCursor records the server's marker after a sync.
func (s *Store) SetSyncCursor(ctx context.Context, cursor string) error {
	err := s.write(ctx, func(tx *sql.Tx) error { return setMeta(ctx, tx, metaSyncCursor, cursor) })
	if err != nil {
		return fmt.Errorf("store: record the sync cursor: %w", err)
	}
	return nil
}
