package main

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdownText is the article's Markdown without its markup, for --format
// text: the words of every block, a blank line between blocks, the
// numbers of ordered lists (they are part of the text: "step 3"), the
// rows of tables with " | " between cells, code as it is. Pictures and
// link addresses are markup and go.
func markdownText(md string) string {
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser().Parse(text.NewReader(src))
	var blocks []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if t := blockText(n, src, ""); strings.TrimSpace(t) != "" {
			blocks = append(blocks, t)
		}
	}
	return strings.Join(blocks, "\n\n")
}

// blockText renders one block; indent is put before each line of a list
// item's blocks past its marker.
func blockText(n ast.Node, src []byte, indent string) string {
	switch n := n.(type) {
	case *ast.List:
		num := n.Start
		var items []string
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			marker := ""
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + ". "
				num++
			}
			var parts []string
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				if t := blockText(c, src, indent+strings.Repeat(" ", len(marker))); t != "" {
					parts = append(parts, t)
				}
			}
			items = append(items, marker+strings.Join(parts, "\n"+indent+strings.Repeat(" ", len(marker))))
		}
		return strings.Join(items, "\n"+indent)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		return strings.TrimRight(b.String(), "\n")
	case *ast.ThematicBreak, *ast.HTMLBlock:
		return ""
	case *extast.Table:
		var rows []string
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				if t := strings.TrimSpace(inlineText(c, src)); t != "" {
					cells = append(cells, t)
				}
			}
			if len(cells) > 0 {
				rows = append(rows, strings.Join(cells, " | "))
			}
		}
		return strings.Join(rows, "\n"+indent)
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *extast.DefinitionTerm:
		return strings.TrimSpace(inlineText(n, src))
	}
	// Quotes, definition lists and other containers: their blocks.
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := blockText(c, src, indent); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n"+indent)
}

// inlineText is the text of the inline content of n, escapes and
// character references resolved; a hard line break stays a line break.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Image, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			// Code is literal: a backslash in it is a backslash.
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(c.Segment.Value(src)))))
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
