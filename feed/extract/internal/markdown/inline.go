package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/feed/link"
)

// ---- inline ----

const (
	clsSpace = iota
	clsPunct
	clsWord
)

// runeClass sorts r as CommonMark does for emphasis: white space,
// punctuation (including symbols), or anything else.
func runeClass(r rune) int {
	if r < utf8.RuneSelf {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
			return clsSpace
		case asciiPunct[r]:
			return clsPunct
		}
		return clsWord
	}
	if unicode.IsSpace(r) {
		return clsSpace
	}
	if unicode.IsPunct(r) || unicode.IsSymbol(r) {
		return clsPunct
	}
	return clsWord
}

var asciiPunct = func() (t [128]bool) {
	for _, c := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" {
		t[c] = true
	}
	return t
}()

// lastClass is the class of the last character of the paragraph; the
// start of a line counts as white space.
func (w *mdWriter) lastClass() int {
	if len(w.para) == 0 {
		return clsSpace
	}
	r, _ := utf8.DecodeLastRune(w.para)
	return runeClass(r)
}

// begin is called before any content: it writes the white space or
// break owed, settles the emphasis closers just written, and writes the
// openers owed. next is the first character of the content.
func (w *mdWriter) begin(next rune) {
	owed := w.carryOn(w.firstOwed())
	owed = w.writeBreak(owed)
	w.space, w.brk = false, 0
	owed = w.dropTouching(owed)
	if owed >= 0 {
		next = '*' // an opener comes first: punctuation
		if w.spans[owed].kind == spanLink {
			next = '['
		}
	}
	w.imageBreak(next)
	w.resolveTrail(runeClass(next))
	if owed < 0 {
		return
	}
	w.writeOpeners(owed)
	w.trail = w.trail[:0]
}

// carryOn reopens the emphasis closed just before, with at most white
// space or a line break between, when the same is owed again: "*a* *b*"
// reads "*a b*". It returns the first span still owed, or -1.
func (w *mdWriter) carryOn(owed int) int {
	if owed < 0 || w.brk >= 2 && w.mode == modeBlock {
		return owed
	}
	for ; owed < len(w.spans); owed++ {
		s, t := &w.spans[owed], len(w.trail)-1
		if s.open != -1 || s.kind == spanLink || t < 0 || w.trail[t].kind != s.kind || w.trail[t].close+len(spanDelims[s.kind]) != len(w.para) {
			break
		}
		w.para = w.para[:w.trail[t].close]
		s.open = w.trail[t].open
		w.trail = w.trail[:t]
	}
	if owed == len(w.spans) {
		return -1
	}
	return owed
}

// writeBreak writes the white space or line break owed before the
// content; two breaks in a row end the paragraph, which changes the
// first span owed, returned.
func (w *mdWriter) writeBreak(owed int) int {
	if len(w.para) == 0 || w.para[len(w.para)-1] == '\n' {
		return owed
	}
	switch {
	case w.brk >= 2 && w.mode == modeBlock:
		w.flushPara()
		owed = w.firstOwed()
	case w.brk > 0 && w.mode == modeBlock:
		w.resolveTrail(clsSpace)
		w.trimSpace()
		w.para = append(w.para, ' ', ' ', '\n')
	case w.brk > 0 || w.space:
		w.resolveTrail(clsSpace)
		w.para = append(w.para, ' ')
	}
	return owed
}

// dropTouching leaves out the openers owed that would touch a closer of
// the same character (writeOpeners does the rest); known now, the closers
// just written are judged by what really follows them. It returns the
// first span still owed, or -1.
func (w *mdWriter) dropTouching(owed int) int {
	for ; owed >= 0 && owed < len(w.spans); owed++ {
		s := &w.spans[owed]
		if s.open != -1 {
			continue
		}
		if s.kind == spanLink || w.closedAt != len(w.para) || w.closedChar != spanDelims[s.kind][0] {
			break
		}
		s.open = spanDropped
	}
	if owed == len(w.spans) {
		return -1
	}
	return owed
}

// imageBreak sets an image written against its text apart from it: a
// line break makes the text read as the picture's caption.
func (w *mdWriter) imageBreak(next rune) {
	if !w.image {
		return
	}
	w.image = false
	if len(w.para) > 0 && w.para[len(w.para)-1] == ')' && next != ')' && next != ']' {
		w.resolveTrail(clsSpace)
		if w.mode == modeBlock {
			w.para = append(w.para, '\n')
		} else {
			w.para = append(w.para, ' ')
		}
	}
}

// writeOpeners writes the openers of the spans owed from owed on.
func (w *mdWriter) writeOpeners(owed int) {
	for i := owed; i < len(w.spans); i++ {
		s := &w.spans[i]
		if s.open != -1 {
			continue
		}
		if s.kind == spanLink {
			w.bang()
			s.open = len(w.para)
			w.para = append(w.para, '[')
			continue
		}
		if w.closedAt == len(w.para) && w.closedChar == spanDelims[s.kind][0] {
			// Against a closer of the same character the two runs
			// would read as one: this emphasis is left out.
			s.open = spanDropped
			continue
		}
		s.open = len(w.para)
		w.para = append(w.para, spanDelims[s.kind]...)
	}
}

// firstOwed returns the index of the outermost span whose opener is owed,
// or -1.
func (w *mdWriter) firstOwed() int {
	for i := range w.spans {
		if w.spans[i].open == -1 {
			return i
		}
	}
	return -1
}

// bang escapes a ! that ends the paragraph before a [ is written after
// it, which would make an image of a link.
func (w *mdWriter) bang() {
	n := len(w.para)
	if n == 0 || w.para[n-1] != '!' {
		return
	}
	// The ! is escaped when an odd run of backslashes stands before it
	// ("\\!" is an escaped backslash, then a bare !).
	k := n - 1
	for k > 0 && w.para[k-1] == '\\' {
		k--
	}
	if (n-1-k)%2 == 0 {
		w.para = append(w.para[:n-1], '\\', '!')
	}
}

// resolveTrail settles the closers at the end of the paragraph now that
// the class of what follows them is known: one that ends on punctuation
// before a word does not close, so its emphasis is taken out.
func (w *mdWriter) resolveTrail(next int) {
	if len(w.trail) == 0 {
		return
	}
	var cuts []int
	for _, c := range w.trail {
		if c.openInWord || next == clsWord && (c.fragile || c.inWord) {
			cuts = append(cuts, c.open, c.close)
		}
	}
	if len(cuts) > 0 {
		slices.Sort(cuts)
		// Cut from the end so earlier positions stay valid; the
		// delimiter at each position is found from the trail.
		for i := len(cuts) - 1; i >= 0; i-- {
			pos := cuts[i]
			w.cut(pos, len(spanDelims[w.kindAt(pos)]))
		}
	}
	w.trail = w.trail[:0]
}

// kindAt returns the kind of the trail closer opening or closing at pos.
func (w *mdWriter) kindAt(pos int) spanKind {
	for _, c := range w.trail {
		if c.open == pos || c.close == pos {
			return c.kind
		}
	}
	return spanEm
}

// cut removes n bytes of the paragraph at pos; the spans opened after pos
// move back with their text.
// delimiterAt reports whether an emphasis or link delimiter (not the
// text's own character) is written at pos.
func (w *mdWriter) delimiterAt(pos int) bool {
	for _, sp := range w.spans {
		if sp.open == pos {
			return true
		}
	}
	for _, t := range w.trail {
		if t.open == pos || t.close == pos {
			return true
		}
	}
	return false
}

func (w *mdWriter) cut(pos, n int) {
	// A delimiter taken out at the start of a line can leave there a
	// character that starts a block ("**>**0" gives ">0", a quote): its
	// first byte stays, as a backslash escaping that character.
	keep := 0
	if (pos == 0 || w.para[pos-1] == '\n') && pos+n < len(w.para) {
		if c := w.para[pos+n]; c < utf8.RuneSelf && asciiPunct[c] && c != '\\' && !w.delimiterAt(pos+n) {
			keep = 1
			w.para[pos] = '\\'
		}
	}
	w.para = append(w.para[:pos+keep], w.para[pos+n:]...)
	shift := n - keep
	// Positions past the cut move back with the text.
	if w.closedAt > pos {
		w.closedAt -= shift
	}
	if w.codeAt > pos {
		w.codeAt -= shift
		w.codeEnd -= shift
	}
	for i := range w.spans {
		if w.spans[i].open > pos {
			w.spans[i].open -= shift
		}
	}
	for i := range w.trail {
		if w.trail[i].open > pos {
			w.trail[i].open -= shift
		}
		if w.trail[i].close > pos {
			w.trail[i].close -= shift
		}
	}
}

// leftFlanking reports whether the delimiter run of n bytes at pos can
// open emphasis: no white space after it, and no punctuation after it
// unless white space or punctuation comes before.
func (w *mdWriter) leftFlanking(pos, n int) bool {
	before := clsSpace
	if pos > 0 && w.para[pos-1] != '\n' {
		r, _ := utf8.DecodeLastRune(w.para[:pos])
		before = runeClass(r)
	}
	if pos+n >= len(w.para) {
		return false
	}
	first, _ := utf8.DecodeRune(w.para[pos+n:])
	fc := runeClass(first)
	return fc != clsSpace && !(fc == clsPunct && before == clsWord)
}

// spaceOut moves white space such as a no-break space at either end of
// the span s (whose opener is n bytes long) outside it: delimiters
// cannot open or close against it, and a link reads better without it.
// It returns the trailing space, to be written after the closer.
func (w *mdWriter) spaceOut(s *span, n int) []byte {
	for s.open+n < len(w.para) {
		r, size := utf8.DecodeRune(w.para[s.open+n:])
		if runeClass(r) != clsSpace {
			break
		}
		copy(w.para[s.open+size:], w.para[s.open:s.open+n])
		utf8.EncodeRune(w.para[s.open:], r)
		s.open += size
	}
	end := len(w.para)
	for end > s.open+n {
		r, size := utf8.DecodeLastRune(w.para[:end])
		if runeClass(r) != clsSpace {
			break
		}
		end -= size
	}
	if end == len(w.para) {
		return nil
	}
	tail := append([]byte(nil), w.para[end:]...)
	w.para = w.para[:end]
	return tail
}

// appendAfterTrail writes text after the closers just written: white
// space, so they stand.
func (w *mdWriter) appendAfterTrail(b []byte) {
	if len(b) > 0 {
		w.resolveTrail(clsSpace)
		w.para = append(w.para, b...)
	}
}

// trimSpace drops white space such as no-break spaces at the end of the
// paragraph.
func (w *mdWriter) trimSpace() {
	for len(w.para) > 0 {
		r, size := utf8.DecodeLastRune(w.para)
		if runeClass(r) != clsSpace || r == '\n' {
			return
		}
		w.para = w.para[:len(w.para)-size]
	}
}

// blankPara reports whether the paragraph holds nothing but white space.
func (w *mdWriter) blankPara() bool {
	for _, r := range string(w.para) {
		if runeClass(r) != clsSpace {
			return false
		}
	}
	return true
}

// closeSpan writes the closer of s, whose opener is written.
func (w *mdWriter) closeSpan(s *span) {
	if s.kind == spanLink {
		tail := w.spaceOut(s, 1)
		w.resolveTrail(clsPunct)
		w.image = false // an image inside the link is not glued to what follows
		w.para = append(w.para, ']', '(')
		w.para = appendDest(w.para, strings.TrimSpace(dom.Attr(s.n, "href")), w.mode == modeCell)
		if t := dom.Attr(s.n, "title"); strings.TrimSpace(t) != "" {
			w.para = appendTitle(w.para, t, w.mode == modeCell)
		}
		w.para = append(w.para, ')')
		w.appendAfterTrail(tail)
		return
	}
	d := spanDelims[s.kind]
	if tail := w.spaceOut(s, len(d)); tail != nil {
		defer w.appendAfterTrail(tail)
	}
	// CommonMark opens emphasis only on a left-flanking run and closes
	// it only on a right-flanking one.
	last, _ := utf8.DecodeLastRune(w.para)
	lc := runeClass(last)
	// goldmark also refuses a ~~ run that follows a ~.
	tilde := s.kind == spanDel && (last == '~' || s.open > 0 && w.para[s.open-1] == '~')
	if tilde || !w.leftFlanking(s.open, len(d)) || lc == clsSpace || s.open+len(d) >= len(w.para) {
		p := s.open
		w.cut(p, len(d))
		// An emphasis opened right inside this one may have needed the
		// opener taken out: it goes too if it no longer opens.
		for {
			i := slices.IndexFunc(w.trail, func(c closer) bool { return c.open == p })
			if i < 0 {
				break
			}
			c := w.trail[i]
			n := len(spanDelims[c.kind])
			if w.leftFlanking(p, n) {
				break
			}
			w.trail = slices.Delete(w.trail, i, i+1)
			w.cut(c.close, n)
			w.cut(p, n)
		}
		return
	}
	inWord, openInWord := false, false
	if s.kind != spanDel && w.nest[spanEm]+w.nest[spanStrong] > 1 {
		inWord = lc == clsWord
		if s.open > 0 {
			before, _ := utf8.DecodeLastRune(w.para[:s.open])
			after, _ := utf8.DecodeRune(w.para[s.open+len(d):])
			openInWord = runeClass(before) == clsWord && runeClass(after) == clsWord
		}
	}
	w.trail = append(w.trail, closer{kind: s.kind, open: s.open, close: len(w.para), fragile: lc == clsPunct, inWord: inWord, openInWord: openInWord})
	w.para = append(w.para, d...)
	w.closedAt, w.closedChar = len(w.para), d[0]
}

func (w *mdWriter) emphasis(n *html.Node, kind spanKind, depth int) {
	if w.nest[kind] > 0 {
		w.children(n, depth) // already emphasised: a second run adds nothing
		return
	}
	w.nest[kind]++
	w.spans = append(w.spans, span{kind: kind, open: -1})
	w.children(n, depth)
	w.endSpan()
	w.nest[kind]--
}

func (w *mdWriter) link(n *html.Node, depth int) {
	// A link whose address is not http, https, mailto or relative
	// (feed/link's one check: javascript:, data:, file:…, however
	// spelt) leaves its text alone.
	if href := strings.TrimSpace(dom.Attr(n, "href")); w.nest[spanLink] > 0 || href == "" || !link.Active(href) {
		w.children(n, depth)
		return
	}
	w.nest[spanLink]++
	w.spans = append(w.spans, span{kind: spanLink, open: -1, n: n})
	w.children(n, depth)
	w.endSpan()
	w.nest[spanLink]--
}

// endSpan closes the innermost span; one that never had content leaves
// nothing behind.
func (w *mdWriter) endSpan() {
	s := w.spans[len(w.spans)-1]
	if s.open >= 0 {
		w.closeSpan(&s)
	}
	w.spans = w.spans[:len(w.spans)-1]
}

func (w *mdWriter) lineBreak() {
	if w.mode != modeBlock {
		w.space = true
		return
	}
	if len(w.para) > 0 {
		w.brk++
	}
}

func (w *mdWriter) picture(n *html.Node) {
	src := strings.TrimSpace(dom.Attr(n, "src"))
	if src == "" || !link.Active(src) {
		return
	}
	w.begin('!')
	cell := w.mode == modeCell
	w.para = append(w.para, '!', '[')
	alt := dom.Attr(n, "alt")
	space, any := false, false
	for i := 0; i < len(alt); i++ {
		c := alt[i]
		if isWS(c) {
			space = true
			continue
		}
		if space && any {
			w.para = append(w.para, ' ')
		}
		space, any = false, true
		if c == '[' || c == ']' || c == '`' || c == '|' && cell ||
			c == '\\' && (i+1 == len(alt) || alt[i+1] < utf8.RuneSelf && asciiPunct[alt[i+1]]) {
			w.para = append(w.para, '\\')
		}
		w.para = append(w.para, c)
	}
	w.para = append(w.para, ']', '(')
	w.para = appendDest(w.para, src, cell)
	if t := dom.Attr(n, "title"); strings.TrimSpace(t) != "" {
		w.para = appendTitle(w.para, t, cell)
	}
	w.para = append(w.para, ')')
	w.image = true
}

// appendDest writes a link destination: bare when CommonMark reads it
// back unchanged, in angle brackets when it holds spaces or unbalanced
// parentheses.
func appendDest(b []byte, u string, cell bool) []byte {
	angle, depth := false, 0
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c <= ' ' || c == '<' || c == '>':
			angle = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			angle = angle || depth < 0
		}
	}
	angle = angle || depth != 0
	if angle {
		b = append(b, '<')
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c == '\n' || c == '\r' || c == '\t':
			continue // browsers drop them from addresses
		case c == '\\' || c == '|' && cell || angle && (c == '<' || c == '>'):
			b = append(b, '\\')
		}
		b = append(b, c)
	}
	if angle {
		b = append(b, '>')
	}
	return b
}

func appendTitle(b []byte, t string, cell bool) []byte {
	b = append(b, ' ', '"')
	space := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
			space = true
			continue
		}
		if space && b[len(b)-1] != '"' {
			b = append(b, ' ')
		}
		space = false
		if c == '"' || c == '\\' || c == '|' && cell {
			b = append(b, '\\')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

// code writes inline code, its white space collapsed, in a backtick
// fence longer than any run inside it.
func (w *mdWriter) code(n *html.Node, depth int) {
	if holdsBlock(n) {
		// Code around paragraphs or list items is no code span: its
		// content is written as it is.
		w.children(n, depth)
		return
	}
	buf, lead, trail := codeText(n)
	if len(buf) == 0 {
		if lead || trail {
			w.space = true
		}
		return
	}
	if lead {
		w.space = true
	}
	w.begin('`')
	if w.codeEnd > 0 && w.codeEnd == len(w.para) && bytes.Equal(w.para[w.codeAt:], w.codeMD) {
		buf = append(w.codeText, buf...)
		w.para = w.para[:w.codeAt]
	}
	w.codeAt, w.codeText = len(w.para), buf
	fence := longestRun(buf, '`') + 1
	for range fence {
		w.para = append(w.para, '`')
	}
	pad := buf[0] == '`' || buf[len(buf)-1] == '`'
	if pad {
		w.para = append(w.para, ' ')
	}
	if w.mode == modeCell {
		for _, c := range buf {
			if c == '|' {
				w.para = append(w.para, '\\')
			}
			w.para = append(w.para, c)
		}
	} else {
		w.para = append(w.para, buf...)
	}
	if pad {
		w.para = append(w.para, ' ')
	}
	for range fence {
		w.para = append(w.para, '`')
	}
	w.codeEnd = len(w.para)
	w.codeMD = append(w.codeMD[:0], w.para[w.codeAt:]...)
	if trail {
		w.space = true
	}
}

// codeText returns the text of inline code, its white space collapsed,
// and whether white space led and trailed it.
func codeText(n *html.Node) (buf []byte, lead, trail bool) {
	space := false
	dom.Walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.Br {
			space = true
		}
		if c.Type != html.TextNode {
			return true
		}
		for i := 0; i < len(c.Data); i++ {
			ch := c.Data[i]
			if ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f' {
				space = true
				continue
			}
			if space {
				if len(buf) == 0 {
					lead = true
				} else {
					buf = append(buf, ' ')
				}
				space = false
			}
			buf = append(buf, ch)
		}
		return true
	})
	return buf, lead, space
}
