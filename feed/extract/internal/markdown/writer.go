package markdown

import (
	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
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

// node writes n and what is under it.
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
	if w.inline(n, depth) {
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
	w.block(n, depth)
}

// inline writes n when it is an inline element of its own kind (a line
// break, a picture, a link, emphasis, code); it reports whether it was.
func (w *mdWriter) inline(n *html.Node, depth int) bool {
	switch n.DataAtom {
	case atom.Br:
		w.lineBreak()
		return true
	case atom.Img:
		w.picture(n)
		return true
	case atom.A:
		w.link(n, depth)
		return true
	case atom.Em, atom.I:
		w.emphasis(n, spanEm, depth)
		return true
	case atom.Strong, atom.B:
		w.emphasis(n, spanStrong, depth)
		return true
	case atom.Del, atom.S, atom.Strike:
		w.emphasis(n, spanDel, depth)
		return true
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt, atom.Var:
		w.code(n, depth)
		return true
	}
	return false
}

// block writes n, an element met where blocks are written.
func (w *mdWriter) block(n *html.Node, depth int) {
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
