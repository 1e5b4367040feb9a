package store

import (
	"context"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// syncedStore is a store that syncs with an account and holds one synced
// feed with two synced stories, e1 and e2.
func syncedStore(t *testing.T) (*Store, int64) {
	t.Helper()
	ctx := context.Background()
	s := openTest(t)
	if err := s.BeginSync(ctx, "miniflux http://127.0.0.1:1 me"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplySyncFeeds(ctx, []SyncFeed{{RemoteID: "f1", URL: "http://127.0.0.1:1/feed.xml", Title: "Feed"}}); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st, err := s.ApplySyncEntries(ctx, []SyncEntry{
		{RemoteID: "e1", FeedRemoteID: "f1", URL: "http://127.0.0.1:1/1", Title: "One", Changed: old},
		{RemoteID: "e2", FeedRemoteID: "f1", URL: "http://127.0.0.1:1/2", Title: "Two", Changed: old},
	}, "")
	if err != nil || st.New != 2 {
		t.Fatalf("apply: %+v, %v", st, err)
	}
	f, err := s.FeedByURL(ctx, "http://127.0.0.1:1/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	return s, f.ID
}

func storyByRemote(t *testing.T, s *Store, rid string) (id int64, read, starred bool) {
	t.Helper()
	if err := s.db.QueryRow(`SELECT id, read, starred FROM stories WHERE remote_id = ?`, rid).Scan(&id, &read, &starred); err != nil {
		t.Fatal(err)
	}
	return
}

func TestLocalChangesOfSyncedStoriesAreQueuedInOrder(t *testing.T) {
	ctx := context.Background()
	s, feedID := syncedStore(t)
	id1, _, _ := storyByRemote(t, s, "e1")
	if err := s.SetRead(ctx, id1, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, id1, true); err != nil { // no change: nothing more to send
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, id1, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkFeedRead(ctx, feedID); err != nil {
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
	want := []string{"read e1", "star e1", "read e2"}
	if len(got) != len(want) {
		t.Fatalf("outbox %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("outbox %q, want %q", got, want)
		}
	}
}

func TestANonSyncingStoreQueuesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := addFeed(t, s, "http://127.0.0.1:1/feed.xml")
	if _, err := s.db.Exec(`INSERT INTO stories (feed_id, guid, first_seen, sort_time) VALUES (?, 'g', 1, 1)`, f.ID); err != nil {
		t.Fatal(err)
	}
	var id int64
	s.db.QueryRow(`SELECT id FROM stories`).Scan(&id)
	if err := s.SetRead(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	for _, feeds := range []bool{true, false} {
		if ops, _ := s.Outbox(ctx, feeds, 10); len(ops) != 0 {
			t.Errorf("a store that never synced queued %+v", ops)
		}
	}
}

func TestSubscribeAndUnsubscribeAreQueued(t *testing.T) {
	ctx := context.Background()
	s, feedID := syncedStore(t)
	if _, err := s.AddFeed(ctx, feedFor("http://127.0.0.1:1/new.xml")); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, feedID); err != nil {
		t.Fatal(err)
	}
	ops, err := s.Outbox(ctx, true, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 2 || ops[0].Kind != OpSubscribe || ops[0].URL != "http://127.0.0.1:1/new.xml" ||
		ops[1].Kind != OpUnsubscribe || ops[1].RemoteID != "f1" {
		t.Fatalf("outbox %+v, want subscribe new.xml then unsubscribe f1", ops)
	}
	// The server still lists f1 until the unsubscribe reaches it: it must
	// not come back here meanwhile.
	if st, err := s.ApplySyncFeeds(ctx, []SyncFeed{{RemoteID: "f1", URL: "http://127.0.0.1:1/feed.xml"}}); err != nil || st.FeedsAdded != 0 {
		t.Fatalf("apply: %+v, %v; the removed feed came back", st, err)
	}
}

func TestTheLaterChangeWinsBetweenServerAndOutbox(t *testing.T) {
	ctx := context.Background()
	s, _ := syncedStore(t)
	id1, _, _ := storyByRemote(t, s, "e1")
	id2, _, _ := storyByRemote(t, s, "e2")
	s.now = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	if err := s.SetRead(ctx, id1, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, id2, true); err != nil {
		t.Fatal(err)
	}
	// e1 was marked unread on the phone after the laptop read it; e2's
	// server state is older than the laptop's change.
	if _, err := s.ApplySyncEntries(ctx, []SyncEntry{
		{RemoteID: "e1", FeedRemoteID: "f1", Changed: time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC)},
		{RemoteID: "e2", FeedRemoteID: "f1", Changed: time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)},
	}, ""); err != nil {
		t.Fatal(err)
	}
	if _, read, _ := storyByRemote(t, s, "e1"); read {
		t.Error("e1: the older local read won over the server's later unread")
	}
	if _, read, _ := storyByRemote(t, s, "e2"); !read {
		t.Error("e2: the server's older unread won over the later local read")
	}
	ops, _ := s.Outbox(ctx, false, 10)
	if len(ops) != 1 || ops[0].RemoteID != "e2" {
		t.Errorf("outbox %+v, want only e2's read left to send", ops)
	}
}

func TestServerStateListsSpareQueuedChanges(t *testing.T) {
	ctx := context.Background()
	s, _ := syncedStore(t)
	id2, _, _ := storyByRemote(t, s, "e2")
	if err := s.SetStarred(ctx, id2, true); err != nil {
		t.Fatal(err)
	}
	// The server: e1 read and starred, e2 unread and not starred.
	if _, err := s.ApplySyncStates(ctx, map[string]bool{"e2": true}, map[string]bool{"e1": true}); err != nil {
		t.Fatal(err)
	}
	if _, read, star := storyByRemote(t, s, "e1"); !read || !star {
		t.Errorf("e1: read %v starred %v, want both from the server", read, star)
	}
	if _, read, star := storyByRemote(t, s, "e2"); read || !star {
		t.Errorf("e2: read %v starred %v, want unread and the queued star kept", read, star)
	}
}

func TestAnotherAccountForgetsTheOldOnesIDs(t *testing.T) {
	ctx := context.Background()
	s, _ := syncedStore(t)
	id1, _, _ := storyByRemote(t, s, "e1")
	if err := s.SetRead(ctx, id1, true); err != nil {
		t.Fatal(err)
	}
	if err := s.BeginSync(ctx, "greader http://127.0.0.1:2 me"); err != nil {
		t.Fatal(err)
	}
	if ops, _ := s.Outbox(ctx, false, 10); len(ops) != 0 {
		t.Errorf("changes for the old server are still queued: %+v", ops)
	}
	if ids, _ := s.SyncedFeedIDs(ctx); len(ids) != 0 {
		t.Errorf("feeds still carry the old server's ids: %v", ids)
	}
	// Entries applied again after the switch are matched by link, not
	// added twice.
	if _, err := s.ApplySyncFeeds(ctx, []SyncFeed{{RemoteID: "feed/9", URL: "http://127.0.0.1:1/feed.xml"}}); err != nil {
		t.Fatal(err)
	}
	st, err := s.ApplySyncEntries(ctx, []SyncEntry{{RemoteID: "91", FeedRemoteID: "feed/9", URL: "http://127.0.0.1:1/1"}}, "")
	if err != nil || st.New != 0 {
		t.Errorf("apply after the switch: %+v, %v; want the story matched by its link", st, err)
	}
}

func feedFor(url string) feed.Feed { return feed.Feed{URL: url} }
