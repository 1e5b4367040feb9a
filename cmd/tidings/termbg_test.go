package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY returns the two ends of a new pseudo-terminal: the terminal
// side a program talks to, and the side a terminal emulator would hold.
func openPTY(t testing.TB) (term, emulator *os.File) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("pseudo-terminals are opened the Linux way")
	}
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	var unlock int32
	var n uint32
	rc, _ := m.SyscallConn()
	var ierr error
	_ = rc.Control(func(fd uintptr) {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
			ierr = e
			return
		}
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
			ierr = e
		}
	})
	if ierr != nil {
		t.Skipf("no pseudo-terminal: %v", ierr)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return s, m
}

// emulate plays a terminal: it reads the queries and writes answer.
func emulate(t *testing.T, emulator *os.File, answer string) <-chan string {
	asked := make(chan string, 1)
	go func() {
		buf := make([]byte, 64)
		var q []byte
		for !strings.Contains(string(q), "\x1b[c") {
			n, err := emulator.Read(buf)
			if err != nil {
				break
			}
			q = append(q, buf[:n]...)
		}
		if answer != "" {
			emulator.WriteString(answer)
		}
		asked <- string(q)
	}()
	return asked
}

// TestBackgroundQuery: `read` learns the background from a terminal that
// answers; a terminal that answers only the attributes query (most that
// do not tell their colour) is not waited for at all — the wait here is an
// hour, and the test would never end — and one that answers nothing costs
// the short wait, then the dark default (it cost 4.4 s before, issue 15).
func TestBackgroundQuery(t *testing.T) {
	cases := []struct {
		name, answer string
		wait         time.Duration
		dark, told   bool
	}{
		{"light, BEL", "\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c", time.Hour, false, true},
		{"dark, ST", "\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\\x1b[?62;22c", time.Hour, true, true},
		{"light, two digits", "\x1b]11;rgb:fd/f6/e3\x07\x1b[?1;2c", time.Hour, false, true},
		{"attributes only", "\x1b[?62;22c", time.Hour, true, false},
		{"silent", "", 200 * time.Millisecond, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tty, emulator := openPTY(t)
			asked := emulate(t, emulator, c.answer)
			dark, told := queryBackground(tty, c.wait)
			if dark != c.dark || told != c.told {
				t.Errorf("dark %v, told %v; want %v, %v", dark, told, c.dark, c.told)
			}
			if c.answer != "" {
				if q := <-asked; !strings.Contains(q, "\x1b]11;?") {
					t.Errorf("the terminal was asked %q", q)
				}
			}
		})
	}
}
