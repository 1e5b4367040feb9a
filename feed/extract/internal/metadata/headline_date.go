package metadata

import (
	"regexp"
	"strings"
	"sync"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"
	"github.com/tidings-app/tidings/feed/extract/internal/prepare"

	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Bounds of the search for a date printed beside the headline: how many
// texts after and before the <h1> are read, and how many texts of the
// page at most.
const (
	headlineDateAfter  = 40
	headlineDateBefore = 15
	headlineDateTexts  = 5000
)

// headlineDate returns a date the page prints beside its headline in
// markup that does not name it ("<div>Last updated:</div><div>Dec 12,
// 2025</div>", "By Jane Doe - Mar 27, 2024"): the first short text among
// those after the first <h1>, then among those just before it, that is a
// date with at most a label or a separator around it. A date inside a
// sentence of the story is no date of the page and is passed over; so is
// what stands in navigation, asides, footers and comments. It is read
// only when the page marks no date at all.
func (s *Signals) headlineDate() string {
	texts, h1, end := s.headlineTexts()
	if h1 < 0 {
		return ""
	}
	for i := end; i < len(texts) && i < end+headlineDateAfter; i++ {
		if shownDateText(texts[i]) {
			return texts[i]
		}
	}
	for i := h1 - 1; i >= 0 && i >= h1-headlineDateBefore; i-- {
		if shownDateText(texts[i]) {
			return texts[i]
		}
	}
	return ""
}

// headlineTexts is headlineTexts of the page, read once for the date
// and the byline.
func (s *Signals) headlineTexts() ([]string, int, int) {
	if !s.head.read {
		s.head.texts, s.head.h1, s.head.end = headlineTexts(s.doc)
		s.head.read = true
	}
	return s.head.texts, s.head.h1, s.head.end
}

// headlineTexts returns the page's texts in document order, leaving out
// navigation, asides, footers, comments and what the page hides, with
// the index of the first text of the first <h1> and of the first text
// after that <h1> (h1 is -1 when the page has none).
func headlineTexts(doc *html.Node) (texts []string, h1, end int) {
	h1, end = -1, -1
	var walk func(n *html.Node, inH1 bool, depth int)
	walk = func(n *html.Node, inH1 bool, depth int) {
		if depth > maxWalkDepth || len(texts) >= headlineDateTexts {
			return
		}
		switch n.Type {
		case html.TextNode:
			if t := Squash(n.Data); t != "" {
				if inH1 && h1 < 0 {
					h1 = len(texts)
				}
				if !inH1 && h1 >= 0 && end < 0 {
					end = len(texts)
				}
				texts = append(texts, t)
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Nav, atom.Aside, atom.Footer, atom.Head, atom.Select, atom.Button:
				return
			case atom.H1:
				inH1 = true
			}
			if prepare.HiddenByPage(n) {
				return
			}
			if n.DataAtom != atom.Body && n.DataAtom != atom.Html && n.DataAtom != atom.Main && n.DataAtom != atom.Article {
				if c := strings.ToLower(strings.TrimSpace(dom.HTMLAttr(n, "class") + " " + dom.HTMLAttr(n, "id"))); c != "" && lexicon.ClutterClass().In(c) {
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inH1, depth+1)
		}
	}
	walk(doc, false, 0)
	if end < 0 {
		end = len(texts)
	}
	return texts, h1, end
}

// bylineLabelRE matches a byline's label standing alone ("Written by",
// "By:", "Author") and bylineTextRE one written before the names ("By
// Jane Doe", "Written by Jane Doe and John Roe").
var (
	bylineLabelRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(?:(?:written|posted|words|story|reported)\s+)?by\s*:?$|^(?:author|written by)\s*:?$`)
	})
	bylineTextRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(?:(?:written|posted|words|story|reported)\s+)?by\s*:?\s+\S`)
	})
)

// headlineByline returns a byline the page prints beside its headline in
// markup that does not name it: a label ("Written by", "By") and the
// names in the text that follows, or a short "By Jane Doe" line. It
// looks after the first <h1>, then just before it, and is read only when
// no other byline, structured or visible, names anyone.
func (s *Signals) headlineByline() string {
	texts, h1, end := s.headlineTexts()
	if h1 < 0 {
		return ""
	}
	at := func(i int) string {
		t := texts[i]
		if len(t) > 100 {
			return ""
		}
		if bylineLabelRE().MatchString(t) && i+1 < len(texts) && len(texts[i+1]) <= 100 {
			return t + " " + texts[i+1]
		}
		if bylineTextRE().MatchString(t) {
			return t
		}
		return ""
	}
	for i := end; i < len(texts) && i < end+headlineDateAfter; i++ {
		if b := at(i); b != "" {
			return b
		}
	}
	for i := h1 - 1; i >= 0 && i >= h1-headlineDateBefore; i-- {
		if b := at(i); b != "" {
			return b
		}
	}
	return ""
}

// shownDateText reports whether a short text is a date with at most a
// label or a separator around it ("- Mar 27, 2024", "Posted on 8 July
// 2025"), not a sentence that mentions one.
func shownDateText(t string) bool {
	if len(t) > 60 || asciiDigits(t) < 5 {
		return false
	}
	var loc []int
	for _, re := range []*regexp.Regexp{dmyRE(), mdyRE(), isoRE()} {
		if loc = re.FindStringIndex(t); loc != nil {
			break
		}
	}
	if loc == nil {
		return false
	}
	rest := strings.Trim(t[:loc[0]]+" "+t[loc[1]:], " -–—|·•,:()")
	if len([]rune(rest)) > 25 {
		return false
	}
	return ParseMetaDate(t).Ok
}
