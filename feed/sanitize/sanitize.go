// Package sanitize makes text that came from the network safe to show in a
// terminal or write into a file: it removes C0 and C1 control characters,
// ESC-introduced sequences (CSI, OSC — including OSC 8 links and OSC 52
// clipboard writes —, DCS, APC, PM, SOS), Unicode bidi overrides and
// zero-width characters that can disguise text.
package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Text cleans a multi-line text: newlines and tabs are kept (a CR LF pair
// becomes LF), everything else that a terminal would interpret is removed.
func Text(s string) string { return clean(s, false) }

// Line cleans a text meant for one line (a title, a feed name, an error):
// every run of line breaks and tabs becomes one space and the result is
// trimmed.
func Line(s string) string { return strings.TrimSpace(clean(s, true)) }

// IsClean reports whether Text(s) == s without allocating.
func IsClean(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if dropRune(r) || r == '\x1b' {
			return false
		}
	}
	return utf8.ValidString(s)
}

func clean(s string, oneLine bool) string {
	if !oneLine && IsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	lastSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++ // invalid byte: drop it
			continue
		}
		switch {
		case r == '\x1b':
			i = skipEscape(s, i+1)
			continue
		case r == '\u009b': // C1 CSI
			i = skipCSI(s, i+size)
			continue
		case r == '\u009d' || r == '\u0090' || r == '\u009e' || r == '\u009f' || r == '\u0098': // C1 OSC, DCS, PM, APC, SOS
			i = skipString(s, i+size)
			continue
		case r == '\r':
			i += size
			if oneLine && !lastSpace {
				b.WriteByte(' ')
				lastSpace = true
			}
			continue
		case r == '\n' || r == '\t' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			i += size
			if oneLine {
				if !lastSpace {
					b.WriteByte(' ')
					lastSpace = true
				}
				continue
			}
			switch r {
			case '\t':
				b.WriteByte('\t')
			case '\v', '\f':
				b.WriteByte(' ')
			default:
				b.WriteByte('\n')
			}
			continue
		case dropRune(r):
			i += size
			continue
		}
		if oneLine && r == ' ' && lastSpace {
			i += size
			continue
		}
		b.WriteString(s[i : i+size])
		lastSpace = r == ' '
		i += size
	}
	return b.String()
}

// dropRune reports the characters that must never reach a terminal.
func dropRune(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	case r == 0x200b || r == 0x200e || r == 0x200f || r == 0x2060 || r == 0xfeff || r == 0x061c: // zero-width space, marks, word joiner, BOM, ALM
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation controls
		return true
	}
	return false
}

// skipEscape returns the index just past the escape sequence whose ESC is at
// i-1.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', '^', '_', 'X':
		return skipString(s, i+1)
	}
	// Two- or three-byte escapes: intermediates 0x20-0x2f then one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte. A
// line break ends an unfinished sequence and is kept.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c == '\n' {
			return i
		}
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c > 0x3f && c < 0x40 {
			return i
		}
	}
	return i
}

// skipString skips an OSC/DCS/APC/PM/SOS payload up to BEL or ST (ESC \ or
// C1 0x9c), or up to a line break, which is kept: a page's text may have
// lost the BEL that ended a planted sequence (HTML-to-Markdown conversion
// drops it), and the payload must not swallow the paragraphs after it.
// CAN and SUB abort the sequence as they do in a terminal.
func skipString(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '\a', 0x18, 0x1a:
			return i + 1
		case '\n':
			return i
		}
		if s[i] == '\x1b' {
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // the start of another sequence, removed in turn
		}
		if r, size := utf8.DecodeRuneInString(s[i:]); r == '\u009c' {
			return i + size
		} else {
			i += size
		}
	}
	return i
}
