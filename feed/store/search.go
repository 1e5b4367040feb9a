package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"modernc.org/sqlite"

	"github.com/tidings-app/tidings/feed"
)

// The search index is an FTS5 table in the same file, kept in step by
// triggers: every write to stories, feeds or articles, whoever makes it,
// updates the index in its own transaction, so the index can neither lag
// behind nor be half-written after a crash. It is contentless (the text
// is in stories and articles already), so it costs only the index; its
// rows are deleted and inserted, never replaced: FTS5 loses the deletion
// when a contentless row is replaced (INSERT OR REPLACE) a second time.
//
// Its columns: title; feed, the feed's name; author, the story's and its
// article's authors and agency; body, the cached article's text when there
// is one, else the feed's own text; site, the host of the story's link,
// searched by site: alone.
//
// The triggers call Go functions the store registers with the driver, so
// only tidings (not the sqlite3 shell) can write stories once the index
// exists.
const searchSchema = `
	CREATE VIRTUAL TABLE story_search USING fts5(title, feed, author, body, site,
		content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
	CREATE TRIGGER story_search_ins AFTER INSERT ON stories BEGIN ` + searchInsert + ` WHERE s.id = new.id; END;
	CREATE TRIGGER story_search_upd AFTER UPDATE OF title, authors, summary, content, url, feed_id ON stories BEGIN
		DELETE FROM story_search WHERE rowid = old.id;
		` + searchInsert + ` WHERE s.id = new.id; END;
	CREATE TRIGGER story_search_del AFTER DELETE ON stories BEGIN DELETE FROM story_search WHERE rowid = old.id; END;
	-- A fetch rewrites the feed's title with the same value every time:
	-- only a real change of the name reindexes the feed's stories.
	CREATE TRIGGER story_search_feed AFTER UPDATE OF title, user_title, url ON feeds
		WHEN old.title IS NOT new.title OR old.user_title IS NOT new.user_title OR old.url IS NOT new.url BEGIN
		DELETE FROM story_search WHERE rowid IN (SELECT id FROM stories WHERE feed_id = new.id);
		` + searchInsert + ` WHERE s.feed_id = new.id; END;
	CREATE TRIGGER story_search_art_ins AFTER INSERT ON articles BEGIN
		DELETE FROM story_search WHERE rowid IN (SELECT id FROM stories WHERE url = new.url);
		` + searchInsert + ` WHERE s.url = new.url; END;
	CREATE TRIGGER story_search_art_upd AFTER UPDATE OF json ON articles WHEN old.json IS NOT new.json BEGIN
		DELETE FROM story_search WHERE rowid IN (SELECT id FROM stories WHERE url = new.url);
		` + searchInsert + ` WHERE s.url = new.url; END;
	CREATE TRIGGER story_search_art_del AFTER DELETE ON articles BEGIN
		DELETE FROM story_search WHERE rowid IN (SELECT id FROM stories WHERE url = old.url);
		` + searchInsert + ` WHERE s.url = old.url; END;
	-- A word in the title says more than one in the body; the site
	-- column is for site: alone. FTS5 ranks by this as it reads the
	-- index, where an ORDER BY bm25() would rank after the joins.
	INSERT INTO story_search (story_search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 1.0, 0.0)');
	-- Existing databases get their index built here, once.
	` + searchInsert + `;`

// searchInsert (completed by a WHERE on s) writes the index rows of the
// stories it selects; the triggers delete their old rows first.
const searchInsert = `INSERT INTO story_search (rowid, title, feed, author, body, site)
	SELECT s.id, s.title,
		CASE WHEN f.user_title != '' THEN f.user_title WHEN f.title != '' THEN f.title ELSE tidings_search_host(f.url) END,
		tidings_search_authors(s.authors, a.json), tidings_search_body(s.summary, s.content, a.json),
		tidings_search_host(s.url)
	FROM stories s JOIN feeds f ON f.id = s.feed_id LEFT JOIN articles a ON a.url = s.url AND s.url != ''`

// maxIndexedBody bounds the text indexed for one story: a story's words
// past it add little to finding it and much to the index and to the time
// a fetch takes.
const maxIndexedBody = 256 << 10

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("tidings_search_host", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		return searchHost(argText(args[0])), nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("tidings_search_authors", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		names := decodeList(argText(args[0]))
		if a := cachedArticle(argText(args[1])); a != nil {
			names = append(names, a.Authors...)
			if a.Source != "" {
				names = append(names, a.Source)
			}
		}
		return strings.Join(names, "; "), nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("tidings_search_body", 3, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if a := cachedArticle(argText(args[2])); a != nil && strings.TrimSpace(a.Text) != "" {
			return clip(a.Text), nil
		}
		body := argText(args[1])
		if strings.TrimSpace(body) == "" {
			body = argText(args[0])
		}
		return clip(htmlText(body)), nil
	})
}

// argText is a function argument as text; NULL (no cached article) is "".
func argText(v driver.Value) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

func cachedArticle(js string) *feed.Article {
	if js == "" {
		return nil
	}
	a := new(feed.Article)
	if json.Unmarshal([]byte(js), a) != nil {
		return nil
	}
	return a
}

// clip cuts s to maxIndexedBody bytes at a space, so no word is indexed
// half.
func clip(s string) string {
	if len(s) <= maxIndexedBody {
		return s
	}
	s = s[:maxIndexedBody]
	if i := strings.LastIndexAny(s, " \n\t"); i > 0 {
		s = s[:i]
	}
	return s
}

// searchHost is the host of a link without "www.", as site: matches it.
func searchHost(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// htmlText is the text of a feed's HTML (or plain text, which passes
// through), without markup, scripts or styles, entities decoded.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); a == atom.Script || a == atom.Style {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			}
			// A tag separates words: "<p>one</p><p>two</p>" is two.
			b.WriteByte(' ')
		}
		if b.Len() > maxIndexedBody {
			return b.String()
		}
	}
}

// rankWindow is how many of the newest matches a query of words alone
// ranks (at least the limit asked for): plenty for the best of them to be
// among them, few enough to rank in milliseconds. Tests lower it.
var rankWindow = 2000

// DefaultSearchLimit is how many results Search returns when the caller
// sets no limit.
const DefaultSearchLimit = 200

// Search returns the stories that match a query in the search syntax (see
// ParseSearch): best matches first when the query has words, newest first
// when it has only filters. At most limit stories (0:
// DefaultSearchLimit). A query that cannot be searched is an error of one
// line that says why; it is never an SQL error.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]feed.Story, error) {
	q, err := ParseSearch(query, s.now())
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	sqlq, args := q.sql(limit)
	out, err := queryAll(ctx, s, scanStory, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	return out, nil
}

// onlyMatch reports that q has no filter but its FTS5 expression.
func (q *SearchQuery) onlyMatch() bool {
	return q.Exclude == "" && len(q.Feeds) == 0 && len(q.Tags) == 0 && !q.Unread && !q.Read && !q.Starred &&
		q.Before.IsZero() && q.After.IsZero()
}

// sql is the statement that runs q, with its arguments: the MATCH
// expression and every value the user typed are arguments, never SQL.
func (q *SearchQuery) sql(limit int) (string, []any) {
	var where []string
	var args []any
	from := `stories s JOIN feeds f ON f.id = s.feed_id`
	order := `s.sort_time DESC, s.id DESC`
	switch {
	case q.Match != "" && !q.onlyMatch():
		// A filter outside the index: the matches are joined to their
		// stories and filtered first, and only those left are ranked
		// (FTS5 computes rank when it is read).
		from = `story_search m JOIN stories s ON s.id = m.rowid JOIN feeds f ON f.id = s.feed_id`
		where = append(where, `story_search MATCH ?`)
		args = append(args, q.Match)
		if q.Ranked {
			order = `m.rank, ` + order
		}
	case q.Match != "":
		// The best matches are found in the index alone, before any join.
		inner := `SELECT rowid, rank FROM story_search WHERE story_search MATCH ?`
		args = append(args, q.Match)
		if q.Ranked {
			// Ranking reads every match's positions and sizes: a query of
			// common words would rank most of the stories. Past
			// rankWindow matches only the newest (the highest rowids,
			// which FTS5 lists without ranking) are ranked.
			inner += ` AND rowid >= coalesce((SELECT rowid FROM story_search WHERE story_search MATCH ?
				ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0) ORDER BY rank LIMIT ?`
			args = append(args, q.Match, max(rankWindow, limit)-1, limit)
		}
		from = `(` + inner + `) m JOIN stories s ON s.id = m.rowid JOIN feeds f ON f.id = s.feed_id`
		if q.Ranked {
			order = `m.rank, ` + order
		}
	}
	if q.Exclude != "" {
		where = append(where, `s.id NOT IN (SELECT rowid FROM story_search WHERE story_search MATCH ?)`)
		args = append(args, q.Exclude)
	}
	for _, name := range q.Feeds {
		where = append(where, `(instr(lower(CASE WHEN f.user_title != '' THEN f.user_title ELSE f.title END), ?) > 0
			OR instr(lower(f.url), ?) > 0)`)
		args = append(args, name, name)
	}
	for _, tag := range q.Tags {
		where = append(where, `EXISTS (SELECT 1 FROM json_each(f.tags) WHERE lower(json_each.value) = ?)`)
		args = append(args, tag)
	}
	if q.Unread {
		where = append(where, `s.read = 0`)
	}
	if q.Read {
		where = append(where, `s.read = 1`)
	}
	if q.Starred {
		where = append(where, `s.starred = 1`)
	}
	if !q.Before.IsZero() {
		where = append(where, `s.sort_time < ?`)
		args = append(args, q.Before.Unix())
	}
	if !q.After.IsZero() {
		where = append(where, `s.sort_time >= ?`)
		args = append(args, q.After.Unix())
	}
	sqlq := `SELECT ` + storyColumns(`'', ''`) + ` FROM ` + from
	if len(where) > 0 {
		sqlq += ` WHERE ` + strings.Join(where, ` AND `)
	}
	sqlq += ` ORDER BY ` + order + ` LIMIT ?`
	return sqlq, append(args, limit)
}
