package dom

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Small DOM helpers over golang.org/x/net/html. They are iterative where a
// page can nest deeply, so that 10,000 nested elements cost time, not the
// stack.

// Attr returns n's attribute key, in any namespace, or "".
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// HasAttr reports whether n has the attribute key.
func HasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// SetAttr sets n's attribute key to val, adding it if n has none.
func SetAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// RemoveAttr removes n's attribute key.
func RemoveAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			out = append(out, a)
		}
	}
	n.Attr = out
}

// IsElem reports whether n is an element of one of the tags (of any tag
// when none are given).
func IsElem(n *html.Node, tags ...atom.Atom) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	if len(tags) == 0 {
		return true
	}
	for _, t := range tags {
		if n.DataAtom == t {
			return true
		}
	}
	return false
}

// Remove takes n out of its parent, if it has one.
func Remove(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// Walk calls fn on every node under root in document order (root
// included); fn returns false to skip a node's children. It is iterative,
// and tolerates fn removing the node it is given.
func Walk(root *html.Node, fn func(*html.Node) bool) {
	n := root
	for n != nil {
		parent, next := n.Parent, n.NextSibling
		descend := fn(n)
		if descend && n.FirstChild != nil && n.Parent == parent {
			n = n.FirstChild
			continue
		}
		if n == root {
			return
		}
		if n.Parent != parent {
			// fn removed n: carry on from what followed it.
			n = next
		} else {
			n = n.NextSibling
		}
		for n == nil {
			if parent == nil || parent == root {
				return
			}
			n = parent.NextSibling
			parent = parent.Parent
		}
	}
}

// Elements returns the elements under root (root excluded) with one of the
// given tags, in document order.
func Elements(root *html.Node, tags ...atom.Atom) []*html.Node {
	var out []*html.Node
	Walk(root, func(n *html.Node) bool {
		if n != root && IsElem(n, tags...) {
			out = append(out, n)
		}
		return true
	})
	return out
}

// TextOf returns the text under n with runs of white space collapsed to
// one space and trimmed.
func TextOf(n *html.Node) string { return textOfCase(n, false) }

// LowerTextOf is strings.ToLower(textOf(n)), built in one pass.
func LowerTextOf(n *html.Node) string { return textOfCase(n, true) }

func textOfCase(n *html.Node, lower bool) string {
	var b strings.Builder
	space := false
	Walk(n, func(c *html.Node) bool {
		if c.Type != html.TextNode {
			return true
		}
		// Runs of non-space text are copied whole, not rune by rune.
		d := c.Data
		for i := 0; i < len(d); {
			j := i
			for j < len(d) {
				if ch := d[j]; ch < utf8.RuneSelf {
					if IsSpace(rune(ch)) {
						break
					}
					j++
					continue
				}
				r, size := utf8.DecodeRuneInString(d[j:])
				if IsSpace(r) || r == utf8.RuneError && size == 1 {
					break
				}
				j += size
			}
			if j > i {
				if space {
					b.WriteByte(' ')
					space = false
				}
				if lower {
					writeLower(&b, d[i:j])
				} else {
					b.WriteString(d[i:j])
				}
				i = j
				continue
			}
			r, size := utf8.DecodeRuneInString(d[i:])
			i += size
			if IsSpace(r) {
				space = b.Len() > 0
				continue
			}
			// An invalid byte reads as U+FFFD, as ranging over the string
			// gives it.
			if space {
				b.WriteByte(' ')
				space = false
			}
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		return true
	})
	return b.String()
}

// writeLower writes s (valid UTF-8) lower-cased as strings.ToLower does.
func writeLower(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			b.WriteString(strings.ToLower(s[i:]))
			return
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
}

// IsSpace is unicode.IsSpace with a fast path for ASCII, which is most of
// every page.
func IsSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\v'
	}
	return unicode.IsSpace(r)
}

// TextStats returns textLen(n) and the commas of its text in one walk,
// without building the text.
func TextStats(n *html.Node) (l, commaCount int) {
	space := false
	Walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			l, space = Measure(c.Data, l, space)
			commaCount += Commas(c.Data)
		}
		return true
	})
	return l, commaCount
}

// HasText reports whether any non-space text is under n, stopping at the
// first.
func HasText(n *html.Node) bool {
	found := false
	Walk(n, func(c *html.Node) bool {
		if found {
			return false
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			found = true
		}
		return !found
	})
	return found
}

// TextLen is the length in runes of textOf(n), without building it.
func TextLen(n *html.Node) int {
	l := 0
	space := false
	Walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			l, space = Measure(c.Data, l, space)
		}
		return true
	})
	return l
}

// Measure adds the length of s, white space collapsed, to l; space tells
// whether a white-space run is pending. It works on bytes: counting runes
// means skipping UTF-8 continuation bytes, and ASCII white space is all
// that matters for lengths.
//
// The text of a page is measured several times over, so runs of eight
// printable ASCII bytes (most of a page's prose) are taken in one step:
// the spaces in them are found with word arithmetic, and the count is the
// bytes that are not spaces plus one per space run between them, as the
// byte loop below counts.
func Measure(s string, l int, space bool) (int, bool) {
	const (
		lo7  = 0x7f7f7f7f7f7f7f7f
		hi   = 0x8080808080808080
		sp20 = 0x2020202020202020
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte past ASCII or under the space (a newline, a tab) takes
		// the byte loop: the subtraction sets a high bit exactly when
		// some byte is under 0x20.
		if (w|(w-sp20))&hi != 0 {
			l, space = measureBytes(s[i:i+8], l, space)
			continue
		}
		// The high bit of every byte that is not a space (exact: no
		// carry crosses bytes).
		x := w ^ sp20
		counted := ((x & lo7) + lo7 | x) & hi
		if counted == hi {
			if space {
				l++
				space = false
			}
			l += 8
			continue
		}
		spaces := ^counted & hi
		// Counted bytes right after a space start a new word: one more
		// for the space between, except before the text's first word.
		var carry uint64
		if space {
			carry = 0x80
		}
		starts := counted & (spaces<<8 | carry)
		n := bits.OnesCount64(starts)
		if l == 0 && !space && starts&(counted&-counted) != 0 {
			n--
		}
		l += bits.OnesCount64(counted) + n
		space = l > 0 && spaces>>63 != 0
	}
	return measureBytes(s[i:], l, space)
}

// measureBytes is measure one byte at a time.
func measureBytes(s string, l int, space bool) (int, bool) {
	for i := 0; i < len(s); i++ {
		switch measureClass[s[i]] {
		case byteCounted:
			if space {
				l++
				space = false
			}
			l++
		case byteSpace:
			space = l > 0
		}
	}
	return l, space
}

// Byte classes for measure, read from a table: the loop runs over the
// text of the page many times, and one look-up beats six comparisons.
const (
	byteCounted      = 0
	byteContinuation = 1 // a UTF-8 continuation byte: part of a rune already counted
	byteSpace        = 2
)

var measureClass = func() (t [256]uint8) {
	for c := 0x80; c < 0xC0; c++ {
		t[c] = byteContinuation
	}
	for _, c := range []byte{' ', '\n', '\t', '\r', '\f'} {
		t[c] = byteSpace
	}
	return t
}()

// LinkDensity is the share of n's text inside links; links to anchors on
// the same page (footnotes, tables of contents) count for less.
func LinkDensity(n *html.Node) float64 {
	total := TextLen(n)
	if total == 0 {
		return 0
	}
	var linked float64
	Walk(n, func(c *html.Node) bool {
		if IsElem(c, atom.A) && HasAttr(c, "href") {
			w := 1.0
			if strings.HasPrefix(Attr(c, "href"), "#") {
				w = 0.3
			}
			linked += float64(TextLen(c)) * w
			return false
		}
		return true
	})
	return linked / float64(total)
}

// ClassID is the lower-cased class and id of n, for pattern matching.
func ClassID(n *html.Node) string {
	c, id := Attr(n, "class"), Attr(n, "id")
	switch {
	case c == "" && id == "":
		return ""
	case id == "":
		// No string built: ToLower returns a lower-case one as it is.
		// (Callers look for words, which hold no space.)
		return strings.ToLower(c)
	case c == "":
		return strings.ToLower(id)
	}
	return strings.ToLower(c + " " + id)
}

// CloneTree returns a deep copy of n, detached from any tree.
func CloneTree(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	if len(n.Attr) > 0 {
		c.Attr = append([]html.Attribute(nil), n.Attr...)
	}
	// Iterative copy: deep pages must not exhaust the stack.
	type pair struct{ src, dst *html.Node }
	stack := []pair{{n, c}}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for ch := p.src.FirstChild; ch != nil; ch = ch.NextSibling {
			cc := &html.Node{Type: ch.Type, DataAtom: ch.DataAtom, Data: ch.Data, Namespace: ch.Namespace}
			if len(ch.Attr) > 0 {
				cc.Attr = append([]html.Attribute(nil), ch.Attr...)
			}
			p.dst.AppendChild(cc)
			stack = append(stack, pair{ch, cc})
		}
	}
	return c
}

// HasAncestor reports whether an element above n is one of the tags.
func HasAncestor(n *html.Node, tags ...atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if IsElem(p, tags...) {
			return true
		}
	}
	return false
}

// blockTags are the elements that start a new block of text.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Details: true, atom.Dialog: true, atom.Dd: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Table: true, atom.Ul: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Caption: true, atom.Summary: true, atom.Menu: true,
	atom.Center: true, atom.Body: true, atom.Html: true,
}

// IsBlock reports whether n is an element that starts a block of text.
func IsBlock(n *html.Node) bool {
	return n.Type == html.ElementNode && blockTags[n.DataAtom]
}

// HasBlockChild reports whether any descendant of n is a block element.
func HasBlockChild(n *html.Node) bool {
	found := false
	Walk(n, func(c *html.Node) bool {
		if found {
			return false
		}
		if c != n && IsBlock(c) {
			found = true
			return false
		}
		return true
	})
	return found
}

// TextLens measures the text under every element below root, and root,
// in one pass (white space runs count as one within a text node), for
// passes that would otherwise measure each nested element again. Only
// elements are recorded: text nodes are never looked up. (The parser caps
// nesting at 512, so the recursion is bounded.)
func TextLens(root *html.Node) map[*html.Node]int {
	lens := make(map[*html.Node]int, 256)
	var rec func(n *html.Node) int
	rec = func(n *html.Node) int {
		if n.Type == html.TextNode {
			l, _ := Measure(n.Data, 0, false)
			return l
		}
		t := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			t += rec(c)
		}
		if n.Type == html.ElementNode || n == root {
			lens[n] = t
		}
		return t
	}
	rec(root)
	return lens
}

// NodesLen is what textLens records for n: the lengths of its text nodes
// measured one by one and added up.
func NodesLen(n *html.Node) int {
	l := 0
	Walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			k, _ := Measure(c.Data, 0, false)
			l += k
		}
		return true
	})
	return l
}

// TextAndLinkLens measures, in one pass, the text under every element
// below root and the part of it inside links (weighted as linkDensity
// does).
func TextAndLinkLens(root *html.Node) (lens map[*html.Node]int, links map[*html.Node]float64) {
	lens = make(map[*html.Node]int, 256)
	links = make(map[*html.Node]float64)
	var rec func(n *html.Node) (int, float64)
	rec = func(n *html.Node) (int, float64) {
		if n.Type == html.TextNode {
			l, _ := Measure(n.Data, 0, false)
			return l, 0
		}
		t, k := 0, 0.0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			l, lk := rec(c)
			t += l
			k += lk
		}
		if n.Type == html.ElementNode || n == root {
			lens[n] = t
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A && HasAttr(n, "href") {
			// A link's own share replaces what its children counted.
			k = float64(t)
			if strings.HasPrefix(Attr(n, "href"), "#") {
				k *= 0.3
			}
		}
		if k > 0 {
			links[n] = k
		}
		return t, k
	}
	rec(root)
	return lens, links
}

// BlockHolders returns the set of elements below root that have a block
// element among their descendants, in one pass.
func BlockHolders(root *html.Node) map[*html.Node]bool {
	has := make(map[*html.Node]bool)
	var rec func(n *html.Node) bool
	rec = func(n *html.Node) bool {
		holds := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (rec(c) || IsBlock(c)) {
				holds = true
			}
		}
		if holds {
			has[n] = true
		}
		return holds
	}
	rec(root)
	return has
}

// Commas counts the commas of s in the scripts the web writes in; each is
// a sign of prose.
func Commas(s string) int {
	k := strings.Count(s, ",")
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return k
	}
	k = 0
	for _, r := range s {
		switch r {
		case ',', '،', '﹐', '︐', '︑', '⹁', '⸴', '⸲', '，', '、':
			k++
		}
	}
	return k
}
