package main

import (
	"bytes"
	"io"
	"strings"

	"github.com/tidings-app/tidings/ui/cells"
)

// columns lays out tab-separated lines as a table, as text/tabwriter does
// (each cell padded to its column's widest, two spaces apart), but counts
// columns as a terminal draws them (cells.Codepoints): tabwriter counts
// runes, so a Chinese feed name, two columns a character, pushed the
// columns after it out of line.
type columns struct {
	w   io.Writer
	buf bytes.Buffer
}

func newColumns(w io.Writer) *columns { return &columns{w: w} }

// Write takes lines of cells separated by tabs; nothing is written until
// Flush.
func (c *columns) Write(p []byte) (int, error) { return c.buf.Write(p) }

// Flush writes the table.
func (c *columns) Flush() error {
	text := strings.TrimSuffix(c.buf.String(), "\n")
	c.buf.Reset()
	if text == "" {
		return nil
	}
	var rows [][]string
	var widths []int
	for line := range strings.SplitSeq(text, "\n") {
		row := strings.Split(line, "\t")
		for i, cell := range row[:len(row)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cells.Codepoints.StringWidth(cell))
		}
		rows = append(rows, row)
	}
	var out strings.Builder
	for _, row := range rows {
		for i, cell := range row[:len(row)-1] {
			out.WriteString(cell)
			out.WriteString(strings.Repeat(" ", widths[i]-cells.Codepoints.StringWidth(cell)+2))
		}
		out.WriteString(row[len(row)-1])
		out.WriteString("\n")
	}
	_, err := io.WriteString(c.w, out.String())
	return err
}
