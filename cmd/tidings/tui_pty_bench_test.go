//go:build linux

package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	xansi "github.com/charmbracelet/x/ansi"
)

// BenchmarkTUIFirstFramePTY10k times what a user waits for: from starting
// the real binary in a pseudo-terminal of 120×40 on a database of 10,000
// stories to the first screen of the list (the newest story) on that
// terminal. The terminal answers the reader's background-colour and
// attributes queries as a real one does. Goal (issue #17): 80 ms.
//
//	go test ./cmd/tidings -run '^$' -bench TUIFirstFramePTY10k -benchtime 20x
//
// It reports the median and the slowest first frame (ms/frame-median,
// ms/frame-max) and the median CPU time the reader had used by then
// (cpu-ms/frame-median, user plus system, in the kernel's clock ticks):
// on a machine shared with other jobs the wall time is mostly waiting
// for a core. ns/op also counts quitting.
func BenchmarkTUIFirstFramePTY10k(b *testing.B) {
	srv := httptest.NewServer(http.NotFoundHandler()) // a refresh fails fast, on loopback
	defer srv.Close()
	dir := b.TempDir()
	db := filepath.Join(dir, "tidings.db")
	seedStore(b, db, srv.URL, benchStories).Close()
	conf := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(conf, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TZ=UTC", "TERM=xterm-256color",
		"TIDINGS_DB=" + db, "TIDINGS_CONFIG=" + conf, "XDG_STATE_HOME=" + filepath.Join(dir, "state")}
	// One start first: the page cache, the database's first open.
	firstFramePTY(b, env)
	var frames, cpus []time.Duration
	for b.Loop() {
		frame, cpu := firstFramePTY(b, env)
		frames, cpus = append(frames, frame), append(cpus, cpu)
	}
	slices.Sort(frames)
	slices.Sort(cpus)
	b.ReportMetric(float64(frames[len(frames)/2])/1e6, "ms/frame-median")
	b.ReportMetric(float64(frames[len(frames)-1])/1e6, "ms/frame-max")
	b.ReportMetric(float64(cpus[len(cpus)/2])/1e6, "cpu-ms/frame-median")
}

// firstFramePTY starts the reader in a new pseudo-terminal, returns how
// long its first frame with the newest story took to arrive and the CPU
// time it had used by then, then quits it.
func firstFramePTY(b *testing.B, env []string) (took, cpu time.Duration) {
	b.Helper()
	pts, ptm := openPTY(b)
	setSize(b, ptm, 120, 40)
	cmd := exec.Command(binary)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	pts.Close()
	var out []byte
	buf := make([]byte, 64<<10)
	answered := 0
	for took == 0 {
		n, err := ptm.Read(buf)
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			b.Fatalf("the reader's terminal closed before its first frame: %v\n%s", err, xansi.Strip(string(out)))
		}
		out = append(out, buf[:n]...)
		// A real terminal answers the background-colour and primary
		// attributes queries.
		for ; answered < bytes.Count(out, []byte("\x1b]11;?")); answered++ {
			ptm.WriteString("\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;22c")
		}
		if bytes.Contains([]byte(xansi.Strip(string(out))), []byte("Story 0:")) {
			took = time.Since(start)
			cpu = cpuTime(b, cmd.Process.Pid)
		}
	}
	ptm.WriteString("q")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// The terminal's output must be read for the reader to finish
	// writing and exit.
	go func() {
		for {
			if _, err := ptm.Read(buf); err != nil {
				return
			}
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			b.Fatalf("the reader after q: %v", err)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		b.Fatal("the reader did not quit on q")
	}
	return took, cpu
}

// cpuTime is the user plus system time process pid has used, from
// /proc/PID/stat (in clock ticks of 10 ms).
func cpuTime(b *testing.B, pid int) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: state is the first, utime the 12th, stime the 13th.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	utime, err1 := strconv.Atoi(f[11])
	stime, err2 := strconv.Atoi(f[12])
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/%d/stat: %q", pid, stat)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// setSize gives the pseudo-terminal cols×rows, as a terminal emulator's
// window would.
func setSize(tb testing.TB, emulator *os.File, cols, rows int) {
	tb.Helper()
	ws := struct{ rows, cols, x, y uint16 }{uint16(rows), uint16(cols), 0, 0}
	rc, err := emulator.SyscallConn()
	if err != nil {
		tb.Fatal(err)
	}
	var ierr error
	_ = rc.Control(func(fd uintptr) {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 {
			ierr = e
		}
	})
	if ierr != nil {
		tb.Fatalf("setting the pseudo-terminal's size: %v", ierr)
	}
}
