package extract

import (
	"regexp"
	"strings"

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
func headlineDate(doc *html.Node) string {
	type text struct {
		s    string
		inH1 bool
	}
	var texts []text
	h1 := -1
	var walk func(n *html.Node, inH1 bool, depth int)
	walk = func(n *html.Node, inH1 bool, depth int) {
		if depth > maxWalkDepth || len(texts) >= headlineDateTexts {
			return
		}
		switch n.Type {
		case html.TextNode:
			if t := squash(n.Data); t != "" {
				if inH1 && h1 < 0 {
					h1 = len(texts)
				}
				texts = append(texts, text{t, inH1})
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Nav, atom.Aside, atom.Footer, atom.Head, atom.Select, atom.Button:
				return
			case atom.H1:
				inH1 = true
			}
			if hiddenByPage(n) {
				return
			}
			if n.DataAtom != atom.Body && n.DataAtom != atom.Html && n.DataAtom != atom.Main && n.DataAtom != atom.Article {
				if c := strings.ToLower(strings.TrimSpace(mAttr(n, "class") + " " + mAttr(n, "id"))); c != "" && metaClutterNames.in(c) {
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inH1, depth+1)
		}
	}
	walk(doc, false, 0)
	if h1 < 0 {
		return ""
	}
	end := h1
	for end < len(texts) && texts[end].inH1 {
		end++
	}
	for i := end; i < len(texts) && i < end+headlineDateAfter; i++ {
		if shownDateText(texts[i].s) {
			return texts[i].s
		}
	}
	for i := h1 - 1; i >= 0 && i >= h1-headlineDateBefore; i-- {
		if shownDateText(texts[i].s) {
			return texts[i].s
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
	for _, re := range []*regexp.Regexp{dmyRE, mdyRE, isoRE} {
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
	return parseMetaDate(t).ok
}
