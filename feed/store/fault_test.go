package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed"
)

// A full disk (SQLite's own SQLITE_FULL, reached by capping the file's
// pages) fails the fetch with a line that says so, and the stories already
// committed stay whole.
func TestFullDiskKeepsCommittedStories(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "tidings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	f := addFeed(t, s, "https://full.example/rss")
	first := make([]feed.Story, 5)
	for i := range first {
		first[i] = feed.Story{GUID: fmt.Sprint("a", i), Title: fmt.Sprint("kept ", i)}
	}
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: first}); err != nil {
		t.Fatal(err)
	}
	// One connection, so the cap below is the one every statement meets.
	s.db.SetMaxOpenConns(1)
	var pages int
	if err := s.db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+1)); err != nil {
		t.Fatal(err)
	}
	big := make([]feed.Story, 200)
	for i := range big {
		big[i] = feed.Story{GUID: fmt.Sprint("b", i), Title: "lost", Content: strings.Repeat("lorem ipsum ", 500)}
	}
	_, err = s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: big})
	if err == nil || !strings.Contains(err.Error(), "the disk is full") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("save on a full disk: %v, want one line saying the disk is full", err)
	}
	got, err := s.Stories(ctx, Query{FeedID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(first) {
		t.Errorf("%d stories after the failed save, want the %d committed before", len(got), len(first))
	}
	checkIntegrity(t, s)
}

// Paths that cannot hold a database give one line naming the path and
// what to do, and touch nothing.
func TestOpenUnusablePaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("my own notes, not a database\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, path, want string }{
		{"under a regular file", filepath.Join(file, "tidings.db"), "cannot create the database's folder: " + file + ": not a directory"},
		{"a folder", dir, "cannot open the database"},
		{"not a database", file, "not a tidings database"},
	}
	for _, c := range cases {
		_, err := Open(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Dir(c.path)) ||
			strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: Open = %v, want one line naming %s and saying %q", c.name, err, filepath.Dir(c.path), c.want)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "my own notes, not a database\n" {
		t.Errorf("the file that is not a database was changed: %q", b)
	}
}
