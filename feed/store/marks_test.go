package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// marksStore holds feed A (tagged World) and feed B, five stories each,
// one an hour from 2024-01-01 00:00 UTC, A's on the even hours.
func marksStore(t *testing.T) (*Store, feed.Feed, feed.Feed) {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	a, _ := s.AddFeed(ctx, feed.Feed{URL: "https://a.example/", Title: "A", Tags: []string{"World"}})
	b, _ := s.AddFeed(ctx, feed.Feed{URL: "https://b.example/", Title: "B"})
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var as, bs []feed.Story
	for i := range 5 {
		as = append(as, feed.Story{GUID: fmt.Sprint("a", i), Title: fmt.Sprint("A", i), Published: base.Add(time.Duration(2*i) * time.Hour)})
		bs = append(bs, feed.Story{GUID: fmt.Sprint("b", i), Title: fmt.Sprint("B", i), Published: base.Add(time.Duration(2*i+1) * time.Hour)})
	}
	if _, err := s.SaveFetchResult(ctx, a.ID, FetchResult{Stories: as}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveFetchResult(ctx, b.ID, FetchResult{Stories: bs}); err != nil {
		t.Fatal(err)
	}
	return s, a, b
}

// unreadTitles lists the titles of the unread stories, newest first.
func unreadTitles(t *testing.T, s *Store) []string {
	t.Helper()
	got, err := s.Stories(context.Background(), Query{UnreadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return titles(got)
}

func TestMarkReadSelections(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		k    func(a, b feed.Feed, all []feed.Story) Marks
		left []string
	}{
		{"everything", func(a, b feed.Feed, _ []feed.Story) Marks { return Marks{} }, nil},
		{"one feed", func(a, b feed.Feed, _ []feed.Story) Marks { return Marks{FeedID: b.ID} },
			[]string{"A4", "A3", "A2", "A1", "A0"}},
		{"a tag, in any case", func(a, b feed.Feed, _ []feed.Story) Marks { return Marks{Tag: "world"} },
			[]string{"B4", "B3", "B2", "B1", "B0"}},
		{"before a date", func(a, b feed.Feed, _ []feed.Story) Marks {
			return Marks{Before: time.Date(2024, 1, 1, 3, 0, 0, 0, time.UTC)}
		}, []string{"B4", "A4", "B3", "A3", "B2", "A2", "B1"}},
		{"a tag before a date", func(a, b feed.Feed, _ []feed.Story) Marks {
			return Marks{Tag: "World", Before: time.Date(2024, 1, 1, 3, 0, 0, 0, time.UTC)}
		}, []string{"B4", "A4", "B3", "A3", "B2", "A2", "B1", "B0"}},
		{"the stories listed", func(a, b feed.Feed, all []feed.Story) Marks {
			return Marks{IDs: []int64{all[0].ID, all[9].ID}}
		}, []string{"A4", "B3", "A3", "B2", "A2", "B1", "A1", "B0"}},
		{"no story listed", func(a, b feed.Feed, _ []feed.Story) Marks { return Marks{IDs: []int64{}} },
			[]string{"B4", "A4", "B3", "A3", "B2", "A2", "B1", "A1", "B0", "A0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, a, b := marksStore(t)
			all, _ := s.Stories(ctx, Query{})
			ids, err := s.MarkRead(ctx, tc.k(a, b, all))
			if err != nil {
				t.Fatal(err)
			}
			left := unreadTitles(t, s)
			if !slices.Equal(left, tc.left) {
				t.Errorf("unread after: %v, want %v", left, tc.left)
			}
			if len(ids) != 10-len(tc.left) {
				t.Errorf("%d ids returned for %d stories marked", len(ids), 10-len(tc.left))
			}
		})
	}
}

func TestMarkUnreadUndoesExactlyTheBulkChange(t *testing.T) {
	ctx := context.Background()
	s, a, _ := marksStore(t)
	all, _ := s.Stories(ctx, Query{})
	// Read before the bulk change: the undo must leave it read.
	if err := s.SetRead(ctx, all[1].ID, true); err != nil {
		t.Fatal(err)
	}
	ids, err := s.MarkRead(ctx, Marks{FeedID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 4 || slices.Contains(ids, all[1].ID) {
		t.Fatalf("changed %v: want A's four unread stories, not the one read before (%d)", ids, all[1].ID)
	}
	n, err := s.MarkUnread(ctx, ids)
	if err != nil || n != 4 {
		t.Fatalf("MarkUnread = %d, %v; want 4", n, err)
	}
	want := []string{"B4", "B3", "A3", "B2", "A2", "B1", "A1", "B0", "A0"}
	if got := unreadTitles(t, s); !slices.Equal(got, want) {
		t.Errorf("unread after the undo: %v, want %v", got, want)
	}
	if n, err := s.MarkUnread(ctx, nil); err != nil || n != 0 {
		t.Errorf("MarkUnread(nil) = %d, %v; want 0", n, err)
	}
}

func TestMarkReadTakesThousandsOfStoriesAtOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addFeed(t, s, "https://big.example/")
	var items []feed.Story
	for i := range 40000 {
		items = append(items, feed.Story{GUID: fmt.Sprint(i), Title: fmt.Sprint("S", i)})
	}
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: items, MaxNew: 40000, Keep: 40000}); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Stories(ctx, Query{})
	if len(all) != 40000 {
		t.Fatalf("%d stories stored, want 40000", len(all))
	}
	ids := make([]int64, len(all))
	for i, st := range all {
		ids[i] = st.ID
	}
	// More ids than SQLite takes placeholders (32,766).
	got, err := s.MarkRead(ctx, Marks{IDs: ids})
	if err != nil || len(got) != len(all) {
		t.Fatalf("MarkRead of %d ids: %d changed, %v", len(ids), len(got), err)
	}
	if left := unreadTitles(t, s); len(left) != 0 {
		t.Errorf("%d stories left unread", len(left))
	}
}

func TestBulkMarksOfSyncedStoriesReachTheOutbox(t *testing.T) {
	ctx := context.Background()
	s, feedID := syncedStore(t)
	local, err := s.AddFeed(ctx, feed.Feed{URL: "https://local.example/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveFetchResult(ctx, local.ID, FetchResult{Stories: []feed.Story{{GUID: "l1", Title: "Local"}}}); err != nil {
		t.Fatal(err)
	}
	id1, _, _ := storyByRemote(t, s, "e1")
	if err := s.SetRead(ctx, id1, true); err != nil {
		t.Fatal(err)
	}
	ids, err := s.MarkRead(ctx, Marks{})
	if err != nil || len(ids) != 2 {
		t.Fatalf("MarkRead: %v, %v; want e2 and the local story", ids, err)
	}
	if _, err := s.MarkUnread(ctx, ids); err != nil {
		t.Fatal(err)
	}
	ops, err := s.Outbox(ctx, false, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range ops {
		got = append(got, string(o.Kind)+" "+o.RemoteID)
	}
	// The local story has no server to tell; e1 was read already.
	want := []string{"read e1", "read e2", "unread e2"}
	if !slices.Equal(got, want) {
		t.Errorf("outbox %q, want %q (feed %d)", got, want, feedID)
	}
}

func TestViewSurvivesReopening(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.View(ctx); err != nil || v != (feed.View{}) {
		t.Fatalf("a new database's view: %+v, %v; want the zero View", v, err)
	}
	want := feed.View{UnreadOnly: true, FeedsPane: true, Tag: "World", Title: "World"}
	if err := s.SetView(ctx, want); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.View(ctx); err != nil || v != want {
		t.Errorf("view after reopening: %+v, %v; want %+v", v, err, want)
	}
	// Something this tidings cannot read is no view, not an error.
	if _, err := s.db.Exec(`UPDATE meta SET value = '{"unread_only": "yes"' WHERE key = ?`, metaView); err != nil {
		t.Fatal(err)
	}
	if v, err := s.View(ctx); err != nil || v != (feed.View{}) {
		t.Errorf("a damaged view: %+v, %v; want the zero View", v, err)
	}
}

func TestViewAndBulkMarksLeaveTheVersionAlone(t *testing.T) {
	ctx := context.Background()
	s, a, _ := marksStore(t)
	before, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetView(ctx, feed.View{FeedID: a.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkRead(ctx, Marks{}); err != nil {
		t.Fatal(err)
	}
	// The reader that did it shows it already: reloading every story
	// would only cost time.
	if after, err := s.Version(ctx); err != nil || after != before {
		t.Errorf("version moved: %+v -> %+v, %v", before, after, err)
	}
}

// BenchmarkMarkRead10k is the reader's A on a list of 10,000 unread
// stories (their ids given, as the list shows them) and its undo: one
// transaction each.
//
//	go test ./feed/store -run '^$' -bench 'MarkRead10k' -benchmem
func BenchmarkMarkRead10k(b *testing.B) {
	s, err := Open(seedList(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	all, err := s.Stories(ctx, Query{})
	if err != nil || len(all) != 10000 {
		b.Fatalf("%d stories, %v", len(all), err)
	}
	ids := make([]int64, len(all))
	for i, st := range all {
		ids[i] = st.ID
	}
	for b.Loop() {
		changed, err := s.MarkRead(ctx, Marks{IDs: ids})
		if err != nil || len(changed) != len(ids) {
			b.Fatalf("MarkRead: %d changed, %v", len(changed), err)
		}
		if n, err := s.MarkUnread(ctx, changed); err != nil || n != len(ids) {
			b.Fatalf("MarkUnread: %d, %v", n, err)
		}
	}
}
