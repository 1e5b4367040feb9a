package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// holdWriteLock is the child "hold": it takes the write lock, says so on
// stdout, and keeps it until its stdin closes.
func holdWriteLock(ctx context.Context, s *Store) int {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = value WHERE key = 'none'`); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("held")
	io.Copy(io.Discard, os.Stdin)
	if err := tx.Commit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// Issue 15 item 6: a write that waits for another process's write lock
// says so, once, naming that process; and opening the database does not
// wait at all.
func TestWaitingForAnotherWriterIsTold(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tidings.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	cmd := child(t, "hold", path)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer in.Close()
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "held\n" {
		t.Fatalf("child: %q, %v", line, err)
	}

	opened := make(chan *Store, 1)
	go func() {
		s, err := Open(path)
		if err != nil {
			t.Error(err)
		}
		opened <- s
	}()
	select {
	case s = <-opened:
	case <-time.After(4 * time.Second): // under the busy timeout: opening took no lock
		t.Fatal("Open waited for the other process's write lock")
	}
	if s == nil {
		return
	}
	defer s.Close()
	told := make(chan string, 2)
	s.OnWait(func(who string) { told <- who })
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := s.AddFeed(ctx, feed.Feed{URL: "https://a.example/rss"})
		done <- err
	}()
	var who string
	select {
	case who = <-told:
	case err := <-done:
		t.Fatalf("the write did not wait: %v", err)
	}
	want := fmt.Sprintf("pid %d: %s", cmd.Process.Pid, filepath.Base(os.Args[0]))
	if runtime.GOOS == "linux" && !strings.HasPrefix(who, want) {
		t.Errorf("waiting for %q, want %q…", who, want)
	}
	in.Close()
	if err := <-done; err != nil {
		t.Fatalf("the write after the wait: %v", err)
	}
	// Told once: a second wait is not repeated.
	if len(told) != 0 {
		t.Errorf("told again: %q", <-told)
	}
}
