package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// damagedDB writes a database of a few megabytes and overwrites a stretch
// in its middle, as a failing disk or a copy taken mid-write would.
func damagedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f, err := s.AddFeed(ctx, feed.Feed{URL: "https://a.example/rss"})
	if err != nil {
		t.Fatal(err)
	}
	stories := make([]feed.Story, 3000)
	for i := range stories {
		stories[i] = feed.Story{GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://a.example/%d", i), Title: fmt.Sprintf("Story %d", i),
			Published: time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Minute),
			Content:   strings.Repeat("<p>words of the story </p>", 40)}
	}
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: stories}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 64<<10/4))
	for _, off := range []int64{fi.Size() / 3, fi.Size() / 2, 2 * fi.Size() / 3} {
		if _, err := file.WriteAt(junk, off&^4095); err != nil {
			t.Fatal(err)
		}
	}
	file.Close()
	return path
}

// Issue 15 item 6: a file damaged mid-way opens (its first page is fine)
// but every read that meets the damage is ErrDamaged, not SQLite's "database
// disk image is malformed" alone.
func TestDamagedDatabaseIsNamed(t *testing.T) {
	s, err := Open(damagedDB(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	_, err = s.Stories(ctx, Query{WithContent: true})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "the database file is damaged") {
		t.Errorf("listing the stories of a damaged file: %v", err)
	}
}
