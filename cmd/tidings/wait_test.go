package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer a child process writes while the test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Issue 15 item 6, through the binary: `fetch` behind another process's
// write lock says that it waits and for whom, then goes on when the lock
// is released; -q stays silent.
func TestFetchSaysWhomItWaitsFor(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n", srv.URL+"/world.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("first fetch: %d %q", r.code, r.stderr)
	}
	for _, quiet := range []bool{false, true} {
		// This test process holds the write lock, as a cron fetch would.
		db, err := sql.Open("sqlite", filepath.Join(e.home, "data", "tidings", "tidings.db"))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		args := []string{"fetch"}
		if quiet {
			args = append(args, "-q")
		}
		cmd := e.command(binary, args...)
		var stdout, stderr lockedBuffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		want := "tidings: waiting while another process writes the database ("
		if runtime.GOOS == "linux" {
			want += fmt.Sprintf("pid %d: %s", os.Getpid(), filepath.Base(os.Args[0]))
		}
		deadline := time.Now().Add(4 * time.Second)
		for !quiet && !strings.Contains(stderr.String(), want) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if quiet {
			time.Sleep(2 * time.Second) // past the notice, which -q must not print
		}
		conn.ExecContext(ctx, "COMMIT")
		conn.Close()
		db.Close()
		err = cmd.Wait()
		switch {
		case err != nil:
			t.Errorf("fetch %v after the wait: %v\n%s%s", args, err, stdout.String(), stderr.String())
		case quiet && stderr.String() != "":
			t.Errorf("fetch -q said %q", stderr.String())
		case !quiet && !strings.Contains(stderr.String(), want):
			t.Errorf("fetch while another process writes: stderr %q, want %q…", stderr.String(), want)
		case !quiet && !strings.Contains(stdout.String(), "1 of 1 feed fetched"):
			t.Errorf("fetch after the wait: %q", stdout.String())
		}
	}
}
