package remote

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed/store"
)

// refusing is a server that has one feed with one entry and refuses every
// change of state, as for an entry it has deleted.
type refusing struct{ marks int }

func (r *refusing) Account() string { return "fake http://127.0.0.1:1 me" }
func (r *refusing) Feeds(context.Context) ([]store.SyncFeed, error) {
	return []store.SyncFeed{{RemoteID: "f", URL: "http://127.0.0.1:1/feed.xml"}}, nil
}
func (r *refusing) Subscribe(context.Context, string) (store.SyncFeed, error) {
	return store.SyncFeed{}, nil
}
func (r *refusing) Unsubscribe(context.Context, string) error { return nil }
func (r *refusing) Pull(_ context.Context, cursor string, _ func([]string) ([]string, error), page func([]store.SyncEntry) error) (string, *States, error) {
	if cursor != "" {
		return cursor, nil, nil // nothing changed since
	}
	return "1", nil, page([]store.SyncEntry{{RemoteID: "e", FeedRemoteID: "f", URL: "http://127.0.0.1:1/e", Title: "E"}})
}
func (r *refusing) Mark(context.Context, store.OpKind, []string) error {
	r.marks++
	return &Error{Server: "http://127.0.0.1:1", Status: http.StatusBadRequest, Detail: "no such entry"}
}
func (r *refusing) Requests() int { return 0 }

func TestARefusedChangeIsReportedOnceAndDropped(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := &refusing{}
	if _, err := Sync(ctx, st, b); err != nil {
		t.Fatal(err)
	}
	ss, err := st.Stories(ctx, store.Query{})
	if err != nil || len(ss) != 1 {
		t.Fatalf("stories %v, %v", ss, err)
	}
	if err := st.SetRead(ctx, ss[0].ID, true); err != nil {
		t.Fatal(err)
	}
	res, err := Sync(ctx, st, b)
	if err != nil {
		t.Fatalf("a refused change failed the sync: %v", err)
	}
	if len(res.Rejected) != 1 || !strings.Contains(res.Rejected[0], "read entry e: HTTP 400 Bad Request (no such entry)") {
		t.Errorf("rejected %q, want the read of entry e named with the server's reason", res.Rejected)
	}
	if res, err := Sync(ctx, st, b); err != nil || len(res.Rejected) != 0 || b.marks != 1 {
		t.Errorf("next sync: %+v, %v, %d marks sent; want the refused change gone, not sent again", res, err, b.marks)
	}
	if !func() bool { s, _ := st.Story(ctx, ss[0].ID); return s.Read }() {
		t.Error("the story is no longer read here")
	}
}
