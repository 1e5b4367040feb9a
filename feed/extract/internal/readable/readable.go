package readable

import (
	"math"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"
	"github.com/tidings-app/tidings/feed/extract/internal/prepare"

	"github.com/andybalholm/cascadia"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The body engine, in order:
//
//  1. prepare (body_prepare.go): scripts, forms, navigation, hidden and
//     ARIA-furniture elements and the config's drop selectors go; lazy
//     pictures get their real image from <noscript>.
//  2. grab: a Readability-style scorer credits each paragraph's text to
//     its ancestors, weighed by class names and link density; the best
//     candidate is moved up to the block that holds the other strong
//     candidates, and its siblings that read as more of the story join it
//     (a body split around ads). Index pages (linked headlines with
//     excerpts) are passed over. Attempts relax the filters when the
//     result is too short.
//  3. clean (body_clean.go): inside the chosen block, furniture named by
//     class (share, related, ad, tags...), teaser blocks under "Related" /
//     "Most viewed" headings, tag lists, hover cards, comment sections,
//     link-list containers; JSON-LD articleBody vouches for text that
//     must stay.
//  4. finishing: links made absolute, then the headline, byline, dateline
//     and lead caption repeated in the body, promotional lines, trailing
//     lists of the site's own stories and doubled captions go.
//
// Every rule is general (a CMS convention, a wording used across sites)
// and has a fixture in testdata/rules.

// minArticleChars is the text an attempt must reach before the engine
// stops relaxing its filters.
const minArticleChars = 500

// attempt flags: each retry drops one filter, as Readability does, for
// pages whose story sits in an oddly named container.
type flags struct {
	stripUnlikely, weightClasses, cleanConditionally bool
}

// ExtractBody returns a detached <div> holding the cleaned article body
// (nil when there is none) and, when the metadata has no title, a title of
// the page's own.
//
// src is the page's HTML: the first scoring attempt works on doc itself,
// and the rare page that needs a retry with looser filters is parsed
// again from src rather than copied in advance.
func ExtractBody(doc *html.Node, src []byte, meta *feed.Article, pageURL *url.URL, drop []cascadia.Sel, fragment bool) (*html.Node, string) {
	ldBody := prepare.JsonLDBody(doc)
	// The page's own headline is only wanted when the metadata has none.
	fallbackTitle := ""
	if meta.Title == "" {
		fallbackTitle = pageTitle(doc)
	}
	base := prepare.BaseURL(doc, pageURL)
	ev := newEvidence(ldBody, pageURL)
	pageText, menus := prepare.Prepare(doc, drop)
	body := findBodyElem(doc)
	if body == nil {
		return nil, fallbackTitle
	}
	title := meta.Title
	if title == "" {
		title = fallbackTitle
	}
	// polish is the finishing every candidate gets.
	polish := func(c *html.Node) {
		prepare.FinishLinks(c, base)
		removeMetaRepeats(c, meta, title)
		removeLeadRepeats(c, meta)
		removePromos(c, ev)
		removeTrailingLinkLists(c, ev)
		dedupeBlocks(c)
		removeEmpty(c)
	}
	fresh := func() *html.Node {
		again, err := prepare.ParseHTML(src)
		if err != nil {
			return nil
		}
		prepare.Prepare(again, drop)
		return findBodyElem(again)
	}
	var content *html.Node
	evident := false
	if fragment {
		content = dom.CloneTree(body)
		content.Data, content.DataAtom = "div", atom.Div
		wrapInlineRuns(content)
		clean(content, flags{true, true, true}, ev)
	} else {
		sv := surveyPage(body)
		content = grabBest(body, ev, fresh)
		if content != nil {
			polish(content)
		}
		content, evident = arbitrate(content, sv, fresh, ev, polish)
	}
	if content == nil {
		return nil, fallbackTitle
	}
	if fragment {
		polish(content)
	}
	if !dom.HasText(content) {
		return nil, fallbackTitle
	}
	if !fragment && !evident && !articleLike(content, ldBody, pageText, menus) {
		return nil, fallbackTitle
	}
	return content, fallbackTitle
}

func findBodyElem(doc *html.Node) *html.Node {
	var body *html.Node
	dom.Walk(doc, func(n *html.Node) bool {
		if body != nil {
			return false
		}
		if dom.IsElem(n, atom.Body) {
			body = n
			return false
		}
		return true
	})
	return body
}

// grabBest runs the scorer with ever looser filters until one attempt
// yields an article of some length, and returns the longest result.
//
// The first attempt consumes body; retries work on copies of a fresh
// parse that again() returns (nil when it cannot).
func grabBest(body *html.Node, ev *evidence, again func() *html.Node) *html.Node {
	attempts := []flags{
		{true, true, true},
		{false, true, true},
		{false, false, true},
		{false, false, false},
	}
	var best *html.Node
	bestLen := -1
	var pristine *html.Node
	for i, f := range attempts {
		work := body
		if i > 0 {
			if pristine == nil {
				if pristine = again(); pristine == nil {
					break
				}
			}
			work = dom.CloneTree(pristine)
		}
		content := grab(work, f)
		if content == nil || teaserList(content) {
			continue
		}
		clean(content, f, ev)
		l := dom.TextLen(content)
		if l > bestLen {
			best, bestLen = content, l
		}
		if l >= minArticleChars {
			break
		}
	}
	return best
}

// teaserList reports whether a candidate is a list of other stories (a
// home, section or blog index page): several headings that are links to
// elsewhere, each followed by little more than an excerpt. A story's own
// subheadings do not link away.
func teaserList(content *html.Node) bool {
	linked := linkedHeadings(content)
	return linked >= 4 && dom.TextLen(content) < linked*400
}

// linkedHeadings counts the headings of content that are mostly a link
// to elsewhere: the titles of other stories.
func linkedHeadings(content *html.Node) int {
	linked := 0
	for _, h := range dom.Elements(content, atom.H1, atom.H2, atom.H3, atom.H4) {
		if linkedHeading(h) {
			linked++
		}
	}
	return linked
}

// linkedHeading reports whether the heading h is mostly a link away.
func linkedHeading(h *html.Node) bool {
	l := dom.TextLen(h)
	if l == 0 {
		return false
	}
	away := 0
	for _, a := range dom.Elements(h, atom.A) {
		if href := dom.Attr(a, "href"); href != "" && !strings.HasPrefix(href, "#") {
			away += dom.TextLen(a)
		}
	}
	return away*10 >= l*6
}

// scorer holds one attempt's content scores.
type scorer struct {
	f     flags
	score map[*html.Node]float64
}

// grab scores the paragraphs of body (a private copy it may change) and
// returns a new <div> with the best candidate and its related siblings.
func grab(body *html.Node, f flags) *html.Node {
	s := &scorer{f: f, score: map[*html.Node]float64{}}
	candidates := s.scoreParagraphs(paragraphs(body, f))
	if len(candidates) == 0 {
		// No paragraph anywhere (text straight in <body>, or structure
		// flattened away): the body's own text is the best there is.
		out := wrapChildren(body)
		wrapInlineRuns(out)
		return out
	}
	s.weighLinks(body)
	sort.SliceStable(candidates, func(i, j int) bool { return s.score[candidates[i]] > s.score[candidates[j]] })
	top := candidates[0]
	if dom.IsElem(top, atom.Body, atom.Html) {
		return wrapChildren(top)
	}
	top = s.promote(top, candidates)
	return s.gather(top)
}

// paragraphs removes the page's furniture from body and returns the
// elements whose text is scored: paragraphs, and the runs of text written
// straight into containers, wrapped as paragraphs.
func paragraphs(body *html.Node, f flags) []*html.Node {
	var toScore []*html.Node
	// One recursive pass: furniture is removed on the way down; on the way
	// up each element learns whether it holds a block, which decides how
	// its text is read. (The parser caps nesting at 512, so recursion is
	// bounded.)
	var visit func(n *html.Node) (holdsBlock bool)
	visit = func(n *html.Node) bool {
		if n != body {
			if f.stripUnlikely && (unlikely(n) || dom.IsElem(n, atom.Header, atom.Footer, atom.Aside)) {
				dom.Remove(n)
				return false
			}
		}
		switch n.DataAtom {
		case atom.P, atom.Td, atom.Pre, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Blockquote:
			toScore = append(toScore, n)
		}
		holds := false
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				sub := visit(c)
				if c.Parent == n && (sub || dom.IsBlock(c)) {
					holds = true
				}
			}
			c = next
		}
		switch n.DataAtom {
		case atom.Div:
			if !holds && !hasBrBreak(n) {
				n.Data, n.DataAtom = "p", atom.P
				toScore = append(toScore, n)
			} else {
				toScore = append(toScore, wrapInlineRuns(n)...)
			}
		case atom.Td, atom.Section, atom.Article, atom.Main, atom.Body:
			// Text written straight into these, between blocks or
			// between double line breaks, is paragraphs too.
			if holds || hasBrBreak(n) {
				toScore = append(toScore, wrapInlineRuns(n)...)
			}
		}
		return holds
	}
	visit(body)
	return toScore
}

// scoreParagraphs gives each paragraph's score to its ancestors, less for
// the farther ones, and returns the ancestors scored, in the order met.
func (s *scorer) scoreParagraphs(toScore []*html.Node) []*html.Node {
	var candidates []*html.Node
	for _, el := range toScore {
		if el.Parent == nil || el.Parent.Type != html.ElementNode {
			continue
		}
		l, cm := dom.TextStats(el)
		if l < 25 {
			continue
		}
		cs := 1 + float64(cm) + math.Min(math.Floor(float64(l)/100), 3)
		level := 0
		for a := el.Parent; a != nil && a.Type == html.ElementNode && level < 5; a = a.Parent {
			if _, ok := s.score[a]; !ok {
				s.score[a] = s.initial(a)
				candidates = append(candidates, a)
			}
			div := 1.0
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float64(level * 3)
			}
			s.score[a] += cs / div
			level++
		}
	}
	return candidates
}

// weighLinks scales each candidate's score by the share of its text that
// is not in links, measuring every element once on one walk up the tree.
func (s *scorer) weighLinks(body *html.Node) {
	var rec func(n *html.Node, link float64) (int, float64)
	rec = func(n *html.Node, link float64) (int, float64) {
		if n.Type == html.TextNode {
			l, _ := dom.Measure(n.Data, 0, false)
			return l, float64(l) * link
		}
		if n.DataAtom == atom.A && link == 0 && dom.HasAttr(n, "href") {
			link = 1
			if strings.HasPrefix(dom.Attr(n, "href"), "#") {
				link = 0.3 // in-page anchors: footnotes, contents
			}
		}
		total, linked := 0, 0.0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			l, k := rec(c, link)
			total += l
			linked += k
		}
		if sc, ok := s.score[n]; ok && total > 0 {
			s.score[n] = sc * (1 - linked/float64(total))
		}
		return total, linked
	}
	rec(body, 0)
}

// unlikely reports whether n's class, id or role mark it as page furniture.
func unlikely(n *html.Node) bool {
	if dom.IsElem(n, atom.Body, atom.A, atom.Article, atom.Main, atom.Html) {
		return false
	}
	// Class and id are read apart: no string is built for the many
	// elements this runs on.
	c, id := strings.ToLower(dom.Attr(n, "class")), strings.ToLower(dom.Attr(n, "id"))
	if c == "" && id == "" {
		return false
	}
	if !(lexicon.UnlikelyClass().In(c) || lexicon.UnlikelyClass().In(id)) || lexicon.MaybeClass().In(c) || lexicon.MaybeClass().In(id) {
		return false
	}
	return !dom.HasAncestor(n, atom.Table, atom.Code, atom.Pre)
}

func (s *scorer) initial(n *html.Node) float64 {
	v := 0.0
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main:
		v = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		v = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		v = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		v = -5
	}
	return v + s.classWeight(n)
}

func (s *scorer) classWeight(n *html.Node) float64 {
	if !s.f.weightClasses {
		return 0
	}
	return classWeight(n)
}

func classWeight(n *html.Node) float64 {
	w := 0.0
	for _, v := range []string{strings.ToLower(dom.Attr(n, "class")), strings.ToLower(dom.Attr(n, "id"))} {
		if v == "" {
			continue
		}
		if lexicon.NegativeClass(v) {
			w -= 25
		}
		if lexicon.PositiveClass().In(v) {
			w += 25
		}
	}
	if dom.IsElem(n, atom.Article) || strings.Contains(dom.Attr(n, "itemprop"), "articleBody") {
		w += 25
	}
	return w
}

// promote moves the top candidate up to the ancestor that holds the other
// strong candidates too (a story split in several blocks), and up through
// wrappers that hold nothing else.
func (s *scorer) promote(top *html.Node, candidates []*html.Node) *html.Node {
	topScore := s.score[top]
	var alts []*html.Node
	for _, c := range candidates[1:min(len(candidates), 6)] {
		if s.score[c]/topScore >= 0.75 {
			alts = append(alts, c)
		}
	}
	if len(alts) >= 3 {
		for p := top.Parent; p != nil && !dom.IsElem(p, atom.Body, atom.Html); p = p.Parent {
			n := 0
			for _, a := range alts {
				if contains(p, a) {
					n++
				}
			}
			if n >= 3 {
				top = p
				break
			}
		}
	}
	if _, ok := s.score[top]; !ok {
		s.score[top] = s.initial(top)
	}
	last := s.score[top]
	threshold := last / 3
	for p := top.Parent; p != nil && !dom.IsElem(p, atom.Body, atom.Html); p = p.Parent {
		ps, ok := s.score[p]
		if !ok {
			continue
		}
		if ps < threshold {
			break
		}
		if ps > last {
			top = p
			break
		}
		last = ps
	}
	for p := top.Parent; p != nil && !dom.IsElem(p, atom.Body, atom.Html) && elementChildren(p) == 1; p = p.Parent {
		top = p
	}
	return top
}

func contains(a, b *html.Node) bool {
	for p := b; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

func elementChildren(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		}
	}
	return k
}

var sentenceEndRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.( |$)`) })

// gather builds the article from the top candidate and those of its
// siblings that look like more of the same story. It moves them out of
// the page, which grab's caller no longer needs.
func (s *scorer) gather(top *html.Node) *html.Node {
	out := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	if top.Parent == nil {
		out.AppendChild(top)
		return out
	}
	var kept []*html.Node
	topScore := s.score[top]
	threshold := math.Max(10, topScore*0.2)
	topClass := dom.Attr(top, "class")
	for sib := top.Parent.FirstChild; sib != nil; sib = sib.NextSibling {
		if sib.Type != html.ElementNode {
			continue
		}
		keep := sib == top
		if !keep {
			bonus := 0.0
			if topClass != "" && dom.Attr(sib, "class") == topClass {
				bonus = topScore * 0.2
			}
			if sc, ok := s.score[sib]; ok && sc+bonus >= threshold {
				keep = true
			} else if dom.IsElem(sib, atom.P) || (dom.IsElem(sib, atom.Div, atom.Section) && !dom.HasBlockChild(sib)) {
				ld := dom.LinkDensity(sib)
				text := dom.TextOf(sib)
				l := len([]rune(text))
				switch {
				case l > 80 && ld < 0.25:
					keep = true
				case l > 0 && l <= 80 && ld == 0 && sentenceEndRe().MatchString(text):
					keep = true
				}
			}
		}
		if keep {
			kept = append(kept, sib)
		}
	}
	for _, k := range kept {
		k.Parent.RemoveChild(k)
		out.AppendChild(k)
	}
	return out
}

// wrapChildren moves n's children into a new <div>.
func wrapChildren(n *html.Node) *html.Node {
	out := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		out.AppendChild(c)
		c = next
	}
	return out
}

// inlineTags are phrasing content: runs of them and of text between block
// children of a <div> are wrapped in a <p>.
var inlineTags = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Br: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Dfn: true, atom.Em: true, atom.I: true,
	atom.Img: true, atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true,
	atom.Small: true, atom.Span: true, atom.Strong: true, atom.Sub: true, atom.Sup: true,
	atom.Time: true, atom.U: true, atom.Var: true, atom.Wbr: true, atom.Del: true, atom.Ins: true,
	atom.Font: true, atom.Strike: true, atom.Tt: true, atom.Picture: true, atom.Big: true,
}

// wrapInlineRuns puts each run of text and inline elements directly under
// n (which also has block children) into a <p>, so that text written
// straight into a <div> is scored and rendered as the paragraph it is.
func wrapInlineRuns(n *html.Node) []*html.Node {
	var made []*html.Node
	var run []*html.Node
	flush := func() {
		hasText := false
		for _, r := range run {
			if (r.Type == html.TextNode && strings.TrimSpace(r.Data) != "") || (r.Type == html.ElementNode && dom.TextLen(r) > 0) {
				hasText = true
				break
			}
		}
		if hasText {
			p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
			n.InsertBefore(p, run[0])
			for _, r := range run {
				n.RemoveChild(r)
				p.AppendChild(r)
			}
			made = append(made, p)
		}
		run = run[:0]
	}
	for c := n.FirstChild; c != nil; {
		if brBreak(c) {
			// Two line breaks in a row end a paragraph, as they look.
			flush()
			for c != nil && (dom.IsElem(c, atom.Br) || (c.Type == html.TextNode && strings.TrimSpace(c.Data) == "")) {
				next := c.NextSibling
				n.RemoveChild(c)
				c = next
			}
			continue
		}
		next := c.NextSibling
		inline := c.Type == html.TextNode || (c.Type == html.ElementNode && inlineTags[c.DataAtom] && !dom.HasBlockChild(c))
		if inline {
			run = append(run, c)
		} else if c.Type == html.ElementNode {
			flush()
		}
		c = next
	}
	flush()
	return made
}

// brBreak reports whether c is a <br> followed (past white space) by
// another.
func brBreak(c *html.Node) bool {
	if !dom.IsElem(c, atom.Br) {
		return false
	}
	nx := c.NextSibling
	for nx != nil && nx.Type == html.TextNode && strings.TrimSpace(nx.Data) == "" {
		nx = nx.NextSibling
	}
	return dom.IsElem(nx, atom.Br)
}

// hasBrBreak reports whether two line breaks in a row separate n's
// children: text laid out in paragraphs without <p>.
func hasBrBreak(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if brBreak(c) {
			return true
		}
	}
	return false
}

// pageTitle is the page's own headline: its single best <h1>, else the
// <title> without the site name.
func pageTitle(doc *html.Node) string {
	var h1s []string
	title := ""
	dom.Walk(doc, func(n *html.Node) bool {
		if dom.IsElem(n, atom.Title) && title == "" {
			title = dom.TextOf(n)
			return false
		}
		if dom.IsElem(n, atom.H1) {
			if t := dom.TextOf(n); len(t) >= 5 && len(t) <= 300 {
				h1s = append(h1s, t)
			}
			return false
		}
		return !dom.IsElem(n, atom.Script, atom.Style)
	})
	stripped := stripSiteName(title)
	for _, h := range h1s {
		if stripped != "" && (strings.Contains(title, h) || strings.Contains(h, stripped)) {
			return h
		}
	}
	if len(h1s) == 1 {
		return h1s[0]
	}
	return stripped
}

var titleSepRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+[|\-–—»:·]\s+`) })

func stripSiteName(t string) string {
	locs := titleSepRe().FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return t
	}
	last := locs[len(locs)-1]
	head := t[:last[0]]
	if len(strings.Fields(head)) >= 3 {
		return head
	}
	first := locs[0]
	if tail := t[first[1]:]; len(strings.Fields(tail)) >= 3 && len(strings.Fields(t[:first[0]])) <= 3 {
		return tail
	}
	return t
}
