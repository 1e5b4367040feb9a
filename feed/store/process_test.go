package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// The tests below re-run this test binary as a child process that writes to
// a database, so that two processes (or a killed one) meet on a real file.
const childEnv = "TIDINGS_STORE_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(runChild(mode, os.Getenv("TIDINGS_STORE_DB")))
	}
	os.Exit(m.Run())
}

// runChild is the child's body. "writer:N" saves N batches of stories and
// toggles read marks, like a cron fetch beside the TUI; "forever" saves
// batches until killed, printing the number of each committed batch.
func runChild(mode, path string) int {
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer s.Close()
	ctx := context.Background()
	if mode == "hold" {
		return holdWriteLock(ctx, s)
	}
	f, err := s.FeedByURL(ctx, "https://child.example/rss")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	batches := -1
	if n, ok := strings.CutPrefix(mode, "writer:"); ok {
		batches, _ = strconv.Atoi(n)
	}
	pid := os.Getpid()
	for i := 0; batches < 0 || i < batches; i++ {
		stories := make([]feed.Story, 20)
		for j := range stories {
			stories[j] = feed.Story{
				GUID:    fmt.Sprintf("%d-%d-%d", pid, i, j),
				Title:   fmt.Sprintf("batch %d story %d", i, j),
				Content: strings.Repeat("lorem ipsum ", 200),
			}
		}
		if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{ETag: fmt.Sprint(i), Stories: stories}); err != nil {
			fmt.Fprintln(os.Stderr, "save:", err)
			return 1
		}
		if batches < 0 {
			fmt.Println(i)
			continue
		}
		list, err := s.Stories(ctx, Query{FeedID: f.ID, Limit: 5})
		if err != nil {
			fmt.Fprintln(os.Stderr, "list:", err)
			return 1
		}
		for _, st := range list {
			if err := s.SetRead(ctx, st.ID, true); err != nil {
				fmt.Fprintln(os.Stderr, "mark:", err)
				return 1
			}
		}
	}
	return 0
}

func child(t *testing.T, mode, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "TIDINGS_STORE_DB="+path)
	return cmd
}

func TestTwoProcessesWriteAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	f := addFeed(t, s, "https://child.example/rss")

	const batches = 30
	var wg sync.WaitGroup
	errs := make(chan string, 3)
	for range 2 {
		cmd := child(t, fmt.Sprintf("writer:%d", batches), path)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Sprintf("child: %v: %s", err, out)
			}
		}()
	}
	// Meanwhile this process plays the TUI: reads, marks, caches.
	for i := range batches {
		if _, err := s.Stories(ctx, Query{Limit: 50}); err != nil {
			t.Errorf("list while children write: %v", err)
		}
		if err := s.PutArticle(ctx, fmt.Sprintf("https://child.example/%d", i), &feed.Article{Title: "x"}); err != nil {
			t.Errorf("cache while children write: %v", err)
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	fd, err := s.Feed(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * batches * 20; fd.Total != want {
		t.Errorf("stories = %d, want %d", fd.Total, want)
	}
	// On a connection of its own: FTS5's check reads the index as this
	// process's connections last saw it, before the children wrote, and
	// calls it damaged (searches on them are right: FTS5 reloads its
	// state for them).
	fresh, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	checkIntegrity(t, fresh)
	checkSearchIndex(t, fresh)
	if got, err := s.Search(ctx, "lorem ipsum", 5000); err != nil || len(got) != fd.Total {
		t.Errorf("search finds %d of the %d stories the children wrote (%v)", len(got), fd.Total, err)
	}
}

func TestKillDuringFetchKeepsCommittedStories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	addFeed(t, s, "https://child.example/rss")
	s.Close()

	cmd := child(t, "forever", path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	last := -1
	for sc.Scan() {
		last, _ = strconv.Atoi(sc.Text())
		if last >= 25 {
			break
		}
	}
	// Kill it in the middle of its next transactions.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if last < 25 {
		t.Fatalf("child committed only %d batches before exiting", last)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer s.Close()
	checkIntegrity(t, s)
	ctx := context.Background()
	f, err := s.FeedByURL(ctx, "https://child.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Stories(ctx, Query{FeedID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, st := range got {
		have[st.GUID] = true
	}
	for i := 0; i <= last; i++ {
		for j := range 20 {
			if g := fmt.Sprintf("%d-%d-%d", cmd.Process.Pid, i, j); !have[g] {
				t.Fatalf("committed story %s lost after kill -9 (%d stories left)", g, len(got))
			}
		}
	}
	if len(got)%20 != 0 {
		t.Errorf("a half-saved batch: %d stories", len(got))
	}
	// The search index was written in the same transactions.
	checkSearchIndex(t, s)
	if found, err := s.Search(ctx, "lorem ipsum", len(got)+20); err != nil || len(found) != len(got) {
		t.Errorf("after kill -9, search finds %d of %d stories (%v)", len(found), len(got), err)
	}
	// And the database takes new writes.
	if _, err := s.SaveFetchResult(ctx, f.ID, FetchResult{Stories: []feed.Story{{GUID: "after", Title: "after"}}}); err != nil {
		t.Errorf("write after recovery: %v", err)
	}
}

func checkIntegrity(t *testing.T, s *Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var res string
	if err := s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
}
