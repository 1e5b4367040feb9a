package dom

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLAttr returns n's attribute key in no namespace, as HTML writes it,
// or "". Unlike Attr, an SVG's xlink:href is not its href.
func HTMLAttr(n *html.Node, key string) string {
	v, _ := HTMLAttrOK(n, key)
	return v
}

// HTMLAttrOK is HTMLAttr that also reports whether n has the attribute.
func HTMLAttrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		// The tokenizer lower-cases attribute names.
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// HasToken reports whether the space-separated list (a class, a rel)
// holds tok.
func HasToken(list, tok string) bool {
	if len(list) < len(tok) {
		return false
	}
	for f := range strings.FieldsSeq(list) {
		if f == tok {
			return true
		}
	}
	return false
}

// InsideSVG reports whether n is an SVG element or inside one.
func InsideSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg || p.Namespace == "svg" {
			return true
		}
	}
	return n.Namespace == "svg"
}

// BlockTextLimit is BlockText that stops collecting soon after limit bytes, for
// callers that only want short texts: the walk asks for the text of many
// elements, and reading a whole article each time would be quadratic.
func BlockTextLimit(n *html.Node, limit int) string {
	return blockTextN(n, limit)
}

// BlockText returns the text under n with a space between block
// elements, leaving out scripts and styles, its white space as written
// (Text, by contrast, collapses it and does not mark blocks).
func BlockText(n *html.Node) string {
	return blockTextN(n, 1<<20)
}

// BlockTextAtLeast reports whether blockTextN(n, limit) holds at least min
// printable ASCII characters other than space (which squash keeps as
// they are), without building it: it walks as blockTextN does, counting.
func BlockTextAtLeast(n *html.Node, limit, min int) bool {
	written, visible := 0, 0
	var walk func(*html.Node, int)
	walk = func(c *html.Node, depth int) {
		if depth > 200 || written > limit {
			return
		}
		switch c.Type {
		case html.TextNode:
			written += len(c.Data)
			for i := 0; i < len(c.Data); i++ {
				if b := c.Data[i]; b > ' ' && b < 0x7f {
					visible++
				}
			}
			return
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript:
				if c != n {
					return
				}
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				written++
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
		if c.Type == html.ElementNode && (c.DataAtom == atom.P || c.DataAtom == atom.Div || c.DataAtom == atom.Li) {
			written++
		}
	}
	walk(n, 0)
	return visible >= min
}

func blockTextN(n *html.Node, limit int) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(c *html.Node, depth int) {
		if depth > 200 || b.Len() > limit {
			return
		}
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			return
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript:
				if c != n {
					return
				}
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				b.WriteByte(' ')
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
		if c.Type == html.ElementNode && (c.DataAtom == atom.P || c.DataAtom == atom.Div || c.DataAtom == atom.Li) {
			b.WriteByte(' ')
		}
	}
	walk(n, 0)
	return b.String()
}
