package article

import (
	"bytes"
	"context"
	"strings"

	"charm.land/glamour/v2/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
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
func renderBody(ctx context.Context, nb *numbered, width int, style ansi.StyleConfig) (string, error) {
	if nb.doc == nil {
		return "", nil
	}
	ar := ansi.NewRenderer(ansi.Options{WordWrap: width, Styles: style, BaseURL: nb.base})
	r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
	src := nb.rw.source()

	var out strings.Builder
	var buf bytes.Buffer
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
		buf.Reset()
		if err := r.Render(&buf, src, group); err != nil {
			return "", err
		}
		part := tidy(buf.String())
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
