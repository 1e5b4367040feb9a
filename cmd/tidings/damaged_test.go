package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

// Issue 15 item 6, through the binary: a database damaged mid-file gives
// one line that names the file, what is wrong and the ways out (the
// integrity check, a backup copy, --db), not SQLite's terse words.
func TestDamagedDatabaseSaysHowToRecover(t *testing.T) {
	e := newFeedsEnv(t, "")
	path := filepath.Join(e.home, "data", "tidings", "tidings.db")
	s, err := store.Open(path)
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
	if _, err := s.SaveFetchResult(ctx, f.ID, store.FetchResult{Stories: stories}); err != nil {
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
		file.WriteAt(junk, off&^4095)
	}
	file.Close()
	// (feeds list reads only what the damage spared, and works.)
	for _, args := range [][]string{{"list"}, {"list", "--json"}} {
		r := e.run(t, "", args...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want one line and exit 1", args, r.code, r.stderr)
		}
		for _, want := range []string{"the database file is damaged", path, "sqlite3 " + path + " 'PRAGMA integrity_check'", "backup copy", "--db FILE"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%v: stderr %q does not say %q", args, r.stderr, want)
			}
		}
	}
}
