package store

import (
	"context"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// An enclosure's playing time survives the store, so the reader can show
// it; the rows of older versions, without it, read as unknown.
func TestEnclosureDurationIsStored(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	f := addFeed(t, s, "https://talk.example/feed")
	ep := feed.Enclosure{URL: "https://talk.example/ep7.mp3", Type: "audio/mpeg", Length: 48_000_000, Duration: 3723 * time.Second}
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: []feed.Story{{GUID: "7", Title: "Episode 7", URL: "https://talk.example/7", Enclosures: []feed.Enclosure{ep}}}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Stories(ctx, Query{})
	if err != nil || len(got) != 1 || len(got[0].Enclosures) != 1 || got[0].Enclosures[0] != ep {
		t.Fatalf("stored enclosures = %+v, %v; want %+v", got, err, ep)
	}
	if old := decodeEnclosures(`[{"url":"https://a.example/x.mp3","type":"audio/mpeg","length":5}]`); len(old) != 1 || old[0].Duration != 0 || old[0].Length != 5 {
		t.Errorf("an older row reads as %+v", old)
	}
}
