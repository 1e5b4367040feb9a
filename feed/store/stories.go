package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// FetchResult is what one refresh of one feed produced, saved by
// SaveFetchResult in a single transaction.
type FetchResult struct {
	// FetchedAt is when the refresh ran; zero means now.
	FetchedAt time.Time
	// Err is the one-line reason the refresh failed, empty on success. A
	// failed result records only the error, the failure count and RetryAt.
	Err string
	// RetryAt is the earliest time the server allows another request
	// (Retry-After or back-off); zero means any time.
	RetryAt time.Time
	// NotModified reports a 304: the stored stories stand.
	NotModified bool
	// ETag and LastModified are the response's validators; empty ones keep
	// the stored values.
	ETag, LastModified string
	// Title and SiteURL are the feed's own; empty ones keep the stored
	// values.
	Title, SiteURL string
	// Stories are the feed's items as parsed, in feed order.
	Stories []feed.Story
}

// SaveStats counts what SaveFetchResult changed.
type SaveStats struct {
	// New stories were not in the store; Updated ones were, with different
	// content, and changed in place keeping their read and starred state.
	New, Updated int
}

// SaveFetchResult records one refresh of feed id: its validators or its
// error, and its new and changed stories, all in one transaction, so a crash
// leaves either all of it or none. Stories are matched by GUID, else link,
// else title and date.
func (s *Store) SaveFetchResult(ctx context.Context, id int64, r FetchResult) (SaveStats, error) {
	now := r.FetchedAt
	if now.IsZero() {
		now = s.now()
	}
	var st SaveStats
	err := s.write(ctx, func(tx *sql.Tx) error {
		st = SaveStats{}
		if r.Err != "" {
			res, err := tx.ExecContext(ctx, `UPDATE feeds SET last_error = ?, failures = failures + 1, next_fetch = ? WHERE id = ?`,
				r.Err, unix(r.RetryAt), id)
			return checkOne(res, err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE feeds SET last_error = '', failures = 0, next_fetch = 0, last_fetched = ?,
			etag = CASE WHEN ? != '' THEN ? ELSE etag END,
			last_modified = CASE WHEN ? != '' THEN ? ELSE last_modified END,
			title = CASE WHEN ? != '' THEN ? ELSE title END,
			site_url = CASE WHEN ? != '' THEN ? ELSE site_url END
			WHERE id = ?`, now.Unix(), r.ETag, r.ETag, r.LastModified, r.LastModified,
			r.Title, r.Title, r.SiteURL, r.SiteURL, id)
		if err := checkOne(res, err); err != nil {
			return err
		}
		if r.NotModified || len(r.Stories) == 0 {
			return nil
		}
		return saveStories(ctx, tx, id, r.Stories, now, &st)
	})
	if err != nil {
		return SaveStats{}, fmt.Errorf("store: save feed %d: %w", id, err)
	}
	return st, nil
}

func checkOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

func saveStories(ctx context.Context, tx *sql.Tx, feedID int64, stories []feed.Story, now time.Time, st *SaveStats) error {
	find, err := tx.PrepareContext(ctx, `SELECT id, hash, first_seen FROM stories WHERE feed_id = ? AND guid = ?`)
	if err != nil {
		return err
	}
	defer find.Close()
	tomb, err := tx.PrepareContext(ctx, `UPDATE pruned SET seen = ? WHERE feed_id = ? AND guid = ?`)
	if err != nil {
		return err
	}
	defer tomb.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO stories (feed_id, guid, url, title, authors, published, updated,
		summary, content, image, categories, enclosures, hash, first_seen, sort_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE stories SET url = ?, title = ?, authors = ?, published = ?, updated = ?,
		summary = ?, content = ?, image = ?, categories = ?, enclosures = ?, hash = ?, sort_time = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()

	seen := make(map[string]bool, len(stories))
	for i := range stories {
		story := &stories[i]
		key := DedupKey(*story)
		if key == "" || seen[key] {
			// A feed that lists one item twice shows it once.
			continue
		}
		seen[key] = true
		if res, err := tomb.ExecContext(ctx, now.Unix(), feedID, key); err != nil {
			return err
		} else if n, _ := res.RowsAffected(); n > 0 {
			continue // pruned while the feed still lists it: do not bring it back
		}
		h := storyHash(story)
		var (
			id        int64
			oldHash   string
			firstSeen int64
		)
		err := find.QueryRowContext(ctx, feedID, key).Scan(&id, &oldHash, &firstSeen)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := ins.ExecContext(ctx, feedID, key, story.URL, story.Title, encodeList(story.Authors),
				unix(story.Published), unix(story.Updated), story.Summary, story.Content, story.Image,
				encodeList(story.Categories), encodeEnclosures(story.Enclosures), h, now.Unix(),
				sortTime(story.Published, now.Unix(), now)); err != nil {
				return err
			}
			st.New++
		case err != nil:
			return err
		case oldHash != h:
			if _, err := upd.ExecContext(ctx, story.URL, story.Title, encodeList(story.Authors),
				unix(story.Published), unix(story.Updated), story.Summary, story.Content, story.Image,
				encodeList(story.Categories), encodeEnclosures(story.Enclosures), h,
				sortTime(story.Published, firstSeen, now), id); err != nil {
				return err
			}
			st.Updated++
		}
	}
	return nil
}

// sortTime places a story in the lists: by its date, but never in the
// future (a wrong clock or a bogus date must not pin it on top), and by
// when it was first seen when it has no date.
func sortTime(published time.Time, firstSeen int64, now time.Time) int64 {
	if published.IsZero() {
		return firstSeen
	}
	return min(published.Unix(), now.Unix())
}

// DedupKey is the identity of a story within its feed: its GUID, else its
// link, else its title and date. It is what Story.GUID holds once stored.
func DedupKey(s feed.Story) string {
	if g := strings.TrimSpace(s.GUID); g != "" {
		return g
	}
	if u := strings.TrimSpace(s.URL); u != "" {
		return "link:" + u
	}
	if t := strings.TrimSpace(s.Title); t != "" || !s.Published.IsZero() {
		return "title:" + t + "|" + s.Published.UTC().Format(time.RFC3339)
	}
	// Nothing identifies it: its text must.
	if s.Summary != "" || s.Content != "" {
		sum := sha256.Sum256([]byte(s.Summary + "\x00" + s.Content))
		return "text:" + hex.EncodeToString(sum[:12])
	}
	return ""
}

func storyHash(s *feed.Story) string {
	h := sha256.New()
	for _, f := range []string{s.URL, s.Title, strings.Join(s.Authors, "\x1f"), s.Published.UTC().Format(time.RFC3339),
		s.Updated.UTC().Format(time.RFC3339), s.Summary, s.Content, s.Image, strings.Join(s.Categories, "\x1f"),
		encodeEnclosures(s.Enclosures)} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

type enclosureJSON struct {
	URL    string `json:"url"`
	Type   string `json:"type,omitempty"`
	Length int64  `json:"length,omitempty"`
}

func encodeEnclosures(es []feed.Enclosure) string {
	if len(es) == 0 {
		return "[]"
	}
	out := make([]enclosureJSON, len(es))
	for i, e := range es {
		out[i] = enclosureJSON(e)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func decodeEnclosures(s string) []feed.Enclosure {
	if s == "" || s == "[]" {
		return nil
	}
	var in []enclosureJSON
	if json.Unmarshal([]byte(s), &in) != nil {
		return nil
	}
	out := make([]feed.Enclosure, len(in))
	for i, e := range in {
		out[i] = feed.Enclosure(e)
	}
	return out
}

// Query selects stories for Stories. The zero Query lists every story.
type Query struct {
	// FeedID narrows to one feed when not zero.
	FeedID int64
	// Tag narrows to the feeds that carry this tag when not empty.
	Tag         string
	UnreadOnly  bool
	StarredOnly bool
	// Limit caps the number of stories (0: no cap); Offset skips the
	// first ones, for paging.
	Limit, Offset int
	// WithContent also loads Summary and Content, which lists do not need
	// and which make up most of the bytes; Story always loads them.
	WithContent bool
}

// Stories lists stories newest first (by date, else by when first seen),
// each with its feed's title and tags.
func (s *Store) Stories(ctx context.Context, q Query) ([]feed.Story, error) {
	cols := `'', ''`
	if q.WithContent {
		cols = `s.summary, s.content`
	}
	var where []string
	var args []any
	if q.FeedID != 0 {
		where = append(where, `s.feed_id = ?`)
		args = append(args, q.FeedID)
	}
	if q.Tag != "" {
		where = append(where, `EXISTS (SELECT 1 FROM json_each(f.tags) WHERE lower(json_each.value) = lower(?))`)
		args = append(args, q.Tag)
	}
	if q.UnreadOnly {
		where = append(where, `s.read = 0`)
	}
	if q.StarredOnly {
		where = append(where, `s.starred = 1`)
	}
	sqlq := `SELECT ` + storyColumns(cols) + ` FROM stories s JOIN feeds f ON f.id = s.feed_id`
	if len(where) > 0 {
		sqlq += ` WHERE ` + strings.Join(where, ` AND `)
	}
	sqlq += ` ORDER BY s.sort_time DESC, s.id DESC`
	if q.Limit > 0 || q.Offset > 0 {
		limit := q.Limit
		if limit <= 0 {
			limit = -1
		}
		sqlq += ` LIMIT ? OFFSET ?`
		args = append(args, limit, max(q.Offset, 0))
	}
	out, err := queryAll(ctx, s, scanStory, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list stories: %w", err)
	}
	return out, nil
}

// Story returns one story with its content, or ErrNotFound.
func (s *Store) Story(ctx context.Context, id int64) (feed.Story, error) {
	var st feed.Story
	err := withRetry(ctx, func() error {
		var err error
		st, err = scanStory(s.db.QueryRowContext(ctx, `SELECT `+storyColumns(`s.summary, s.content`)+
			` FROM stories s JOIN feeds f ON f.id = s.feed_id WHERE s.id = ?`, id))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("store: story %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("store: story %d: %w", id, err)
	}
	return st, nil
}

func storyColumns(content string) string {
	return `s.id, s.feed_id, CASE WHEN f.user_title != '' THEN f.user_title WHEN f.title != '' THEN f.title ELSE f.url END,
		f.tags, s.guid, s.url, s.title, s.authors, s.published, s.updated, ` + content + `, s.image, s.categories,
		s.enclosures, s.read, s.starred, s.first_seen`
}

func scanStory(sc interface{ Scan(...any) error }) (feed.Story, error) {
	var st feed.Story
	var tags, authors, cats, encs string
	var pub, upd, first int64
	err := sc.Scan(&st.ID, &st.FeedID, &st.FeedTitle, &tags, &st.GUID, &st.URL, &st.Title, &authors,
		&pub, &upd, &st.Summary, &st.Content, &st.Image, &cats, &encs, &st.Read, &st.Starred, &first)
	if err != nil {
		return st, err
	}
	st.FeedTags = decodeList(tags)
	st.Authors = decodeList(authors)
	st.Categories = decodeList(cats)
	st.Enclosures = decodeEnclosures(encs)
	st.Published, st.Updated, st.FirstSeen = fromUnix(pub), fromUnix(upd), fromUnix(first)
	return st, nil
}

// SetRead marks a story read or unread. On a synced story the change is
// queued for the sync server in the same transaction.
func (s *Store) SetRead(ctx context.Context, id int64, read bool) error {
	kind := OpUnread
	if read {
		kind = OpRead
	}
	return s.setState(ctx, id, "read", read, kind)
}

// SetStarred stars or unstars a story, queuing the change for the sync
// server as SetRead does.
func (s *Store) SetStarred(ctx context.Context, id int64, starred bool) error {
	kind := OpUnstar
	if starred {
		kind = OpStar
	}
	return s.setState(ctx, id, "starred", starred, kind)
}

// setState sets the read or starred column of a story; a change (not a
// repeat of the same value) of a synced story is queued in the outbox.
func (s *Store) setState(ctx context.Context, id int64, column string, v bool, kind OpKind) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var old bool
		err := tx.QueryRowContext(ctx, `SELECT `+column+` FROM stories WHERE id = ?`, id).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || old == v {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET `+column+` = ? WHERE id = ?`, v, id); err != nil {
			return err
		}
		return queueStoryOp(ctx, tx, id, kind, s.now())
	})
	if err != nil {
		return fmt.Errorf("store: mark story %d %s: %w", id, kind, err)
	}
	return nil
}

// MarkFeedRead marks every story of a feed read (every story of every feed
// when feedID is 0) and returns how many changed. Synced stories are
// queued for the sync server in the same transaction.
func (s *Store) MarkFeedRead(ctx context.Context, feedID int64) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		where, args := `read = 0`, []any{}
		if feedID != 0 {
			where += ` AND feed_id = ?`
			args = append(args, feedID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, remote_id, story_id, created)
			SELECT ?, remote_id, id, ? FROM stories WHERE remote_id != '' AND `+where+`
			AND EXISTS (SELECT 1 FROM meta WHERE key = ? AND value != '')`,
			append([]any{string(OpRead), s.now().UnixMilli()}, append(args, metaSyncAccount)...)...); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE stories SET read = 1 WHERE `+where, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: mark feed %d read: %w", feedID, err)
	}
	return int(n), nil
}

// Prune deletes read, unstarred stories older than keepDays (both by date
// and by when first seen, so old items of a new feed get their time), and
// cached articles of that age no story links to. Unread and starred
// stories are never pruned. keepDays <= 0 keeps everything. It returns the
// number of stories deleted.
func (s *Store) Prune(ctx context.Context, keepDays int) (int, error) {
	if keepDays <= 0 {
		return 0, nil
	}
	now := s.now()
	cutoff := now.Add(-time.Duration(keepDays) * 24 * time.Hour).Unix()
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		const old = `read = 1 AND starred = 0 AND sort_time < ? AND first_seen < ?`
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO pruned (feed_id, guid, seen)
			SELECT feed_id, guid, ? FROM stories WHERE `+old, now.Unix(), cutoff, cutoff); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE `+old, cutoff, cutoff)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		// A tombstone whose feed has not listed the story for the whole
		// period will not see it again.
		if _, err := tx.ExecContext(ctx, `DELETE FROM pruned WHERE seen < ?`, cutoff); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM articles WHERE cached < ? AND url NOT IN (SELECT url FROM stories)`, cutoff)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	return int(n), nil
}
