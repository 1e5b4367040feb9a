package extract

import "bytes"

// stripScripts returns the page with the text of its scripts and style
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
func stripScripts(b []byte) []byte {
	var out []byte
	kept := 0 // b[kept:] is not in out yet
	finish := func() []byte {
		if out == nil {
			return b
		}
		return append(out, b[kept:]...)
	}
	i := 0
	for {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 || i+k+1 >= len(b) {
			return finish()
		}
		i += k
		switch c := b[i+1]; {
		case c == '!':
			end := markupDeclEnd(b, i)
			if end < 0 {
				return finish()
			}
			i = end
		case c == '?':
			end := bytes.IndexByte(b[i+2:], '>')
			if end < 0 {
				return finish()
			}
			i += 2 + end + 1
		case c == '/':
			end := endTagEnd(b, i)
			if end < 0 {
				return finish()
			}
			i = end
		case isASCIILetter(c):
			nameEnd, end := tagEnd(b, i+1)
			if end < 0 {
				return finish()
			}
			name := b[i+1 : nameEnd]
			switch raw := rawTextTag(name); {
			case raw == "script" || raw == "style":
				body := rawTextEnd(b, end, raw)
				if body < 0 {
					return finish()
				}
				if raw == "script" && bytes.Contains(b[end:body], []byte("<!--")) {
					// The script data escape states could move its end.
					return finish()
				}
				if body > end && !containsFold(b[i:end], "ld+json") {
					if out == nil {
						out = make([]byte, 0, len(b))
					}
					out = append(out, b[kept:end]...)
					kept = body
				}
				i = body
			case raw != "":
				body := rawTextEnd(b, end, raw)
				if body < 0 {
					return finish()
				}
				i = body
			case asciiEqualFold(name, "svg"), asciiEqualFold(name, "math"), asciiEqualFold(name, "select"),
				asciiEqualFold(name, "frameset"), asciiEqualFold(name, "plaintext"):
				return finish()
			default:
				i = end
			}
		default:
			i++
		}
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
		_, end := tagEnd(b, i+2)
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

// tagEnd reads a tag whose name starts at b[i] the way the tokenizer's
// readTag does (names end at white space, '/' or '>'; attribute values
// may be quoted and hold '>'), and returns the end of the name and the
// index past the closing '>', or -1 when the page ends inside the tag.
func tagEnd(b []byte, i int) (nameEnd, end int) {
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
