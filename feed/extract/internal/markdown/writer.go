package markdown

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/feed/link"
)

// The Markdown writer turns the cleaned article tree into CommonMark with
// the GFM tables and strikethrough that Glamour renders, in one pass over
// the tree and one output buffer.
//
// Blocks go out line by line, each line led by the prefixes of the
// containers it sits in (a quote's "> ", a list item's marker on its
// first line and its indent after). Inline content gathers in a
// paragraph buffer; white space and line breaks are owed rather than
// written, so that they land outside emphasis and never at a line's ends;
// emphasis and link openers are written only when content follows, so
// empty ones vanish. Text is escaped only where a character would
// otherwise change the meaning of the line.

const (
	// mdMaxDepth is the element nesting rendered as structure; deeper
	// content is written as plain text (the parser caps real pages at 512).
	mdMaxDepth = 400
	// mdMaxBoxes is the nesting of quotes, lists and definitions given
	// their own prefix; deeper ones render as plain blocks, so that a
	// hostile page cannot make every line thousands of bytes long.
	mdMaxBoxes = 16
	// mdMaxSpan caps colspan and rowspan (a page can ask for millions).
	mdMaxSpan = 64
)

type boxKind uint8

const (
	boxRoot boxKind = iota
	boxQuote
	boxList
	boxItem // a list item or a definition: a marker, then an indent
)

// blockKind is what was last written in a box: it decides whether a
// following block may sit without a blank line, and how it is marked.
type blockKind uint8

const (
	blkNone blockKind = iota
	blkPara
	blkTerm // a definition list's term: a definition follows it directly
	blkDef
	blkList
	blkOther
)

// box is an open container block.
type box struct {
	kind      boxKind
	marker    string // an item's marker, written on its first line
	indent    int    // an item's continuation indent
	markerOut bool   // the marker is written
	started   bool   // a line was written inside
	sep       bool   // a block was written inside: the next needs a blank line
	last      blockKind
	lastDelim byte // the marker character of the list written last
	// lists only
	ordered    bool
	interrupts bool // may follow an item's paragraph with no blank line
	delim      byte
	next       int
}

type spanKind uint8

const (
	spanEm spanKind = iota
	spanStrong
	spanDel
	spanLink
)

var spanDelims = [...]string{spanEm: "*", spanStrong: "**", spanDel: "~~"}

// spanDropped marks a span whose delimiters are left out.
const spanDropped = -2

// span is an open inline element.
type span struct {
	kind spanKind
	open int // where its opener is in the paragraph; -1 while owed
	n    *html.Node
}

// closer is an emphasis closer at the very end of the paragraph, kept
// until the next content shows whether it is valid and whether the same
// emphasis simply carries on.
type closer struct {
	kind        spanKind
	open, close int
	// fragile: the emphasis ends on punctuation, so it only closes if
	// white space or punctuation follows.
	fragile bool
	// inWord, openInWord: a star emphasis nested in another, whose
	// closer follows a letter or whose opener stands between two. Such
	// runs can both open and close, and the rule of three then pairs
	// them with the outer ones ("***0*0*0***" leaves "**" over): it is
	// taken out when a letter follows the closer, or always when the
	// opener is the one inside a word.
	inWord, openInWord bool
}

type mdMode uint8

const (
	modeBlock   mdMode = iota
	modeHeading        // one line: blocks and breaks become spaces
	modeCell           // a table cell: the same, and pipes are escaped
)

type mdWriter struct {
	out   []byte
	para  []byte // the inline Markdown of the paragraph being gathered
	boxes []box
	spans []span
	trail []closer
	mode  mdMode
	space bool // white space is owed before the next content
	brk   int  // line breaks owed before the next content
	image bool // the last content was an image
	// blockEnd, linkEnd: the text being written is the last of its
	// block, of its link.
	blockEnd, linkEnd bool
	// closedAt is the end of the last emphasis closer written, and
	// closedChar its character.
	closedAt   int
	closedChar byte
	// pairEnd is where, in the text being written, the ] of the last
	// [ left unescaped is.
	pairEnd int
	nest    [spanLink + 1]int
	// codeAt..codeEnd is the last code span written, and code its
	// content: one written straight after it joins it, since two fences
	// side by side would read as one.
	codeAt, codeEnd  int
	codeText, codeMD []byte
}

// WriteMarkdown renders the article tree rooted at content as Markdown.
func WriteMarkdown(content *html.Node) string {
	w := &mdWriter{
		out:   make([]byte, 0, 4096),
		para:  make([]byte, 0, 1024),
		boxes: make([]box, 1, 8),
	}
	w.node(content, 0)
	w.flushPara()
	out := w.out
	for len(out) > 0 && (out[len(out)-1] == '\n' || out[len(out)-1] == ' ') {
		out = out[:len(out)-1]
	}
	return string(out)
}

func (w *mdWriter) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, depth+1)
	}
}

func (w *mdWriter) node(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		// Text that ends its block is followed by nothing: what ends it
		// needs no guard against the next node.
		w.blockEnd = n.NextSibling == nil && n.Parent != nil && dom.IsBlock(n.Parent) && len(w.spans) == 0
		w.linkEnd = n.NextSibling == nil && n.Parent != nil && n.Parent.DataAtom == atom.A && w.nest[spanLink] > 0
		w.text(n.Data)
		w.blockEnd, w.linkEnd = false, false
		return
	case html.ElementNode:
	case html.DocumentNode:
		w.children(n, depth)
		return
	default:
		return
	}
	if depth > mdMaxDepth {
		w.text(dom.TextOf(n))
		return
	}
	if MdSkipped(n) {
		return
	}
	switch n.DataAtom {
	case atom.Br:
		w.lineBreak()
		return
	case atom.Img:
		w.picture(n)
		return
	case atom.A:
		w.link(n, depth)
		return
	case atom.Em, atom.I:
		w.emphasis(n, spanEm, depth)
		return
	case atom.Strong, atom.B:
		w.emphasis(n, spanStrong, depth)
		return
	case atom.Del, atom.S, atom.Strike:
		w.emphasis(n, spanDel, depth)
		return
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt, atom.Var:
		w.code(n, depth)
		return
	}
	if w.mode != modeBlock {
		// A heading or a table cell is one line: what would be a block
		// is text set off by spaces.
		if dom.IsBlock(n) || n.DataAtom == atom.Pre || n.DataAtom == atom.Dd || n.DataAtom == atom.Dt {
			w.space = true
			w.children(n, depth)
			w.space = true
			return
		}
		w.children(n, depth)
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.heading(n, int(n.Data[1]-'0'), depth)
	case atom.Hr:
		w.flushPara()
		w.writeBlock("* * *", blkOther)
	case atom.Pre:
		w.pre(n)
	case atom.Blockquote:
		w.quote(n, depth)
	case atom.Ul, atom.Ol:
		w.list(n, depth)
	case atom.Table:
		w.table(n, depth)
	case atom.Dt:
		w.flushPara()
		w.children(n, depth)
		w.flushParaAs(blkTerm)
	case atom.Dd:
		w.definition(n, depth)
	case atom.Td, atom.Th:
		// A table written as blocks keeps each row on one line, its
		// cells ("Founded", "1998") side by side.
		w.space = true
		w.children(n, depth)
		w.space = true
	default:
		if dom.IsBlock(n) {
			w.flushPara()
			w.children(n, depth)
			w.flushPara()
			return
		}
		w.children(n, depth)
	}
}

// MdSkipped reports whether n is an element whose content is never
// shown (most are removed from the page before; this is the writer's own
// guard).
func MdSkipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Head, atom.Title, atom.Noscript,
		atom.Iframe, atom.Input, atom.Textarea, atom.Select, atom.Button, atom.Svg,
		atom.Source, atom.Track, atom.Wbr, atom.Colgroup, atom.Col:
		return n.Type == html.ElementNode
	}
	return false
}

// ---- blocks ----

// top is the innermost open box.
func (w *mdWriter) top() *box { return &w.boxes[len(w.boxes)-1] }

func (w *mdWriter) push(b box) { w.boxes = append(w.boxes, b) }

// pop closes the innermost box and tells its parent what was written.
func (w *mdWriter) pop() {
	b := w.boxes[len(w.boxes)-1]
	w.boxes = w.boxes[:len(w.boxes)-1]
	if !b.started {
		return
	}
	p := w.top()
	switch b.kind {
	case boxItem:
		if p.kind == boxList {
			p.next++ // items stay tight: no blank line between them
			return
		}
		p.sep, p.last = true, blkDef
	case boxList:
		p.sep, p.last, p.lastDelim = true, blkList, b.delim
	default:
		p.sep, p.last = true, blkOther
	}
}

// startBlock writes the blank line owed before a new block, if any, and
// marks the boxes the block opens as started.
func (w *mdWriter) startBlock() {
	k := len(w.boxes)
	for i := 1; i < len(w.boxes); i++ {
		if !w.boxes[i].started {
			k = i
			break
		}
	}
	owner := &w.boxes[k-1]
	if owner.sep {
		blank := true
		if k < len(w.boxes) {
			switch b := &w.boxes[k]; {
			case b.kind == boxList && b.interrupts && owner.kind == boxItem && owner.last == blkPara:
				// A nested list may follow its item's text directly.
				blank = false
			case b.kind == boxItem && b.marker == ": ":
				blank = false // a definition sits under its term
			}
		}
		if blank {
			w.prefix(k, true)
			w.out = append(w.out, '\n')
		}
	}
	for i := k; i < len(w.boxes); i++ {
		w.boxes[i].started = true
	}
}

// prefix writes the prefixes of the first levels boxes; a blank line
// carries no trailing spaces.
func (w *mdWriter) prefix(levels int, blank bool) {
	start := len(w.out)
	for i := 1; i < levels && i < len(w.boxes); i++ {
		b := &w.boxes[i]
		switch b.kind {
		case boxQuote:
			w.out = append(w.out, '>', ' ')
		case boxItem:
			if !b.markerOut && !blank {
				w.out = append(w.out, b.marker...)
				b.markerOut = true
			} else {
				for range b.indent {
					w.out = append(w.out, ' ')
				}
			}
		}
	}
	if blank {
		for len(w.out) > start && w.out[len(w.out)-1] == ' ' {
			w.out = w.out[:len(w.out)-1]
		}
	}
}

// line writes one line of the current block.
func (w *mdWriter) line(s []byte) {
	w.prefix(len(w.boxes), len(s) == 0)
	w.out = append(w.out, s...)
	w.out = append(w.out, '\n')
}

// endBlock records that a block of the given kind was written.
func (w *mdWriter) endBlock(kind blockKind) {
	t := w.top()
	t.sep, t.last = true, kind
}

func (w *mdWriter) writeBlock(s string, kind blockKind) {
	w.startBlock()
	w.line([]byte(s))
	w.endBlock(kind)
}

func (w *mdWriter) flushPara() { w.flushParaAs(blkPara) }

// flushParaAs writes the gathered paragraph, if any. Inline elements
// still open (a link around a heading and its teaser) are closed here
// and opened again before the next content.
func (w *mdWriter) flushParaAs(kind blockKind) {
	if !w.endInline() {
		return
	}
	w.guardNumbers()
	w.startBlock()
	w.lines(w.para)
	w.endBlock(kind)
	w.para = w.para[:0]
	w.closedAt = -1
	w.codeEnd = 0
}

// lines writes each line of p.
func (w *mdWriter) lines(p []byte) {
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.line(p)
			return
		}
		w.line(p[:i])
		p = p[i+1:]
	}
}

// endInline ends the inline content gathered: open spans are closed
// (and owed again), owed space and breaks dropped, trailing white space
// trimmed. It reports whether anything but white space is left.
func (w *mdWriter) endInline() bool {
	w.closeOpen()
	w.space, w.brk, w.image = false, 0, false
	w.trail = w.trail[:0]
	w.trimSpace()
	if w.blankPara() {
		w.para, w.closedAt = w.para[:0], -1
		return false
	}
	return true
}

// closeOpen writes the closers of the open spans whose openers are
// written, innermost first, and owes their openers again.
func (w *mdWriter) closeOpen() {
	w.resolveTrail(clsSpace)
	// The closers are settled once all are written: an outer opener
	// taken out must still see the inner closers, to take out those its
	// removal leaves unable to open.
	for i := len(w.spans) - 1; i >= 0; i-- {
		if w.spans[i].open >= 0 {
			w.closeSpan(&w.spans[i])
			w.spans[i].open = -1
		}
	}
	w.resolveTrail(clsSpace)
}

func (w *mdWriter) heading(n *html.Node, level int, depth int) {
	w.flushPara()
	w.mode = modeHeading
	w.children(n, depth)
	w.mode = modeBlock
	if !w.endInline() {
		return
	}
	h := make([]byte, 0, len(w.para)+level+2)
	for range level {
		h = append(h, '#')
	}
	h = append(h, ' ')
	// A run of # at the end would read as the closing sequence.
	end := len(w.para)
	i := end
	for i > 0 && w.para[i-1] == '#' {
		i--
	}
	if i < end && (i == 0 || w.para[i-1] == ' ') {
		h = append(h, w.para[:i]...)
		h = append(h, '\\')
		h = append(h, w.para[i:]...)
	} else {
		h = append(h, w.para...)
	}
	w.para, w.closedAt = w.para[:0], -1
	w.startBlock()
	w.line(h)
	w.endBlock(blkOther)
}

func (w *mdWriter) quote(n *html.Node, depth int) {
	w.inBox(n, depth, box{kind: boxQuote}, true)
}

// inBox writes the children of n as blocks inside b when want holds and
// boxes are not nested too deep, else as plain blocks.
func (w *mdWriter) inBox(n *html.Node, depth int, b box, want bool) {
	w.flushPara()
	want = want && len(w.boxes) < mdMaxBoxes
	if want {
		w.push(b)
	}
	w.children(n, depth)
	w.flushPara()
	if want {
		w.pop()
	}
}

func (w *mdWriter) list(n *html.Node, depth int) {
	w.flushPara()
	if len(w.boxes) >= mdMaxBoxes {
		// Too deep to indent further: each item a block of its own,
		// stray text and inline elements between them kept together.
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c, depth+1)
			if dom.IsElem(c, atom.Li) {
				w.flushPara()
			}
		}
		w.flushPara()
		return
	}
	ordered := n.DataAtom == atom.Ol
	b := box{kind: boxList, ordered: ordered, next: 1, delim: '-', interrupts: true}
	if ordered {
		b.delim = '.'
		if v, err := strconv.Atoi(strings.TrimSpace(dom.Attr(n, "start"))); err == nil && v >= 0 && v <= 999999999 {
			b.next = v
		}
		b.interrupts = b.next == 1
	}
	// Two lists in a row would merge into one: the second takes the
	// other marker.
	if t := w.top(); t.last == blkList && t.lastDelim == b.delim {
		if b.delim == '-' {
			b.delim = '*'
		} else {
			b.delim = ')'
		}
	}
	w.push(b)
	listLevel := len(w.boxes) - 1
	open, afterItem := false, false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.Trim(c.Data, " \t\n\r\f") == "" || c.Type == html.CommentNode {
			if open && c.Type == html.TextNode && c.Data != "" {
				// Between stray words white space still parts them; an
				// empty text (a control character sanitised away) does
				// not.
				w.space = true
			}
			continue
		}
		if dom.IsElem(c, atom.Li) || !open {
			if open {
				w.flushPara()
				w.pop()
			}
			l := &w.boxes[listLevel]
			marker := string(l.delim) + " "
			if l.ordered {
				marker = strconv.Itoa(l.next) + string(l.delim) + " "
			}
			w.push(box{kind: boxItem, marker: marker, indent: len(marker)})
			open = true
		}
		if dom.IsElem(c, atom.Li) {
			w.children(c, depth+1)
			afterItem = true
			continue
		}
		// Stray content between items belongs to the item before, in
		// a block of its own.
		if afterItem {
			w.flushPara()
			afterItem = false
		}
		w.node(c, depth+1)
	}
	if open {
		w.flushPara()
		w.pop()
	}
	w.pop()
}

// definition writes a dd under the term before it as ": definition";
// one with no term before it is a plain block, since the marker would
// make a term of whatever paragraph came before.
func (w *mdWriter) definition(n *html.Node, depth int) {
	w.flushPara()
	t := w.top()
	w.inBox(n, depth, box{kind: boxItem, marker: ": ", indent: 2}, t.last == blkTerm || t.last == blkDef)
}

func (w *mdWriter) pre(n *html.Node) {
	w.flushPara()
	var code []byte
	lang := ""
	dom.Walk(n, func(c *html.Node) bool {
		switch c.Type {
		case html.TextNode:
			code = append(code, c.Data...)
		case html.ElementNode:
			if lang == "" {
				lang = codeLanguage(dom.Attr(c, "class"))
			}
			switch {
			case c.DataAtom == atom.Br:
				code = append(code, '\n')
			case c != n && (dom.IsBlock(c) || dom.IsElem(c, atom.Li, atom.Dd, atom.Dt)):
				if len(code) > 0 && code[len(code)-1] != '\n' {
					code = append(code, '\n')
				}
			}
		}
		return true
	})
	if len(code) > 0 && code[len(code)-1] == '\n' {
		code = code[:len(code)-1]
	}
	if strings.TrimSpace(string(code)) == "" {
		return
	}
	fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	w.startBlock()
	w.line([]byte(fence + lang))
	w.lines(code)
	w.line([]byte(fence))
	w.endBlock(blkOther)
}

// codeLanguage reads the language of a code block from its class
// ("language-go", "lang-go"), keeping only characters an info string
// can hold.
func codeLanguage(class string) string {
	for _, f := range strings.Fields(class) {
		var lang string
		if l, ok := strings.CutPrefix(f, "language-"); ok {
			lang = l
		} else if l, ok := strings.CutPrefix(f, "lang-"); ok {
			lang = l
		} else {
			continue
		}
		clean := make([]byte, 0, len(lang))
		for i := 0; i < len(lang) && len(clean) < 32; i++ {
			if c := lang[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+-_.#", c) >= 0 {
				clean = append(clean, c)
			}
		}
		if len(clean) > 0 {
			return string(clean)
		}
	}
	return ""
}

func longestRun(b []byte, c byte) int {
	best, run := 0, 0
	for _, x := range b {
		if x == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

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
	owed := w.firstOwed()
	// The same emphasis closed just before, with at most white space or
	// a line break between, carries on: "*a* *b*" reads "*a b*".
	if owed >= 0 && !(w.brk >= 2 && w.mode == modeBlock) {
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
			owed = -1
		}
	}
	if len(w.para) > 0 && w.para[len(w.para)-1] != '\n' {
		switch {
		case w.brk >= 2 && w.mode == modeBlock:
			// Two breaks in a row end the paragraph.
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
	}
	w.space, w.brk = false, 0
	// Openers that would touch a closer of the same character are left
	// out (below); known now, the closers just written are judged by what
	// really follows them.
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
		owed = -1
	}
	if owed >= 0 {
		next = '*' // an opener comes first: punctuation
		if w.spans[owed].kind == spanLink {
			next = '['
		}
	}
	if w.image {
		w.image = false
		if len(w.para) > 0 && w.para[len(w.para)-1] == ')' && next != ')' && next != ']' {
			// An image written against its text: a line break makes the
			// text read as the picture's caption.
			w.resolveTrail(clsSpace)
			if w.mode == modeBlock {
				w.para = append(w.para, '\n')
			} else {
				w.para = append(w.para, ' ')
			}
		}
	}
	w.resolveTrail(runeClass(next))
	if owed < 0 {
		return
	}
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
	w.trail = w.trail[:0]
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
	var buf []byte
	lead, trail := false, false
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
	trail = space
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

// ---- tables ----

// table writes a GFM pipe table. One whose cells hold block structure a
// cell cannot show (lists, headings, quotes, code blocks, other tables),
// or with a single column (a layout box), is written as its blocks.
func (w *mdWriter) table(n *html.Node, depth int) {
	w.flushPara()
	rows, caption, ok := tableRows(n)
	var grid [][]string
	if ok {
		grid = w.tableGrid(rows, depth)
		ok = len(grid) > 0 && len(grid[0]) > 1
	}
	if !ok {
		w.children(n, depth)
		w.flushPara()
		return
	}
	if caption != nil {
		// The caption titles the table, above it as a browser shows it.
		w.children(caption, depth)
		w.flushPara()
	}
	cols := len(grid[0])
	widths := make([]int, cols)
	for _, row := range grid {
		for c, s := range row {
			widths[c] = max(widths[c], utf8.RuneCountInString(s), 1)
		}
	}
	w.startBlock()
	var line []byte
	for r, row := range grid {
		line = append(line[:0], '|')
		for c, s := range row {
			line = append(line, ' ')
			line = append(line, s...)
			for range widths[c] - utf8.RuneCountInString(s) + 1 {
				line = append(line, ' ')
			}
			line = append(line, '|')
		}
		w.line(line)
		if r == 0 {
			line = append(line[:0], '|')
			for _, wd := range widths {
				for range wd + 2 {
					line = append(line, '-')
				}
				line = append(line, '|')
			}
			w.line(line)
		}
	}
	w.endBlock(blkOther)
}

// tableRows returns the rows of table t, its caption, and whether a pipe
// table can show it.
func tableRows(t *html.Node) (rows []*html.Node, caption *html.Node, ok bool) {
	ok = true
	dom.Walk(t, func(n *html.Node) bool {
		if !ok {
			return false
		}
		if n == t || n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Blockquote, atom.Pre, atom.Hr,
			atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			ok = false
			return false
		case atom.Tr:
			rows = append(rows, n)
		case atom.Caption:
			if caption == nil {
				caption = n
			}
			return false
		}
		return true
	})
	return rows, caption, ok
}

// tableGrid renders the cells of rows into a grid: the header row first
// (the first row of a thead, or the row of the first th, or else the
// first row with text), spanned cells left empty, rows without text left
// out, every row as wide as the widest.
func (w *mdWriter) tableGrid(rows []*html.Node, depth int) [][]string {
	head := -1
	for i, tr := range rows {
		if tr.Parent != nil && tr.Parent.DataAtom == atom.Thead {
			head = i
			break
		}
	}
	if head < 0 {
		for i, tr := range rows {
			for c := tr.FirstChild; c != nil && head < 0; c = c.NextSibling {
				if dom.IsElem(c, atom.Th) {
					head = i
				}
			}
			if head >= 0 {
				break
			}
		}
	}
	// The header row goes first only when the rows before it are empty
	// (they are left out anyway): moving it past text would reorder the
	// table.
	for i := 0; i < head; i++ {
		if dom.HasText(rows[i]) {
			head = 0
		}
	}
	if head > 0 {
		rows = append([]*html.Node{rows[head]}, append(rows[:head:head], rows[head+1:]...)...)
	}
	saved, nest := w.spans, w.nest
	w.spans, w.nest, w.mode = nil, [spanLink + 1]int{}, modeCell
	type cell struct {
		s   string
		set bool
	}
	grid := make([][]cell, len(rows))
	for r, tr := range rows {
		col := 0
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if !dom.IsElem(c, atom.Td, atom.Th) {
				continue
			}
			w.children(c, depth+2)
			w.closeOpen()
			s := strings.TrimFunc(string(w.para), unicode.IsSpace)
			w.para, w.space, w.brk, w.image, w.closedAt = w.para[:0], false, 0, false, -1
			for col < len(grid[r]) && grid[r][col].set {
				col++
			}
			cs, rs := spanOf(c, "colspan"), min(spanOf(c, "rowspan"), len(grid)-r)
			for dr := range rs {
				row := &grid[r+dr]
				for len(*row) < col+cs {
					*row = append(*row, cell{})
				}
				for dc := range cs {
					(*row)[col+dc].set = true
				}
			}
			grid[r][col].s = s
			col += cs
		}
	}
	w.spans, w.nest, w.mode = saved, nest, modeBlock
	var out [][]string
	cols := 0
	for _, row := range grid {
		empty := true
		for _, c := range row {
			if c.s != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		r := make([]string, len(row))
		for i, c := range row {
			r[i] = c.s
		}
		out = append(out, r)
		cols = max(cols, len(row))
	}
	for i := range out {
		for len(out[i]) < cols {
			out[i] = append(out[i], "")
		}
	}
	return out
}

// spanOf reads a colspan or rowspan: 1 when absent or silly, capped.
func spanOf(n *html.Node, key string) int {
	v, err := strconv.Atoi(strings.TrimSpace(dom.Attr(n, key)))
	if err != nil || v < 1 {
		return 1
	}
	return min(v, mdMaxSpan)
}
