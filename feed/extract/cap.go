package extract

import (
	"bytes"
	"fmt"
)

// MaxElements is how many elements of a page Extract reads. The longest
// page of the four corpora (a Wikipedia article, 1 MB) has 9,892; a page
// of half a million <li> would take seconds and hundreds of megabytes
// to clean (issue 15), and no story is that long. The rest of a longer
// page is left out and the article ends with a line saying so.
const MaxElements = 25_000

// pageCut records that a page was read only in part.
type pageCut struct {
	kept, total int // elements read, elements on the page
}

// capElements returns b cut before its (limit+1)th start tag and, when it
// cut, how many elements were kept of how many. A start tag is a '<'
// followed by an ASCII letter, as the tokenizer reads one; the count
// also takes such text in comments, which can only make the cut come
// earlier. The scan runs over bytes alone: it costs a few milliseconds
// on a 10 MiB page, the parser seconds.
func capElements(b []byte, limit int) ([]byte, *pageCut) {
	n, at := 0, -1
	for i := 0; ; {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 || i+k+1 >= len(b) {
			break
		}
		i += k + 1
		if c := b[i] | 0x20; c < 'a' || c > 'z' {
			continue
		}
		if n++; n == limit+1 {
			at = i - 1
		}
	}
	if at < 0 {
		return b, nil
	}
	return b[:at], &pageCut{kept: limit, total: n}
}

// notice is the article's last paragraph on a cut page, as Markdown and
// as text.
func (c *pageCut) notice() (md, text string) {
	text = fmt.Sprintf("The page is too long to read whole: tidings read its first %s elements of %s (%d%%). Open it in a browser for the rest.",
		thousands(c.kept), thousands(c.total), c.kept*100/c.total)
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
