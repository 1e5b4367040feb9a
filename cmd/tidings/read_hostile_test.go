package main

import (
	"compress/gzip"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileServer misbehaves in the ways issue 8 lists.
func hostileServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bomb": // a few MB on the wire inflating to 4 GiB
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			zeros := make([]byte, 1<<20)
			for i := 0; i < 4096; i++ {
				if _, err := zw.Write(zeros); err != nil {
					return
				}
			}
			zw.Close()
		case "/trickle": // one byte every 100 ms, for ever
			w.Header().Set("Content-Type", "text/html")
			for i := 0; i < 100000; i++ {
				if _, err := w.Write([]byte("<")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		case "/endless": // as fast as it can, for ever
			w.Header().Set("Content-Type", "text/html")
			chunk := []byte(strings.Repeat("<p>more and more and more</p>\n", 1000))
			for i := 0; i < 1_000_000; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/silent": // never answers
			<-r.Context().Done()
		case "/huge-length":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", "4294967296")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		case "/loop":
			http.Redirect(w, r, "/loop?again", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Each hostile server ends in a one-line error naming the URL, within the
// timeout, with the process's peak memory bounded (issue 8: under 200 MB).
func TestReadHostileServers(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux rusage")
	}
	srv := hostileServer(t)
	cases := []struct {
		path string
		want string
	}{
		{"/bomb", "response larger than 10 MiB"},
		{"/endless", "response larger than 10 MiB"},
		{"/huge-length", "response larger than 10 MiB"},
		{"/trickle", "timed out after 1s"},
		{"/silent", "timed out after 1s"},
		{"/loop", "stopped after 10 redirects (a redirect loop?)"},
	}
	for _, tc := range cases {
		t.Run(strings.TrimPrefix(tc.path, "/"), func(t *testing.T) {
			u := srv.URL + tc.path
			r, rss := tidingsRSS(t, "read", "--timeout", "1s", u)
			if r.code != 1 {
				t.Errorf("exit %d, want 1", r.code)
			}
			if want := "tidings: " + u + ": " + tc.want + "\n"; r.stderr != want {
				t.Errorf("stderr = %q\nwant     %q", r.stderr, want)
			}
			t.Logf("%s: %q, peak RSS %d MB", tc.path, tc.want, rss>>20)
			if rss > 200<<20 {
				t.Errorf("peak RSS %d MB, want under 200 MB", rss>>20)
			}
		})
	}
}

// tidingsRSS runs the binary like tidings and also returns its peak RSS
// in bytes.
func tidingsRSS(t *testing.T, args ...string) (result, int64) {
	t.Helper()
	var rss int64
	r := tidingsWith(t, "", func(ps *os.ProcessState) {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss * 1024 // kilobytes on Linux
		}
	}, args...)
	return r, rss
}

// Ctrl-C while a page downloads ends tidings at once with the shell's
// status for an interrupt.
func TestReadInterrupted(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	cmd := exec.Command(binary, "read", srv.URL)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the request never arrived")
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("exit: %v, want status 130", err)
	}
	if stderr.String() != "tidings: interrupted\n" {
		t.Errorf("stderr = %q", stderr.String())
	}
}
