package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestMarkReadNarrowsAndCounts(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\ntags = [\"world\"]\n\n[[feeds]]\nurl = %q\n", srv.URL+"/world.xml", srv.URL+"/sport.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("fetch: %d %s", r.code, r.stderr)
	}
	unread := func() string {
		t.Helper()
		r := e.run(t, "", "list", "--unread")
		var titles []string
		for _, title := range []string{"Port strike ends", "Rain at last", "Cup final tonight"} {
			if strings.Contains(r.stdout, title) {
				titles = append(titles, title)
			}
		}
		return strings.Join(titles, ", ")
	}
	const all = "Port strike ends, Rain at last, Cup final tonight"
	for _, tc := range []struct {
		args     []string
		code     int
		out, err string
		unread   string // the unread stories afterwards
	}{
		// Nobody can answer a question in a script.
		{nil, 2, "", "tidings: mark-read without --feed, --tag or --before marks every story: add --all to mean it\n", all},
		{[]string{"--before", "last week"}, 2, "", "tidings: --before \"last week\": write a date (2026-12-01)", all},
		{[]string{"--feed", "nope"}, 1, "", "tidings: no feed \"nope\"", all},
		{[]string{"--tag", "wrold"}, 1, "", "tidings: no feed is tagged \"wrold\": the tags are world\n", all},
		// The stories are of 2024-03-23, 10:00 to 11:00 UTC.
		{[]string{"--feed", "Sport", "--before", "2024-03-23"}, 0, "Marked 0 stories read.\n", "",
			all},
		{[]string{"--tag", "WORLD", "--before", "2024-03-23T10:30:00Z"}, 0, "Marked 1 story read.\n", "",
			"Rain at last, Cup final tonight"},
		{[]string{"--tag", "world"}, 0, "Marked 1 story read.\n", "", "Cup final tonight"},
		{[]string{"--before", "2d"}, 0, "Marked 1 story read.\n", "", ""},
		{[]string{"--all"}, 0, "Marked 0 stories read.\n", "", ""},
	} {
		r := e.run(t, "", append([]string{"mark-read"}, tc.args...)...)
		if r.code != tc.code || r.stdout != tc.out || !strings.HasPrefix(r.stderr, tc.err) || (tc.err == "" && r.stderr != "") {
			t.Errorf("mark-read %q: code %d\nstdout %q\nstderr %q\nwant %d %q %q", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.out, tc.err)
		}
		if got := unread(); got != tc.unread {
			t.Errorf("after mark-read %q, unread: %q, want %q", tc.args, got, tc.unread)
		}
	}
}

func TestParseBefore(t *testing.T) {
	now := time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2026-12-01":                time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local),
		"2026-12-01T18:00":          time.Date(2026, 12, 1, 18, 0, 0, 0, time.Local),
		"2026-12-01T18:00:00+01:00": time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC),
		"7d":                        now.Add(-7 * 24 * time.Hour),
		"12h":                       now.Add(-12 * time.Hour),
		"90m":                       now.Add(-90 * time.Minute),
	} {
		if got, err := parseBefore(in, now); err != nil || !got.Equal(want) {
			t.Errorf("parseBefore(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "7w", "-3d", "yesterday", "2026-13-01"} {
		if _, err := parseBefore(in, now); err == nil {
			t.Errorf("parseBefore(%q) took it", in)
		}
	}
}
