package readable

import (
	"strings"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The safety net. The main scorer is tuned to find the story's block among
// many; on a layout it has never seen it can settle on a caption, a side
// box or nothing. Two candidates that owe nothing to its scoring stand
// beside it:
//
//   - declared: the container the page itself names as the article body
//     (microdata itemprop=articleBody, a class such as articleBody or
//     article-body), else its only <article>;
//   - baseline: every prose paragraph of the page in order, the plain
//     paragraph-density reading of the page.
//
// survey measures both on the prepared page before the scorer consumes
// it; arbitrate builds one from a fresh parse only when the main result
// is empty, mostly captions or links, or much shorter than a credible
// alternative, so that a page the scorer reads well pays one walk.

// altKind names a safety-net candidate.
type altKind int

const (
	altDeclared altKind = iota
	altBaseline
	altHeadline
)

// survey is what the safety net knows of a prepared page.
type survey struct {
	// declared is the pre-order element index of the declared body (-1
	// when none) and declaredLen its text length.
	declared, declaredLen int
	// lone says the declared body is only the page's one <article>, which
	// often wraps comments and more: it stands in only for a lost story.
	lone bool
	// baselineLen is the text of the baseline's paragraphs.
	baselineLen int
	// headline is the index of the block under the page's own headline
	// (-1 when none) and headlineLen its text less the headline's: a
	// story too short for the scorer, such as a short post above a
	// listing of others.
	headline, headlineLen int
}

// minBaselinePara is the text a paragraph needs to count as prose in the
// baseline: shorter ones are labels, buttons and teaser lines.
const minBaselinePara = 60

// declaresBody reports whether n names itself the article's body.
func declaresBody(n *html.Node) bool {
	if strings.Contains(dom.Attr(n, "itemprop"), "articleBody") {
		return true
	}
	c := dom.Attr(n, "class")
	// Every name looked for ends in "body" or "content": most classes
	// are passed over without being lowered.
	if len(c) < 10 || !(strings.Contains(c, "ody") || strings.Contains(c, "ontent")) {
		return false
	}
	c = strings.ToLower(c)
	for f := range strings.FieldsSeq(c) {
		switch f {
		case "articlebody", "article-body", "article__body", "article_body", "story-body", "entry-content", "post-content":
			return true
		}
	}
	return false
}

// surveyPage walks the prepared page once. The element indices it records
// match those of another parse of the same source prepared the same way.
func surveyPage(body *html.Node) survey {
	s := survey{declared: -1, headline: -1}
	var articles []int
	var articleLens []int
	var h1 *html.Node
	teasers := teaserMemo{}
	walkSurvey(body, func(n *html.Node, i int, furniture bool) bool {
		switch {
		case n.DataAtom == atom.H1 && h1 == nil && !linkedHeading(n) && !dom.HasAncestor(n, atom.A):
			h1 = n
		case declaresBody(n):
			if l := dom.TextLen(n); l > s.declaredLen && dom.LinkDensity(n) < 0.5 {
				s.declared, s.declaredLen = i, l
			}
		case n.DataAtom == atom.Article && !dom.HasAncestor(n, atom.Article):
			articles = append(articles, i)
			articleLens = append(articleLens, dom.TextLen(n))
		case n.DataAtom == atom.P:
			if baselinePara(n, furniture, teasers) {
				s.baselineLen += dom.TextLen(n)
			}
			return false
		}
		return true
	})
	if s.declared < 0 && len(articles) == 1 && linkDensityAt(body, articles[0]) < 0.5 {
		s.declared, s.declaredLen, s.lone = articles[0], articleLens[0], true
	}
	if h1 != nil {
		hl := dom.TextLen(h1)
		a := h1.Parent
		for a != nil && a != body && dom.TextLen(a) < hl+minBaselinePara {
			a = a.Parent
		}
		if a != nil && a != body && linkedHeadings(a) == 0 && dom.LinkDensity(a) < 0.3 {
			walkSurvey(body, func(n *html.Node, i int, _ bool) bool {
				if n == a {
					s.headline, s.headlineLen = i, dom.TextLen(a)-hl
				}
				return s.headline < 0
			})
		}
	}
	return s
}

// walkSurvey visits the elements under root in pre-order with their
// index and whether they stand inside furniture (a list item, a figure or
// its caption, a link, or a block whose class names boilerplate); fn
// returning false skips the element's children (they keep their
// indices).
func walkSurvey(root *html.Node, fn func(n *html.Node, i int, furniture bool) bool) {
	i := 0
	var rec func(n *html.Node, furniture bool)
	rec = func(n *html.Node, furniture bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			me := i
			i++
			if fn(c, me, furniture) {
				inner := furniture
				if !inner {
					switch c.DataAtom {
					case atom.Li, atom.Figcaption, atom.Figure, atom.A:
						inner = true
					default:
						if (dom.HasAttr(c, "class") || dom.HasAttr(c, "id")) && boilerClass(dom.ClassID(c)) && !declaresBody(c) {
							inner = true
						}
					}
				}
				rec(c, inner)
			} else {
				i += countElements(c)
			}
		}
	}
	rec(root, false)
}

func countElements(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k += 1 + countElements(c)
		}
	}
	return k
}

// elementAt returns the element with the given pre-order index under root.
func elementAt(root *html.Node, idx int) *html.Node {
	var found *html.Node
	walkSurvey(root, func(n *html.Node, i int, _ bool) bool {
		if i == idx {
			found = n
		}
		return found == nil && i < idx
	})
	return found
}

func linkDensityAt(root *html.Node, idx int) float64 {
	if n := elementAt(root, idx); n != nil {
		return dom.LinkDensity(n)
	}
	return 1
}

// baselinePara reports whether p is prose: long enough, few links, and
// not inside furniture (as walkSurvey tells) or a teaser card.
func baselinePara(p *html.Node, furniture bool, teasers teaserMemo) bool {
	if furniture || dom.TextLen(p) < minBaselinePara || dom.LinkDensity(p) >= 0.3 {
		return false
	}
	level := 0
	for a := p.Parent; a != nil && a.Type == html.ElementNode && level < 3; a = a.Parent {
		level++
		if teasers.is(a) {
			return false
		}
	}
	return true
}

// teaserCard reports whether n is the card of another story: a block
// whose own heading is a link away, over an excerpt.
func teaserCard(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if dom.IsElem(c, atom.H1, atom.H2, atom.H3, atom.H4) && linkedHeading(c) {
			return true
		}
	}
	return false
}

// teaserMemo remembers teaserCard's answer per node for one walk: the
// paragraphs of one parent all ask about it, and a page of thousands of
// sibling blocks would otherwise rescan its children once per paragraph.
type teaserMemo map[*html.Node]bool

func (m teaserMemo) is(n *html.Node) bool {
	v, ok := m[n]
	if !ok {
		v = teaserCard(n)
		m[n] = v
	}
	return v
}

// buildAlt builds the candidate of the given kind from body, a fresh
// prepared parse of the page, moving its nodes into a new <div>.
func buildAlt(body *html.Node, s survey, kind altKind) *html.Node {
	out := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	switch kind {
	case altDeclared, altHeadline:
		idx := s.declared
		if kind == altHeadline {
			idx = s.headline
		}
		n := elementAt(body, idx)
		if n == nil {
			return nil
		}
		n.Parent.RemoveChild(n)
		out.AppendChild(n)
	case altBaseline:
		var paras []*html.Node
		teasers := teaserMemo{}
		walkSurvey(body, func(n *html.Node, _ int, furniture bool) bool {
			if n.DataAtom == atom.P {
				if baselinePara(n, furniture, teasers) {
					paras = append(paras, n)
				}
				return false
			}
			return true
		})
		for _, p := range paras {
			p.Parent.RemoveChild(p)
			out.AppendChild(p)
		}
	}
	return out
}

// captionShare is the part of content's text in captions.
func captionShare(content *html.Node, total int) float64 {
	if total == 0 {
		return 0
	}
	c := 0
	dom.Walk(content, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		// A caption is short: a block of paragraphs named "caption-wrap"
		// is a layout.
		if n.DataAtom == atom.Figcaption || (strings.Contains(strings.ToLower(dom.Attr(n, "class")), "caption") && !dom.HasBlockChild(n)) {
			c += dom.TextLen(n)
			return false
		}
		return true
	})
	return float64(c) / float64(total)
}

// weak reports whether the main result has lost the story: nothing, or
// mostly captions or links.
func weak(content *html.Node) bool {
	if content == nil {
		return true
	}
	l := dom.TextLen(content)
	return l == 0 || captionShare(content, l) > 0.5 || dom.LinkDensity(content) > 0.5
}

// minAlt is the text a safety-net candidate needs to be credible.
const minAlt = 250

// storyChars is a main result long enough (some 300 words) to be a story
// in its own right: a longer candidate then wraps more than the story
// (comments, other posts) more often than the scorer missed most of it.
const storyChars = 2000

// arbitrate returns the main result, or a safety-net candidate when the
// main result has lost the story (weak) or is much shorter than a
// credible candidate while itself short (storyChars): half the declared
// body, a quarter of the baseline (which also gathers stray paragraphs of
// the page). fresh returns the
// body of a new prepared parse of the page (nil when it cannot); polish
// runs the finishing steps the main result had.
//
// It also reports whether the result is an evident story: the page's
// declared body, or the block under its headline, which the "is this an
// article" gate takes even when short.
func arbitrate(main *html.Node, s survey, fresh func() *html.Node, ev *evidence, polish func(*html.Node)) (*html.Node, bool) {
	mainLen := 0
	if main != nil {
		mainLen = dom.TextLen(main)
	}
	lost := weak(main)
	for _, c := range []struct {
		kind   altKind
		est    int
		factor int
	}{{altDeclared, s.declaredLen, 2}, {altBaseline, s.baselineLen, 4}, {altHeadline, s.headlineLen, 0}} {
		least := minAlt
		if c.kind == altHeadline {
			// Only for a lost story: what stands under the headline.
			least = minBaselinePara
			if !lost {
				continue
			}
		}
		if c.est < least || (c.kind == altDeclared && s.declared < 0) || (c.kind == altHeadline && s.headline < 0) {
			continue
		}
		if !lost && (mainLen >= storyChars || c.est <= c.factor*mainLen || (c.kind == altDeclared && s.lone)) {
			continue
		}
		body := fresh()
		if body == nil {
			return main, false
		}
		alt := buildAlt(body, s, c.kind)
		if alt == nil {
			continue
		}
		clean(alt, flags{true, true, true}, ev)
		polish(alt)
		l := dom.TextLen(alt)
		if !lost && c.kind == altDeclared && !holdsLongest(alt, main) {
			// A declared body that does not hold what the scorer found
			// is not the story the scorer found more of.
			continue
		}
		if c.kind == altHeadline {
			if l >= least && l > mainLen && !weak(alt) {
				return alt, true
			}
			continue
		}
		if (l > c.factor*mainLen && !(c.kind == altDeclared && s.lone)) || (lost && l >= minAlt && l > mainLen && !weak(alt)) {
			return alt, c.kind == altDeclared && !s.lone && l >= minArticleChars
		}
	}
	return main, false
}

// holdsLongest reports whether alt holds the longest paragraph of main.
func holdsLongest(alt, main *html.Node) bool {
	longest, ll := "", 0
	for _, b := range LeafBlocks(main) {
		if l := dom.TextLen(b); l > ll {
			longest, ll = dom.TextOf(b), l
		}
	}
	if ll < 40 {
		return true
	}
	return strings.Contains(Norm(dom.TextOf(alt)), Norm(longest))
}
