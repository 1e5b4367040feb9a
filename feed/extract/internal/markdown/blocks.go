package markdown

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
