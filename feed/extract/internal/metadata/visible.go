package metadata

import (
	"regexp"
	"strings"
	"sync"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What the page shows a reader: bylines, datelines, tag lists, the
// section, figures and captions.

func (s *Signals) byline(n *html.Node, classID string) {
	rel := strings.ToLower(dom.HTMLAttr(n, "rel"))
	rank := -1
	switch {
	case dom.HasToken(rel, "author"):
		rank = 1
	case lexicon.ContainsAny(classID, lexicon.BylineClass) && !lexicon.ContainsAny(classID, lexicon.NotBylineClass):
		lc := strings.ToLower(classID)
		switch {
		case strings.Contains(lc, "name"):
			rank = 2
		case strings.Contains(lc, "author"):
			rank = 3
		default:
			rank = 4
		}
	default:
		return
	}
	t := Squash(dom.BlockTextLimit(n, 600))
	if t == "" || len(t) > 150 {
		return
	}
	s.bylines = append(s.bylines, bylineCandidate{text: t, rank: rank, node: n})
}

// dateline records short visible texts that carry a date: "23 March,
// 2024, 09:15 am", "Last modified: ...", "Updated 3 hours ago" (the last
// does not parse and is ignored later).
func (s *Signals) dateline(n *html.Node, classID string) {
	if !lexicon.ContainsAny(classID, lexicon.DateClass) || strings.Contains(classID, "today") {
		return
	}
	// Only the innermost element holding the date counts, so that a
	// container's text does not merge published and modified.
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom != atom.Br && c.DataAtom != atom.B && c.DataAtom != atom.Strong && c.DataAtom != atom.Span && c.DataAtom != atom.Em {
			// Class and id apart: no word spans the space between them.
			if (lexicon.ContainsAny(strings.ToLower(dom.HTMLAttr(c, "class")), lexicon.DateClass) || lexicon.ContainsAny(strings.ToLower(dom.HTMLAttr(c, "id")), lexicon.DateClass)) && strings.TrimSpace(dom.BlockTextLimit(c, 200)) != "" {
				return
			}
		}
	}
	t := Squash(dom.BlockTextLimit(n, 600))
	if t == "" || len(t) > 160 {
		return
	}
	if !ParseMetaDate(t).Ok {
		return
	}
	// A machine-readable copy in an attribute (title="2015-03-13T21:00:00
	// +11:00") carries the zone the visible text leaves out.
	for _, k := range []string{"datetime", "title", "data-datetime", "data-date", "data-timestamp", "data-time", "content"} {
		if v := dom.HTMLAttr(n, k); v != "" {
			if d := parseMachineDate(strings.TrimSpace(v)); d.Ok && d.Zone {
				t = v
				break
			}
		}
	}
	if dateLabelText(t) == "modified" || strings.Contains(classID, "modif") || strings.Contains(classID, "updat") {
		s.visibleModified = append(s.visibleModified, t)
		return
	}
	// "April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm": one
	// line, both dates.
	if loc := innerModifiedRE().FindStringIndex(t); loc != nil && loc[0] > 0 {
		if pub, mod := t[:loc[0]], t[loc[0]:]; ParseMetaDate(pub).Ok {
			s.visiblePublished = append(s.visiblePublished, pub)
			if ParseMetaDate(mod).Ok {
				s.visibleModified = append(s.visibleModified, mod)
			}
			return
		}
	}
	s.visiblePublished = append(s.visiblePublished, t)
}

var innerModifiedRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:last\s+)?(?:modified|updated|edited|mis à jour|aktualisiert|actualizado|atualizado)\b`)
})

var modifiedLabelRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\W*(last\s+)?(modified|updated|update|edited|mis à jour|aktualisiert|actualizado|atualizado)\b`)
})

func dateLabelText(t string) string {
	if modifiedLabelRE().MatchString(t) {
		return "modified"
	}
	return ""
}

// dateLabel looks at the text just before a <time> element ("Updated:
// <time>") and at its own class to tell a modification time apart.
func dateLabel(n *html.Node) string {
	lc := strings.ToLower(dom.HTMLAttr(n, "class") + " " + dom.HTMLAttr(n, "itemprop"))
	if strings.Contains(lc, "modif") || strings.Contains(lc, "updat") {
		return "modified"
	}
	if p := n.PrevSibling; p != nil && p.Type == html.TextNode {
		t := strings.TrimSpace(p.Data)
		if dateLabelText(t) == "modified" {
			return "modified"
		}
	}
	if n.Parent != nil {
		pt := Squash(dom.BlockTextLimit(n.Parent, 300))
		if len(pt) < 120 && dateLabelText(pt) == "modified" {
			return "modified"
		}
	}
	return ""
}

func (s *Signals) tagList(n *html.Node) {
	var tags []string
	var walk func(*html.Node, int)
	walk = func(c *html.Node, depth int) {
		if depth > 30 {
			return
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			if t := Squash(dom.BlockTextLimit(c, 200)); t != "" && len([]rune(t)) <= 60 {
				tags = append(tags, t)
			}
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	for _, t := range tags {
		// A share bar or a menu that happens to carry a "tags" class.
		if !plausibleTag(t) {
			return
		}
	}
	if len(tags) > 0 && len(tags) <= 40 {
		s.visibleTags = tags
	}
}

// sectionText returns the section named by a kicker or breadcrumb: the
// last crumb that is not the home page, or the element's short text.
func sectionText(n *html.Node) string {
	var links []string
	var walk func(*html.Node, int)
	walk = func(c *html.Node, depth int) {
		if depth > 20 {
			return
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			if t := Squash(dom.BlockTextLimit(c, 200)); t != "" {
				links = append(links, t)
			}
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	var t string
	switch {
	case len(links) > 8:
		// A menu, not a breadcrumb.
		return ""
	case len(links) > 0:
		t = links[len(links)-1]
		if strings.EqualFold(t, "home") && len(links) > 1 {
			t = links[len(links)-2]
		}
	default:
		t = Squash(dom.BlockTextLimit(n, 300))
	}
	if t == "" || len([]rune(t)) > 40 || len(strings.Fields(t)) > 5 || strings.EqualFold(t, "home") {
		return ""
	}
	return t
}

func (s *Signals) figure(n *html.Node, st *walkState) {
	if st.clutter || len(s.figures) > 200 {
		return
	}
	f := metaFigure{inArticle: st.inArticle && !st.clutter}
	var walk func(*html.Node, int)
	walk = func(c *html.Node, depth int) {
		if depth > 30 {
			return
		}
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Img, atom.Source:
				if f.src == "" {
					f.src = mFirst(dom.HTMLAttr(c, "data-src"), dom.HTMLAttr(c, "data-original"), dom.HTMLAttr(c, "data-lazy-src"), dom.HTMLAttr(c, "src"), firstSrcset(dom.HTMLAttr(c, "srcset")), firstSrcset(dom.HTMLAttr(c, "data-srcset")))
					if strings.HasPrefix(f.src, "data:") {
						f.src = ""
					}
				}
			case atom.Figcaption:
				if f.caption == "" {
					f.caption = Squash(dom.BlockTextLimit(c, 2000))
				}
				return
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	if f.src != "" || f.caption != "" {
		s.figures = append(s.figures, f)
	}
}

// captionBlock records a caption written beside its image rather than in
// a <figcaption> (<div class="photo-caption"> after the image's wrapper),
// paired with the first image of the caption's parent.
func (s *Signals) captionBlock(n *html.Node, st *walkState) {
	if len(s.figures) > 200 || st.clutter {
		return
	}
	text := Squash(dom.BlockTextLimit(n, 800))
	if text == "" || len(text) > 600 {
		return
	}
	var src string
	var find func(*html.Node, int)
	find = func(c *html.Node, depth int) {
		if src != "" || depth > 5 || c == n {
			return
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Img {
			src = mFirst(dom.HTMLAttr(c, "data-src"), dom.HTMLAttr(c, "data-original"), dom.HTMLAttr(c, "data-lazy-src"), dom.HTMLAttr(c, "src"), firstSrcset(dom.HTMLAttr(c, "srcset")))
			if strings.HasPrefix(src, "data:") {
				src = ""
			}
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			find(k, depth+1)
		}
	}
	if n.Parent != nil {
		find(n.Parent, 0)
	}
	s.figures = append(s.figures, metaFigure{src: src, caption: text, inArticle: st.inArticle && !st.clutter})
}

func firstSrcset(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	first, _, _ := strings.Cut(v, ",")
	fields := strings.Fields(first)
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}
