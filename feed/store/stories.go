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
	// MaxNew caps the new stories this fetch may add (0:
	// DefaultMaxNewPerFetch): items past the cap are left out, and the
	// count is kept for `feeds list`.
	MaxNew int
	// Keep caps the stories the feed may keep (0: DefaultKeepPerFeed).
	// Past it the oldest read and unstarred stories go first, then the
	// oldest unread ones; starred stories never do.
	Keep int
}

// Caps on what one feed may store, so a feed that changes its GUIDs at
// every fetch, or lists hundreds of thousands of items, cannot grow the
// database and the reader without bound. Generous: real feeds list tens
// of items, archives a few thousand.
const (
	DefaultMaxNewPerFetch = 10000
	DefaultKeepPerFeed    = 20000
)

// SaveStats counts what SaveFetchResult changed.
type SaveStats struct {
	// New stories were not in the store; Updated ones were, with different
	// content, and changed in place keeping their read and starred state.
	New, Updated int
	// Skipped items were left out past FetchResult.MaxNew; Pruned stories
	// were removed to keep the feed under FetchResult.Keep.
	Skipped, Pruned int
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
		maxNew, keep := r.MaxNew, r.Keep
		if maxNew <= 0 {
			maxNew = DefaultMaxNewPerFetch
		}
		if keep <= 0 {
			keep = DefaultKeepPerFeed
		}
		if err := saveStories(ctx, tx, id, r.Stories, now, maxNew, &st); err != nil {
			return err
		}
		if err := capFeed(ctx, tx, id, keep, now, &st); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE feeds SET cap_skipped = ?, cap_pruned = ? WHERE id = ?`, st.Skipped, st.Pruned, id)
		return err
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

// saveStories inserts the new stories of a feed and updates the changed
// ones, adding at most maxNew. A story is the one stored with the same
// GUID; failing that, with the same link, or the same title and date, when
// that link (or title and date) names one item of this fetch alone and the
// stored story is not another item of it: a feed that changes its GUIDs at
// every fetch then updates its stories instead of adding them again, and a
// feed whose items all link to its home page keeps them apart.
func saveStories(ctx context.Context, tx *sql.Tx, feedID int64, stories []feed.Story, now time.Time, maxNew int, st *SaveStats) error {
	sv := &storySaver{ctx: ctx, feedID: feedID, now: now}
	defer sv.close()
	if err := sv.prepare(tx); err != nil {
		return err
	}
	sv.index(stories)
	seen := make(map[string]bool, len(stories))
	for i := range stories {
		story := &stories[i]
		key := DedupKey(*story)
		if key == "" || seen[key] {
			// A feed that lists one item twice shows it once.
			continue
		}
		seen[key] = true
		link, title := linkKey(*story), titleKey(*story)
		if sv.links[link] != 1 {
			link = ""
		}
		if sv.titles[title] != 1 {
			title = ""
		}
		if gone, err := sv.pruned(key, link, title); err != nil {
			return err
		} else if gone {
			continue // pruned while the feed still lists it: do not bring it back
		}
		r, found, err := sv.match(story, key, link, title)
		if err != nil {
			return err
		}
		if !found && st.New >= maxNew {
			st.Skipped = len(stories) - i
			return nil
		}
		if err := sv.write(story, key, r, found, st); err != nil {
			return err
		}
	}
	return nil
}

// storySaver stores the stories of one fetch of one feed, in a
// transaction, with its statements prepared once.
type storySaver struct {
	ctx    context.Context
	feedID int64
	now    time.Time
	stmts  []*sql.Stmt

	find, byLink, byTitle, tomb, ins, upd, rekey *sql.Stmt

	// What identifies an item within this fetch: its key always, its link
	// and its title and date only when no other item shares them.
	keys          map[string]bool
	links, titles map[string]int
}

// storedRow is what matching an item needs of a stored story.
type storedRow struct {
	id        int64
	guid      string
	hash      string
	firstSeen int64
}

func (sv *storySaver) prepare(tx *sql.Tx) error {
	var err error
	must := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		if s, err = tx.PrepareContext(sv.ctx, q); err == nil {
			sv.stmts = append(sv.stmts, s)
		}
		return s
	}
	sv.find = must(`SELECT id, guid, hash, first_seen FROM stories WHERE feed_id = ? AND guid = ?`)
	sv.byLink = must(`SELECT id, guid, hash, first_seen FROM stories WHERE feed_id = ? AND url = ? ORDER BY id LIMIT 2`)
	sv.byTitle = must(`SELECT id, guid, hash, first_seen FROM stories WHERE feed_id = ? AND published = ? AND title = ? ORDER BY id LIMIT 2`)
	sv.tomb = must(`UPDATE pruned SET seen = ? WHERE feed_id = ? AND guid = ?`)
	sv.ins = must(`INSERT INTO stories (feed_id, guid, url, title, authors, published, updated,
		summary, content, image, categories, enclosures, hash, first_seen, sort_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	sv.upd = must(`UPDATE stories SET guid = ?, url = ?, title = ?, authors = ?, published = ?, updated = ?,
		summary = ?, content = ?, image = ?, categories = ?, enclosures = ?, hash = ?, sort_time = ? WHERE id = ?`)
	sv.rekey = must(`UPDATE stories SET guid = ? WHERE id = ?`)
	return err
}

func (sv *storySaver) close() {
	for _, s := range sv.stmts {
		s.Close()
	}
}

// index counts the keys, links and titles of the fetch's items.
func (sv *storySaver) index(stories []feed.Story) {
	sv.keys = make(map[string]bool, len(stories))
	sv.links = make(map[string]int, len(stories))
	sv.titles = make(map[string]int, len(stories))
	for i := range stories {
		sv.keys[DedupKey(stories[i])] = true
		if k := linkKey(stories[i]); k != "" {
			sv.links[k]++
		}
		if k := titleKey(stories[i]); k != "" {
			sv.titles[k]++
		}
	}
}

// match finds the stored story of an item: by its key, else by its link
// or its title and date when they are its own in this fetch.
func (sv *storySaver) match(story *feed.Story, key, link, title string) (storedRow, bool, error) {
	var r storedRow
	err := sv.find.QueryRowContext(sv.ctx, sv.feedID, key).Scan(&r.id, &r.guid, &r.hash, &r.firstSeen)
	if err == nil {
		return r, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, false, err
	}
	if link != "" {
		if r, found, err := sv.lookup(sv.byLink, sv.feedID, strings.TrimSpace(story.URL)); err != nil || found {
			return r, found, err
		}
	}
	if title != "" {
		return sv.lookup(sv.byTitle, sv.feedID, unix(story.Published), strings.TrimSpace(story.Title))
	}
	return storedRow{}, false, nil
}

// lookup finds the one stored story the query names, unless it is
// ambiguous or is another item of this fetch under its own key.
func (sv *storySaver) lookup(q *sql.Stmt, args ...any) (storedRow, bool, error) {
	rows, err := q.QueryContext(sv.ctx, args...)
	if err != nil {
		return storedRow{}, false, err
	}
	defer rows.Close()
	var found []storedRow
	for rows.Next() {
		var r storedRow
		if err := rows.Scan(&r.id, &r.guid, &r.hash, &r.firstSeen); err != nil {
			return storedRow{}, false, err
		}
		found = append(found, r)
	}
	if err := rows.Err(); err != nil {
		return storedRow{}, false, err
	}
	if len(found) != 1 || sv.keys[found[0].guid] {
		return storedRow{}, false, nil
	}
	return found[0], true, nil
}

// pruned reports (and refreshes) a tombstone for any of the keys.
func (sv *storySaver) pruned(keys ...string) (bool, error) {
	for _, k := range keys {
		if k == "" {
			continue
		}
		res, err := sv.tomb.ExecContext(sv.ctx, sv.now.Unix(), sv.feedID, k)
		if err != nil {
			return false, err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// write inserts the item, or updates the stored story r it matched when
// it changed, or gives r the item's key when it was found another way.
func (sv *storySaver) write(story *feed.Story, key string, r storedRow, found bool, st *SaveStats) error {
	h := storyHash(story)
	now := sv.now
	switch {
	case !found:
		if _, err := sv.ins.ExecContext(sv.ctx, sv.feedID, key, story.URL, story.Title, encodeList(story.Authors),
			unix(story.Published), unix(story.Updated), story.Summary, story.Content, story.Image,
			encodeList(story.Categories), encodeEnclosures(story.Enclosures), h, now.Unix(),
			sortTime(story.Published, now.Unix(), now)); err != nil {
			return err
		}
		st.New++
	case r.hash != h:
		if _, err := sv.upd.ExecContext(sv.ctx, key, story.URL, story.Title, encodeList(story.Authors),
			unix(story.Published), unix(story.Updated), story.Summary, story.Content, story.Image,
			encodeList(story.Categories), encodeEnclosures(story.Enclosures), h,
			sortTime(story.Published, r.firstSeen, now), r.id); err != nil {
			return err
		}
		st.Updated++
	case r.guid != key:
		// Found by its link or its title: it takes the GUID the feed
		// uses now, so the next fetch finds it at once.
		if _, err := sv.rekey.ExecContext(sv.ctx, key, r.id); err != nil {
			return err
		}
	}
	return nil
}

// linkKey and titleKey are the other identities of a story within its
// feed, as tombstones record them: its link, and its title with its date
// (only when it has both).
func linkKey(s feed.Story) string {
	if u := strings.TrimSpace(s.URL); u != "" {
		return "link:" + u
	}
	return ""
}

func titleKey(s feed.Story) string {
	if t := strings.TrimSpace(s.Title); t != "" && !s.Published.IsZero() {
		return "title:" + t + "|" + s.Published.UTC().Format(time.RFC3339)
	}
	return ""
}

// tombstones are the keys a pruned story is remembered by: its GUID, its
// link, and its title with its date, as linkKey and titleKey write them.
var tombstones = []struct{ key, when string }{
	{`guid`, `1`},
	{`'link:' || trim(url)`, `trim(url) != ''`},
	{`'title:' || trim(title) || '|' || strftime('%Y-%m-%dT%H:%M:%SZ', published, 'unixepoch')`, `trim(title) != '' AND published != 0`},
}

// bury records tombstones for the stories matching where, before they are
// deleted.
func bury(ctx context.Context, tx *sql.Tx, where string, now time.Time, args ...any) error {
	for _, t := range tombstones {
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO pruned (feed_id, guid, seen)
			SELECT feed_id, `+t.key+`, ? FROM stories WHERE (`+where+`) AND `+t.when, append([]any{now.Unix()}, args...)...); err != nil {
			return err
		}
	}
	return nil
}

// capFeed keeps a feed within keep stories: past it the oldest read and
// unstarred stories go first, then the oldest unread ones; starred ones
// never. Each leaves a tombstone under its GUID, its link and its title
// and date, so a feed that still lists it does not bring it back; the
// feed's tombstones are capped too, oldest seen first.
func capFeed(ctx context.Context, tx *sql.Tx, feedID int64, keep int, now time.Time, st *SaveStats) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE feed_id = ?`, feedID).Scan(&n); err != nil {
		return err
	}
	if n <= keep {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS capped (id INTEGER PRIMARY KEY)`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.capped`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO temp.capped (id) SELECT id FROM stories
		WHERE feed_id = ? AND starred = 0 ORDER BY read DESC, sort_time ASC, id ASC LIMIT ?`, feedID, n-keep); err != nil {
		return err
	}
	if err := bury(ctx, tx, `id IN (SELECT id FROM temp.capped)`, now); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE id IN (SELECT id FROM temp.capped)`)
	if err != nil {
		return err
	}
	d, _ := res.RowsAffected()
	st.Pruned = int(d)
	_, err = tx.ExecContext(ctx, `DELETE FROM pruned WHERE feed_id = ?1 AND guid IN (SELECT guid FROM pruned WHERE feed_id = ?1
		ORDER BY seen ASC LIMIT max((SELECT COUNT(*) FROM pruned WHERE feed_id = ?1) - ?2, 0))`, feedID, 3*keep)
	return err
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
	// Seconds is the playing time; older rows lack it.
	Seconds int64 `json:"seconds,omitempty"`
}

func encodeEnclosures(es []feed.Enclosure) string {
	if len(es) == 0 {
		return "[]"
	}
	out := make([]enclosureJSON, len(es))
	for i, e := range es {
		out[i] = enclosureJSON{URL: e.URL, Type: e.Type, Length: e.Length, Seconds: int64(e.Duration / time.Second)}
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
		out[i] = feed.Enclosure{URL: e.URL, Type: e.Type, Length: e.Length, Duration: time.Duration(e.Seconds) * time.Second}
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

// StoryByURL returns, with its content, the newest story whose link is
// u, or ErrNotFound: a page saved by its address is a stored story's when
// a feed listed it.
func (s *Store) StoryByURL(ctx context.Context, u string) (feed.Story, error) {
	var st feed.Story
	err := withRetry(ctx, func() error {
		var err error
		st, err = scanStory(s.db.QueryRowContext(ctx, `SELECT `+storyColumns(`s.summary, s.content`)+
			` FROM stories s JOIN feeds f ON f.id = s.feed_id WHERE s.url = ?
			ORDER BY s.sort_time DESC, s.id DESC LIMIT 1`, u))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("store: story %s: %w", u, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("store: story %s: %w", u, err)
	}
	return st, nil
}

func storyColumns(content string) string {
	return `s.id, s.feed_id, CASE WHEN f.user_title != '' THEN f.user_title WHEN f.title != '' THEN f.title ELSE f.url END,
		f.tags, s.guid, s.url, s.title, s.authors, s.published, s.updated, ` + content + `, s.image, s.categories,
		s.enclosures, s.read, s.starred, s.first_seen,
		s.url != '' AND EXISTS (SELECT 1 FROM articles a WHERE a.url = s.url)`
}

func scanStory(sc interface{ Scan(...any) error }) (feed.Story, error) {
	var st feed.Story
	var tags, authors, cats, encs string
	var pub, upd, first int64
	err := sc.Scan(&st.ID, &st.FeedID, &st.FeedTitle, &tags, &st.GUID, &st.URL, &st.Title, &authors,
		&pub, &upd, &st.Summary, &st.Content, &st.Image, &cats, &encs, &st.Read, &st.Starred, &first, &st.Cached)
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
	ids, err := s.bulkRead(ctx, Marks{FeedID: feedID}, true)
	if err != nil {
		return 0, fmt.Errorf("store: mark feed %d read: %w", feedID, err)
	}
	return len(ids), nil
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
		if err := bury(ctx, tx, old, now, cutoff, cutoff); err != nil {
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
