package extract

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// MaxElements is how many elements of a page Extract reads. The longest
// page of the four corpora (a Wikipedia article, 1 MB) has 9,892; a page
// of half a million <li> would take seconds and hundreds of megabytes
// to clean (issue 15), and no story is that long. The rest of a longer
// page is left out and the article ends with a line saying so.
const MaxElements = 25_000

// MaxText is how many bytes of text (outside tags, scripts and comments)
// Extract reads of a page, for the same reason: 10 MB of text in a few
// elements took two seconds and 190 MB to clean. The page of the four
// corpora with the most text (a Wikipedia article) has 496 KB of it, the
// longest story 119 KB. A megabyte is some 170,000 words.
const MaxText = 1 << 20

// pageCut records that a page was read only in part, and why.
type pageCut struct {
	elems bool // cut at MaxElements; else at MaxText
	// kept and total count elements, or bytes of text.
	kept, total int
}

// capPage returns b cut where its (maxElems+1)th start tag begins or its
// text passes maxText bytes, whichever comes first, and then what was
// kept of how much (nil when b is whole). A start tag is a '<' followed
// by an ASCII letter, as the tokenizer reads one; the count also takes
// such text in comments, which can only make the cut come earlier. A tag
// ends at its next '>', whatever the quotes around it say: a hostile
// page can only move its own cut that way. The scan runs over bytes: a
// few milliseconds on a 10 MiB page, where the cleaner takes seconds.
func capPage(b []byte, maxElems, maxText int) ([]byte, *pageCut) {
	elems, text := 0, 0
	var cut *pageCut
	at := -1
	for i := 0; i < len(b); {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			k = len(b) - i
		}
		if text+k > maxText && cut == nil {
			at = textCut(b, i, i+maxText-text)
			cut = &pageCut{kept: maxText}
		}
		text += k
		i += k
		if i+1 >= len(b) {
			text += len(b) - i
			break
		}
		c := b[i+1]
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			if elems++; elems == maxElems+1 && cut == nil {
				at, cut = i, &pageCut{elems: true, kept: maxElems}
			}
			i = skipTag(b, i)
		case c == '!' && bytes.HasPrefix(b[i:], []byte("<!--")):
			end := bytes.Index(b[i+4:], []byte("-->"))
			if end < 0 {
				i = len(b)
			} else {
				i += 4 + end + 3
			}
		case c == '/' || c == '!' || c == '?':
			i = skipTag(b, i)
		default:
			text++
			i++
		}
	}
	if cut == nil {
		return b, nil
	}
	cut.total = text
	if cut.elems {
		cut.total = elems
	}
	return b[:at], cut
}

// skipTag returns the index after the tag that starts at b[i]: after its
// '>', and after the matching end tag for a <script> (the JSON-LD that
// stripScripts keeps, which is not text).
func skipTag(b []byte, i int) int {
	end := bytes.IndexByte(b[i:], '>')
	if end < 0 {
		return len(b)
	}
	isScript := len(b)-i > 7 && bytes.EqualFold(b[i+1:i+7], []byte("script"))
	i += end + 1
	if isScript {
		if close := indexFold(b[i:], "</script"); close >= 0 {
			return i + close
		}
		return len(b)
	}
	return i
}

// indexFold is bytes.Index ignoring ASCII case; sub is lower case.
func indexFold(b []byte, sub string) int {
	for i := 0; ; {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return -1
		}
		i += k
		if len(b)-i >= len(sub) && bytes.EqualFold(b[i:i+len(sub)], []byte(sub)) {
			return i
		}
		i++
	}
}

// textCut is where text running from b[start] is cut to end by limit:
// after the last space before limit when one is near, never inside a
// UTF-8 sequence.
func textCut(b []byte, start, limit int) int {
	if sp := bytes.LastIndexAny(b[max(start, limit-200):limit], " \n\t"); sp >= 0 {
		return max(start, limit-200) + sp + 1
	}
	for limit > start && !utf8.RuneStart(b[limit]) {
		limit--
	}
	return limit
}

// notice is the article's last paragraph on a cut page, as Markdown and
// as text.
func (c *pageCut) notice() (md, text string) {
	read := fmt.Sprintf("its first %s elements of %s", thousands(c.kept), thousands(c.total))
	if !c.elems {
		read = fmt.Sprintf("its first %s of text of %s", megabytes(c.kept), megabytes(c.total))
	}
	text = fmt.Sprintf("The page is too long to read whole: tidings read %s (%d%%). Open it in a browser for the rest.",
		read, c.kept*100/c.total)
	return "*" + text + "*", text
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// megabytes writes a byte count in MB with one decimal.
func megabytes(n int) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
