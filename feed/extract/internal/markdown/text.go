package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// holdsBlock reports whether any element under n starts a block.
func holdsBlock(n *html.Node) bool {
	found := false
	dom.Walk(n, func(c *html.Node) bool {
		if c != n && (dom.IsBlock(c) || dom.IsElem(c, atom.Dd, atom.Dt, atom.Li, atom.Pre)) {
			found = true
		}
		return !found
	})
	return found
}

// special marks the bytes text escaping looks at; the rest are copied in
// runs.
var special = func() (t [256]bool) {
	for _, c := range "\\`*_~[]!<&|@" {
		t[c] = true
	}
	return t
}()

func isWS(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' }

// text writes a text node: runs of white space become one owed space,
// and the words between are escaped where needed.
func (w *mdWriter) text(s string) {
	w.pairEnd = -1
	begun := false
	for i := 0; i < len(s); {
		if isWS(s[i]) {
			w.space = true
			i++
			continue
		}
		j := i + 1
		for j < len(s) && !isWS(s[j]) {
			j++
		}
		if begun && w.space {
			// Past the first word of the text nothing is owed but the
			// space between words.
			w.para = append(w.para, ' ')
			w.space = false
		} else {
			r, _ := utf8.DecodeRuneInString(s[i:])
			w.begin(r)
			begun = true
		}
		w.word(s, i, j)
		i = j
	}
}

// word writes s[i:j], a run without white space, escaping each character
// that would otherwise be read as Markdown. What follows the text node is
// unknown, so a character at its end is treated with caution.
func (w *mdWriter) word(s string, i, j int) {
	if (len(w.para) == 0 || w.para[len(w.para)-1] == '\n') && w.mode == modeBlock {
		i = w.lineStart(s, i, j)
	} else if s[i] == '[' {
		w.bang()
	} else if (s[i] == '.' || s[i] == ')') && w.mode == modeBlock && w.lineIsNumber() {
		// "1" then ")" from another node would start a list.
		if a := w.classAfter(s, i, j); a == -1 || a == clsSpace {
			w.para = append(w.para, '\\')
		}
	}
	for k := i; k < j; k++ {
		c := s[k]
		if !special[c] {
			continue
		}
		w.para = append(w.para, s[i:k]...)
		i = k
		if w.escapeAt(s, k, j) {
			w.para = append(w.para, '\\')
		}
	}
	w.para = append(w.para, s[i:j]...)
}

// guardNumbers escapes a line that reads as an ordered list item ("1."
// and a space): text escapes it as it is written, but the number and the
// dot can come from two elements, or meet when a delimiter between them
// is taken out.
func (w *mdWriter) guardNumbers() {
	var out []byte // built only when a line needs the escape
	done := 0
	for i := 0; i < len(w.para); {
		k := i
		for k < len(w.para) && k-i < 10 && w.para[k] >= '0' && w.para[k] <= '9' {
			k++
		}
		if k > i && k-i < 10 && k < len(w.para) && (w.para[k] == '.' || w.para[k] == ')') &&
			(k+1 == len(w.para) || w.para[k+1] == ' ' || w.para[k+1] == '\n') {
			out = append(out, w.para[done:k]...)
			out = append(out, '\\')
			done = k
		}
		e := bytes.IndexByte(w.para[i:], '\n')
		if e < 0 {
			break
		}
		i += e + 1
	}
	if out != nil {
		w.para = append(out, w.para[done:]...)
	}
}

// lineIsNumber reports whether the paragraph's last line is one to nine
// digits.
func (w *mdWriter) lineIsNumber() bool {
	n := 0
	for i := len(w.para) - 1; i >= 0 && w.para[i] != '\n'; i-- {
		if c := w.para[i]; c < '0' || c > '9' || n == 9 {
			return false
		}
		n++
	}
	return n > 0
}

// classAfter is the class of what follows s[k] (j is the end of the
// word): -1 when the text node ends there and the next is unknown.
func (w *mdWriter) classAfter(s string, k, j int) int {
	if k+1 >= len(s) {
		if w.blockEnd {
			return clsSpace
		}
		return -1
	}
	if k+1 >= j {
		return clsSpace
	}
	r, _ := utf8.DecodeRuneInString(s[k+1:])
	return runeClass(r)
}

func (w *mdWriter) escapeAt(s string, k, j int) bool {
	c := s[k]
	after := w.classAfter(s, k, j)
	switch c {
	case '\\':
		// Before a letter it is a backslash; before anything else it
		// could escape what ends up next to it (a space can move out of a
		// link and leave it against the "]").
		return after != clsWord
	case '`':
		return true
	case '*', '~':
		// One followed by a character may open emphasis. One followed
		// by a space can only close it, which matters only inside an
		// emphasis of the same character; with nothing known after it,
		// it may open.
		if after == clsWord || after == clsPunct {
			return true
		}
		if k == 0 && len(w.para) > 0 && w.para[len(w.para)-1] == c {
			// Against a delimiter written just before (a closer), it
			// would join its run: "*0*" and "*" make "*0**".
			return true
		}
		// Inside an emphasis of the same character even one between
		// spaces is escaped: the spaces at its ends move out past the
		// delimiters, and it would join their run ("* * a" gives "** a").
		if after == clsSpace {
			if c == '~' {
				return w.nest[spanDel] > 0
			}
			return w.nest[spanEm]+w.nest[spanStrong] > 0
		}
		return after == -1
	case '_':
		// Within a word an underscore never opens or closes emphasis.
		return after != clsWord || w.lastClassIn(s, k) != clsWord
	case '[':
		m := closingBracket(s, k, len(w.para) == 0 || w.para[len(w.para)-1] == '\n', w.blockEnd || w.linkEnd)
		w.pairEnd = m
		return m < 0
	case ']':
		// Within link text only a bracket that pairs with one before
		// it may stand: any other would end the text.
		return w.nest[spanLink] > 0 && k != w.pairEnd
	case '!':
		// At the end of the text, a link written next is guarded by
		// bang.
		return k+1 < len(s) && s[k+1] == '['
	case '<':
		// Raw HTML, or an autolink such as <a@b>: anything but a space
		// may follow.
		return after != clsSpace
	case '&':
		return entityAt(s, k, !w.blockEnd)
	case '|':
		return w.mode == modeCell
	case '@':
		// goldmark's e-mail autolinks take in the word before the @,
		// emphasis delimiters and all ("0**0@0.0**" links "0**0@0.0"):
		// with a delimiter in the word, the @ is escaped.
		for p := len(w.para) - 1; p >= 0 && !isWS(w.para[p]); p-- {
			if c := w.para[p]; c == '*' || c == '_' || c == '~' {
				return true
			}
		}
	}
	return false
}

// lastClassIn is the class of the character before s[k]: the one in the
// text, or the end of the paragraph when s[k] starts the word written.
func (w *mdWriter) lastClassIn(s string, k int) int {
	if k > 0 && !isWS(s[k-1]) && len(w.para) > 0 {
		// The byte before in the output is the byte before in s unless
		// an escape was written; either way its class is the same.
		r, _ := utf8.DecodeLastRuneInString(s[:k])
		return runeClass(r)
	}
	return w.lastClass()
}

// closingBracket (endSafe: nothing that could follow the text is a
// threat, as at the end of a block or of a link's text) returns the index of the ] that lets the [ at s[k]
// stand unescaped, or -1 when it must be escaped: it must be the next
// bracket in the same text, followed by nothing that would make a link,
// a reference or (at a line's start) a task box of the pair. ("[a [b] c]"
// keeps the inner pair; the outer [ is escaped.)
func closingBracket(s string, k int, lineStart, endSafe bool) int {
	// A backslash of the text is written escaped (or stands before a
	// letter): it escapes nothing after it, so it is not skipped.
	for m := k + 1; m < len(s) && m < k+300; m++ {
		switch s[m] {
		case '[':
			return -1
		case ']':
			if m+1 >= len(s) && !endSafe {
				return -1
			}
			if m+1 < len(s) && (s[m+1] == '(' || s[m+1] == '[' || s[m+1] == ':') {
				return -1
			}
			if inner := s[k+1 : m]; lineStart && (strings.Trim(inner, " \t\n\r\f") == "" || inner == "x" || inner == "X") {
				return -1
			}
			return m
		}
	}
	return -1
}

// entityAt reports whether s[k:] starts with a character reference
// ("&amp;", "&#169;"), which Markdown would decode, or may with what
// follows s when more may follow it.
func entityAt(s string, k int, more bool) bool {
	m := k + 1
	if m < len(s) && s[m] == '#' {
		m++
	}
	start := m
	for m < len(s) && m-start < 32 {
		c := s[m]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			m++
			continue
		}
		break
	}
	// Run to the end of a text that more may follow, it may be completed
	// by the next node ("&#" then a link's "0" then ";"): escaped to be
	// safe.
	if m == len(s) {
		return more
	}
	return m > start && s[m] == ';'
}

// lineStart escapes what would begin a block at the start of a line: a
// heading, quote, list item, thematic break or setext underline. It
// returns the index from which the rest of the word is written.
func (w *mdWriter) lineStart(s string, i, j int) int {
	c := s[i]
	after := w.classAfter(s, i, j)
	end := after == -1 || after == clsSpace
	if delimiterRowWord(s[i:j]) {
		// "-:", ":-|-": under a line of text, a table's delimiter row.
		w.para = append(w.para, '\\', c)
		return i + 1
	}
	switch {
	case c == '>':
	case c == '#':
		k := i
		for k < j && s[k] == '#' {
			k++
		}
		if k-i > 6 {
			return i
		}
		if r, _ := utf8.DecodeRuneInString(s[k:]); k < j && runeClass(r) != clsSpace {
			return i // "#hashtag" is no heading
		}
	case c == '-' || c == '+':
		if !end && !(c == '-' && s[i+1] == '-') {
			return i
		}
	case c == '*':
		if !end {
			return i // escaped as emphasis
		}
	case c == '=':
		if len(w.para) == 0 {
			return i // a first line is no setext underline
		}
	case c == ':':
		// ": text" under a paragraph is a definition to the reader's
		// Markdown (definition lists are on).
		if !end {
			return i
		}
	case c >= '0' && c <= '9':
		k := i
		for k < j && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k-i > 9 || k >= j || s[k] != '.' && s[k] != ')' {
			return i
		}
		if a := w.classAfter(s, k, j); a != -1 && a != clsSpace {
			return i
		}
		w.para = append(w.para, s[i:k]...)
		w.para = append(w.para, '\\')
		return k
	default:
		return i
	}
	w.para = append(w.para, '\\', c)
	return i + 1
}

// delimiterRowWord reports whether a word is made of the characters of
// a GFM table's delimiter row alone ('-', ':', '|', with a '-').
func delimiterRowWord(word string) bool {
	dash := false
	for i := 0; i < len(word); i++ {
		switch word[i] {
		case '-':
			dash = true
		case ':', '|':
		default:
			return false
		}
	}
	return dash
}
