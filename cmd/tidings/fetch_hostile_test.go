package main

// Issue 8, hostile servers on the refresh path: `tidings fetch` against
// feeds that bomb, stream for ever, trickle, never answer, lie about their
// length, loop, or expand entities. The TUI's refresh runs the same
// refresh.Run with the same client (the library's), so this covers it too.

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// runRSS is run that also returns the process's peak RSS in bytes.
func (e feedsEnv) runRSS(t *testing.T, args ...string) (result, int64) {
	t.Helper()
	cmd := e.command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var rss int64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss * 1024 // kilobytes on Linux
		}
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running tidings: %v", err)
	}
	return result{out.String(), errb.String(), code}, rss
}

// billionLaughs is the classic entity bomb as an RSS feed: expanded, its
// title would be 10^9 "lol"s.
const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><title>Laughs &lol9;</title><link>https://laughs.example/</link>
<item><title>Story &lol9;</title><link>https://laughs.example/1</link><guid>1</guid>
<description>&xxe;</description></item></channel></rss>`

// Each hostile feed ends in one clear line for that feed within the
// configured timeout (1s here), and tidings stays under 200 MB.
func TestFetchHostileServers(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux rusage")
	}
	srv := hostileServer(t)
	laughs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(billionLaughs))
	}))
	t.Cleanup(laughs.Close)
	cases := []struct {
		name, url, want string
	}{
		{"gzip bomb", srv.URL + "/bomb", "response larger than 10 MiB"},
		{"endless body", srv.URL + "/endless", "response larger than 10 MiB"},
		{"4 GB Content-Length", srv.URL + "/huge-length", "response larger than 10 MiB"},
		{"one byte at a time", srv.URL + "/trickle", "timed out after 1s"},
		{"never answers", srv.URL + "/silent", "timed out after 1s"},
		{"redirect loop", srv.URL + "/loop", "stopped after 10 redirects (a redirect loop?)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newFeedsEnv(t, fmt.Sprintf("[refresh]\ntimeout = \"1s\"\n\n[[feeds]]\nurl = %q\n", tc.url))
			r, rss := e.runRSS(t, "fetch")
			want := "0 of 1 feed fetched, 0 new stories, 1 failed.\n  " + tc.url + ": " + tc.want + "\n"
			if r.code != 1 || r.stdout != want || r.stderr != "tidings: the feed failed\n" {
				t.Errorf("exit %d\nstdout %q\nwant   %q\nstderr %q", r.code, r.stdout, want, r.stderr)
			}
			t.Logf("%s: peak RSS %d MB", tc.name, rss>>20)
			if rss > 200<<20 {
				t.Errorf("peak RSS %d MB, want under 200 MB", rss>>20)
			}
			// The failure is remembered and shown, still one line.
			if fl := e.run(t, "", "feeds", "list"); !strings.Contains(fl.stdout, tc.want) {
				t.Errorf("feeds list does not show the error:\n%s", fl.stdout)
			}
		})
	}
	t.Run("billion laughs", func(t *testing.T) {
		e := newFeedsEnv(t, fmt.Sprintf("[refresh]\ntimeout = \"1s\"\n\n[[feeds]]\nurl = %q\n", laughs.URL))
		r, rss := e.runRSS(t, "fetch")
		t.Logf("billion laughs: exit %d, %q, peak RSS %d MB", r.code, strings.TrimSpace(r.stdout), rss>>20)
		if rss > 200<<20 {
			t.Errorf("peak RSS %d MB, want under 200 MB", rss>>20)
		}
		if strings.Count(r.stdout, "\n") > 2 {
			t.Errorf("more than a summary and one failure line:\n%s", r.stdout)
		}
		l := e.run(t, "", "list", "--json")
		if len(l.stdout) > 10000 || strings.Contains(l.stdout, "lollollol") || strings.Contains(l.stdout, "root:") {
			t.Errorf("entities were expanded or the external entity read: %d bytes of list", len(l.stdout))
		}
	})
}
