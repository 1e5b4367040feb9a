package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
)

// backgroundWait is how long `read` waits for the terminal to tell its
// background colour. Terminals that answer do so in milliseconds; one that
// never answers must not hold the article back (Lip Gloss's own query
// waited two seconds on each of stdin and stdout).
const backgroundWait = 300 * time.Millisecond

// hasDarkBackground asks the controlling terminal for its background
// colour and reports whether it is dark; dark when it cannot tell.
func hasDarkBackground() bool {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return true
	}
	defer tty.Close()
	dark, _ := queryBackground(tty, backgroundWait)
	return dark
}

// queryBackground asks tty for its background colour (OSC 11), then for
// its primary attributes (DA1), which every terminal answers: the DA1
// answer arriving first means the terminal will not tell its colour, so
// there is no need to wait out the deadline. told is false when no colour
// came within wait; dark is then true.
func queryBackground(tty *os.File, wait time.Duration) (dark, told bool) {
	// A file opened by name is non-blocking in Go and honours read
	// deadlines; Fd would make it blocking, so raw mode goes through the
	// raw connection.
	rc, err := tty.SyscallConn()
	if err != nil {
		return true, false
	}
	var state *term.State
	if cerr := rc.Control(func(fd uintptr) { state, err = term.MakeRaw(fd) }); cerr != nil || err != nil {
		return true, false
	}
	defer rc.Control(func(fd uintptr) { _ = term.Restore(fd, state) })

	if _, err := tty.WriteString("\x1b]11;?\x07\x1b[c"); err != nil {
		return true, false
	}
	if err := tty.SetReadDeadline(time.Now().Add(wait)); err != nil {
		return true, false
	}
	var got []byte
	buf := make([]byte, 256)
	for len(got) < 4096 {
		n, err := tty.Read(buf)
		got = append(got, buf[:n]...)
		if i := bytes.Index(got, []byte("\x1b]11;")); i >= 0 {
			if d, ok := parseBackground(got[i+5:]); ok {
				return d, true
			}
		}
		if da1Answered(got) || err != nil {
			break
		}
	}
	return true, false
}

// da1Answered reports whether b holds the answer to DA1: ESC [ ? … c.
func da1Answered(b []byte) bool {
	i := bytes.Index(b, []byte("\x1b[?"))
	return i >= 0 && bytes.IndexByte(b[i:], 'c') > 0
}

// parseBackground reads "rgb:RRRR/GGGG/BBBB" ended by BEL or ST and says
// whether that colour is dark; ok is false until the answer is whole.
func parseBackground(b []byte) (dark, ok bool) {
	end := bytes.IndexAny(b, "\x07\x1b")
	if end < 0 {
		return false, false
	}
	s, found := strings.CutPrefix(string(b[:end]), "rgb:")
	if !found {
		s, found = strings.CutPrefix(s, "rgba:")
	}
	parts := strings.Split(s, "/")
	if !found || len(parts) < 3 {
		return true, true // an answer we cannot read: the default
	}
	var rgb [3]float64
	for i := range rgb {
		p := parts[i]
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil || len(p) == 0 || len(p) > 4 {
			return true, true
		}
		rgb[i] = float64(v) / float64(uint64(1)<<(4*len(p))-1)
	}
	// Perceived lightness (Rec. 601 weights).
	return 0.299*rgb[0]+0.587*rgb[1]+0.114*rgb[2] < 0.5, true
}
