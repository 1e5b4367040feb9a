package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// miniflux calls the real Miniflux's REST API as user (basic auth).
func minifluxCall(t *testing.T, base, user, password, method, path string, body any, out any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.SetBasicAuth(user, password)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		var msg bytes.Buffer
		msg.ReadFrom(resp.Body)
		t.Fatalf("%s %s: HTTP %d %s", method, path, resp.StatusCode, msg.String())
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

var syncedLine = regexp.MustCompile(`^Synced with \S+: (\d+) new stor(?:y|ies).*\((\d+) requests?\)\.$`)

// TestSyncManyFeeds is the sync benchmark of the README: a user of the
// loopback Miniflux with 50 feeds of 200 entries each (10,000 stories,
// each with a paragraph of content) is synced into an empty database by
// the real binary; its time and peak memory are logged, and a second sync
// with nothing new must cost a handful of requests. The user is made for
// the test and removed after it, so the other tests' account is left as
// it was. The full size takes minutes on two cores, so it runs with
// TIDINGS_SYNC_BENCH=1; otherwise 5 feeds of 20 entries check the same.
func TestSyncManyFeeds(t *testing.T) {
	base, adminUser, adminPass := os.Getenv("TIDINGS_MINIFLUX_URL"), os.Getenv("TIDINGS_MINIFLUX_USER"), os.Getenv("TIDINGS_MINIFLUX_PASSWORD")
	if base == "" || adminUser == "" || adminPass == "" {
		t.Skip(`no Miniflux to sync with: run 'eval "$(.ci/miniflux.sh start)"' to set TIDINGS_MINIFLUX_URL, _USER and _PASSWORD`)
	}
	nFeeds, nEntries := 5, 20
	if os.Getenv("TIDINGS_SYNC_BENCH") != "" {
		nFeeds, nEntries = 50, 200
	}
	para := strings.Repeat("A sentence of the story's text, long enough to weigh like a real summary. ", 8)
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench %s</title><link>http://%s/%s</link>`, name, r.Host, name)
		day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		for i := 1; i <= nEntries; i++ {
			fmt.Fprintf(&b, `<item><title>%s story %d</title><link>http://%s/%s/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>%s</description></item>`,
				name, i, r.Host, name, i, name, i, day.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), para)
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	}))
	defer feeds.Close()

	user, password := fmt.Sprintf("bench%d", time.Now().UnixNano()), "bench-password-1234"
	var created struct {
		ID int64 `json:"id"`
	}
	minifluxCall(t, base, adminUser, adminPass, http.MethodPost, "/v1/users",
		map[string]any{"username": user, "password": password}, &created)
	defer minifluxCall(t, base, adminUser, adminPass, http.MethodDelete, "/v1/users/"+strconv.FormatInt(created.ID, 10), nil, nil)
	var cats []struct {
		ID int64 `json:"id"`
	}
	minifluxCall(t, base, user, password, http.MethodGet, "/v1/categories", nil, &cats)
	setup := time.Now()
	for i := 0; i < nFeeds; i++ {
		minifluxCall(t, base, user, password, http.MethodPost, "/v1/feeds",
			map[string]any{"feed_url": fmt.Sprintf("%s/f%02d.xml", feeds.URL, i), "category_id": cats[0].ID}, nil)
	}
	t.Logf("Miniflux fetched %d feeds × %d entries in %s", nFeeds, nEntries, time.Since(setup).Round(time.Millisecond))
	// A sync takes again what changed in the 2 s before the last one began
	// (the server's clock is read to the second): past that margin, the
	// second sync below measures a sync with truly nothing new.
	time.Sleep(3 * time.Second)

	e := newFeedsEnv(t, fmt.Sprintf("[sync]\nkind = \"miniflux\"\nurl = %q\nuser = %q\npassword_env = \"TIDINGS_TEST_SYNC_SECRET\"\n", base, user))
	sync := func() (stories, requests int, took time.Duration, rss int64) {
		t.Helper()
		cmd := e.command(binary, "sync")
		cmd.Env = append(cmd.Env, "TIDINGS_TEST_SYNC_SECRET="+password)
		start := time.Now()
		r := runCmd(t, cmd)
		took = time.Since(start)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss * 1024 // kilobytes on Linux
		}
		t.Logf("tidings sync: %s", strings.TrimSpace(r.stdout))
		m := syncedLine.FindStringSubmatch(strings.TrimSpace(r.stdout))
		if r.code != 0 || m == nil {
			t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		stories, _ = strconv.Atoi(m[1])
		requests, _ = strconv.Atoi(m[2])
		return
	}
	n, req, took, rss := sync()
	t.Logf("first sync: %d stories in %s, %d requests, peak RSS %.1f MiB", n, took.Round(time.Millisecond), req, float64(rss)/(1<<20))
	if n != nFeeds*nEntries {
		t.Errorf("the first sync brought %d stories, want %d", n, nFeeds*nEntries)
	}
	n, req, took, rss = sync()
	t.Logf("second sync, nothing new: %d stories in %s, %d requests, peak RSS %.1f MiB", n, took.Round(time.Millisecond), req, float64(rss)/(1<<20))
	if n != 0 || req > 3 {
		t.Errorf("a sync with nothing new brought %d stories in %d requests; want 0 in at most 3", n, req)
	}
}
