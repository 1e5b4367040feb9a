package metadata

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"golang.org/x/net/html"
	"golang.org/x/text/language"
)

// ExtractMetadata reads every metadata signal of the page (JSON-LD,
// OpenGraph, Twitter, Dublin Core, meta tags, microdata, visible byline and
// dateline) and returns an Article with the metadata fields filled: Title,
// Authors, Source, Site, Section, URL, Published, Modified, Lang, Tags,
// Excerpt, Image, ImageCaption. The body fields are left empty. It only
// reads doc, so the body engine may run on the same tree afterwards.
func ExtractMetadata(doc *html.Node, pageURL *url.URL) *feed.Article {
	a := &feed.Article{}
	if doc == nil {
		if pageURL != nil {
			a.URL = pageURL.String()
		}
		return a
	}
	s := CollectSignals(doc, pageURL)
	ld := s.Ld

	a.Site = s.siteName()
	a.Section = s.section()
	a.Title = s.title(a.Site, a.Section)
	a.Authors, a.Source = s.authorsAndSource()
	a.URL = s.canonicalURL(pageURL)
	a.Published, a.Modified = s.dates(a.URL)
	a.Lang = s.lang()
	a.Tags = s.tags()
	a.Excerpt = mFirst(ld.Str("description"), s.metaFirst("og:description", "twitter:description", "description", "dc.description", "dcterms.description", "sailthru.description"))
	a.Image, a.ImageCaption = s.image()

	if a.Source == "" {
		// An AP story run by a newspaper often names AP as its JSON-LD
		// publisher; on the agency's own site it is just the site.
		if ag := AgencyName(s.Ld.publisher()); ag != "" && AgencyName(a.Site) != ag && FoldKey(a.Site) != FoldKey(s.Ld.publisher()) {
			a.Source = ag
		}
	}
	a.Authors = dropSiteAuthors(a.Authors, a.Site, a.Source != "")

	a.Title = MetaClean(a.Title)
	a.Site = MetaClean(a.Site)
	a.Source = MetaClean(a.Source)
	a.Section = MetaClean(a.Section)
	a.Lang = sanitize.Line(a.Lang)
	a.Excerpt = MetaClean(a.Excerpt)
	a.ImageCaption = MetaClean(a.ImageCaption)
	a.URL = sanitize.Line(a.URL)
	a.Image = sanitize.Line(a.Image)
	a.Authors = metaCleanList(a.Authors)
	a.Tags = metaCleanList(a.Tags)
	return a
}

// metaCleanList cleans each value and drops those that end up empty or
// repeat an earlier one.
func metaCleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = MetaClean(v)
		k := strings.ToLower(v)
		if v == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, v)
	}
	return out
}

// MetaClean makes a metadata value safe to show on one line. Many CMSs
// escape HTML twice, so a meta value may still hold "&#8217;" or
// "&amp;amp;" after parsing; one more round of unescaping fixes those.
func MetaClean(s string) string {
	for i := 0; i < 2 && strings.Contains(s, "&") && strings.Contains(s, ";"); i++ {
		s = html.UnescapeString(s)
	}
	return Squash(sanitize.Line(s))
}

// dropSiteAuthors removes the publication from a list of people ("Jill
// Disis, CNN Business" on CNN). A publication credited alone is kept,
// since it is all the byline there is, unless an agency is credited.
func dropSiteAuthors(authors []string, site string, agency bool) []string {
	sk := strings.TrimPrefix(FoldKey(site), "the ")
	if (len(authors) < 2 && !agency) || sk == "" {
		return authors
	}
	var out []string
	for _, a := range authors {
		// Whole words only: "Ash" is not part of "Washington Post".
		ak := FoldKey(a)
		if ak != "" && (strings.Contains(" "+ak+" ", " "+sk+" ") || strings.Contains(" "+sk+" ", " "+ak+" ")) {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 && !agency {
		return authors
	}
	return out
}

// section returns the part of the site the article belongs to.
func (s *Signals) section() string {
	for _, v := range []string{
		s.Ld.firstString("articleSection"),
		s.metaFirst("article:section", "parsely-section", "sailthru.section", "section", "article.section", "category", "og:section", "dc.subject"),
		mFirstOf(s.itemprop["articlesection"]),
		s.visibleSection,
	} {
		if v = SectionName(v); v != "" {
			return v
		}
	}
	return ""
}

// genericSections are CMS defaults that name no part of a site.
var genericSections = map[string]bool{
	"post": true, "posts": true, "article": true, "articles": true, "page": true, "all": true,
	"blog": true, "uncategorized": true, "uncategorised": true, "general": true, "default": true,
	"home": true, "homepage": true, "main": true, "story": true, "content": true, "none": true,
	"nil": true, "null": true, "undefined": true, "front page": true, "front-page": true, "frontpage": true,
	"print": true, "print article": true, "news article": true,
}

var sectionLabelRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:posted|filed|published)\s+(?:in|under)\s+|^(?:section|category|rubrique|rubrik)\s*:\s*`)
})

// SectionName cleans a section value: the first of a comma list, and
// nothing for handles, CMS defaults, call-to-action text or long phrases.
func SectionName(v string) string {
	v = Squash(sectionLabelRE().ReplaceAllString(Squash(v), ""))
	if i := strings.IndexAny(v, ",;"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	lv := strings.ToLower(v)
	switch {
	case v == "", strings.HasPrefix(v, "@"), strings.HasPrefix(v, "/"), strings.Contains(v, "://"),
		genericSections[lv], len([]rune(v)) > 40, len(strings.Fields(v)) > 5:
		return ""
	}
	for _, w := range []string{"email", "share", "follow", "subscribe", "sign in", "log in", "newsletter"} {
		if strings.Contains(lv, w) {
			return ""
		}
	}
	return v
}

// canonicalURL prefers the page's own canonical address; a canonical that
// points at the site's home page while the page is deeper is a template
// mistake and is ignored.
func (s *Signals) canonicalURL(pageURL *url.URL) string {
	for _, raw := range []string{s.canonical, s.metaFirst("og:url"), s.Ld.Str("url")} {
		u := s.resolve(raw)
		if u == "" {
			continue
		}
		pu, err := url.Parse(u)
		if err != nil {
			continue
		}
		if (pu.Path == "" || pu.Path == "/") && pageURL != nil && pageURL.Path != "" && pageURL.Path != "/" {
			continue
		}
		return u
	}
	if pageURL != nil {
		return pageURL.String()
	}
	return ""
}

// dates returns the published and modified times. When one of them comes
// without a zone (a visible "Last modified: 09:19") and the other has one,
// the zone is shared: both were written by the same newsroom clock.
func (s *Signals) dates(pageURL string) (time.Time, time.Time) {
	pub := s.firstDate(append(s.PublishedCandidates(), UrlDate(pageURL)))
	mod := s.firstDate(s.ModifiedCandidates())
	if len(s.visiblePublished) == 0 && len(s.pubTimes) == 0 && len(s.itemprop["datepublished"]) == 0 {
		// A page that shows its readers one date, "Updated August 14,
		// 2025", and keeps its first publication in the metadata (an
		// evergreen guide first written years before its current text)
		// is dated by what it shows.
		if v := s.firstDate(s.visibleModified); v.Ok {
			pub = v
			if mod.Ok && mod.T.Format(time.DateOnly) == v.T.Format(time.DateOnly) {
				pub = mod // the same day, with its clock and zone
			}
		}
	}
	if !pub.Ok && !mod.Ok && s.doc != nil {
		pub = ParseMetaDate(s.headlineDate())
	}
	if pub.Ok && pub.Zone {
		pub.T = s.shownZone(pub.T, s.visiblePublished)
	}
	if mod.Ok && mod.Zone {
		mod.T = s.shownZone(mod.T, s.visibleModified)
	}
	if pub.Ok && mod.Ok {
		_, pubOff := pub.T.Zone()
		_, modOff := mod.T.Zone()
		switch {
		case !pub.Zone && mod.Zone:
			pub.T = inZone(pub.T, mod.T.Location())
		case pub.Zone && !mod.Zone:
			mod.T = inZone(mod.T, pub.T.Location())
		// A CMS often writes one time in UTC and the other in the
		// newsroom's zone; both are shown in the newsroom's.
		case pub.Zone && mod.Zone && pubOff == 0 && modOff != 0:
			pub.T = pub.T.In(mod.T.Location())
		case pub.Zone && mod.Zone && modOff == 0 && pubOff != 0:
			mod.T = mod.T.In(pub.T.Location())
		}
	}
	if pub.Ok && mod.Ok && mod.T.Before(pub.T) {
		// A modification before publication is a broken template field.
		mod = metaDate{}
	}
	return pub.T, mod.T
}

// shownZone returns t, a time the page gives in UTC, in the zone of the
// newsroom when the page also shows the same moment on its local clock
// without naming the zone ("December 26, 2023 - 9:03AM" beside
// 2023-12-25T22:03Z): the offset between the two clocks is the zone's,
// and the reader sees the day the newsroom printed.
func (s *Signals) shownZone(t time.Time, shown []string) time.Time {
	if _, off := t.Zone(); off != 0 {
		return t
	}
	for _, v := range shown {
		d := ParseMetaDate(v)
		if !d.Ok || d.Zone || !clockRE().MatchString(v) {
			continue
		}
		w := d.T
		diff := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, time.UTC).Sub(t.Truncate(time.Minute))
		if diff == 0 || diff%(15*time.Minute) != 0 || diff > 14*time.Hour || diff < -12*time.Hour {
			continue
		}
		return t.In(time.FixedZone("", int(diff/time.Second)))
	}
	return t
}

var urlDateRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|$|-)`) })

// UrlDate reads the publication day many blogs and newspapers put in the
// address ("/2019/11/20/slug"), as a last resort.
func UrlDate(u string) string {
	if m := urlDateRE().FindStringSubmatch(u); m != nil {
		return m[1] + "-" + m[2] + "-" + m[3]
	}
	return ""
}

func inZone(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// PublishedCandidates are the texts that may give the publication date,
// in order of trust.
func (s *Signals) PublishedCandidates() []string {
	c := []string{s.Ld.Str("datePublished"), s.Ld.Str("dateCreated")}
	c = append(c, s.MetaAll("article:published_time", "og:published_time", "article:published", "published_time",
		"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "dc.date.created",
		"date", "pubdate", "publishdate", "publish-date", "publish_date", "pub_date", "article.published", "article_date_original",
		"original-publish-date", "datepublished", "timestamp", "date.available", "cxenseparse:recs:publishtime", "article.created")...)
	c = append(c, s.itemprop["datepublished"]...)
	c = append(c, s.itemprop["datecreated"]...)
	c = append(c, s.pubTimes...)
	c = append(c, s.visiblePublished...)
	return c
}

// ModifiedCandidates are the texts that may give the date of the last
// change, in order of trust.
func (s *Signals) ModifiedCandidates() []string {
	c := []string{s.Ld.Str("dateModified")}
	c = append(c, s.MetaAll("article:modified_time", "og:updated_time", "article:modified", "modified_time", "dcterms.modified",
		"dc.date.modified", "last-modified", "lastmod", "article.updated", "sailthru.lastmodified", "datemodified")...)
	c = append(c, s.itemprop["datemodified"]...)
	c = append(c, s.visibleModified...)
	return c
}

// firstDate returns the first candidate that parses. A UTC time is
// shown in the page's own zone when another candidate gives the same
// instant with an offset (JSON-LD in UTC, article:published_time in
// -08:00): the reader sees the newsroom's date, not Greenwich's.
func (s *Signals) firstDate(cands []string) metaDate {
	for i, c := range cands {
		d := ParseMetaDate(c)
		if !d.Ok {
			continue
		}
		if _, off := d.T.Zone(); d.Zone && off == 0 {
			for _, o := range cands[i+1:] {
				od := ParseMetaDate(o)
				if _, ooff := od.T.Zone(); od.Ok && od.Zone && ooff != 0 && od.T.Equal(d.T) {
					return od
				}
			}
		}
		return d
	}
	return metaDate{}
}

// lang returns the page's language as a BCP 47 tag.
func (s *Signals) lang() string {
	for _, v := range []string{s.htmlLang, s.metaFirst("content-language", "language", "dc.language", "dcterms.language"), s.Ld.Str("inLanguage"), s.metaFirst("og:locale"), s.Ld.lang, s.alternateLang()} {
		if l := NormalizeLang(v); l != "" {
			return l
		}
	}
	return ""
}

// alternateLang returns the hreflang of the alternate link that points
// at this page itself.
func (s *Signals) alternateLang() string {
	self := []string{urlKey(s.resolve(s.canonical))}
	if s.base != nil {
		self = append(self, urlKey(s.base.String()))
	}
	for _, a := range s.alternates {
		href := urlKey(s.resolve(a[1]))
		if href != "" && slices.Contains(self, href) && a[0] != "x-default" {
			return a[0]
		}
	}
	return ""
}

// NormalizeLang turns "en_us", "EN-us", "pt-br, en" into "en-US", "pt-BR";
// what is not a known BCP 47 language gives "".
func NormalizeLang(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ",; "); i >= 0 {
		v = v[:i]
	}
	v = strings.ReplaceAll(v, "_", "-")
	parts := strings.Split(v, "-")
	if len(parts[0]) < 2 || len(parts[0]) > 3 || !langAlpha(parts[0]) {
		return ""
	}
	out := []string{strings.ToLower(parts[0])}
	for _, p := range parts[1:] {
		switch {
		case p == "":
			return ""
		case len(p) == 2 && langAlpha(p), len(p) == 3 && langDigits(p):
			out = append(out, strings.ToUpper(p))
		case len(p) == 4 && langAlpha(p):
			out = append(out, strings.ToUpper(p[:1])+strings.ToLower(p[1:]))
		default:
			out = append(out, strings.ToLower(p))
		}
	}
	tag := strings.Join(out, "-")
	if _, err := language.Parse(tag); err != nil {
		return ""
	}
	return tag
}

func langAlpha(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}

func langDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// tags returns the article's subjects. Editors' tags (article:tag,
// JSON-LD keywords, visible tag lists) come before the keywords meta,
// which is often a long SEO list; the first source that has any wins so
// that lists of different quality are not mixed.
func (s *Signals) tags() []string {
	sources := [][]string{
		s.MetaAll("article:tag"),
		s.Ld.keywords(),
		splitTags(s.metaFirstKey("parsely-tags", "sailthru.tags")),
		s.visibleTags,
		splitTags(s.MetaAll("news_keywords")),
		splitTags(s.MetaAll("keywords")),
	}
	for _, src := range sources {
		if t := dedupeTags(src); len(t) > 0 {
			return t
		}
	}
	return nil
}

func splitTags(vals []string) []string {
	var out []string
	for _, v := range vals {
		v = MetaClean(v)
		sep := ","
		if !strings.Contains(v, ",") && strings.Contains(v, ";") {
			sep = ";"
		}
		out = append(out, strings.Split(v, sep)...)
	}
	return out
}

// internalTagRE matches CMS-internal labels that leak into keywords:
// "@river", "/article", "ctp_video", "type_news".
var internalTagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[@/]|^[a-z0-9]+(_[a-z0-9]+)+$|://`) })

// plausibleTag rejects CMS-internal labels and share-bar text.
func plausibleTag(t string) bool {
	if internalTagRE().MatchString(t) || !strings.ContainsFunc(t, unicode.IsLetter) {
		return false
	}
	if len([]rune(t)) < 2 && !strings.ContainsFunc(t, isCJKRune) {
		return false // "T", "E": the halves of a mangled "AT&T"
	}
	lt := strings.ToLower(t)
	for _, w := range []string{"share this", "facebook", "twitter", "whatsapp", "email", "messenger", "pinterest", "linkedin"} {
		if strings.Contains(lt, w) {
			return false
		}
	}
	return true
}

func dedupeTags(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range in {
		t = MetaClean(t)
		t = strings.TrimLeft(t, "#")
		if t == "" || len([]rune(t)) > 60 || !plausibleTag(t) {
			continue
		}
		k := strings.ToLower(t)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// image returns the lead image and its caption.
func (s *Signals) image() (string, string) {
	img, caption := s.Ld.image()
	if img == "" {
		img = s.metaFirst("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src", "thumbnailurl")
	}
	if img == "" {
		img = mFirstOf(s.itemprop["image"])
	}
	if img == "" {
		img = s.imageSrc
	}
	if img == "" || placeholderImageRE().MatchString(imageKey(s.resolve(img))) {
		// No lead image, or the site's logo standing in for one: the
		// article's first figure is the better picture.
		for _, f := range s.figures {
			if f.inArticle && f.src != "" {
				img = f.src
				break
			}
		}
	}
	if img == "" && len(s.figures) > 0 {
		img = s.figures[0].src
	}
	img = s.resolve(img)
	if caption == "" {
		caption = s.captionFor(img)
	}
	return img, cleanCaption(caption)
}

// placeholderImageRE matches the file names of the site-wide images
// templates put in og:image when an article has none.
var placeholderImageRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|[-_ ])(logo|default|placeholder|fallback|og-default|share-default|social-default|no-image|noimage)([-_ 0-9]|$)`)
})

var captionLabelRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:image caption|caption|image|photo|foto|bild)\s*:?\s+|^\s*\d+\s*of\s*\d+\s*`)
})

// cleanCaption drops the labels screen-reader text and galleries put
// before a caption ("Image caption ...", "1of4...") and what is not a
// caption at all: a bare credit ("Shutterstock"), "Advertisement".
func cleanCaption(c string) string {
	c = Squash(captionLabelRE().ReplaceAllString(Squash(c), ""))
	if len(strings.Fields(c)) < 3 && !strings.ContainsFunc(c, isCJKRune) {
		return ""
	}
	// "Credit Harry Campbell", "CreditKevin Frayer/Getty Images": a
	// credit line alone.
	if strings.HasPrefix(strings.ToLower(c), "credit") && len(strings.Fields(c)) <= 5 {
		return ""
	}
	return c
}

// captionFor finds the figcaption of the figure that shows img, or, when
// the lead image is not in the page body, the caption of the first figure
// of the article.
func (s *Signals) captionFor(img string) string {
	key := imageKey(img)
	for _, f := range s.figures {
		if key != "" && imageKey(s.resolve(f.src)) == key && f.caption != "" {
			return f.caption
		}
	}
	for _, f := range s.figures {
		if f.inArticle && f.caption != "" {
			return f.caption
		}
	}
	return ""
}

// imageKey reduces an image URL to its file name without extension, so
// that a resized variant ("photo-1200x630.jpg", "photo.webp?w=800")
// matches the original.
func imageKey(u string) string {
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	base := p.Path
	if i := strings.LastIndex(base, "/"); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.LastIndex(base, "."); i > 0 {
		base = base[:i]
	}
	return strings.ToLower(base)
}

func (s *Signals) resolve(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "data:") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if s.base != nil {
		u = s.base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.IsAbs() {
			return ""
		}
		// No base to resolve against: a relative URL is still better than
		// nothing for the caller, who may know the page address.
		return u.String()
	}
	return u.String()
}

func mFirst(vals ...string) string {
	for _, v := range vals {
		if v = Squash(v); v != "" {
			return v
		}
	}
	return ""
}

func mFirstOf(vals []string) string {
	for _, v := range vals {
		if v = Squash(v); v != "" {
			return v
		}
	}
	return ""
}

// Squash trims s and collapses each run of white space in it to one
// space.
func Squash(s string) string {
	// Most texts are already squashed: return them as they are.
	clean := true
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				clean = false
				break
			}
			prevSpace = false
			i += size
			continue
		}
		i++
		if dom.IsSpace(rune(c)) {
			if c != ' ' || prevSpace {
				clean = false
				break
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	if clean && (len(s) == 0 || !prevSpace) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, f := range strings.Fields(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}
