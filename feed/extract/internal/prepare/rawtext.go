package prepare

import (
	"bytes"
	"slices"
	"strings"
)

// StripScripts returns the page with the text of its scripts and style
// sheets cut out, their tags kept: a third of a news page's bytes are
// JavaScript and CSS that tidings never reads, and the parser walks them
// one byte at a time. JSON-LD scripts keep their text (the metadata reads
// it).
//
// The scan follows golang.org/x/net/html's tokenizer (comments, bogus
// comments, tags with quoted attributes, raw-text and RCDATA elements) so
// that it cuts exactly the text the parser would have put in a <script>
// or <style> element. Where the parser's context could change how the
// rest is read — SVG or MathML (foreign content: no raw text, CDATA),
// <select> and <frameset> (a <style> there is dropped and its text kept),
// <plaintext>, a script that hides its end in "<!--" — it stops cutting
// and leaves the rest as it is. The result parses to the same tree less
// the cut text (FuzzStripScripts checks it against the parser).
func StripScripts(b []byte) []byte {
	st := &stripper{b: b}
	i := 0
	for {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 || i+k+1 >= len(b) {
			return st.finish()
		}
		if i = st.markup(i + k); i < 0 {
			return st.finish()
		}
	}
}

// stripper is StripScripts at work on b: out holds the page so far less
// the cut text, up to b[kept:], which is not in it yet.
type stripper struct {
	b    []byte
	out  []byte
	kept int
}

// finish returns the page with the cuts made so far, the rest as it is.
func (st *stripper) finish() []byte {
	if st.out == nil {
		return st.b
	}
	return append(st.out, st.b[st.kept:]...)
}

// markup reads the markup that starts with the '<' at i and returns where
// the scan goes on, or -1 where cutting must stop.
func (st *stripper) markup(i int) int {
	b := st.b
	switch c := b[i+1]; {
	case c == '!':
		return markupDeclEnd(b, i)
	case c == '?':
		end := bytes.IndexByte(b[i+2:], '>')
		if end < 0 {
			return -1
		}
		return i + 2 + end + 1
	case c == '/':
		return endTagEnd(b, i)
	case isASCIILetter(c):
		return st.startTag(i)
	default:
		return i + 1
	}
}

// startTag reads the start tag at i, cutting the text of a script or a
// style sheet that follows it, and returns where the scan goes on, or -1
// where cutting must stop.
func (st *stripper) startTag(i int) int {
	b := st.b
	nameEnd, end := tagEnd(b, i+1, nil)
	if end < 0 {
		return -1
	}
	name := b[i+1 : nameEnd]
	switch raw := rawTextTag(name); {
	case raw == "script" || raw == "style":
		body := rawTextEnd(b, end, raw)
		if body < 0 {
			return -1
		}
		if raw == "script" && bytes.Contains(b[end:body], []byte("<!--")) {
			// The script data escape states could move its end.
			return -1
		}
		if body > end && !containsFold(b[i:end], "ld+json") {
			if st.out == nil {
				st.out = make([]byte, 0, len(b))
			}
			st.out = append(st.out, b[st.kept:end]...)
			st.kept = body
		}
		return body
	case raw != "":
		return rawTextEnd(b, end, raw)
	case asciiEqualFold(name, "svg"), asciiEqualFold(name, "math"):
		// Foreign content: no raw text inside. A plain drawing or
		// formula is skipped whole; one that could take the parser
		// back to HTML ends the cutting.
		return foreignEnd(b, i)
	case asciiEqualFold(name, "select"), asciiEqualFold(name, "frameset"), asciiEqualFold(name, "plaintext"):
		return -1
	default:
		return end
	}
}

// rawTextTag returns the element's name in lower case when the tokenizer
// reads its content as raw text or RCDATA, up to its end tag, markup and
// all; else "".
func rawTextTag(name []byte) string {
	for _, t := range [...]string{"script", "style", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "xmp"} {
		if asciiEqualFold(name, t) {
			return t
		}
	}
	return ""
}

// markupDeclEnd returns the index past "<!--comment-->", "<!DOCTYPE …>"
// or a bogus comment starting at b[i], or -1 when it runs to the end of
// the page or is a CDATA section (only foreign content has those; the
// scan stops before foreign content, but a stray one is not worth the
// risk).
func markupDeclEnd(b []byte, i int) int {
	if bytes.HasPrefix(b[i:], []byte("<!--")) {
		return commentEnd(b, i+4)
	}
	if bytes.HasPrefix(b[i:], []byte("<![CDATA[")) {
		return -1
	}
	end := bytes.IndexByte(b[i+2:], '>')
	if end < 0 {
		return -1
	}
	return i + 2 + end + 1
}

// commentEnd returns the index past the end of a comment whose text starts
// at b[from]: "-->" after two dashes or more, "--!>", or a '>' straight
// after "<!--" and dashes only ("<!-->", "<!--->"), as the tokenizer's
// readComment reads it.
func commentEnd(b []byte, from int) int {
	for p := from; ; {
		k := bytes.IndexByte(b[p:], '>')
		if k < 0 {
			return -1
		}
		p += k
		switch {
		case allDashes(b[from:p]):
			return p + 1
		case p-2 >= from && b[p-1] == '-' && b[p-2] == '-':
			return p + 1
		case p-3 >= from && b[p-1] == '!' && b[p-2] == '-' && b[p-3] == '-':
			return p + 1
		}
		p++
	}
}

func allDashes(b []byte) bool {
	for _, c := range b {
		if c != '-' {
			return false
		}
	}
	return true
}

// endTagEnd returns the index past the end tag (or what the tokenizer
// makes of "</…") at b[i], or -1 at the end of the page.
func endTagEnd(b []byte, i int) int {
	if i+2 >= len(b) {
		return -1
	}
	switch c := b[i+2]; {
	case c == '>':
		return i + 3
	case isASCIILetter(c):
		_, end := tagEnd(b, i+2, nil)
		return end
	}
	end := bytes.IndexByte(b[i+2:], '>')
	if end < 0 {
		return -1
	}
	return i + 2 + end + 1
}

func isTagSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func skipTagSpace(b []byte, j int) int {
	for j < len(b) && isTagSpace(b[j]) {
		j++
	}
	return j
}

// tagExtra is what foreignEnd needs to know of a tag besides its extent.
type tagExtra struct {
	// unquotedEnd is where the last unquoted attribute value ended: a
	// '/' that ends such a value is not the tag's self-closing slash.
	unquotedEnd int
	// dup is set when an attribute name repeats (the tokenizer drops the
	// repeat, which moves its self-closing test).
	dup  bool
	keys []string
}

// tagEnd reads a tag whose name starts at b[i] the way the tokenizer's
// readTag does (names end at white space, '/' or '>'; attribute values
// may be quoted and hold '>'), and returns the end of the name and the
// index past the closing '>', or -1 when the page ends inside the tag.
// When x is not nil it is filled in too.
func tagEnd(b []byte, i int, x *tagExtra) (nameEnd, end int) {
	j := i + 1
	for j < len(b) && !isTagSpace(b[j]) && b[j] != '/' && b[j] != '>' {
		j++
	}
	if j >= len(b) {
		return j, -1
	}
	nameEnd = j
	if isTagSpace(b[j]) {
		j++
	}
	j = skipTagSpace(b, j)
	for {
		if j >= len(b) {
			return nameEnd, -1
		}
		if b[j] == '>' {
			return nameEnd, j + 1
		}
		// The attribute's name: a leading '=' belongs to it.
		start := j
		for j < len(b) {
			c := b[j]
			if c == '=' && j == start {
				j++
				continue
			}
			if c == '=' || isTagSpace(c) || c == '/' || c == '>' {
				break
			}
			j++
		}
		if x != nil && j > start {
			key := strings.ToLower(string(b[start:j]))
			// Past a few dozen attributes the look-up would grow
			// quadratic on a hostile tag: count it as a repeat.
			x.dup = x.dup || len(x.keys) >= 64 || slices.Contains(x.keys, key)
			x.keys = append(x.keys, key)
		}
		// Its value.
		j = skipTagSpace(b, j)
		if j >= len(b) {
			return nameEnd, -1
		}
		switch b[j] {
		case '/':
			j++
		case '=':
			j = skipTagSpace(b, j+1)
			if j >= len(b) {
				return nameEnd, -1
			}
			switch q := b[j]; q {
			case '>':
			case '"', '\'':
				k := bytes.IndexByte(b[j+1:], q)
				if k < 0 {
					return nameEnd, -1
				}
				j += 1 + k + 1
			default:
				for j < len(b) && !isTagSpace(b[j]) && b[j] != '>' {
					j++
				}
				if x != nil {
					x.unquotedEnd = j
				}
			}
		}
		j = skipTagSpace(b, j)
	}
}

// rawTextEnd returns where the text of a raw-text element whose content
// starts at b[from] ends: at the first "</name" followed by white space,
// '/' or '>', in any case, as the tokenizer's readRawEndTag finds it; -1
// when it runs to the end of the page.
func rawTextEnd(b []byte, from int, name string) int {
	for p := from; ; {
		k := bytes.Index(b[p:], []byte("</"))
		if k < 0 {
			return -1
		}
		p += k
		q := p + 2 + len(name)
		if q < len(b) && asciiEqualFold(b[p+2:q], name) {
			switch b[q] {
			case ' ', '\n', '\r', '\t', '\f', '/', '>':
				return p
			}
		}
		p += 2
	}
}

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// asciiEqualFold reports whether b spells s (lower-case ASCII) in any
// case.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// containsFold reports whether b holds s (lower-case ASCII) in any case.
func containsFold(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if asciiEqualFold(b[i:i+len(s)], s) {
			return true
		}
	}
	return false
}

// foreignEnd returns the index past the SVG or MathML element whose start
// tag is at b[i], or -1 when anything in it could take the parser back to
// HTML or make its reading depend on more than the markup: a tag that
// breaks out of foreign content, an end tag matching no element opened
// inside, an HTML integration point holding markup (SVG foreignObject,
// desc and title, MathML text elements), a font, a repeated attribute.
// Inside, the tokenizer reads everything as markup (no raw text), CDATA
// sections included.
func foreignEnd(b []byte, i int) int {
	f := &foreignScan{b: b}
	for first := true; ; first = false {
		if !first {
			k := bytes.IndexByte(b[i:], '<')
			if k < 0 || i+k+1 >= len(b) {
				return -1
			}
			i += k
		}
		next, done := f.markup(i, first)
		if next < 0 || done {
			return next
		}
		i = next
	}
}

// foreignScan is foreignEnd at work: the elements open inside the SVG or
// MathML element, and the attributes of the last tag read.
type foreignScan struct {
	b     []byte
	stack []string
	x     tagExtra
}

// markup reads the markup that starts with the '<' at i (the element's
// own start tag when first) and returns where the scan goes on, -1 when
// it must stop, and whether the element has ended there.
func (f *foreignScan) markup(i int, first bool) (int, bool) {
	b := f.b
	switch c := b[i+1]; {
	case c == '!':
		if bytes.HasPrefix(b[i:], []byte("<![CDATA[")) {
			k := bytes.Index(b[i:], []byte("]]>"))
			if k < 0 {
				return -1, false
			}
			return i + k + 3, false
		}
		return markupDeclEnd(b, i), false
	case c == '?':
		end := bytes.IndexByte(b[i+2:], '>')
		if end < 0 {
			return -1, false
		}
		return i + 2 + end + 1, false
	case c == '/':
		return f.endTag(i)
	case isASCIILetter(c):
		return f.startTag(i, first)
	default:
		return i + 1, false
	}
}

// endTag reads the end tag at i: the nearest open element of its name
// closes, and those opened after it.
func (f *foreignScan) endTag(i int) (int, bool) {
	b := f.b
	if i+2 >= len(b) || !isASCIILetter(b[i+2]) {
		return endTagEnd(b, i), false
	}
	nameEnd, end := tagEnd(b, i+2, nil)
	if end < 0 {
		return -1, false
	}
	name := strings.ToLower(string(b[i+2 : nameEnd]))
	k := len(f.stack) - 1
	for k >= 0 && f.stack[k] != name {
		k--
	}
	if k < 0 {
		return -1, false
	}
	f.stack = f.stack[:k]
	return end, len(f.stack) == 0
}

// startTag reads the start tag at i, the element's own when first.
func (f *foreignScan) startTag(i int, first bool) (int, bool) {
	b, x := f.b, &f.x
	x.dup, x.keys, x.unquotedEnd = false, x.keys[:0], -1
	nameEnd, end := tagEnd(b, i+1, x)
	if end < 0 || x.dup {
		return -1, false
	}
	name := strings.ToLower(string(b[i+1 : nameEnd]))
	if breaksOutOfForeign(name) {
		return -1, false
	}
	selfClosing := b[end-2] == '/' && x.unquotedEnd != end-1
	if !selfClosing && integrationPoint(name) {
		// Text alone reads the same in HTML and in foreign content.
		k := bytes.IndexByte(b[end:], '<')
		if k < 0 || !bytes.HasPrefix(b[end+k:], []byte("</")) || endTagEnd(b, end+k) < 0 ||
			!asciiEqualFold(b[end+k+2:min(end+k+2+len(name), len(b))], name) {
			return -1, false
		}
	}
	if first && selfClosing {
		return end, true
	}
	if !selfClosing {
		f.stack = append(f.stack, name)
	}
	return end, false
}

// breaksOutOfForeign reports whether a start tag of this name inside SVG
// or MathML closes it and goes back to HTML (the HTML standard's list,
// with font whatever its attributes).
func breaksOutOfForeign(name string) bool {
	switch name {
	case "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
		"h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
		"ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
		"ul", "var", "font":
		return true
	}
	return false
}

// integrationPoint reports whether the content of an element of this name
// in SVG or MathML is read as HTML.
func integrationPoint(name string) bool {
	switch name {
	case "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml":
		return true
	}
	return false
}
