// Package cells counts and cuts text in terminal columns the way the
// screen draws it.
//
// Terminals disagree on how wide text is. Most, tmux among them, draw each
// code point in its own width (wcwidth), so a Bengali syllable of three
// code points takes two or three columns; a terminal that clusters
// graphemes (mode 2027) draws it in one. Bubble Tea's renderer counts the
// first way until the terminal answers that it clusters, Lip Gloss and
// Glamour always the second. Text laid out by one measure and drawn by the
// other loses the end of its lines, so every screen lays out with the
// renderer's measure: a Method.
package cells

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Method is a way of counting columns. The zero value counts each code
// point (Codepoints), as Bubble Tea's renderer does by default.
type Method ansi.Method

const (
	// Codepoints sums the widths of the code points (wcwidth).
	Codepoints = Method(ansi.WcWidth)
	// Graphemes counts each grapheme cluster as one character.
	Graphemes = Method(ansi.GraphemeWidth)
)

// StringWidth is the number of columns s takes, escape sequences aside.
func (m Method) StringWidth(s string) int { return ansi.Method(m).StringWidth(s) }

// Truncate cuts s to at most n columns, ending it with tail when cut.
func (m Method) Truncate(s string, n int, tail string) string {
	if m.StringWidth(s) <= n {
		return s
	}
	if m == Codepoints && ansi.StringWidth(s) <= n {
		// x/ansi returns s uncut when its grapheme width fits, whatever
		// the method. Text past the end makes the cut happen; it is
		// itself cut, as the cut falls inside s.
		return ansi.Method(m).Truncate(s+strings.Repeat(" ", n+1), n, tail)
	}
	return ansi.Method(m).Truncate(s, n, tail)
}

// TruncateLeft drops the first n columns of s, putting prefix in their
// place when any were dropped.
func (m Method) TruncateLeft(s string, n int, prefix string) string {
	return ansi.Method(m).TruncateLeft(s, n, prefix)
}

// Wordwrap wraps s at spaces (and breakpoints) to lines of at most n
// columns; a word longer than a line is left whole.
func (m Method) Wordwrap(s string, n int, breakpoints string) string {
	return ansi.Method(m).Wordwrap(s, n, breakpoints)
}

// Wrap wraps s at spaces (and breakpoints) to lines of at most n columns,
// breaking words longer than a line.
func (m Method) Wrap(s string, n int, breakpoints string) string {
	return ansi.Method(m).Wrap(s, n, breakpoints)
}

// Hardwrap breaks s into lines of at most n columns wherever the edge
// falls; preserveSpace keeps the spaces at the start of a line.
func (m Method) Hardwrap(s string, n int, preserveSpace bool) string {
	return ansi.Method(m).Hardwrap(s, n, preserveSpace)
}
