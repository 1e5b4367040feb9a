package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// Marks selects the stories a bulk change applies to. Its fields narrow
// the selection together; the zero Marks is every story.
type Marks struct {
	// IDs, when not nil, is exactly the stories to change (what the
	// reader's list shows); the other fields narrow them further. An
	// empty, non-nil IDs selects nothing.
	IDs []int64
	// FeedID narrows to one feed when not zero.
	FeedID int64
	// Tag narrows to the feeds that carry this tag when not empty.
	Tag string
	// Before narrows to stories dated before it (their published date,
	// else when they were first seen) when not zero.
	Before time.Time
}

// where returns the condition on stories (no table alias) and its
// arguments.
func (k Marks) where() (string, []any) {
	var conds []string
	var args []any
	if k.IDs != nil {
		// One argument however many stories: a JSON array SQLite reads
		// with json_each, where a list of placeholders would hit
		// SQLite's limit on them with a long list.
		ids, _ := json.Marshal(k.IDs)
		conds = append(conds, `id IN (SELECT value FROM json_each(?))`)
		args = append(args, string(ids))
	}
	if k.FeedID != 0 {
		conds = append(conds, `feed_id = ?`)
		args = append(args, k.FeedID)
	}
	if k.Tag != "" {
		conds = append(conds, `feed_id IN (SELECT f.id FROM feeds f, json_each(f.tags) t WHERE lower(t.value) = lower(?))`)
		args = append(args, k.Tag)
	}
	if !k.Before.IsZero() {
		conds = append(conds, `sort_time < ?`)
		args = append(args, k.Before.Unix())
	}
	if len(conds) == 0 {
		return `1`, nil
	}
	return strings.Join(conds, ` AND `), args
}

// MarkRead marks the unread stories that k selects read, in one
// transaction, and returns the ids of those it changed: the stories an
// undo (MarkUnread) makes unread again, and no others. Synced stories
// are queued for the sync server in the same transaction.
func (s *Store) MarkRead(ctx context.Context, k Marks) ([]int64, error) {
	ids, err := s.bulkRead(ctx, k, true)
	if err != nil {
		return nil, fmt.Errorf("store: mark stories read: %w", err)
	}
	return ids, nil
}

// MarkUnread marks the stories with these ids unread again, in one
// transaction, and returns how many it changed; stories deleted meanwhile
// are skipped. Synced stories are queued as MarkRead queues them.
func (s *Store) MarkUnread(ctx context.Context, ids []int64) (int, error) {
	if ids == nil {
		ids = []int64{}
	}
	changed, err := s.bulkRead(ctx, Marks{IDs: ids}, false)
	if err != nil {
		return 0, fmt.Errorf("store: mark stories unread: %w", err)
	}
	return len(changed), nil
}

// bulkRead sets the read mark of the stories k selects whose mark differs
// and returns their ids.
func (s *Store) bulkRead(ctx context.Context, k Marks, read bool) ([]int64, error) {
	where, args := k.where()
	kind := OpUnread
	if read {
		kind = OpRead
	}
	var ids []int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		ids = ids[:0] // a retried transaction starts again
		where := `read = ` + boolSQL(!read) + ` AND ` + where
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, remote_id, story_id, created)
			SELECT ?, remote_id, id, ? FROM stories WHERE remote_id != '' AND `+where+`
			AND EXISTS (SELECT 1 FROM meta WHERE key = ? AND value != '')`,
			append(append([]any{string(kind), s.now().UnixMilli()}, args...), metaSyncAccount)...); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE stories SET read = `+boolSQL(read)+` WHERE `+where+` RETURNING id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func boolSQL(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

const metaView = "reader_view"

// View returns the reader's view as SetView last stored it; the zero View
// when none was, or when what is stored cannot be read (a view is not
// worth an error at start).
func (s *Store) View(ctx context.Context) (feed.View, error) {
	var raw string
	err := withRetry(ctx, func() error {
		var err error
		raw, err = getMeta(ctx, s.db, metaView)
		return err
	})
	if err != nil {
		return feed.View{}, fmt.Errorf("store: read the reader's view: %w", err)
	}
	var v feed.View
	if raw != "" && json.Unmarshal([]byte(raw), &v) != nil {
		return feed.View{}, nil
	}
	return v, nil
}

// SetView stores the reader's view.
func (s *Store) SetView(ctx context.Context, v feed.View) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: record the reader's view: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error { return setMeta(ctx, tx, metaView, string(b)) })
	if err != nil {
		return fmt.Errorf("store: record the reader's view: %w", err)
	}
	return nil
}
