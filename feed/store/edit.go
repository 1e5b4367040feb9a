package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/tidings-app/tidings/feed"
)

// RenameFeed gives a feed the user's title; an empty one brings back the
// feed's own. A feed the config file defines is ErrConfigFeed: the file
// would rename it back at the next start.
func (s *Store) RenameFeed(ctx context.Context, id int64, title string) error {
	return s.editFeed(ctx, id, "rename", `user_title = ?`, strings.TrimSpace(title))
}

// RetagFeed replaces a feed's tags. A feed the config file defines is
// ErrConfigFeed.
func (s *Store) RetagFeed(ctx context.Context, id int64, tags []string) error {
	return s.editFeed(ctx, id, "retag", `tags = ?`, encodeList(tags))
}

// SetFeedText says whether the feed's own text is shown instead of its
// pages. A feed the config file defines is ErrConfigFeed: its feed_text
// key says.
func (s *Store) SetFeedText(ctx context.Context, id int64, on bool) error {
	return s.editFeed(ctx, id, "set the text of", `feed_text = ?`, on)
}

// editFeed sets one column of a feed the config file does not define.
func (s *Store) editFeed(ctx context.Context, id int64, what, set string, v any) error {
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
		_, err = tx.ExecContext(ctx, `UPDATE feeds SET `+set+` WHERE id = ?`, v, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: %s feed %d: %w", what, id, err)
	}
	return nil
}

// LastStoryID is the highest story id: the stories stored later have
// higher ones. Zero when there are none.
func (s *Store) LastStoryID(ctx context.Context) (int64, error) {
	var id int64
	err := withRetry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM stories`).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("store: last story: %w", err)
	}
	return id, nil
}

// ToCache lists the stories stored after the one numbered after (see
// LastStoryID) whose article is not cached yet, newest first, at most
// limit (0: all): those a fetch with articles downloads. Stories of feeds shown by their own text, and
// stories without a link, have no page to cache and are left out; so are
// stories of feeds not in feedIDs, when it is not empty.
func (s *Store) ToCache(ctx context.Context, after int64, feedIDs []int64, limit int) ([]feed.Story, error) {
	q := `SELECT ` + storyColumns(`s.summary, s.content`) + ` FROM stories s JOIN feeds f ON f.id = s.feed_id
		WHERE s.id > ? AND s.url != '' AND f.feed_text = 0
		AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = s.url)`
	args := []any{after}
	if len(feedIDs) > 0 {
		q += ` AND s.feed_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(feedIDs)), ",") + `)`
		for _, id := range feedIDs {
			args = append(args, id)
		}
	}
	q += ` ORDER BY s.sort_time DESC, s.id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	out, err := queryAll(ctx, s, scanStory, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stories to cache: %w", err)
	}
	return out, nil
}
