package main

// Issue 8, faults: a full disk, a read-only database and two tidings at
// once, through the real binary. Nothing committed may be lost and every
// failure is one line that says what to do.

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	_ "modernc.org/sqlite"
)

// bulkFeedServer serves /small.xml (3 stories) and /big.xml (n stories of
// a few KB each).
func bulkFeedServer(t *testing.T, n int) *httptest.Server {
	t.Helper()
	items := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `<item><title>%s %d</title><link>https://bulk.example/%s/%d</link><guid>%s-%d</guid><description>%s</description></item>`,
				prefix, i, prefix, i, prefix, i, strings.Repeat("lorem ipsum dolor sit amet ", 100))
		}
		return b.String()
	}
	small := `<rss version="2.0"><channel><title>Small</title>` + items("small", 3) + `</channel></rss>`
	big := `<rss version="2.0"><channel><title>Big</title>` + items("big", n) + `</channel></rss>`
	mux := http.NewServeMux()
	mux.HandleFunc("/small.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(small)) })
	mux.HandleFunc("/big.xml", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(big)) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func (e feedsEnv) dbPath() string { return filepath.Join(e.home, "data", "tidings", "tidings.db") }

// command is the *exec.Cmd e.run would run, for tests that need to adjust
// it (a resource limit, another user).
func (e feedsEnv) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + e.home, "TZ=UTC", "NO_COLOR=1",
		"XDG_CONFIG_HOME=" + filepath.Join(e.home, "config"), "XDG_DATA_HOME=" + filepath.Join(e.home, "data"),
		"XDG_STATE_HOME=" + filepath.Join(e.home, "state"),
	}
	return cmd
}

func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", cmd.Path, err)
	}
	return result{out.String(), errb.String(), code}
}

// integrity runs SQLite's integrity check on the user's database.
func integrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
}

// A full disk, simulated with the file-size limit (RLIMIT_FSIZE: every
// write past it fails with EFBIG, as a write to a full disk fails with
// ENOSPC), fails the big feed in one line; the stories of the earlier
// fetch stay, the database checks out, and the next fetch with room
// brings everything.
func TestFetchOnAFullDisk(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh for ulimit")
	}
	srv := bulkFeedServer(t, 2000)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n", srv.URL+"/small.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("first fetch: %d %s%s", r.code, r.stdout, r.stderr)
	}
	cfg := fmt.Sprintf("[[feeds]]\nurl = %q\n\n[[feeds]]\nurl = %q\n", srv.URL+"/small.xml", srv.URL+"/big.xml")
	if err := os.WriteFile(e.configPath(), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(e.dbPath())
	if err != nil {
		t.Fatal(err)
	}
	// Room for a few more pages, not for 2000 stories. ulimit -f counts
	// 512-byte blocks in sh.
	limit := fi.Size()/512 + 8
	cmd := e.command("sh", "-c", fmt.Sprintf(`ulimit -f %d && exec "$0" "$@"`, limit), binary, "fetch")
	r := runCmd(t, cmd)
	t.Logf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	if !strings.Contains(r.stdout, "1 failed") || !strings.Contains(r.stdout, "Big: store: save feed") ||
		!strings.Contains(r.stdout, "is the disk full or failing?") {
		t.Errorf("want the big feed to fail with a line about the disk:\n%s%s", r.stdout, r.stderr)
	}
	assertSafe(t, "full-disk fetch", r.stdout+r.stderr)
	integrity(t, e.dbPath())
	if l := e.run(t, "", "list"); strings.Count(l.stdout, "small ") != 3 || strings.Contains(l.stdout, "big ") {
		t.Errorf("after the failed fetch, list:\n%s", l.stdout)
	}
	// With room again, nothing is missing.
	if r := e.run(t, "", "fetch"); r.code != 0 || !strings.Contains(r.stdout, "2 of 2 feeds fetched, 2000 new stories") {
		t.Errorf("fetch with room: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	integrity(t, e.dbPath())
}

// A database tidings may not write: every command that needs it says so in
// one line, and the stories in it are all there once it is writable again.
// As root (CI) permission bits bind nobody, so the commands run as the
// unprivileged user nobody.
func TestReadOnlyDatabase(t *testing.T) {
	srv := bulkFeedServer(t, 10)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n\n[[feeds]]\nurl = %q\n", srv.URL+"/small.xml", srv.URL+"/big.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("fetch: %d %s%s", r.code, r.stdout, r.stderr)
	}
	dbDir := filepath.Dir(e.dbPath())
	asOther := func(cmd *exec.Cmd) *exec.Cmd { return cmd }
	if os.Geteuid() == 0 {
		// nobody must reach the config and the database: open the way
		// from the test's temporary root, owned by root, read-only.
		for _, d := range []string{filepath.Dir(binary), filepath.Dir(e.home), e.home, filepath.Join(e.home, "config"), filepath.Dir(e.configPath()),
			filepath.Join(e.home, "data"), dbDir} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(e.configPath(), 0o644); err != nil {
			t.Fatal(err)
		}
		asOther = func(cmd *exec.Cmd) *exec.Cmd {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			return cmd
		}
	}
	if err := os.Chmod(e.dbPath(), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dbDir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dbDir, 0o700) })
	for _, args := range [][]string{{"fetch"}, {"list"}, {"feeds", "add", srv.URL + "/small.xml"}} {
		r := runCmd(t, asOther(e.command(binary, args...)))
		t.Logf("%s: exit %d: %s", strings.Join(args, " "), r.code, strings.TrimSpace(r.stderr))
		want := "tidings: store: " + e.dbPath() + ": the database is read-only: check the permissions of the file and its folder"
		if r.code != 1 || !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q\nwant one line starting %q", strings.Join(args, " "), r.code, r.stderr, want)
		}
	}
	os.Chmod(dbDir, 0o700)
	os.Chmod(e.dbPath(), 0o600)
	integrity(t, e.dbPath())
	if l := e.run(t, "", "list"); strings.Count(l.stdout, "small ") != 3 || strings.Count(l.stdout, "big ") != 10 {
		t.Errorf("stories lost:\n%s", l.stdout)
	}
}

// A cron `tidings fetch` beside another fetch, a `list` and a `feeds list`
// (what the TUI reads): all succeed on
// the one database and it checks out.
func TestTwoTidingsAtOnce(t *testing.T) {
	srv := bulkFeedServer(t, 500)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\n\n[[feeds]]\nurl = %q\n", srv.URL+"/small.xml", srv.URL+"/big.xml"))
	if r := e.run(t, "", "feeds", "list"); r.code != 0 {
		t.Fatalf("feeds list: %s", r.stderr)
	}
	var wg sync.WaitGroup
	results := make([]result, 4)
	for i, args := range [][]string{{"fetch", "--force"}, {"fetch", "--force", "2"}, {"list"}, {"feeds", "list"}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runCmd(t, e.command(binary, args...))
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.code != 0 || strings.Contains(r.stdout+r.stderr, "busy") {
			t.Errorf("process %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
	}
	integrity(t, e.dbPath())
	if l := e.run(t, "", "list"); strings.Count(l.stdout, "\n") != 1+3+500 {
		t.Errorf("want 503 stories once each, list has %d lines", strings.Count(l.stdout, "\n"))
	}
}

// Saving a note on a full disk (the file-size limit at zero: no file may
// grow) fails in one line and leaves the earlier note as it was, with no
// temporary file beside it.
func TestSaveOnAFullDisk(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh for ulimit")
	}
	srv := saveServer(t)
	e := newFeedsEnv(t, "")
	notes := filepath.Join(e.home, "notes")
	r := e.run(t, "", "save", "-o", notes, srv.URL+"/news/harbour")
	if r.code != 0 {
		t.Fatalf("save: %d %s", r.code, r.stderr)
	}
	path := strings.TrimSpace(r.stdout)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r = runCmd(t, e.command("sh", "-c", `ulimit -f 0 && exec "$0" "$@"`, binary, "save", "-o", notes, srv.URL+"/news/other-harbour"))
	t.Logf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, notes) {
		t.Errorf("exit %d, stderr %q: want 1 and one line naming the folder", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Errorf("the earlier note changed")
	}
	entries, _ := os.ReadDir(notes)
	if len(entries) != 1 {
		var names []string
		for _, de := range entries {
			names = append(names, de.Name())
		}
		t.Errorf("the notes folder holds %v, want only the earlier note", names)
	}
}
