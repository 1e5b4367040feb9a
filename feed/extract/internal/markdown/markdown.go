package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"github.com/tidings-app/tidings/feed/lexicon"
	"github.com/tidings-app/tidings/feed/sanitize"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ToMarkdown renders the cleaned body as Markdown (see mdwriter.go).
// Links are already absolute (see prepare). simplify rewrites the tree
// it is given: content is consumed.
func ToMarkdown(content *html.Node) string {
	simplify(content)
	return WriteMarkdown(content)
}

// ToText renders the cleaned body as plain text: one paragraph per block,
// separated by a blank line; list items and table rows one per line.
// Pictures and what belongs to them (captions, credits) stay in the
// Markdown, beside their image: the plain text is the story's prose, the
// figure for word counts, reading time, search and speech.
func ToText(content *html.Node) string {
	w := &textWriter{content: content}
	w.visit(content, 0)
	w.flushLine(0)
	return strings.TrimSpace(w.b.String())
}

// textWriter is ToText at work: the text written, the line being
// gathered, and the break owed before the next text.
type textWriter struct {
	content *html.Node
	b, line strings.Builder
	space   bool
	// pending is the break owed before the next text: 0 none, 1 newline,
	// 2 blank line.
	pending int
}

// flushLine ends the line being gathered, owing brk before the next one.
func (w *textWriter) flushLine(brk int) {
	if w.line.Len() > 0 {
		if w.b.Len() > 0 {
			if w.pending >= 2 {
				w.b.WriteString("\n\n")
			} else {
				w.b.WriteString("\n")
			}
		}
		w.b.WriteString(w.line.String())
		w.line.Reset()
		w.pending = 0
	}
	w.pending = max(w.pending, brk)
	w.space = false
}

// text adds the words of a text node to the line, white space collapsed.
func (w *textWriter) text(d string) {
	// Runs between white space are copied whole.
	for i := 0; i < len(d); {
		if c := d[i]; c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
			w.space = w.line.Len() > 0
			i++
			continue
		}
		j := i + 1
		for j < len(d) && d[j] != ' ' && d[j] != '\n' && d[j] != '\t' && d[j] != '\r' && d[j] != '\f' {
			j++
		}
		if w.space {
			w.line.WriteByte(' ')
			w.space = false
		}
		if run := d[i:j]; utf8.ValidString(run) {
			w.line.WriteString(run)
		} else {
			for _, r := range run {
				w.line.WriteRune(r) // an invalid byte reads as U+FFFD
			}
		}
		i = j
	}
}

// pre writes a preformatted block with its lines: code and verse keep
// them.
func (w *textWriter) pre(n *html.Node) {
	w.flushLine(2)
	var raw strings.Builder
	dom.Walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			raw.WriteString(c.Data)
		} else if dom.IsElem(c, atom.Br) {
			raw.WriteByte('\n')
		}
		return true
	})
	if code := strings.Trim(raw.String(), "\n"); strings.TrimSpace(code) != "" {
		w.line.WriteString(code)
		w.flushLine(2)
	}
}

// visit writes n and what is under it.
func (w *textWriter) visit(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.visit(c, depth+1)
		}
		return
	}
	if n != w.content && figureText(n) {
		return
	}
	brk := 0
	switch n.DataAtom {
	case atom.Pre:
		w.pre(n)
		return
	case atom.Br:
		w.flushLine(1)
		return
	case atom.Img, atom.Picture, atom.Video, atom.Audio:
		return
	case atom.Li, atom.Tr, atom.Dt, atom.Dd:
		brk = 1
	case atom.Td, atom.Th:
		if w.line.Len() > 0 {
			w.line.WriteString(" | ")
			w.space = false
		}
	default:
		if dom.IsBlock(n) {
			brk = 2
		}
	}
	if brk > 0 {
		w.flushLine(brk)
	}
	if depth > 5000 {
		// Pathological nesting: flatten what is left as text.
		w.line.WriteString(dom.TextOf(n))
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.visit(c, depth+1)
	}
	if brk > 0 {
		w.flushLine(brk)
	}
}

// figureText reports whether n is a picture's caption or credit, or a
// figure holding nothing but a picture and those.
func figureText(n *html.Node) bool {
	switch {
	case dom.IsElem(n, atom.Figcaption):
		return true
	case dom.IsElem(n, atom.Figure):
		return len(dom.Elements(n, atom.Table, atom.Blockquote, atom.Pre, atom.Code, atom.P)) == 0 || len(dom.Elements(n, atom.Img, atom.Picture, atom.Video)) > 0 && len(dom.Elements(n, atom.Table, atom.Blockquote, atom.Pre)) == 0
	}
	if cls := dom.ClassID(n); cls != "" && lexicon.CreditClass().In(cls) && !dom.IsElem(n, atom.Table) {
		return dom.TextLen(n) < 400
	}
	return false
}

// SanitizeTree removes control characters and terminal escape sequences
// from the text and from the attributes Markdown keeps (links, pictures,
// their titles and alt text) of the body, in place. Most pages are clean:
// only a value that is not gets rewritten.
func SanitizeTree(content *html.Node) {
	dom.Walk(content, func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			if !printableASCII(n.Data) && !sanitize.IsClean(n.Data) {
				n.Data = sanitize.Text(n.Data)
			}
		case html.ElementNode:
			for i, a := range n.Attr {
				switch a.Key {
				case "href", "src", "alt", "title":
					if !printableASCII(a.Val) && !sanitize.IsClean(a.Val) {
						n.Attr[i].Val = sanitize.Text(a.Val)
					}
				}
			}
		}
		return true
	})
}

// printableASCII reports whether s is printable ASCII, new lines and tabs
// only: text that is clean without a closer look.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c > 0x7e {
			return false
		}
	}
	return true
}

// keptAttrs are the attributes Markdown can express; the rest (classes,
// styles, data-*) only slow the writer down.
var keptAttrs = map[string]bool{
	"href": true, "src": true, "alt": true, "title": true, "colspan": true, "rowspan": true,
	"start": true, "type": true,
}

// simplify strips the article down to what Markdown renders: attributes
// Markdown cannot express go, and spans and fonts (pure styling) give way
// to their content.
func simplify(content *html.Node) {
	var spans []*html.Node
	dom.Walk(content, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if len(n.Attr) > 0 {
			kept := n.Attr[:0]
			for _, a := range n.Attr {
				if keptAttrs[a.Key] || (a.Key == "class" && (n.DataAtom == atom.Code || n.DataAtom == atom.Pre)) {
					kept = append(kept, a)
				}
			}
			n.Attr = kept
		}
		if n.DataAtom == atom.Span || n.DataAtom == atom.Font {
			spans = append(spans, n)
		}
		return true
	})
	for i := len(spans) - 1; i >= 0; i-- {
		n := spans[i]
		p := n.Parent
		if p == nil {
			continue
		}
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			n.RemoveChild(c)
			p.InsertBefore(c, n)
			c = next
		}
		p.RemoveChild(n)
	}
	// White space between blocks (the page's indentation) renders as
	// nothing; dropped here, the writer visits fewer nodes.
	var blank []*html.Node
	dom.Walk(content, func(n *html.Node) bool {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Pre || n.DataAtom == atom.Code || n.DataAtom == atom.Table) {
			return false
		}
		if n.Type == html.TextNode && n.Parent != nil && dom.IsBlock(n.Parent) &&
			(n.PrevSibling == nil || dom.IsBlock(n.PrevSibling)) && (n.NextSibling == nil || dom.IsBlock(n.NextSibling)) &&
			strings.Trim(n.Data, " \t\n\r\f") == "" {
			blank = append(blank, n)
		}
		return true
	})
	for _, n := range blank {
		n.Parent.RemoveChild(n)
	}
}
