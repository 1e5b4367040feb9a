package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// items is a feed of n stories whose GUIDs change with round, as a feed
// that rewrites them at every fetch does; link and title stay.
func items(n, round int, link, title bool) []feed.Story {
	day := time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC)
	out := make([]feed.Story, n)
	for i := range out {
		out[i] = feed.Story{GUID: fmt.Sprintf("r%d-%d", round, i), Published: day.Add(-time.Duration(i) * time.Hour)}
		if link {
			out[i].URL = fmt.Sprintf("https://a.example/story/%d", i)
		}
		if title {
			out[i].Title = fmt.Sprintf("Story %d", i)
		}
	}
	return out
}

// Issue 15 item 2: a feed that changes its GUIDs at every fetch does not
// grow the store: its stories are found again by link, else by title and
// date, and keep their read and starred marks.
func TestChangedGUIDsDoNotAddStoriesAgain(t *testing.T) {
	for _, tc := range []struct {
		name        string
		link, title bool
	}{{"by link", true, false}, {"by title and date", false, true}, {"by link with titles", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			ctx := context.Background()
			f := addFeed(t, s, "https://a.example/rss")
			for round := range 11 {
				st, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: items(50, round, tc.link, tc.title)})
				if err != nil {
					t.Fatal(err)
				}
				if round == 0 {
					list, _ := s.Stories(ctx, Query{})
					s.SetRead(ctx, list[0].ID, true)
					s.SetStarred(ctx, list[1].ID, true)
				} else if st.New != 0 {
					t.Fatalf("round %d: %+v, want no new story", round, st)
				}
			}
			fd, _ := s.Feed(ctx, f.ID)
			if fd.Total != 50 || fd.Unread != 49 {
				t.Errorf("after 11 fetches with new GUIDs: %d stories, %d unread; want 50, 49", fd.Total, fd.Unread)
			}
			if starred, _ := s.Stories(ctx, Query{StarredOnly: true}); len(starred) != 1 || starred[0].GUID != "r10-1" {
				t.Errorf("starred story: %+v", starred)
			}
		})
	}
}

// Items that share a link (a feed whose items all point at its home page)
// or a title and date are still different stories.
func TestSharedLinksAndTitlesStayApart(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/rss")
	day := time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC)
	batch := []feed.Story{
		{GUID: "1", URL: "https://a.example/", Title: "Morning briefing", Published: day},
		{GUID: "2", URL: "https://a.example/", Title: "Evening briefing", Published: day},
		{GUID: "3", URL: "https://a.example/3", Title: "Briefing", Published: day},
		{GUID: "4", URL: "https://a.example/4", Title: "Briefing", Published: day},
	}
	st, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: batch})
	if err != nil || st.New != 4 {
		t.Fatalf("%+v, %v; want 4 new", st, err)
	}
	batch = append(batch, feed.Story{GUID: "5", URL: "https://a.example/", Title: "Night briefing", Published: day})
	if st, _ = s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: batch}); st.New != 1 {
		t.Errorf("a fifth story with the shared link: %+v, want 1 new", st)
	}
	// A story found by its link is not one that another item of the same
	// fetch still names by its GUID.
	batch = []feed.Story{
		{GUID: "3", URL: "https://a.example/3-moved", Title: "Briefing", Published: day},
		{GUID: "6", URL: "https://a.example/3", Title: "Another", Published: day},
	}
	if st, _ = s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: batch}); st.New != 1 || st.Updated != 1 {
		t.Errorf("a new item taking an old link: %+v, want 1 new, 1 updated", st)
	}
}

// Issue 15 item 2: what one fetch may add and what one feed may keep are
// capped; the oldest read and unstarred stories go first, then the oldest
// unread; starred ones never; feeds list can say so; what was pruned does
// not come back.
func TestFeedCaps(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://a.example/rss")
	save := func(stories []feed.Story) SaveStats {
		t.Helper()
		st, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: stories, MaxNew: 100, Keep: 250})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// Every round a hostile feed lists 1,000 items never seen before.
	fresh := func(round int) []feed.Story {
		day := time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC).Add(time.Duration(round) * 24 * time.Hour)
		out := make([]feed.Story, 1000)
		for i := range out {
			out[i] = feed.Story{GUID: fmt.Sprintf("%d-%d", round, i), URL: fmt.Sprintf("https://a.example/%d/%d", round, i),
				Title: fmt.Sprintf("Item %d of round %d", i, round), Published: day.Add(-time.Duration(i) * time.Minute)}
		}
		return out
	}
	if st := save(fresh(0)); st.New != 100 || st.Skipped != 900 || st.Pruned != 0 {
		t.Fatalf("first fetch: %+v; want 100 new, 900 left out", st)
	}
	fd, _ := s.Feed(ctx, f.ID)
	if fd.CapSkipped != 900 || fd.CapPruned != 0 {
		t.Errorf("feed after the first fetch: skipped %d, pruned %d", fd.CapSkipped, fd.CapPruned)
	}
	// Mark the oldest ten read and star two of them and the two newest.
	list, _ := s.Stories(ctx, Query{})
	var starred []int64
	for _, st := range list[90:] {
		s.SetRead(ctx, st.ID, true)
	}
	for _, st := range append(list[:2:2], list[98:]...) {
		s.SetStarred(ctx, st.ID, true)
		starred = append(starred, st.ID)
	}
	readIDs := map[int64]bool{}
	for _, st := range list[90:98] {
		readIDs[st.ID] = true
	}
	save(fresh(1))
	if st := save(fresh(2)); st.New != 100 || st.Pruned != 50 {
		t.Errorf("third fetch: %+v; want 100 new, 50 pruned", st)
	}
	fd, _ = s.Feed(ctx, f.ID)
	if fd.Total != 250 || fd.CapPruned != 50 || fd.CapSkipped != 900 {
		t.Errorf("feed after three fetches: %d stories, pruned %d, skipped %d; want 250, 50, 900", fd.Total, fd.CapPruned, fd.CapSkipped)
	}
	for _, id := range starred {
		if _, err := s.Story(ctx, id); err != nil {
			t.Errorf("starred story %d was pruned: %v", id, err)
		}
	}
	for id := range readIDs {
		if _, err := s.Story(ctx, id); err == nil {
			t.Errorf("read story %d outlived unread ones", id)
		}
	}
	// Then the oldest unread ones went; the newest of the round stay.
	guids := map[string]bool{}
	all, _ := s.Stories(ctx, Query{})
	for _, st := range all {
		guids[st.GUID] = true
	}
	if !guids["0-2"] || guids["0-89"] {
		t.Errorf("pruned the wrong unread stories: newest kept %v, oldest kept %v", guids["0-2"], guids["0-89"])
	}
	// A fetch that lists the pruned stories again does not bring them back.
	if st := save(fresh(0)[:100]); st.New != 0 {
		t.Errorf("the first round again: %+v, want nothing new", st)
	}
	for round := 3; round < 12; round++ {
		save(fresh(round))
	}
	fd, _ = s.Feed(ctx, f.ID)
	if fd.Total != 250 {
		t.Errorf("after twelve hostile rounds: %d stories, want 250", fd.Total)
	}
	var tombs int
	s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pruned WHERE feed_id = ?`, f.ID).Scan(&tombs)
	if tombs > 3*250 {
		t.Errorf("%d tombstones for one feed, want at most %d", tombs, 3*250)
	}
	// A fetch within the caps clears the note.
	save(fresh(11)[:10])
	if fd, _ = s.Feed(ctx, f.ID); fd.CapSkipped != 0 || fd.CapPruned != 0 {
		t.Errorf("a quiet fetch keeps the cap note: skipped %d, pruned %d", fd.CapSkipped, fd.CapPruned)
	}
}
