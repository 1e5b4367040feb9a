package markdown

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
	return squareRows(w.cellGrid(headerFirst(rows), depth))
}

// headerFirst returns rows with the header row first.
func headerFirst(rows []*html.Node) []*html.Node {
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
	return rows
}

// gridCell is one cell of a table's grid: its Markdown, and whether a
// cell of the page (itself, or one spanning it) covers it.
type gridCell struct {
	s   string
	set bool
}

// cellGrid writes the cells of rows, each at the column the cells and
// spans before it leave free.
func (w *mdWriter) cellGrid(rows []*html.Node, depth int) [][]gridCell {
	saved, nest := w.spans, w.nest
	w.spans, w.nest, w.mode = nil, [spanLink + 1]int{}, modeCell
	grid := make([][]gridCell, len(rows))
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
					*row = append(*row, gridCell{})
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
	return grid
}

// squareRows drops the rows without text and pads the others to the
// width of the widest.
func squareRows(grid [][]gridCell) [][]string {
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
