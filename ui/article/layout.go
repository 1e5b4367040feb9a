package article

import (
	"bytes"
	"context"
	"strings"

	"charm.land/glamour/v2/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/tidings-app/tidings/ui/cells"
)

// CutAt is how much of a body's Markdown, in bytes, Render lays out unless
// Options.Whole asks for all of it. A long feature is a few tens of
// kilobytes; a page that is one list of a million items is not an article
// anyone reads through, and laying it all out costs seconds and hundreds
// of megabytes.
const CutAt = 128 << 10

// CutBlocks is how many blocks (a list item counts as one) Render lays
// out unless Options.Whole asks for all: a page of a million one-word list
// items is short in bytes but long to lay out.
const CutBlocks = 1000

// listPart is the most items of one list Glamour lays out at once: it
// numbers an item by counting the items before it, which makes a long list
// quadratic. A longer list is laid out in parts of this many items, and
// the parts are joined.
const listPart = 64

// groupWeight is about how many blocks (a list item counts as one) are laid
// out together. Between groups the layout checks whether it was cancelled;
// a group is also the unit whose cost stays constant, so the whole is
// linear in the body's length.
const groupWeight = 64

// cutSource returns the first CutAt bytes of body, cut at the end of a
// line (a paragraph's end when one is near), and whether anything was cut.
func cutSource(body string) (string, bool) {
	if len(body) <= CutAt {
		return body, false
	}
	head := body[:CutAt]
	if i := strings.LastIndex(head, "\n\n"); i > CutAt/2 {
		return head[:i+1], true
	}
	if i := strings.LastIndexByte(head, '\n'); i > 0 {
		return head[:i+1], true
	}
	return head, true
}

// splitLists replaces each list among the document's top-level blocks that
// is longer than listPart by consecutive lists of at most listPart items,
// numbered on where the original list left off.
func splitLists(doc ast.Node) {
	for c := doc.FirstChild(); c != nil; {
		next := c.NextSibling()
		if l, ok := c.(*ast.List); ok && l.ChildCount() > listPart {
			start := l.Start
			for l.ChildCount() > listPart {
				part := ast.NewList(l.Marker)
				part.IsTight, part.Start = l.IsTight, start
				for i := 0; i < listPart; i++ {
					part.AppendChild(part, l.FirstChild())
				}
				doc.InsertBefore(doc, l, part)
				start += listPart
			}
			l.Start = start
		}
		c = next
	}
}

// weight is how many blocks n counts for when grouping.
func weight(n ast.Node) int {
	if l, ok := n.(*ast.List); ok {
		return max(1, l.ChildCount())
	}
	return 1
}

// continuesList reports whether n is a part of the same list as prev,
// split by splitLists: the join between them must not show a gap.
func continuesList(prev, n ast.Node) bool {
	p, ok1 := prev.(*ast.List)
	l, ok2 := n.(*ast.List)
	return ok1 && ok2 && p.Marker == l.Marker && p.IsTight && l.IsTight &&
		(!p.IsOrdered() || l.Start == p.Start+p.ChildCount())
}

// renderBody lays out the numbered body with Glamour's ANSI renderer, a
// group of blocks at a time, and stops with ctx's error when ctx is done.
func renderBody(ctx context.Context, nb *numbered, width int, style ansi.StyleConfig, measure cells.Method) (string, error) {
	if nb.doc == nil {
		return "", nil
	}
	f := &fitter{src: nb.rw.source(), style: style, base: nb.base, width: width, measure: measure}

	var out strings.Builder
	var prevLast ast.Node
	for c := nb.doc.FirstChild(); c != nil; {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		// Take the next group off the document: the blocks move into a
		// document of their own, which Glamour lays out alone.
		group := ast.NewDocument()
		first := c
		w := 0
		for c != nil && (w == 0 || w+weight(c) <= groupWeight) {
			next := c.NextSibling()
			w += weight(c)
			group.AppendChild(group, c)
			c = next
		}
		part, err := f.group(group)
		if err != nil {
			return "", err
		}
		if out.Len() > 0 && part != "" && !(prevLast != nil && continuesList(prevLast, first)) {
			// Blocks are set apart by a blank line; the parts of one
			// list are not.
			out.WriteString("\n")
		}
		out.WriteString(part)
		prevLast = group.LastChild()
	}
	return out.String(), nil
}

// fitter lays out blocks with Glamour so that every line fits the width as
// the terminal counts it. Glamour counts grapheme clusters; a terminal that
// sums code points (see Options.Method) draws a Bengali line half as wide
// again, so a block that overflows is set again, narrower, until it fits.
type fitter struct {
	src     []byte
	style   ansi.StyleConfig
	base    string
	width   int
	measure cells.Method
	// renderers are Glamour's, by wrap width: most bodies need one.
	renderers map[int]renderer.Renderer
	buf       bytes.Buffer
}

// narrowest is the narrowest wrap width a block is set at to make it fit;
// past it, overflowing lines are broken where they overflow.
const narrowest = 10

func (f *fitter) render(doc ast.Node, wrap int) (string, error) {
	r, ok := f.renderers[wrap]
	if !ok {
		if f.renderers == nil {
			f.renderers = map[int]renderer.Renderer{}
		}
		ar := ansi.NewRenderer(ansi.Options{WordWrap: wrap, Styles: f.style, BaseURL: f.base})
		r = renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
		f.renderers[wrap] = r
	}
	f.buf.Reset()
	if err := r.Render(&f.buf, f.src, doc); err != nil {
		return "", err
	}
	return tidy(f.buf.String()), nil
}

// widest is the width of the widest line of s, as the terminal counts.
func (f *fitter) widest(s string) int {
	w := 0
	for l := range strings.SplitSeq(s, "\n") {
		w = max(w, f.measure.StringWidth(l))
	}
	return w
}

// group lays out a group of blocks. When it overflows, each block is laid
// out on its own, so that one Bengali quote in an English story does not
// narrow the whole story.
func (f *fitter) group(doc *ast.Document) (string, error) {
	part, err := f.render(doc, f.width)
	if err != nil || f.widest(part) <= f.width || doc.ChildCount() == 1 {
		if err == nil && doc.ChildCount() == 1 {
			return f.block(doc, part)
		}
		return part, err
	}
	var blocks []ast.Node
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		blocks = append(blocks, c)
	}
	var out strings.Builder
	for i, c := range blocks {
		one := ast.NewDocument()
		one.AppendChild(one, c)
		p, err := f.render(one, f.width)
		if err == nil {
			p, err = f.block(one, p)
		}
		// The block goes back, in order: the caller reads the group's
		// last block.
		doc.AppendChild(doc, c)
		if err != nil {
			return "", err
		}
		if out.Len() > 0 && p != "" && !(i > 0 && continuesList(blocks[i-1], c)) {
			out.WriteString("\n")
		}
		out.WriteString(p)
	}
	return out.String(), nil
}

// block returns part, the layout of the single block doc at full width,
// or, when it overflows, doc laid out at the widest wrap that fits.
func (f *fitter) block(doc ast.Node, part string) (string, error) {
	wrap := f.width
	for w := f.widest(part); w > f.width; w = f.widest(part) {
		if wrap <= narrowest {
			return f.breakLines(part), nil
		}
		// Scale by how much too wide it came out; at least one column
		// narrower each time, so this ends.
		wrap = max(narrowest, min(wrap-1, wrap*f.width/w))
		var err error
		if part, err = f.render(doc, wrap); err != nil {
			return "", err
		}
	}
	return part, nil
}

// breakLines breaks each line of s that is still too wide where it
// overflows: a run of wide clusters with no space in it.
func (f *fitter) breakLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if f.measure.StringWidth(l) > f.width {
			lines[i] = f.measure.Hardwrap(l, f.width, true)
		}
	}
	return strings.Join(lines, "\n")
}
