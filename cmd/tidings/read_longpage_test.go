package main

// Issue 15: a page that is one list of half a million <li> items, as
// large as the fetch cap lets a page be, is read up to extract's element
// bound with a line saying so, by `read` piped and on a terminal and by
// the reader (prefetched, then opened), in a process that stays under
// 200 MB. The CPU time each run takes is logged, never asserted.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// hugeListPage is a page of "<li>item N</li>" lines just under the
// 10 MiB fetch cap: about 500,000 items.
func hugeListPage() []byte {
	var b bytes.Buffer
	const size = 10<<20 - 1024
	b.Grow(size)
	b.WriteString("<!DOCTYPE html><html><head><title>Every item there is</title></head><body><h1>Every item there is</h1>\n" +
		"<p>This page lists every item there is, one to a line, as a hostile or careless site might.</p>\n<ul>\n")
	const tail = "</ul></body></html>\n"
	for i := 0; b.Len() < size-len(tail)-32; i++ {
		fmt.Fprintf(&b, "<li>item %d</li>\n", i)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// cutNotice begins the line extract ends a cut article with.
const cutNotice = "The page is too long to read whole: tidings read its first 25,000 elements of "

// paragraphsPage is a page of one story paragraph after another, 10 MB
// of text: the cleaner's check for teaser cards is quadratic in sibling
// paragraphs, and it took minutes on this page before the text bound.
func paragraphsPage() []byte {
	const para = "The council met on Tuesday to discuss the harbour wall, which the winter storms broke in three places, and agreed to rebuild it with larger stones before the fishing season opens. "
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>The longest story</title></head><body><article><h1>The longest story</h1>\n")
	for i := 0; b.Len() < 10<<20-2048; i++ {
		fmt.Fprintf(&b, "<p>Paragraph %d. %s%s</p>\n", i, para, para)
	}
	b.WriteString("</article></body></html>\n")
	return b.Bytes()
}

// hugeListServer serves hugeListPage at /list and counts its requests;
// /story is an ordinary article and /feed.xml lists both, the story first.
func hugeListServer(t testing.TB) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	page, paras := hugeListPage(), paragraphsPage()
	story, err := os.ReadFile(filepath.Join("testdata", "read-story.html"))
	if err != nil {
		t.Fatal(err)
	}
	var lists atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/list":
			lists.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/paragraphs":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(paras)
		case "/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(story)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Lists</title><link>%[1]s/</link>
<item><title>Harbour reopens</title><link>%[1]s/story</link><guid>%[1]s/story</guid><pubDate>Sat, 23 Mar 2024 03:15:00 GMT</pubDate></item>
<item><title>Every item there is</title><link>%[1]s/list</link><guid>%[1]s/list</guid><pubDate>Fri, 22 Mar 2024 03:15:00 GMT</pubDate></item>
</channel></rss>`, srv.URL)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &lists
}

// TestReadHugeListPage: piped `read` (JSON and Markdown) prints the
// items up to the cut and the line saying the page was cut; likewise for
// a page of 10 MB of paragraphs, cut at a megabyte of text.
//
//	go test ./cmd/tidings -run HugeListPage -v
func TestReadHugeListPage(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux rusage")
	}
	srv, _ := hugeListServer(t)
	cases := []struct {
		name, format, path, title string
		want                      []string
	}{
		{"json", "json", "/list", "Every item there is", []string{"This page lists every item there is", "item 0\n", "item 24990\n", cutNotice}},
		{"markdown", "markdown", "/list", "Every item there is", []string{"This page lists every item there is", "item 0\n", "item 24990\n", cutNotice}},
		{"paragraphs", "json", "/paragraphs", "The longest story", []string{"Paragraph 0. The council met", "Paragraph 2700. The council met",
			"The page is too long to read whole: tidings read its first 1.0 MB of text of 9.8 MB (10%)."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rss int64
			var cpu time.Duration
			r := tidingsWith(t, "", func(ps *os.ProcessState) {
				if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
					rss = ru.Maxrss * 1024
				}
				cpu = ps.UserTime() + ps.SystemTime()
			}, "read", "--format", tc.format, srv.URL+tc.path)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			text := r.stdout
			if tc.format == "json" {
				var a struct{ Title, Markdown, Text string }
				if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				if a.Title != tc.title {
					t.Errorf("title %q, want %q", a.Title, tc.title)
				}
				if last := tc.want[len(tc.want)-1]; !strings.Contains(a.Markdown, last) {
					t.Errorf("the Markdown does not say the page was cut: …%s", tail(a.Markdown))
				}
				text = a.Text
			}
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("output lacks %q: …%s", want, tail(text))
				}
			}
			if end := strings.TrimRight(text, "\n*"); !strings.HasSuffix(end, "Open it in a browser for the rest.") {
				t.Errorf("output does not end with the notice: …%s", tail(text))
			}
			t.Logf("read --format %s %s: %d bytes out, CPU %s, peak RSS %d MB", tc.format, tc.path, len(r.stdout), cpu.Round(time.Millisecond), rss>>20)
			if rss > 200<<20 {
				t.Errorf("peak RSS %d MB, want under 200 MB", rss>>20)
			}
		})
	}
}

// tail is the end of a long output, for failure messages.
func tail(s string) string { return s[max(0, len(s)-300):] }

// TestReadHugeListPageOnATerminal: on a terminal the article is laid out
// cut, with the layout's own line saying how to see all of it.
func TestReadHugeListPageOnATerminal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	srv, _ := hugeListServer(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(conf, []byte("theme = \"dark\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	done, usage := filepath.Join(dir, "done"), filepath.Join(dir, "usage")
	// GNU time, where installed, gives the run's CPU time and peak RSS.
	timer := ""
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		timer = fmt.Sprintf("/usr/bin/time -o %q -f '%%U %%S %%M' ", usage)
	}
	shell := fmt.Sprintf("HOME=%q %s%q --config %q read %q; echo exit=$? > %q; sleep 60",
		dir, timer, binary, conf, srv.URL+"/list", done)
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-longpage-%d", os.Getpid())}
	if out, err := s.run("-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "90", "-y", "40", "-e", "TERM=xterm-256color", shell); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")
	s.waitFor("the end of the cut article", contains("item 95", "The article goes on: this is the first"))
	b, err := os.ReadFile(done)
	for i := 0; err != nil && i < 200; i++ {
		time.Sleep(100 * time.Millisecond)
		b, err = os.ReadFile(done)
	}
	if strings.TrimSpace(string(b)) != "exit=0" {
		t.Fatalf("tidings read: %q %v", b, err)
	}
	if timer == "" {
		return
	}
	f, _ := os.ReadFile(usage)
	var user, sys float64
	var kb int64
	if _, err := fmt.Sscan(string(f), &user, &sys, &kb); err != nil {
		t.Fatalf("GNU time's figures %q: %v", f, err)
	}
	t.Logf("read on a terminal: CPU %.2f s, peak RSS %d MB", user+sys, kb>>10)
	if kb > 200<<10 {
		t.Errorf("peak RSS %d MB, want under 200 MB", kb>>10)
	}
}

// TestReaderHugeListPage: in the reader the huge page is prefetched while
// the story before it is open, then shown at once when n moves on to it,
// cut with a line saying so; the process stays under 200 MB.
func TestReaderHugeListPage(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux /proc")
	}
	srv, lists := hugeListServer(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	cfg := fmt.Sprintf("theme = \"dark\"\n\n[[feeds]]\nurl = %q\ntitle = \"Lists\"\n", srv.URL+"/feed.xml")
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := tmuxUserEnv(dir, conf, "BROWSER=true")
	runIn(t, env, "fetch")
	pidFile := filepath.Join(dir, "pid")
	script := writeRunScript(t, dir, env, fmt.Sprintf("echo $$ > %q\nexec %q\n", pidFile, binary))
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-longreader-%d", os.Getpid())}
	if out, err := s.run("-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "100", "-y", "30", script); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")

	s.waitFor("the story list", contains("Harbour reopens", "Every item there is"))
	s.keys("Enter")
	s.waitFor("the first story", contains("The town harbour reopened"))
	// The list page is asked for while the first story is open: that is
	// the prefetch. Moving on then uses it rather than asking again.
	s.waitFor("the prefetch of the list page", func(string) bool { return lists.Load() > 0 })
	s.keys("n")
	s.waitFor("the list page", contains("This page lists every item there is", "item 0"))
	s.keys("G")
	s.waitFor("the end of the list page, cut", contains("item 95", "The article goes on: this is the first"))
	if n := lists.Load(); n != 1 {
		t.Errorf("the list page was asked for %d times, want once (the prefetch)", n)
	}
	// enter lays out all of it, down to the cleaner's notice; G (pressed
	// until the whole layout has come) shows its end. Laying out 25,000
	// items takes seconds of CPU, many more on a busy machine: the wait
	// is longer than waitFor's.
	s.keys("Enter")
	for deadline := time.Now().Add(2 * time.Minute); ; {
		sc := s.screen()
		if contains("Open it in a browser for the rest.")(sc) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for the end of the article and the notice; the screen is:\n%s", sc)
		}
		s.keys("G")
		time.Sleep(250 * time.Millisecond)
	}

	pid, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile(filepath.Join("/proc", strings.TrimSpace(string(pid)), "status"))
	if err != nil {
		t.Fatalf("the reader's /proc status: %v", err)
	}
	var hwm int64
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			hwm, _ = strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	t.Logf("reader, list page prefetched, opened and laid out whole: peak RSS %d MB", hwm>>10)
	if hwm == 0 || hwm > 200<<10 {
		t.Errorf("peak RSS %d MB, want under 200 MB", hwm>>10)
	}
	s.keys("q")
}

// BenchmarkReadHugeListPage runs `tidings read` piped on the 10 MiB list
// page (JSON, Markdown) and on the 10 MB page of paragraphs (JSON), and
// reports the process's CPU time and peak RSS.
//
//	go test ./cmd/tidings -run '^$' -bench HugeListPage -benchtime 5x
func BenchmarkReadHugeListPage(b *testing.B) {
	srv, _ := hugeListServer(b)
	home := b.TempDir()
	for _, c := range []struct{ name, format, path string }{
		{"json", "json", "/list"}, {"markdown", "markdown", "/list"}, {"paragraphs", "json", "/paragraphs"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var cpu time.Duration
			var peak int64
			for b.Loop() {
				cmd := exec.Command(binary, "read", "--format", c.format, srv.URL+c.path)
				cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TZ=UTC", "NO_COLOR=1"}
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("tidings read: %v: %s", err, tail(string(out)))
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss*1024)
				}
			}
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "ms-CPU/op")
			b.ReportMetric(float64(peak>>20), "MB-peak-RSS")
		})
	}
}
