package readable

import (
	"net/url"
	"strings"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// evidence is what the page itself says about its article: the
// publisher's statement of the story's text (JSON-LD articleBody,
// normalised), whose content is never removed as clutter, and the page's
// host, which tells links to the site's other stories from citations.
type evidence struct{ ld, host string }

func newEvidence(ldBody string, base *url.URL) *evidence {
	ev := &evidence{}
	if base != nil {
		ev.host = strings.TrimPrefix(strings.ToLower(base.Hostname()), "www.")
	}
	if len(ldBody) >= 200 {
		ev.ld = Norm(html.UnescapeString(ldBody))
	}
	return ev
}

// internal reports whether href points into the page's own site.
func (e *evidence) internal(href string) bool {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return false
	}
	if u.Host == "" {
		return u.Scheme == "" // a relative link
	}
	return e != nil && e.host != "" && strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") == e.host
}

// vouches reports whether n's text is part of the stated article body.
func (e *evidence) vouches(n *html.Node) bool {
	if e == nil || e.ld == "" {
		return false
	}
	t := Norm(dom.TextOf(n))
	return len(t) >= 40 && strings.Contains(e.ld, t)
}

// clean removes from the chosen article what is in it but not of it.
func clean(content *html.Node, f flags, ev *evidence) {
	// Counted before the headings are cleaned: the titles of other posts.
	listing := linkedHeadings(content) >= 3
	removeNamedFurniture(content, ev)
	removeTagLists(content)
	removeHoverCards(content)
	removeCommentTail(content)
	removeTeaserBlocks(content)
	cleanHeadings(content)
	if f.cleanConditionally {
		cleanAllConditionally(content, f, ev, listing)
	}
	// A lone <h1> inside the body is a repeat of the headline or a section
	// title; either way it reads as a subheading.
	for _, h := range dom.Elements(content, atom.H1) {
		h.Data, h.DataAtom = "h2", atom.H2
	}
}

// removeNamedFurniture removes the containers named as furniture (share
// bars, ad slots, tag lists, bylines) when they are small next to the
// story, and forms. When together they would take most of it, the class
// word is the page builder's layout ("elementor-widget-wrap",
// "skip-item") rather than furniture, and only those that are mostly
// links go.
func removeNamedFurniture(content *html.Node, ev *evidence) {
	total := dom.TextLen(content)
	var named []*html.Node
	namedText := 0
	dom.Walk(content, func(n *html.Node) bool {
		if n == content || n.Type != html.ElementNode {
			return true
		}
		if cls := dom.ClassID(n); cls != "" && boilerClass(cls) && !ev.vouches(n) {
			l := dom.TextLen(n)
			if l*3 < total || dom.LinkDensity(n) > 0.5 {
				named = append(named, n)
				namedText += l
				return false
			}
		}
		if dom.IsElem(n, atom.Form, atom.Fieldset) {
			dom.Remove(n)
			return false
		}
		return true
	})
	layout := namedText*2 > total
	for _, n := range named {
		if !layout || dom.LinkDensity(n) > 0.5 {
			dom.Remove(n)
		}
	}
}

// cleanAllConditionally weighs the tables, lists and sections of content
// one tag at a time (cleanConditionally). listing tells a content that is
// itself a list of other posts.
func cleanAllConditionally(content *html.Node, f flags, ev *evidence, listing bool) {
	// The elements of every tag are listed in one walk; one removed
	// meanwhile (with an ancestor) is skipped as no longer in content.
	tags := []atom.Atom{atom.Table, atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Header, atom.Footer, atom.Aside}
	byTag := make([][]*html.Node, len(tags))
	dom.Walk(content, func(n *html.Node) bool {
		if n != content && n.Type == html.ElementNode {
			for i, t := range tags {
				if n.DataAtom == t {
					byTag[i] = append(byTag[i], n)
					break
				}
			}
		}
		return true
	})
	// As with furniture classes above: a negative class word on
	// containers holding most of the story is the layout's.
	negLayout := false
	if f.weightClasses {
		neg := 0
		dom.Walk(content, func(n *html.Node) bool {
			if n != content && n.Type == html.ElementNode && classWeight(n) < 0 {
				neg += dom.TextLen(n)
				return false
			}
			return true
		})
		// Not when the content is itself a list of other posts
		// (linked titles over excerpts): there the words are right.
		negLayout = neg*2 > dom.TextLen(content) && !listing
	}
	for i, tag := range tags {
		cleanConditionally(content, tag, byTag[i], f, ev, negLayout)
	}
}

// removeTeaserBlocks drops blocks introduced by a heading such as
// "Related News", "Most viewed" or "More videos": the heading and the list
// of links under it.
func removeTeaserBlocks(content *html.Node) {
	lens := dom.TextLens(content)
	holders := dom.BlockHolders(content)
	for _, h := range dom.Elements(content, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P, atom.Div, atom.Span, atom.Strong, atom.B) {
		if l := lens[h]; l == 0 || l > 80 || h.Parent == nil {
			continue
		}
		if dom.IsElem(h, atom.Div, atom.P, atom.Span, atom.Strong, atom.B) && holders[h] {
			continue
		}
		t := dom.TextOf(h)
		if len(t) > 60 || !lexicon.BoilerHeading(t) {
			continue
		}
		// The whole block when the heading opens a container of links.
		box := h.Parent
		for box != content && box != nil && firstText(box) == h && dom.TextLen(box) < 3000 {
			if dom.LinkDensity(box) > 0.3 || dom.TextLen(box)-len(t) < 20 {
				next := box.Parent
				if next == nil || firstText(next) != h {
					break
				}
				box = next
				continue
			}
			break
		}
		if box != nil && box != content && firstText(box) == h && (dom.LinkDensity(box) > 0.3 || dom.TextLen(box)-len(t) < 20) {
			dom.Remove(box)
			continue
		}
		// Else the heading and the links that follow it.
		next := nextElement(h)
		dom.Remove(h)
		for next != nil && (dom.IsElem(next, atom.Ul, atom.Ol) || dom.LinkDensity(next) > 0.5 || dom.TextLen(next) == 0) {
			after := nextElement(next)
			dom.Remove(next)
			next = after
		}
	}
}

// removeTagLists drops the lists of topic links (rel="tag") under a
// story, with their "Tags" label: the outermost element mostly made of
// such links.
func removeTagLists(content *html.Node) {
	dom.Walk(content, func(n *html.Node) bool {
		if n == content || n.Type != html.ElementNode {
			return true
		}
		tagText := 0
		dom.Walk(n, func(c *html.Node) bool {
			if dom.IsElem(c, atom.A) && strings.Contains(" "+strings.ToLower(dom.Attr(c, "rel"))+" ", " tag ") {
				tagText += dom.TextLen(c)
				return false
			}
			return true
		})
		if tagText == 0 {
			return false
		}
		if total := dom.TextLen(n); tagText*10 >= total*6 {
			dom.Remove(n)
			return false
		}
		return true
	})
}

// removeHoverCards drops the pop-up cards some sites hide inside a
// sentence (a person's photo and links to their latest stories, shown on
// hover): an inline element within a paragraph holding a picture and
// several links and little else. Innermost first, so that the name the
// card hangs on stays.
func removeHoverCards(content *html.Node) {
	nodes := dom.Elements(content, atom.Span, atom.Div, atom.Aside)
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		if n.Parent == nil || !dom.HasAncestor(n, atom.P) {
			continue
		}
		links := 0
		for _, a := range dom.Elements(n, atom.A) {
			if dom.HasAttr(a, "href") {
				links++
			}
		}
		if links >= 2 && len(dom.Elements(n, atom.Img, atom.Picture)) > 0 && dom.LinkDensity(n) > 0.7 {
			dom.Remove(n)
		}
	}
}

// removeCommentTail drops a comment section inside the article's
// container: its heading ("Comments", "3 Replies", "Отзывы") and all that
// follows it, when it comes after most of the story.
func removeCommentTail(content *html.Node) {
	total := -1
	for _, h := range dom.Elements(content, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6) {
		if h.Parent == nil || !lexicon.CommentHeading().MatchString(dom.TextOf(h)) {
			continue
		}
		if total < 0 {
			total = dom.TextLen(content)
		}
		before := 0
		var stop bool
		dom.Walk(content, func(c *html.Node) bool {
			if stop || c == h {
				stop = true
				return false
			}
			if c.Type == html.TextNode {
				before += len([]rune(strings.TrimSpace(c.Data)))
			}
			return true
		})
		if before*2 < total {
			continue
		}
		for n := h; n != nil && n != content; n = n.Parent {
			for s := n.NextSibling; s != nil; {
				next := s.NextSibling
				n.Parent.RemoveChild(s)
				s = next
			}
		}
		dom.Remove(h)
		return
	}
}

// removeTrailingLinkLists drops lists of links to the site's other
// stories left at the end of the article without a heading ("27 Oddest
// Medical Case Reports"): lists where every item is a link into the same
// site, with at most a short line after them. A list of sources cited
// elsewhere stays.
func removeTrailingLinkLists(content *html.Node, ev *evidence) {
	lists := dom.Elements(content, atom.Ul, atom.Ol)
	if len(lists) == 0 {
		return
	}
	// The length of the text that follows each list, from one walk
	// backwards through the article.
	after := map[*html.Node]int{}
	seen, space := 0, false
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			if dom.IsElem(c, atom.Ul, atom.Ol) {
				after[c] = seen
			}
			if c.Type == html.TextNode {
				seen, space = dom.Measure(c.Data, seen, space)
			}
			visit(c)
		}
	}
	visit(content)
	for i := len(lists) - 1; i >= 0; i-- {
		l := lists[i]
		if after[l] > 150 || l.Parent == nil || dom.HasAncestor(l, atom.Li) || !linksIntoSite(l, ev) {
			continue
		}
		dom.Remove(l)
	}
}

// linksIntoSite reports whether every item of list l (two or more) is a
// link into the page's own site.
func linksIntoSite(l *html.Node, ev *evidence) bool {
	items := 0
	for c := l.FirstChild; c != nil; c = c.NextSibling {
		if !dom.IsElem(c, atom.Li) {
			continue
		}
		items++
		if dom.LinkDensity(c) < 0.8 {
			return false
		}
		for _, a := range dom.Elements(c, atom.A) {
			if !ev.internal(dom.Attr(a, "href")) {
				return false
			}
		}
	}
	return items >= 2
}

// firstText returns the first element under n that holds text directly,
// walking down first children.
func firstText(n *html.Node) *html.Node {
	var found *html.Node
	dom.Walk(n, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			found = c.Parent
			return false
		}
		return true
	})
	// Headings hold their text in inline children: report the heading.
	for found != nil && found != n && found.Parent != nil && found.Parent != n && !dom.IsBlock(found) {
		found = found.Parent
	}
	return found
}

func nextElement(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
		if s.Type == html.TextNode && strings.TrimSpace(s.Data) != "" {
			return nil
		}
	}
	return nil
}

// cleanHeadings drops headings named as furniture or made of links.
func cleanHeadings(content *html.Node) {
	for _, h := range dom.Elements(content, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6) {
		if classWeight(h) < 0 || (dom.TextLen(h) > 0 && dom.LinkDensity(h) > 0.5 && dom.TextLen(h) < 200 && !sectionFollows(h)) {
			dom.Remove(h)
		}
	}
}

// sectionFollows reports whether a heading introduces a section of the
// story (a listicle's linked item names one) rather than a teaser: real
// prose comes after it.
func sectionFollows(h *html.Node) bool {
	n := nextElement(h)
	for n != nil && dom.TextLen(n) == 0 {
		n = nextElement(n)
	}
	return n != nil && dom.IsBlock(n) && dom.TextLen(n) >= 200 && dom.LinkDensity(n) < 0.3
}

// cleanConditionally removes the elements of the given tag (nodes, in
// document order) that look like
// link lists, image galleries of other stories, forms or widgets rather
// than prose (Readability's rule, slightly extended). negLayout says the
// page's negative class words mark its layout, not furniture.
func cleanConditionally(content *html.Node, tag atom.Atom, nodes []*html.Node, f flags, ev *evidence, negLayout bool) {
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		if n.Parent == nil || !contains(content, n) {
			continue
		}
		if tag == atom.Table && isDataTable(n) {
			continue
		}
		if dom.HasAncestor(n, atom.Code, atom.Pre) || dataTableAncestor(n) || ev.vouches(n) {
			continue
		}
		isList := tag == atom.Ul || tag == atom.Ol
		c := takeCensus(n)
		total := c.total
		if !isList && total > 0 {
			isList = float64(c.liText)/float64(total) > 0.9
		}
		weight := 0.0
		if f.weightClasses {
			weight = classWeight(n)
			if negLayout && weight < 0 && dom.LinkDensity(n) < 0.5 {
				weight = 0
			}
		}
		if !isList && quoteWrapper(n, total) {
			// An embedded post or a pull quote is the story quoting.
			continue
		}
		if weight < 0 {
			dom.Remove(n)
			continue
		}
		if c.commas >= 10 {
			continue
		}
		p, img, li, inputs, embeds := c.p, c.img, c.li-100, c.inputs, c.embeds
		headingDensity := 0.0
		ld := 0.0
		if total > 0 {
			headingDensity = float64(c.headText) / float64(total)
			ld = c.linkText / float64(total)
		}
		inFigure := dom.HasAncestor(n, atom.Figure) || dom.IsElem(n, atom.Figure)
		bad := (img > 1 && float64(p)/float64(img) < 0.5 && !inFigure) ||
			(!isList && li > p) ||
			(inputs > p/3) ||
			(!isList && headingDensity < 0.9 && total < 25 && (img == 0 || img > 2) && !inFigure && c.media == 0) ||
			(!isList && weight < 25 && ld > 0.2) ||
			(weight >= 25 && ld > 0.5) ||
			(embeds == 1 && total < 75) || embeds > 1
		if isList && bad && img > 0 && ownGallery(n) {
			continue
		}
		if isList && bad && ld < 0.5 && !(weight < 0) {
			// A list of the story's own points that happens to hold a few
			// links stays.
			if ld <= 0.2 || total > 200 {
				continue
			}
		}
		if bad && !isList && proseWithLinks(n) {
			// A paragraph that cites its sources in links is the story's
			// own text.
			continue
		}
		if bad {
			dom.Remove(n)
		}
	}
}

// ownGallery reports whether the list n is a gallery of the story's own
// pictures: every item one image, with a caption at most.
func ownGallery(n *html.Node) bool {
	for _, l := range dom.Elements(n, atom.Li) {
		if len(dom.Elements(l, atom.Img)) != 1 || dom.TextLen(l) > 200 {
			return false
		}
	}
	return true
}

// quoteWrapper reports whether n mainly wraps a quotation (an embedded
// post or a pull quote).
func quoteWrapper(n *html.Node, total int) bool {
	q := 0
	for _, b := range dom.Elements(n, atom.Blockquote) {
		q += dom.TextLen(b)
	}
	return total > 0 && q*2 >= total && len(dom.Elements(n, atom.Img)) <= 2
}

// proseWithLinks reports whether n is one or two paragraphs of sentences
// that happen to link out, rather than a list of links: enough text
// outside links, ending like a sentence.
func proseWithLinks(n *html.Node) bool {
	if len(dom.Elements(n, atom.Li)) > 0 || len(dom.Elements(n, atom.P, atom.Div)) > 3 {
		return false
	}
	text := dom.TextOf(n)
	l := len([]rune(text))
	ld := dom.LinkDensity(n)
	plain := float64(l) * (1 - ld)
	return plain >= 60 && ld < 0.6 && sentenceEndRe().MatchString(text+" ")
}

// census is what conditional cleaning weighs about an element, counted
// in one walk of its subtree (the element itself excluded).
type census struct {
	total, liText, headText           int
	linkText                          float64
	p, img, li, inputs, embeds, media int
	commas                            int
}

func takeCensus(root *html.Node) census {
	var c census
	space := false
	var visit func(x *html.Node, inLi, inHead bool, link float64)
	visit = func(x *html.Node, inLi, inHead bool, link float64) {
		switch x.Type {
		case html.TextNode:
			before := c.total
			c.total, space = dom.Measure(x.Data, c.total, space)
			d := c.total - before
			if inLi {
				c.liText += d
			}
			if inHead {
				c.headText += d
			}
			c.linkText += float64(d) * link
			c.commas += dom.Commas(x.Data)
			return
		case html.ElementNode:
			if x != root {
				switch x.DataAtom {
				case atom.P:
					c.p++
				case atom.Img:
					c.img++
				case atom.Li:
					c.li++
					inLi = true
				case atom.Input:
					c.inputs++
				case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
					inHead = true
				case atom.Object, atom.Embed, atom.Iframe:
					c.embeds++
				case atom.Video:
					c.embeds++
					c.media++
				case atom.Pre, atom.Code, atom.Table:
					c.media++
				}
			}
			if x.DataAtom == atom.A && link == 0 && dom.HasAttr(x, "href") {
				link = 1
				if strings.HasPrefix(dom.Attr(x, "href"), "#") {
					link = 0.3
				}
			}
		}
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			visit(ch, inLi, inHead, link)
		}
	}
	visit(root, false, false, 0)
	return c
}

func dataTableAncestor(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if dom.IsElem(p, atom.Table) && isDataTable(p) {
			return true
		}
	}
	return false
}

// isDataTable tells a table of data (kept) from a table used for layout.
func isDataTable(t *html.Node) bool {
	if strings.EqualFold(dom.Attr(t, "role"), "presentation") || dom.Attr(t, "datatable") == "0" {
		return false
	}
	if dom.Attr(t, "summary") != "" {
		return true
	}
	if len(dom.Elements(t, atom.Table)) > 0 {
		return false
	}
	if len(dom.Elements(t, atom.Caption, atom.Col, atom.Colgroup, atom.Tfoot, atom.Thead, atom.Th)) > 0 {
		return true
	}
	rows := dom.Elements(t, atom.Tr)
	cols := 0
	for _, r := range rows {
		c := 0
		for x := r.FirstChild; x != nil; x = x.NextSibling {
			if dom.IsElem(x, atom.Td, atom.Th) {
				c++
			}
		}
		cols = max(cols, c)
	}
	if len(rows) >= 10 || cols > 4 {
		return true
	}
	return len(rows)*cols > 10
}

// removePromos drops short blocks that send the reader elsewhere: "follow
// us on Google News", newsletter and app promotions, "Read more" links,
// comment policies, ad labels.
func removePromos(content *html.Node, ev *evidence) {
	lens := dom.TextLens(content)
	for _, n := range dom.Elements(content, atom.P, atom.Div, atom.Li, atom.Section, atom.Aside, atom.Blockquote, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Figure, atom.Dd, atom.Dt) {
		// Lengths are measured once, before any removal: a block only
		// shrinks, so the test below stays on the safe side.
		if l := lens[n]; l == 0 || l > 300 || !contains(content, n) {
			continue
		}
		if dom.IsElem(n, atom.Div, atom.Section, atom.Li, atom.Blockquote, atom.Aside) && hasProse(n) {
			continue
		}
		t := dom.LowerTextOf(n)
		if t == "" {
			continue
		}
		promo := lexicon.IsPromo(t) ||
			(hasDigit(t) && paginationRe().MatchString(t) && dom.LinkDensity(n) > 0.3)
		if promo && !ev.vouches(n) {
			dom.Remove(n)
		}
	}
}

// hasProse reports whether n holds more than one paragraph of text, so
// that a promo phrase inside one of them cannot take the rest along.
func hasProse(n *html.Node) bool {
	k := 0
	for _, p := range dom.Elements(n, atom.P) {
		if dom.TextLen(p) > 80 {
			k++
		}
	}
	return k > 1
}
