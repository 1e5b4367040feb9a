package readable

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"
	"github.com/tidings-app/tidings/feed/extract/internal/metadata"

	"github.com/tidings-app/tidings/feed"
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
	total := dom.TextLen(content)
	// Counted before the headings are cleaned: the titles of other posts.
	listing := linkedHeadings(content) >= 3
	// Containers named as furniture (share bars, ad slots, tag lists,
	// bylines) go when they are small next to the story. When together
	// they would take most of it, the class word is the page builder's
	// layout ("elementor-widget-wrap", "skip-item") rather than furniture,
	// and only those that are mostly links go.
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
	removeTagLists(content)
	removeHoverCards(content)
	removeCommentTail(content)
	removeTeaserBlocks(content)
	cleanHeadings(content)
	if f.cleanConditionally {
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
	// A lone <h1> inside the body is a repeat of the headline or a section
	// title; either way it reads as a subheading.
	for _, h := range dom.Elements(content, atom.H1) {
		h.Data, h.DataAtom = "h2", atom.H2
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
		if isList && bad && img > 0 {
			// A gallery of the story's own pictures: every item one image.
			gallery := true
			for _, l := range dom.Elements(n, atom.Li) {
				if len(dom.Elements(l, atom.Img)) != 1 || dom.TextLen(l) > 200 {
					gallery = false
					break
				}
			}
			if gallery {
				continue
			}
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
	return plain >= 60 && ld < 0.6 && sentenceEndRe.MatchString(text+" ")
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
			(hasDigit(t) && paginationRe.MatchString(t) && dom.LinkDensity(n) > 0.3)
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

// removeMetaRepeats removes the headline, byline, dateline and standfirst
// lines a page repeats inside the article body.
func removeMetaRepeats(content *html.Node, meta *feed.Article, title string) {
	nt := Norm(title)
	var names []string
	for _, a := range meta.Authors {
		names = append(names, Norm(a))
	}
	if meta.Source != "" {
		names = append(names, Norm(meta.Source))
	}
	nc := Norm(meta.ImageCaption)
	// Away from the edges only an exact repeat of the title or caption
	// can go: blocks of another length are not read at all.
	longest := max(len(nt), len(nc))*2 + 10
	blocks := LeafBlocks(content)
	for i, b := range blocks {
		edge := i < 8 || i >= len(blocks)-3
		if !edge && dom.NodesLen(b) > longest {
			continue
		}
		var t, n string
		if edge {
			t = dom.TextOf(b)
			n = Norm(t)
		} else {
			// Away from the edges only the normal form is compared.
			n = normOf(b)
		}
		if n == "" {
			continue
		}
		switch {
		case nt != "" && (n == nt || (edge && len(n) > 20 && strings.HasPrefix(nt, n))) && !dom.IsElem(b, atom.Li, atom.Td):
			dom.Remove(b)
		case edge && (isByline(t, names) || (len(n) < 60 && metadata.AgencyName(t) != "") || (len(n) < 120 && hasDigit(t) && isByline(stripDates(t), names))):
			dom.Remove(b)
		case edge && hasDigit(t) && isDateline(t):
			dom.Remove(b)
		case edge && len(n) < 120 && bylineBlock(b, t):
			dom.Remove(b)
		case edge && len(n) < 160 && hasDigit(t) && !dom.IsElem(b, atom.Td, atom.Th, atom.Tr, atom.Li) && creditLine(t, meta):
			dom.Remove(b)
		case nc != "" && n == nc && dom.IsElem(b, atom.P, atom.Div, atom.Span):
			// The lead picture's caption, shown again as a loose line.
			dom.Remove(b)
		}
	}
}

// LeafBlocks lists the innermost block elements under n that hold text.
func LeafBlocks(n *html.Node) []*html.Node {
	var out []*html.Node
	// One recursion: an element learns on the way up whether it holds a
	// block. Leaf blocks never nest, so adding them on the way up keeps
	// document order.
	var visit func(c *html.Node) (holds bool)
	visit = func(c *html.Node) bool {
		holds := false
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.ElementNode && (visit(k) || dom.IsBlock(k)) {
				holds = true
			}
		}
		if c != n && !holds && dom.IsBlock(c) && dom.HasText(c) {
			out = append(out, c)
		}
		return holds
	}
	visit(n)
	return out
}

// creditLine reports whether a line is the page's byline and dateline
// run together ("New Delhi, News Nation Bureau | Updated : 19 November
// 2019, 09:01 AM"): once its date, labels and the credited names are set
// aside, at most a place name is left.
func creditLine(t string, meta *feed.Article) bool {
	if !isDatelineish(t) {
		return false
	}
	rest := " " + strings.ToLower(stripDates(t)) + " "
	for _, name := range append(append([]string{}, meta.Authors...), meta.Source, meta.Site) {
		if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
			rest = strings.ReplaceAll(rest, name, " ")
		}
	}
	left := 0
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "by", "updated", "published", "posted", "modified", "last", "on", "at", "am", "pm", "and":
			continue
		}
		left++
	}
	return left <= 2
}

// isDatelineish reports whether t holds a full date.
func isDatelineish(t string) bool {
	// The year first: the month pattern is the costly one.
	return dateNumRe.MatchString(t) || (yearRe.MatchString(t) && monthRe().MatchString(t))
}

var readTimeRe = regexp.MustCompile(`(?i)\b\d+\s*(min|minute)s?\s*(read|de lecture|lectura|leitura|Lesezeit)?\b`)

// bylineBlock reports whether a short line is a byline block: a link to
// the author's page with at most a date and a reading time beside it
// ("Jane Doe · 5 min read · Mar 5, 2024").
func bylineBlock(b *html.Node, t string) bool {
	author := ""
	for _, a := range dom.Elements(b, atom.A) {
		if strings.Contains(dom.Attr(a, "rel"), "author") || lexicon.AuthorHref().In(strings.ToLower(dom.Attr(a, "href"))) {
			author = dom.TextOf(a)
			break
		}
	}
	if author == "" {
		return false
	}
	rest := strings.Replace(t, author, " ", 1)
	rest = readTimeRe.ReplaceAllString(rest, " ")
	if hasDigit(rest) {
		rest = stripDates(rest)
	}
	return len(strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })) <= 3
}

var bylineRe = regexp.MustCompile(`^(by|from|written by|reporting by|words by|von|par|por|di)\s+\S`)

func isByline(raw string, names []string) bool {
	n := Norm(raw)
	if len(n) > 120 {
		return false
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		if n == name || n == "by "+name {
			return true
		}
	}
	if !bylineRe.MatchString(n) || len(strings.Fields(n)) > 14 {
		return false
	}
	// "By Jane Doe", "By Jane Doe and John Roe, Reuters": a list of names,
	// not a sentence ("From the start, he was wrong."), so most words
	// after the first are capitalised.
	words := strings.Fields(raw)[1:]
	if len(words) > 0 && strings.EqualFold(words[0], "by") { // "Written by", "Reporting by"
		words = words[1:]
	}
	upper, cased := 0, 0
	for _, w := range words {
		r := []rune(w)[0]
		if unicode.IsUpper(r) {
			upper++
		}
		if unicode.IsUpper(r) || unicode.IsLower(r) {
			cased++
		}
	}
	return cased == 0 || upper*2 > cased
}

var (
	dateNumRe = regexp.MustCompile(`\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b`)
	timeRe    = regexp.MustCompile(`(?i)\b\d{1,2}[:.]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?|\b\d{1,2}\s*(am|pm)\b`)
	yearRe    = regexp.MustCompile(`\b(19|20)\d{2}\b`)
	agoRe     = regexp.MustCompile(`(?i)^\d+\s*(s|m|h|d|w|min|mins|minutes?|hours?|hrs?|days?|weeks?)( ago)?$`)
	dateWords = regexp.MustCompile(`(?i)^(published|updated|last (modified|updated)|posted|modified|first published|date|publicado|atualizado|actualizado|publié|mis à jour|veröffentlicht|aktualisiert|опубликовано|обновлено)\b`)
)

// monthRe matches a month name in any language lexicon knows.
var monthRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(` + lexicon.MonthPattern() + `)\b\.?`)
})

// isDateline reports whether a short line is only a date or a time
// ("23 March, 2024, 09:15 am", "Last modified: ...", "Updated 3h ago").
func isDateline(t string) bool {
	// Every date form below has a figure in it.
	if len(t) > 100 || !hasDigit(t) || len(strings.Fields(t)) > 12 {
		return false
	}
	if agoRe.MatchString(strings.TrimSpace(t)) {
		return true
	}
	hasDate := dateNumRe.MatchString(t) || (monthRe().MatchString(t) && (yearRe.MatchString(t) || timeRe.MatchString(t))) ||
		(dateWords.MatchString(strings.TrimSpace(t)) && timeRe.MatchString(t))
	if !hasDate {
		return false
	}
	// What is left once the date parts are gone must be a label at most.
	rest := dateNumRe.ReplaceAllString(t, " ")
	rest = monthRe().ReplaceAllString(rest, " ")
	rest = timeRe.ReplaceAllString(rest, " ")
	rest = yearRe.ReplaceAllString(rest, " ")
	rest = dateWords.ReplaceAllString(strings.TrimSpace(rest), " ")
	words := 0
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch strings.ToLower(w) {
		case "on", "at", "am", "pm", "the", "of", "de", "às", "a", "le", "à", "el", "del", "в", "г",
			"segunda", "terça", "quarta", "quinta", "sexta", "feira", "sábado", "domingo", "lunes", "martes", "miércoles", "jueves", "viernes",
			"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "utc", "gmt", "et", "est", "edt", "pst", "pdt", "bst", "cet", "ist", "and", "th", "st", "nd", "rd",
			"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "updated", "published", "modified", "last", "posted":
			continue
		}
		words++
	}
	return words <= 1
}

var zoneRe = regexp.MustCompile(`\b(UTC|GMT|E[SD]T|[CMP][SD]T|BST|CES?T|IST)\b`)

// stripDates removes dates, times and zones from a line ("By Jane Doe -
// 11/18/19 11:04 PM EST" gives "By Jane Doe -").
func stripDates(t string) string {
	// Numeric dates, times and years need a figure, zones a "T": most
	// lines have neither, and a regexp costs more than the look.
	if hasDigit(t) {
		t = dateNumRe.ReplaceAllString(t, " ")
		t = timeRe.ReplaceAllString(t, " ")
	}
	t = monthRe().ReplaceAllString(t, " ")
	if hasDigit(t) {
		t = yearRe.ReplaceAllString(t, " ")
	}
	if strings.IndexByte(t, 'T') >= 0 {
		t = zoneRe.ReplaceAllString(t, " ")
	}
	return t
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// Norm lower-cases s and keeps only its letters and digits, single-spaced,
// for comparing lines that differ in punctuation or case.
func Norm(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return normSlow(s)
		}
	}
	// ASCII: letters and digits are known by range.
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			continue
		}
		space = true
	}
	return b.String()
}

// normOf is norm(textOf(n)) without building the text first: white space
// only separates words in the normal form, so the text nodes are read as
// they are, one after the other.
func normOf(n *html.Node) string {
	var b strings.Builder
	space := false
	dom.Walk(n, func(c *html.Node) bool {
		if c.Type != html.TextNode {
			return true
		}
		for _, r := range c.Data {
			if r < utf8.RuneSelf {
				if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' {
					if space && b.Len() > 0 {
						b.WriteByte(' ')
					}
					space = false
					if 'A' <= r && r <= 'Z' {
						r += 'a' - 'A'
					}
					b.WriteByte(byte(r))
				} else {
					space = true
				}
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(unicode.ToLower(r))
			} else {
				space = true
			}
		}
		return true
	})
	return b.String()
}

// normSlow is norm for text beyond ASCII.
func normSlow(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

// dedupeBlocks removes a block whose text repeats an earlier one word for
// word (the same caption or standfirst shown for mobile and desktop).
func dedupeBlocks(content *html.Node) {
	seen := map[string]bool{}
	for _, b := range LeafBlocks(content) {
		if dom.IsElem(b, atom.P, atom.Li, atom.Td, atom.Th, atom.Pre) && !captionLike(b) {
			continue
		}
		n := Norm(dom.TextOf(b))
		if len(n) < 40 || len(n) > 400 {
			// Short lines repeat legitimately; long paragraphs repeated
			// are the author's (or a test page's) own doing.
			continue
		}
		if seen[n] {
			dom.Remove(b)
			continue
		}
		seen[n] = true
	}
}

// captionLike reports whether n is the caption of a picture.
func captionLike(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if dom.IsElem(p, atom.Figcaption, atom.Figure, atom.Caption) || lexicon.CaptionClass().In(dom.ClassID(p)) {
			return true
		}
		if dom.IsBlock(p) && p != n {
			break
		}
	}
	return false
}

// removeEmpty drops elements left with neither text nor media.
func removeEmpty(content *html.Node) {
	var order []*html.Node
	dom.Walk(content, func(n *html.Node) bool {
		order = append(order, n)
		return true
	})
	// full: the node holds text or media somewhere below it.
	full := make(map[*html.Node]bool, len(order))
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		switch {
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) != "":
			full[n] = true
		case dom.IsElem(n, atom.Img, atom.Video, atom.Audio, atom.Picture, atom.Table, atom.Hr, atom.Br, atom.Iframe):
			full[n] = true
		}
		if full[n] && n.Parent != nil {
			full[n.Parent] = true
		}
	}
	dom.Walk(content, func(n *html.Node) bool {
		if n != content && n.Type == html.ElementNode && emptyDroppable[n.DataAtom] && !full[n] {
			dom.Remove(n)
			return false
		}
		return true
	})
}

var emptyDroppable = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Span: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Figure: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Blockquote: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.A: true, atom.Strong: true, atom.Em: true, atom.B: true, atom.I: true,
}

// articleLike tells a story from a page of teasers or a login wall: some
// prose, not mostly links. A short page that is nothing but its text (a
// note, a test page) is an article too, unless the page has menus (a
// site's page) and less than a sentence besides: a menu and a "Login"
// button are not an article. pageText is the length of the page's text.
func articleLike(content *html.Node, ldBody string, pageText int, menus bool) bool {
	lens, links := dom.TextAndLinkLens(content)
	l := dom.TextLen(content) // the same measure as the page's below
	if l == 0 {
		return false
	}
	if len(ldBody) > 200 {
		return true
	}
	if links[content] > float64(lens[content])*0.5 {
		return false
	}
	prose := 0
	for _, b := range LeafBlocks(content) {
		if tl := lens[b]; tl >= 80 && links[b] < float64(tl)*0.5 {
			prose += tl
		}
	}
	if prose >= 140 || l >= 400 {
		return true
	}
	return (l >= minNoteChars || !menus) && l*10 >= pageText*9
}

// minNoteChars is the least text a site's page made of nothing but its
// text needs to be read as an article: a sentence.
const minNoteChars = 60

// removeLeadRepeats drops what opens the body but belongs to the page's
// header: the section label (the metadata's section, alone on its line,
// as news sites print it above the headline) and a standfirst that a body
// paragraph repeats almost word for word (the standfirst being the page's
// description, printed under the headline). A standfirst that says
// something the story does not stays.
func removeLeadRepeats(content *html.Node, meta *feed.Article) {
	blocks := LeafBlocks(content)
	ns := Norm(meta.Section)
	summary := bigrams(Norm(meta.Excerpt))
	for i, b := range blocks[:min(len(blocks), 4)] {
		n := normOf(b)
		if n == "" {
			continue
		}
		if ns != "" && n == ns {
			dom.Remove(b)
			continue
		}
		// A standfirst is one short sentence ahead of the story.
		if len(n) > 300 || dom.IsElem(b, atom.Li, atom.Td, atom.Th) {
			continue
		}
		// It is the page's own summary (its description).
		own := bigrams(n)
		if len(own) < 5 || !repeats(own, summary) {
			continue
		}
		// Only labels and the like stand above a standfirst.
		lead := true
		for _, before := range blocks[:i] {
			if before.Parent != nil && dom.TextLen(before) >= len(n) {
				lead = false
			}
		}
		if !lead {
			continue
		}
		for _, later := range blocks[i+1 : min(len(blocks), i+6)] {
			// The standfirst sits in the page's header, apart from the
			// paragraphs, and says less than the one that repeats it.
			if later.Parent == b.Parent || later.Parent == nil {
				continue
			}
			if ln := normOf(later); len(ln) > len(n) && repeats(own, bigrams(ln)) {
				dom.Remove(b)
				break
			}
		}
	}
}

// bigrams is the set of pairs of neighbouring words of a normalised text.
func bigrams(n string) map[string]bool {
	w := strings.Fields(n)
	set := make(map[string]bool, len(w))
	for i := 0; i+1 < len(w); i++ {
		set[w[i]+" "+w[i+1]] = true
	}
	return set
}

// repeats reports whether most (seven in ten) of a short text's word
// pairs are in the other: the same sentence, lightly edited.
func repeats(short, other map[string]bool) bool {
	in := 0
	for p := range short {
		if other[p] {
			in++
		}
	}
	return in*10 >= len(short)*7
}
