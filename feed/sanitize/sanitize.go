// Package sanitize makes text that came from the network safe to show in a
// terminal or write into a file: it removes C0 and C1 control characters,
// ESC-introduced sequences (CSI, OSC — including OSC 8 links and OSC 52
// clipboard writes —, DCS, APC, PM, SOS, each with its parameters, so no
// "[5m" or "]52;c;…" is left behind), Unicode bidi overrides, and invisible
// characters that can disguise or smuggle text: zero-width characters, the
// soft hyphen, invisible operators and tag characters. Line and paragraph
// separators (U+2028, U+2029) become line breaks.
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
		if dropRune(r) || r == '\x1b' || r == '\u2028' || r == '\u2029' {
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
	case r == 0x00ad || r == 0x180e: // soft hyphen, Mongolian vowel separator: invisible in a terminal
		return true
	case r >= 0x2061 && r <= 0x2064, r >= 0x206a && r <= 0x206f: // invisible operators, deprecated format controls
		return true
	case r >= 0x1d173 && r <= 0x1d17a: // musical format controls
		return true
	case r >= 0xe0000 && r <= 0xe007f: // tag characters: ASCII spelled invisibly
		return true
	}
	return false
}

// ignoredInSequence reports the characters a terminal skips inside an
// escape sequence without ending it (C0 controls other than the line
// break, CAN, SUB and ESC), and those this package removes anyway: with
// them gone, what is left must not read as the rest of a sequence.
func ignoredInSequence(r rune) bool {
	switch r {
	case '\n', 0x18, 0x1a, 0x1b:
		return false
	}
	return dropRune(r) && (r < 0x80 || r > 0x9f)
}

// skipIgnored returns the index of the first character at or after i that
// ignoredInSequence does not skip.
func skipIgnored(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || !ignoredInSequence(r) {
			return i
		}
		i += size
	}
	return i
}

// skipEscape returns the index just past the escape sequence whose ESC is at
// i-1.
func skipEscape(s string, i int) int {
	i = skipIgnored(s, i)
	if i >= len(s) {
		return i
	}
	// A stray ST (ESC \) before an introducer is the Markdown escaping of
	// "ESC [" or "ESC ]" (a writer turns "[" into "\["): the sequence
	// follows, and it goes too.
	if s[i] == '\\' {
		if j := i + 1; j < len(s) && strings.IndexByte("[]P^_X", s[j]) >= 0 {
			i = j
		}
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', '^', '_', 'X':
		return skipString(s, i+1)
	}
	// Two- or three-byte escapes: intermediates 0x20-0x2f then one final byte.
	for {
		i = skipIgnored(s, i)
		if i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
			continue
		}
		break
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter bytes (0x30-0x3f), intermediate bytes (0x20-0x2f)
// and the final byte (0x40-0x7e), passing over what a terminal ignores
// inside a sequence. Anything else ends an unfinished sequence and is
// kept: a line break, so the lines after stay, and text beyond ASCII,
// which no sequence holds. CAN and SUB abort the sequence.
func skipCSI(s string, i int) int {
	for {
		i = skipIgnored(s, i)
		if i >= len(s) {
			return i
		}
		c := s[i]
		switch {
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		case c >= 0x20 && c <= 0x3f:
			i++
		case c == 0x18 || c == 0x1a:
			return i + 1
		default:
			return i
		}
	}
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
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\u009c':
			return i + size
		case '\u2028', '\u2029':
			return i
		}
		i += size
	}
	return i
}
