package textdump

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// renderText turns a whole HTML page into the text a browser gives for
// "select all, copy": every visible text node in document order, block
// elements on lines of their own, paragraphs and headings set apart by a
// blank line, scripts and styles dropped, link texts kept. It stands in for
// the text dumps users paste, so the corpus test never goes through the
// extractor.
func renderText(page []byte) string {
	// Pages that are valid UTF-8 are read as such (the meta prescan only
	// looks at the first 1 KiB and falls back to windows-1252); others go
	// through the declared or sniffed charset.
	var r io.Reader = bytes.NewReader(page)
	if !utf8.Valid(page) {
		if cr, err := charset.NewReader(bytes.NewReader(page), ""); err == nil {
			r = cr
		}
	}
	doc, err := html.Parse(r)
	if err != nil {
		return ""
	}
	var rd renderer
	rd.walk(doc, 0)
	rd.breakLines(0)
	return rd.out.String()
}

type renderer struct {
	out     strings.Builder
	line    strings.Builder
	pending int // line breaks owed before the next text
	started bool
}

var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"head": true, "svg": true, "iframe": true, "object": true, "select": true,
	"button": false, "input": true, "textarea": true,
}

// paraTags are set apart by a blank line (innerText's "required line break
// count" of 2 for <p>, extended to headings and block quotes as browsers'
// copy does in practice).
var paraTags = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "blockquote": true, "pre": true, "figure": true, "table": true,
	"ul": true, "ol": true, "dl": true, "hr": true,
}

var blockTags = map[string]bool{
	"div": true, "section": true, "article": true, "main": true, "aside": true,
	"header": true, "footer": true, "nav": true, "li": true, "tr": true,
	"dt": true, "dd": true, "figcaption": true, "form": true, "fieldset": true,
	"address": true, "details": true, "summary": true, "caption": true,
	"tbody": true, "thead": true, "tfoot": true, "body": true, "html": true,
	"menu": true, "legend": true, "center": true, "picture": false, "video": true,
	"audio": true, "label": false,
}

func (rd *renderer) breakLines(n int) {
	if n > rd.pending {
		rd.pending = n
	}
}

func (rd *renderer) text(s string) {
	// Collapse white space as CSS does for normal text.
	f := strings.Fields(s)
	if len(f) == 0 {
		if s != "" && rd.line.Len() > 0 {
			rd.line.WriteByte(' ')
		}
		return
	}
	lead := s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r'
	if lead && rd.line.Len() > 0 {
		rd.line.WriteByte(' ')
	}
	rd.line.WriteString(strings.Join(f, " "))
	last := s[len(s)-1]
	if last == ' ' || last == '\n' || last == '\t' || last == '\r' {
		rd.line.WriteByte(' ')
	}
}

func (rd *renderer) flush() {
	l := strings.TrimSpace(strings.Join(strings.Fields(rd.line.String()), " "))
	rd.line.Reset()
	if l == "" {
		return
	}
	if rd.started {
		rd.out.WriteString(strings.Repeat("\n", max(rd.pending, 1)))
	}
	rd.out.WriteString(l)
	rd.started = true
	rd.pending = 0
}

func (rd *renderer) walk(n *html.Node, depth int) {
	if depth > 512 {
		return
	}
	switch n.Type {
	case html.TextNode:
		rd.text(n.Data)
		return
	case html.ElementNode:
		if skipTags[n.Data] {
			return
		}
		if n.Data == "br" {
			if rd.line.Len() > 0 {
				rd.flush()
			}
			rd.breakLines(1)
			return
		}
		if n.Data == "td" || n.Data == "th" {
			rd.line.WriteByte('\t')
		}
		if n.Data == "img" {
			return
		}
	}
	brk := 0
	if n.Type == html.ElementNode {
		switch {
		case paraTags[n.Data]:
			brk = 2
		case blockTags[n.Data]:
			brk = 1
		}
	}
	if brk > 0 {
		if rd.line.Len() > 0 {
			rd.flush()
		}
		rd.breakLines(brk)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		rd.walk(c, depth+1)
	}
	if brk > 0 {
		if rd.line.Len() > 0 {
			rd.flush()
		}
		rd.breakLines(brk)
	}
}

// hardWrap wraps every line at width columns, as lynx -dump, w3m -dump and
// mail clients do, so that the cleaner is also scored on wrapped dumps.
func hardWrap(s string, width int) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		col := 0
		for i, w := range strings.Fields(line) {
			n := utf8.RuneCountInString(w)
			if i > 0 {
				if col+1+n > width {
					b.WriteByte('\n')
					col = 0
				} else {
					b.WriteByte(' ')
					col++
				}
			}
			b.WriteString(w)
			col += n
		}
		b.WriteByte('\n')
	}
	return b.String()
}
