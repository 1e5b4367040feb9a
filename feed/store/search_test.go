package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// searchFixture is a store with two feeds and a handful of stories a
// reader would search among.
func searchFixture(t *testing.T) (*Store, map[string]int64) {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	harbour := addFeed(t, s, "https://harbour.example/rss")
	if err := s.SetFeedInfo(ctx, harbour.ID, "Harbour Gazette", []string{"Local"}); err != nil {
		t.Fatal(err)
	}
	tech := addFeed(t, s, "https://tech.example/feed")
	day := time.Date(2024, 5, 10, 12, 0, 0, 0, time.Local)
	save := func(id int64, stories ...feed.Story) {
		t.Helper()
		if _, err := s.SaveFetchResult(ctx, id, FetchResult{FetchedAt: day.AddDate(1, 0, 0), Stories: stories}); err != nil {
			t.Fatal(err)
		}
	}
	save(harbour.ID,
		feed.Story{GUID: "ferry", URL: "https://www.harbour.example/ferry", Title: "New ferry for the island",
			Authors: []string{"Mary Jones"}, Published: day,
			Content: `<div class="story"><p>The <b>red ferry</b> sails at dawn.</p><script>var ignored = 1;</script></div>`},
		feed.Story{GUID: "fish", URL: "https://news.bbc.co.uk/fish", Title: "Fish market reopens",
			Authors: []string{"Tom Smith"}, Published: day.AddDate(0, -2, 0),
			Summary: "Fishermen welcome the ferry timetable &amp; the new quay."},
	)
	save(tech.ID,
		feed.Story{GUID: "chip", URL: "https://tech.example/chip", Title: "A chip that sails through tests",
			Published: day.AddDate(0, 0, -1), Content: "<p>Engineers say the ferrying of data got faster.</p>"},
		feed.Story{GUID: "old", URL: "https://tech.example/old", Title: "Old news about a red boat",
			Published: day.AddDate(-1, 0, 0), Content: "<p>Nothing about the island.</p>"},
	)
	ids := map[string]int64{}
	all, err := s.Stories(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range all {
		ids[st.GUID] = st.ID
	}
	return s, ids
}

func searchTitles(t *testing.T, s *Store, q string) []string {
	t.Helper()
	got, err := s.Search(context.Background(), q, 0)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return titles(got)
}

func TestSearchFindsWordsPhrasesPrefixesAndFilters(t *testing.T) {
	s, ids := searchFixture(t)
	ctx := context.Background()
	if err := s.SetRead(ctx, ids["fish"], true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ids["chip"], true); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		// A word in the body, in the summary (entities decoded), ranked:
		// the title's match first.
		{"island", []string{"New ferry for the island", "Old news about a red boat"}},
		{"quay", []string{"Fish market reopens"}},
		// Markup and scripts are not text.
		{"div", nil},
		{"ignored", nil},
		// The feed's name and the author are searched too.
		{"gazette", []string{"New ferry for the island", "Fish market reopens"}},
		{"jones", []string{"New ferry for the island"}},
		// Words are all required; a prefix; a phrase in its order only.
		{"ferry dawn", []string{"New ferry for the island"}},
		{"ferr*", []string{"New ferry for the island", "Fish market reopens", "A chip that sails through tests"}},
		{`"red ferry"`, []string{"New ferry for the island"}},
		{`"ferry red"`, nil},
		{"-ferry sails", []string{"A chip that sails through tests"}},
		// Filters, alone or with words.
		{"site:bbc.co.uk", []string{"Fish market reopens"}},
		{"site:https://www.harbour.example/x", []string{"New ferry for the island"}},
		{`author:"tom smith"`, []string{"Fish market reopens"}},
		{"feed:tech red", []string{"Old news about a red boat"}},
		{"tag:local", []string{"New ferry for the island", "Fish market reopens"}},
		{"is:unread tag:LOCAL", []string{"New ferry for the island"}},
		{"is:read", []string{"Fish market reopens"}},
		{"is:starred", []string{"A chip that sails through tests"}},
		{"before:2024-05-10", []string{"A chip that sails through tests", "Fish market reopens", "Old news about a red boat"}},
		{"after:2024-05 before:2024-06", []string{"New ferry for the island", "A chip that sails through tests"}},
		{"after:2024 red", []string{"New ferry for the island"}},
	} {
		got := searchTitles(t, s, c.query)
		if c.query == "ferr*" {
			// Two of the matches weigh alike: their order is bm25's detail.
			slices.Sort(got)
			c.want = slices.Sorted(slices.Values(c.want))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("search %q = %q, want %q", c.query, got, c.want)
		}
	}
}

func TestSearchIndexFollowsEveryChange(t *testing.T) {
	s, ids := searchFixture(t)
	ctx := context.Background()
	// The publisher corrects a story: the old word is gone.
	fetch := FetchResult{FetchedAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Stories: []feed.Story{{
		GUID: "chip", URL: "https://tech.example/chip", Title: "A chip that sails through tests",
		Published: time.Date(2024, 5, 9, 12, 0, 0, 0, time.Local), Content: "<p>Engineers say it is quicker.</p>"}}}
	st, _ := s.Story(ctx, ids["chip"])
	if _, err := s.SaveFetchResult(ctx, st.FeedID, fetch); err != nil {
		t.Fatal(err)
	}
	if got := searchTitles(t, s, "ferrying"); got != nil {
		t.Errorf("a corrected story is still found by its old text: %q", got)
	}
	if got := searchTitles(t, s, "quicker"); len(got) != 1 {
		t.Errorf("a corrected story is not found by its new text: %q", got)
	}
	// Its article is cached: its cleaned text, author and agency count.
	art := &feed.Article{Title: "A chip", Authors: []string{"Ada Byron"}, Source: "Reuters",
		Text: "The wafer was cut in Dresden.", Markdown: "The wafer was cut in Dresden."}
	if err := s.PutArticle(ctx, "https://tech.example/chip", art); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"dresden", "author:byron", "reuters"} {
		if got := searchTitles(t, s, q); !slices.Equal(got, []string{"A chip that sails through tests"}) {
			t.Errorf("cached article: search %q = %q", q, got)
		}
	}
	art.Text = "Now it was cut in Leipzig."
	if err := s.PutArticle(ctx, "https://tech.example/chip", art); err != nil {
		t.Fatal(err)
	}
	if got := searchTitles(t, s, "dresden"); got != nil {
		t.Errorf("a re-cached article is still found by its old text: %q", got)
	}
	// The feed is renamed.
	if err := s.SetFeedInfo(ctx, st.FeedID, "Silicon Weekly", nil); err != nil {
		t.Fatal(err)
	}
	if got := searchTitles(t, s, "silicon"); len(got) != 2 {
		t.Errorf("a renamed feed's stories are not found by its new name: %q", got)
	}
	// The feed is removed: its stories leave the index with it.
	if err := s.RemoveFeed(ctx, st.FeedID); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"leipzig", "silicon"} {
		if got := searchTitles(t, s, q); got != nil {
			t.Errorf("a removed feed's stories are still found by %q: %q", q, got)
		}
	}
	// Pruned stories leave it too.
	if err := s.SetRead(ctx, ids["fish"], true); err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
	if _, err := s.Prune(ctx, 30); err != nil {
		t.Fatal(err)
	}
	if got := searchTitles(t, s, "fish"); got != nil {
		t.Errorf("a pruned story is still found: %q", got)
	}
	checkSearchIndex(t, s)
}

// checkSearchIndex fails the test when the index is damaged or does not
// hold one row per story.
func checkSearchIndex(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO story_search (story_search, rank) VALUES ('integrity-check', 0)`); err != nil {
		t.Errorf("search index integrity check: %v", err)
	}
	var stories, indexed int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&stories)
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM story_search_docsize`).Scan(&indexed)
	if stories != indexed {
		t.Errorf("%d stories, %d in the search index", stories, indexed)
	}
}

func TestSearchIndexIsBuiltForAnExistingDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	all := migrations
	migrations = migrations[:slices.Index(migrations, searchSchema)] // the schema before search
	s, err := Open(path)
	migrations = all
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f := addFeed(t, s, "https://old.example/rss")
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: []feed.Story{
		{GUID: "a", Title: "Lighthouse keeper retires", Content: "<p>After forty years.</p>"}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("migrating a database with stories: %v", err)
	}
	defer s.Close()
	if got := searchTitles(t, s, "forty years"); !slices.Equal(got, []string{"Lighthouse keeper retires"}) {
		t.Errorf("a story stored before the index is not found: %q", got)
	}
	checkSearchIndex(t, s)
}

// hostileQueries are inputs that must never reach the user as an SQL or
// FTS5 error.
var hostileQueries = []string{
	`"`, `""`, `"""`, `*`, `**`, `"*"`, `(`, `)`, `((ferry`, `ferry)`, `NEAR(ferry dawn)`, `NEAR`, `AND`, `OR`, `NOT`,
	`ferry OR`, `NOT ferry`, `ferry NOT`, `ferry AND AND dawn`, `title:ferry`, `{title}: ferry`, `body : ferry`,
	`^ferry`, `ferry^`, `+ferry`, `-`, `--`, `-"`, `-*`, `"ferry`, `ferry"dawn"`, "fer\x00ry", "\x00",
	`'; DROP TABLE stories; --`, `site:`, `site:*`, `site:""`, `author:"`, `author:""`, `author:*`, `is:`,
	`is:bogus`, `before:`, `before:notadate`, `after:9999999999999d`, `before:d`, `tag:"`, `feed:%`, `feed:_`,
	`ferry*dawn`, `*ferry`, `"red ferry" *`, `rank:1`, `rowid:1`, `story_search:x`, `ü*`, `🚢`, "\u200b",
	strings.Repeat("a ", 40), strings.Repeat("x", 2000), `-is:unread`, `author:"Mary`, `"a" "b" "c"`,
}

func TestHostileSearchesGiveAMessageNeverAnSQLError(t *testing.T) {
	s, _ := searchFixture(t)
	for _, q := range hostileQueries {
		checkHostileSearch(t, s, q)
	}
}

func checkHostileSearch(t *testing.T, s *Store, q string) {
	t.Helper()
	_, err := s.Search(context.Background(), q, 0)
	if err == nil {
		return
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "search: ") || strings.Contains(msg, "\n") ||
		strings.Contains(strings.ToLower(msg), "sql") || strings.Contains(msg, "fts5") {
		t.Errorf("search %q: %v, want a one-line message about the query", q, err)
	}
}

func FuzzSearch(f *testing.F) {
	for _, q := range hostileQueries {
		f.Add(q)
	}
	s, err := Open(filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	fd, err := s.AddFeed(ctx, feed.Feed{URL: "https://fuzz.example/rss"})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := s.SaveFetchResult(ctx, fd.ID, FetchResult{Stories: []feed.Story{
		{GUID: "1", URL: "https://fuzz.example/1", Title: "red ferry at dawn", Authors: []string{"Mary Jones"}}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		checkHostileSearch(t, s, q)
	})
}

// Past rankWindow matches a query of words ranks the newest of them only:
// a common word answers as fast as a rare one, the best of recent
// stories first.
func TestCommonWordsRankTheNewestMatches(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://ferry.example/rss")
	var stories []feed.Story
	for i, title := range []string{"Ferry news, the oldest", "Weather", "Ferry timetable", "Sport", "Markets"} {
		stories = append(stories, feed.Story{GUID: title, Title: title, Content: "<p>The ferry was late.</p>",
			Published: time.Date(2024, 5, 1+i, 0, 0, 0, 0, time.UTC)})
	}
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: stories}); err != nil {
		t.Fatal(err)
	}
	defer func(w int) { rankWindow = w }(rankWindow)
	rankWindow = 3
	got, err := s.Search(ctx, "ferry", 2)
	if err != nil {
		t.Fatal(err)
	}
	if titles := titles(got); len(titles) != 2 || titles[0] != "Ferry timetable" || slices.Contains(titles, "Ferry news, the oldest") {
		t.Errorf("search ferry among the 3 newest of 5 matches = %q, want Ferry timetable first", titles)
	}
}

// Stories rewritten again and again (a feed that edits its items, an
// article cached anew) are found by their latest words only.
func TestSearchIndexAfterManyRewrites(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://edits.example/rss")
	for round := range 12 {
		var stories []feed.Story
		for i := range 10 {
			stories = append(stories, feed.Story{GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://edits.example/%d", i),
				Title: fmt.Sprintf("Story %d", i), Content: fmt.Sprintf("<p>edition%d text</p>", round)})
		}
		if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: stories}); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			a := &feed.Article{Text: fmt.Sprintf("cached%d words", round)}
			if err := s.PutArticle(ctx, fmt.Sprintf("https://edits.example/%d", i), a); err != nil {
				t.Fatal(err)
			}
		}
		for q, want := range map[string]int{
			fmt.Sprintf("edition%d", round):   5, // the other five show their article
			fmt.Sprintf("cached%d", round):    5,
			fmt.Sprintf("edition%d", round-1): 0,
			fmt.Sprintf("cached%d", round-1):  0,
		} {
			if got, err := s.Search(ctx, q, 0); err != nil || len(got) != want {
				t.Fatalf("round %d: search %s finds %d, want %d (%v)", round, q, len(got), want, err)
			}
		}
	}
	checkSearchIndex(t, s)
}
