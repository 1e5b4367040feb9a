package metadata

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"
	"github.com/tidings-app/tidings/feed/extract/internal/prepare"

	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Signals is everything one walk over the page learns that metadata can
// be read from. Maps are keyed by lower-cased meta name/property.
type Signals struct {
	// doc is the page, for the searches only some pages need; head
	// keeps the texts around its headline once one of them read them.
	doc  *html.Node
	head struct {
		texts   []string
		h1, end int
		read    bool
	}
	base     *url.URL
	htmlLang string
	// metaProp holds <meta property|itemprop> values and meta the <meta
	// name|http-equiv> ones; RDFa properties are the more deliberate
	// markup, so they are read first.
	metaProp  map[string][]string
	meta      map[string][]string
	TitleTag  string
	H1        []string
	headerH1  []string
	canonical string
	imageSrc  string
	// alternates are <link rel=alternate hreflang> pairs (language,
	// address); the one pointing at this page gives its language.
	alternates [][2]string
	Ld         ldData

	// itemprop holds microdata values of non-meta elements, keyed by
	// lower-cased property name.
	itemprop map[string][]string
	// pubTimes are <time datetime> values that look like the article's
	// own (not inside navigation, comments or teasers).
	pubTimes []string

	bylines          []bylineCandidate
	visiblePublished []string
	visibleModified  []string
	visibleTags      []string
	visibleSection   string
	leadTexts        []string
	// tailTexts are the last short paragraphs of the article, where a
	// credit such as "— Reuters" or "Source: AFP" sits.
	tailTexts []string
	figures   []metaFigure
}

type bylineCandidate struct {
	text string
	rank int // lower is more specific
	node *html.Node
}

type metaFigure struct {
	src       string
	caption   string
	inArticle bool
}

// walkState carries what the walk knows about the ancestors of a node.
type walkState struct {
	inArticle bool
	// clutter is set inside navigation, footers, asides, comment sections
	// and teaser lists: dates, bylines and tags there belong to other
	// stories or to the site.
	clutter bool
	inHead  bool
	// siteHeader is set inside the page's own header (logo, menu,
	// today's date), as opposed to an article's header.
	siteHeader bool
	// hidden is set inside what the page hides from its readers.
	hidden bool
}

// maxWalkDepth bounds the recursion; pages nested deeper than this are
// broken and their deep content holds no metadata.
const maxWalkDepth = 2000

// CollectSignals walks the page once and gathers every signal metadata
// is read from.
func CollectSignals(doc *html.Node, pageURL *url.URL) *Signals {
	s := &Signals{doc: doc, meta: map[string][]string{}, metaProp: map[string][]string{}, itemprop: map[string][]string{}, base: pageURL}
	// <base href> changes how every relative URL of the page resolves.
	if b := mFindFirst(doc, atom.Base, 0); b != nil {
		if href := dom.HTMLAttr(b, "href"); href != "" {
			if u, err := url.Parse(strings.TrimSpace(href)); err == nil {
				if pageURL != nil {
					u = pageURL.ResolveReference(u)
				}
				if u.IsAbs() {
					s.base = u
				}
			}
		}
	}
	var ldTexts []string
	s.walk(doc, walkState{}, 0, &ldTexts)
	s.H1 = append(s.H1, s.headerH1...)
	var addrs []string
	if s.canonical != "" {
		addrs = append(addrs, s.resolve(s.canonical))
	}
	if pageURL != nil {
		addrs = append(addrs, pageURL.String())
	}
	s.Ld = parseJSONLD(ldTexts, addrs...)
	s.bylines = innermostBylines(s.bylines)
	s.parselyPage()
	return s
}

// parselyPage unpacks the older Parse.ly markup, one JSON object in
// <meta name="parsely-page">, into the parsely-* keys the newer markup
// uses, so both are read the same way.
func (s *Signals) parselyPage() {
	raw := mFirstOf(s.meta["parsely-page"])
	if raw == "" {
		return
	}
	var p struct {
		Title   string          `json:"title"`
		Author  json.RawMessage `json:"author"`
		Authors []string        `json:"authors"`
		PubDate string          `json:"pub_date"`
		Section string          `json:"section"`
		Tags    []string        `json:"tags"`
	}
	if json.Unmarshal([]byte(raw), &p) != nil {
		return
	}
	set := func(k string, v ...string) {
		if len(s.meta[k]) == 0 {
			for _, x := range v {
				if x = Squash(x); x != "" {
					s.meta[k] = append(s.meta[k], x)
				}
			}
		}
	}
	set("parsely-title", p.Title)
	set("parsely-pub-date", p.PubDate)
	set("parsely-section", p.Section)
	set("parsely-tags", strings.Join(p.Tags, ","))
	var one string
	if json.Unmarshal(p.Author, &one) == nil {
		p.Authors = append([]string{one}, p.Authors...)
	}
	set("parsely-author", p.Authors...)
}

// innermostBylines drops a byline candidate that contains another one
// ("By Jane Doe, Games Editor" around <a class=author>Jane Doe</a>) and,
// for one element found twice, keeps the more specific reading.
func innermostBylines(cands []bylineCandidate) []bylineCandidate {
	best := map[*html.Node]int{}
	for _, c := range cands {
		if r, ok := best[c.node]; !ok || c.rank < r {
			best[c.node] = c.rank
		}
	}
	hasInner := map[*html.Node]bool{}
	for _, c := range cands {
		for p := c.node.Parent; p != nil; p = p.Parent {
			if _, ok := best[p]; ok {
				hasInner[p] = true
			}
		}
	}
	var out []bylineCandidate
	seen := map[*html.Node]bool{}
	for _, c := range cands {
		if hasInner[c.node] || seen[c.node] || best[c.node] != c.rank {
			continue
		}
		seen[c.node] = true
		out = append(out, c)
	}
	return out
}

func mFindFirst(n *html.Node, a atom.Atom, depth int) *html.Node {
	if depth > maxWalkDepth {
		return nil
	}
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := mFindFirst(c, a, depth+1); f != nil {
			return f
		}
	}
	return nil
}

func (s *Signals) walk(n *html.Node, st walkState, depth int, ldTexts *[]string) {
	if depth > maxWalkDepth {
		return
	}
	if n.Type == html.ElementNode {
		if !s.element(n, &st, ldTexts) {
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.walk(c, st, depth+1, ldTexts)
	}
}

// element records what n says and updates st for its children. It reports
// whether the walk should descend into n.
func (s *Signals) element(n *html.Node, st *walkState, ldTexts *[]string) bool {
	classID := lowerClassID(n)
	if !st.hidden && !st.inHead && n.DataAtom != atom.Html && n.DataAtom != atom.Body && prepare.HiddenByPage(n) {
		// What the page does not show (an editors' "[update]" link in a
		// display:none <sup>) is no byline, date or tag of the story.
		st.clutter, st.hidden = true, true
	}
	if s.documentElement(n, st, ldTexts) {
		return false
	}
	s.storyElement(n, st, classID)
	s.classSignals(n, st, classID)
	return true
}

// lowerClassID is n's class and id, lower-cased, joined by a space.
func lowerClassID(n *html.Node) string {
	// Built only when both are set; ToLower returns a lower-case string
	// as it is.
	switch cls, id := dom.HTMLAttr(n, "class"), dom.HTMLAttr(n, "id"); {
	case id == "":
		return strings.ToLower(strings.TrimSpace(cls))
	case cls == "":
		return strings.ToLower(strings.TrimSpace(id))
	default:
		return strings.ToLower(strings.TrimSpace(cls + " " + id))
	}
}

// documentElement reads the elements about the document rather than the
// story (its language, head, title, meta tags, links and scripts). It
// reports whether n is a leaf for the walk: its text is no story text.
func (s *Signals) documentElement(n *html.Node, st *walkState, ldTexts *[]string) bool {
	switch n.DataAtom {
	case atom.Html:
		s.htmlLang = dom.HTMLAttr(n, "lang")
		if s.htmlLang == "" {
			s.htmlLang = dom.HTMLAttr(n, "xml:lang")
		}
	case atom.Head:
		st.inHead = true
	case atom.Title:
		if s.TitleTag == "" && !dom.InsideSVG(n) {
			s.TitleTag = Squash(dom.BlockTextLimit(n, 2000))
		}
		return true
	case atom.Meta:
		s.metaTag(n)
		return true
	case atom.Link:
		s.linkTag(n)
		return true
	case atom.Script:
		if strings.Contains(strings.ToLower(dom.HTMLAttr(n, "type")), "ld+json") {
			*ldTexts = append(*ldTexts, dom.BlockText(n))
		}
		return true
	case atom.Style, atom.Template, atom.Svg, atom.Noscript, atom.Iframe:
		return true
	}
	return false
}

// linkTag reads a <link>: the canonical address, the image and the
// versions in other languages.
func (s *Signals) linkTag(n *html.Node) {
	rel := strings.ToLower(dom.HTMLAttr(n, "rel"))
	switch {
	case dom.HasToken(rel, "canonical") && s.canonical == "":
		s.canonical = dom.HTMLAttr(n, "href")
	case dom.HasToken(rel, "image_src") && s.imageSrc == "":
		s.imageSrc = dom.HTMLAttr(n, "href")
	case dom.HasToken(rel, "alternate") && dom.HTMLAttr(n, "hreflang") != "" && len(s.alternates) < 200:
		s.alternates = append(s.alternates, [2]string{dom.HTMLAttr(n, "hreflang"), dom.HTMLAttr(n, "href")})
	}
}

// storyElement reads the elements that mark regions of the page (its
// navigation, header, footer, article) and the story's headline, times,
// figures and paragraphs.
func (s *Signals) storyElement(n *html.Node, st *walkState, classID string) {
	switch n.DataAtom {
	case atom.Nav:
		st.clutter = true
	case atom.Header:
		if !st.inArticle && !lexicon.ContainsAny(classID, []string{"article", "post", "entry", "story", "content", "title"}) {
			st.siteHeader = true
		}
	case atom.Footer:
		// A site footer is clutter; an article's own footer holds its
		// byline and tags.
		if !st.inArticle {
			st.clutter = true
		}
	case atom.Article, atom.Main:
		st.inArticle = true
	case atom.H1:
		if !st.clutter {
			if t := Squash(dom.BlockTextLimit(n, 2000)); t != "" {
				// A logo in the site header is often an <h1>; it goes
				// after the page's other <h1>s.
				if st.siteHeader {
					s.headerH1 = append(s.headerH1, t)
				} else {
					s.H1 = append(s.H1, t)
				}
			}
		}
	case atom.Time:
		if !st.clutter && !st.siteHeader {
			s.timeElement(n)
		}
	case atom.Figure:
		s.figure(n, st)
	case atom.P:
		s.paragraph(n, st)
	}
}

// timeElement reads a visible <time> outside microdata as a publication
// or, when labelled so, a modification date.
func (s *Signals) timeElement(n *html.Node) {
	dt := dom.HTMLAttr(n, "datetime")
	if dt == "" {
		dt = Squash(dom.BlockTextLimit(n, 2000))
	}
	if dom.HTMLAttr(n, "itemprop") == "" && dt != "" {
		if dateLabel(n) == "modified" {
			s.visibleModified = append(s.visibleModified, dt)
		} else {
			s.pubTimes = append(s.pubTimes, dt)
		}
	}
}

// paragraph keeps the first paragraphs of the page (for the excerpt) and
// the last short ones of the article (where an agency credit sits).
func (s *Signals) paragraph(n *html.Node, st *walkState) {
	if len(s.leadTexts) < 6 && !st.clutter {
		if t := Squash(dom.BlockTextLimit(n, 2000)); len(t) > 30 {
			s.leadTexts = append(s.leadTexts, t)
		}
	}
	if st.inArticle && !st.clutter {
		// Most paragraphs are long: they are counted, not copied (a
		// long one would give a squashed text of 120 bytes or more).
		if !dom.BlockTextAtLeast(n, 300, 120) {
			if t := Squash(dom.BlockTextLimit(n, 300)); t != "" && len(t) < 120 {
				if len(s.tailTexts) == 3 {
					s.tailTexts = s.tailTexts[1:]
				}
				s.tailTexts = append(s.tailTexts, t)
			}
		}
	}
}

// classSignals reads what n's class, id, itemprop and rel say: clutter,
// the article, microdata, and the byline, dateline, tags, caption and
// section they name.
func (s *Signals) classSignals(n *html.Node, st *walkState, classID string) {
	// Body and article classes describe the whole page ("sidebar-primary
	// single-post"), not a region of it.
	wholePage := n.DataAtom == atom.Body || n.DataAtom == atom.Html || n.DataAtom == atom.Main || n.DataAtom == atom.Article
	if !st.clutter && !wholePage && classID != "" && lexicon.ClutterClass().In(classID) {
		st.clutter = true
	}
	if lexicon.ArticleClass().In(classID) {
		st.inArticle = true
	}
	if ip := dom.HTMLAttr(n, "itemprop"); ip != "" {
		s.microdata(n, ip, st)
	}
	if st.inHead {
		return
	}
	if !st.clutter && !st.siteHeader {
		s.byline(n, classID)
		s.dateline(n, classID)
	}
	if s.visibleTags == nil && !st.hidden && classID != "" && lexicon.TagsClass().In(classID) {
		s.tagList(n)
	}
	if dom.HasToken(strings.ToLower(dom.HTMLAttr(n, "rel")), "tag") && n.DataAtom == atom.A && s.visibleTags == nil && !st.hidden {
		// Loose rel=tag links outside a tag list container: collect them
		// all from the parent.
		if n.Parent != nil {
			s.tagList(n.Parent)
		}
	}
	if classID != "" && n.DataAtom != atom.Figcaption && n.DataAtom != atom.Figure && (strings.Contains(classID, "caption") || strings.Contains(classID, "cutline")) {
		s.captionBlock(n, st)
	}
	if s.visibleSection == "" && !st.clutter && !wholePage && classID != "" && lexicon.SectionClass().In(classID) {
		s.visibleSection = sectionText(n)
	}
}

func (s *Signals) metaTag(n *html.Node) {
	content, ok := dom.HTMLAttrOK(n, "content")
	if !ok {
		content, ok = dom.HTMLAttrOK(n, "value")
	}
	if !ok {
		return
	}
	content = strings.TrimSpace(content)
	if content == "" {
		return
	}
	// property="og:title article:tag" style space-separated lists are
	// valid RDFa: every token names the same value.
	add := func(m map[string][]string, keys []string) {
		for _, k := range keys {
			// "DC.title", "dc:title", "dcterms.title" spell the same thing.
			k = strings.Replace(k, "dc:", "dc.", 1)
			k = strings.Replace(k, "dcterms:", "dcterms.", 1)
			k = strings.Replace(k, "weibo:", "weibo.", 1)
			m[k] = append(m[k], content)
		}
	}
	add(s.metaProp, strings.Fields(strings.ToLower(dom.HTMLAttr(n, "property")+" "+dom.HTMLAttr(n, "itemprop"))))
	add(s.meta, strings.Fields(strings.ToLower(dom.HTMLAttr(n, "name"))))
	if he := strings.ToLower(strings.TrimSpace(dom.HTMLAttr(n, "http-equiv"))); he != "" {
		add(s.meta, []string{he})
	}
}

// microdata records itemprop values of non-meta elements.
func (s *Signals) microdata(n *html.Node, props string, st *walkState) {
	for _, p := range strings.Fields(strings.ToLower(props)) {
		var v string
		switch {
		case p == "author" || p == "creator":
			if st.clutter {
				continue
			}
			v = microdataName(n)
			if v != "" {
				s.bylines = append(s.bylines, bylineCandidate{text: v, rank: 0, node: n})
			}
			continue
		case n.DataAtom == atom.Time || dom.HTMLAttr(n, "datetime") != "":
			v = dom.HTMLAttr(n, "datetime")
			if v == "" {
				v = dom.BlockTextLimit(n, 2000)
			}
		case n.DataAtom == atom.Img:
			v = mFirst(dom.HTMLAttr(n, "src"), dom.HTMLAttr(n, "data-src"))
		case n.DataAtom == atom.A || n.DataAtom == atom.Link:
			if p == "url" || p == "image" {
				v = dom.HTMLAttr(n, "href")
			} else {
				v = dom.BlockTextLimit(n, 2000)
			}
		default:
			if c, ok := dom.HTMLAttrOK(n, "content"); ok {
				v = c
			} else {
				v = dom.BlockTextLimit(n, 2000)
			}
		}
		if v = Squash(v); v != "" && len(v) < 500 {
			s.itemprop[p] = append(s.itemprop[p], v)
		}
	}
}

// microdataName returns the name inside an itemprop=author element: its
// itemprop=name descendant when it has one, else its own text.
func microdataName(n *html.Node) string {
	var name string
	var find func(*html.Node, int)
	find = func(c *html.Node, depth int) {
		if name != "" || depth > 20 {
			return
		}
		if c.Type == html.ElementNode && dom.HasToken(strings.ToLower(dom.HTMLAttr(c, "itemprop")), "name") {
			if v, ok := dom.HTMLAttrOK(c, "content"); ok {
				name = v
			} else {
				name = dom.BlockTextLimit(c, 600)
			}
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			find(k, depth+1)
		}
	}
	find(n, 0)
	if name == "" {
		if v, ok := dom.HTMLAttrOK(n, "content"); ok {
			name = v
		} else {
			name = dom.BlockTextLimit(n, 600)
		}
	}
	return Squash(name)
}

func (s *Signals) metaFirst(keys ...string) string {
	for _, k := range keys {
		if v := mFirstOf(s.metaProp[k]); v != "" {
			return v
		}
		if v := mFirstOf(s.meta[k]); v != "" {
			return v
		}
	}
	return ""
}

// MetaAll returns the values of the meta tags named by keys (as property
// and as name), in the order of keys.
func (s *Signals) MetaAll(keys ...string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, s.metaProp[k]...)
		out = append(out, s.meta[k]...)
	}
	return out
}

// metaFirstKey returns every value of the first key that has any: the
// two DC.creator entries of a two-author paper, but not the author meta
// as well when dc.creator already named the people.
func (s *Signals) metaFirstKey(keys ...string) []string {
	for _, k := range keys {
		// A page that says the same thing as property and as name (or
		// twice as name) repeats itself; only one kind is read.
		if v := s.metaProp[k]; len(v) > 0 {
			return v
		}
		if v := s.meta[k]; len(v) > 0 {
			return v
		}
	}
	return nil
}
