package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/store"
	"github.com/tidings-app/tidings/ui"
	"github.com/tidings-app/tidings/ui/article"
	"github.com/tidings-app/tidings/ui/message"
)

const (
	benchStories = 10000
	benchFeedsN  = 20
)

// seedStore fills a new database at path with n stories spread over
// benchFeedsN feeds whose URLs point at base. Each story carries a
// summary and about 2 KB of content, as real feeds do.
func seedStore(tb testing.TB, path, base string, n int) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	body := strings.Repeat("<p>Paragraph of the feed's own copy of the story, long enough to weigh what real feeds weigh.</p>", 20)
	start := time.Date(2024, 3, 23, 12, 0, 0, 0, time.UTC)
	per := n / benchFeedsN
	for f := range benchFeedsN {
		fd, err := st.AddFeed(ctx, feed.Feed{URL: fmt.Sprintf("%s/feed/%d.xml", base, f), Title: fmt.Sprintf("Feed number %d", f), Tags: []string{[]string{"world", "tech", "local"}[f%3]}})
		if err != nil {
			tb.Fatal(err)
		}
		stories := make([]feed.Story, per)
		for i := range stories {
			k := f*per + i
			u := fmt.Sprintf("%s/story/%d", base, k)
			stories[i] = feed.Story{
				GUID: u, URL: u, Title: fmt.Sprintf("Story %d: council votes on the budget for the year and the river towns", k),
				Authors: []string{"Staff reporter"}, Published: start.Add(-time.Duration(k) * time.Minute),
				Summary: "A short summary of the story as the feed gives it.", Content: body,
			}
		}
		if _, err := st.SaveFetchResult(ctx, fd.ID, store.FetchResult{Stories: stories}); err != nil {
			tb.Fatal(err)
		}
	}
	return st
}

// timerCode identifies the commands tea.Tick makes: they wait on a timer
// and are not part of a first frame.
var timerCode = reflect.ValueOf(tea.Tick(time.Hour, nil)).Pointer()

// drive runs cmd as the runtime would, without timers, feeding every
// message to m, until there is nothing left to do or stop accepts a
// message just handled; it returns the resulting model.
func drive(tb testing.TB, m tea.Model, cmd tea.Cmd, stop func(tea.Msg) bool) tea.Model {
	tb.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil || reflect.ValueOf(c).Pointer() == timerCode {
			continue
		}
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, b...)
			continue
		}
		if msg == nil {
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		if stop != nil && stop(msg) {
			return m
		}
		queue = append(queue, next)
	}
	return m
}

// BenchmarkTUIFirstFrame10k measures the start of the reader on a store of
// 10,000 stories: the model built, the newest stories read from SQLite,
// the list laid out and its first frame drawn. Goal: under 150 ms.
func BenchmarkTUIFirstFrame10k(b *testing.B) {
	benchStart(b, func(msg tea.Msg) bool {
		_, ok := msg.(message.StoriesLoaded)
		return ok
	}, "Story 0:")
}

// BenchmarkTUIFullList10k measures the same start until all 10,000
// stories are in the list (filterable, counted).
func BenchmarkTUIFullList10k(b *testing.B) {
	benchStart(b, func(msg tea.Msg) bool {
		l, ok := msg.(message.StoriesLoaded)
		return ok && l.Complete
	}, "10000 unread · 10000")
}

func benchStart(b *testing.B, stop func(tea.Msg) bool, want string) {
	st := seedStore(b, filepath.Join(b.TempDir(), "tidings.db"), "http://127.0.0.1:9", benchStories)
	defer st.Close()
	backend := newTUIBackend(config.Default(), st, nil)
	for b.Loop() {
		m, err := ui.New(ui.Options{Backend: backend, Theme: "dark"})
		if err != nil {
			b.Fatal(err)
		}
		var tm tea.Model = m
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		tm = drive(b, tm, m.Init(), stop)
		frame := xansi.Strip(tm.View().Content)
		if !strings.Contains(frame, want) {
			b.Fatalf("frame lacks %q:\n%s", want, frame)
		}
		m.Close()
	}
}

// BenchmarkTUIOpenCachedArticle measures opening a story whose cleaned
// article is in the store: read from the cache and rendered for the
// reader's width. Goal: under 30 ms.
func BenchmarkTUIOpenCachedArticle(b *testing.B) {
	page, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "tbs-article.html"))
	if err != nil {
		b.Skipf("the seed page is not there: %v", err)
	}
	st := seedStore(b, filepath.Join(b.TempDir(), "tidings.db"), "http://127.0.0.1:9", 200)
	defer st.Close()
	ctx := context.Background()
	stories, err := st.Stories(ctx, store.Query{Limit: 1})
	if err != nil || len(stories) == 0 {
		b.Fatal("no story", err)
	}
	s := stories[0]
	u, _ := url.Parse("https://www.tbsnews.net/world/us-intelligence")
	a, err := extract.Extract(bytes.NewReader(page), u, extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.PutArticle(ctx, s.URL, a); err != nil {
		b.Fatal(err)
	}
	backend := newTUIBackend(config.Default(), st, nil)
	for _, width := range []int{80, 160} {
		b.Run(strconv.Itoa(width)+"cols", func(b *testing.B) {
			for b.Loop() {
				a, notice, err := backend.Article(ctx, s)
				if err != nil || notice != "" {
					b.Fatalf("cached article: %v %q", err, notice)
				}
				out, err := article.Render(a, article.Options{Width: width - 4, Dark: true})
				if err != nil || !strings.Contains(out, "Islamic State") {
					b.Fatalf("render: %v", err)
				}
			}
		})
	}
}

// The reader with 10,000 stories in the store, in a real terminal, an
// article open and a background refresh run: its peak resident memory
// stays under 80 MB.
func TestTUIPeakRSS10k(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("seeds 10,000 stories")
	}
	srv := httptest.NewServer(http.NotFoundHandler()) // every feed fails fast, on loopback
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "tidings.db")
	seedStore(t, db, srv.URL, benchStories).Close()

	conf := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(conf, []byte("theme = \"dark\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(dir, "pid")
	script := filepath.Join(dir, "run.sh")
	sh := fmt.Sprintf("#!/bin/sh\nexport HOME=%q TZ=UTC TERM=xterm-256color TIDINGS_DB=%q TIDINGS_CONFIG=%q XDG_STATE_HOME=%q\necho $$ > %q\nexec %q\n",
		dir, db, conf, filepath.Join(dir, "state"), pidFile, binary)
	if err := os.WriteFile(script, []byte(sh), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-rss-%d", os.Getpid())}
	if out, err := s.run("new-session", "-d", "-s", "tui", "-x", "120", "-y", "40", script); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")
	s.waitFor("the list of 10,000 stories", contains("10000", "Story 0:"))
	time.Sleep(time.Second)
	t.Logf("after first frame: %s", hwm(t, pidFile))
	s.keys("Enter")
	s.waitFor("the story open", contains("Paragraph of the feed's own copy"))
	t.Logf("article open: %s", hwm(t, pidFile))
	s.keys("G", "Escape")
	s.keys("/")
	s.keys("-l", "river")
	time.Sleep(time.Second)

	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile("/proc/" + strings.TrimSpace(string(b)) + "/status")
	if err != nil {
		t.Fatalf("the reader is not running: %v\n%s", err, s.screen())
	}
	var hwmKB int
	for _, l := range strings.Split(string(status), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			hwmKB, _ = strconv.Atoi(f[1])
		}
	}
	t.Logf("peak RSS with %d stories: %.1f MB", benchStories, float64(hwmKB)/1024)
	// The goal is under 80 MB (logged above, reported in the README); the
	// peak moves with when the collector happens to run on a loaded
	// machine, so the test fails only well past it, on a real regression.
	if hwmKB == 0 || hwmKB > 120*1024 {
		t.Errorf("peak RSS %d KB, want well under 120 MB (goal: 80 MB)", hwmKB)
	}
}

func hwm(t *testing.T, pidFile string) string {
	b, _ := os.ReadFile(pidFile)
	status, _ := os.ReadFile("/proc/" + strings.TrimSpace(string(b)) + "/status")
	var out []string
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmHWM") || strings.HasPrefix(l, "VmRSS") || strings.HasPrefix(l, "RssAnon") || strings.HasPrefix(l, "RssFile") {
			out = append(out, strings.Join(strings.Fields(l), " "))
		}
	}
	return strings.Join(out, "; ")
}
