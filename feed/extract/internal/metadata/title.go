package metadata

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// titleSepRE matches the separators sites put between a headline and
// their own name: "Headline | Site", "Site - Headline", "Headline :: Site".
var titleSepRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s+[|\-–—·•»/\\]\s+|\s*(?:::|\|\||｜|_)\s*|\s+:\s+`)
})

// hostingPlatforms publish other people's sites; their name as a
// publisher or og:site_name says nothing about the site.
var hostingPlatforms = map[string]bool{
	"blogger": true, "blogspot": true, "wordpress": true, "wordpress com": true, "tumblr": true,
	"medium": true, "substack": true, "ghost": true, "wix": true, "squarespace": true,
}

// siteName returns the name of the publication. The JSON-LD publisher
// usually spells it best ("USA TODAY" where og:site_name says
// "usatoday"), except when it names a wire agency whose story this is, a
// syndication desk, or the hosting platform; og:site_name then names the
// site.
func (s *Signals) siteName() string {
	pub, og := MetaClean(s.Ld.publisher()), MetaClean(s.metaFirst("og:site_name"))
	notSite := func(v string) bool {
		k := FoldKey(v)
		return AgencyName(v) != "" || hostingPlatforms[k] || strings.HasSuffix(k, " news service")
	}
	first, second := pub, og
	if pub == "" || (og != "" && notSite(pub) && !notSite(og)) {
		first, second = og, pub
	}
	for _, v := range []string{
		first,
		second,
		s.Ld.site,
		s.metaFirst("application-name", "al:android:app_name", "al:iphone:app_name", "dc.publisher", "dcterms.publisher", "publisher"),
	} {
		if v = MetaClean(v); v != "" && !strings.Contains(v, "://") && len([]rune(v)) <= 80 {
			return s.siteWithoutTagline(v)
		}
	}
	return s.siteFromTitle()
}

// siteWithoutTagline drops the slogan some sites append to their name
// ("LinkNaija | Nigeria's popular news platform", "The Jerusalem Post |
// JPost.com"): when a part names the host, the first part is the name.
func (s *Signals) siteWithoutTagline(v string) string {
	parts, _ := SplitTitleParts(v)
	if len(parts) < 2 || s.base == nil {
		return v
	}
	for _, p := range parts {
		if hostMatches(p, s.base.Hostname()) {
			return strings.TrimSpace(parts[0])
		}
	}
	return v
}

// siteFromTitle finds the site's name in the <title> affix: the part
// that matches the host name ("Headline - Example News" on
// example-news.com), or the part left over when the rest of the title is
// the page's <h1> ("Headline | The Business Standard").
func (s *Signals) siteFromTitle() string {
	parts, seps := SplitTitleParts(s.TitleTag)
	if len(parts) < 2 {
		return ""
	}
	last, first := strings.TrimSpace(parts[len(parts)-1]), strings.TrimSpace(parts[0])
	if s.base != nil {
		for _, p := range []string{last, first} {
			if hostMatches(p, s.base.Hostname()) {
				return p
			}
		}
	}
	head := strings.Join(InterleaveTitle(parts[:len(parts)-1], seps[:len(seps)-1]), "")
	tail := strings.Join(InterleaveTitle(parts[1:], seps[1:]), "")
	var found []string
	for _, h := range s.H1 {
		switch {
		case FoldKey(head) == FoldKey(h) && len(strings.Fields(last)) <= 6:
			found = append(found, last)
		case FoldKey(tail) == FoldKey(h) && len(strings.Fields(first)) <= 6:
			found = append(found, first)
		}
	}
	// Both ends matching an <h1> (a logo <h1> and the headline's) says
	// nothing about which end is the site.
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// title returns the headline: the first structured title (JSON-LD, Dublin
// Core, OpenGraph, Twitter, other meta) without the site's name. When the
// page's <title> and its <h1> agree on a headline, a structured title that
// resembles neither is stale or site-wide ("Yahoo News - Latest News") and
// is passed over.
func (s *Signals) title(site, section string) string {
	host := ""
	if s.base != nil {
		host = s.base.Hostname()
	}
	cands := []string{
		s.Ld.Str("headline"), s.Ld.Str("name"),
		s.metaFirst("dc.title", "dcterms.title"),
		s.metaFirst("og:title"), s.metaFirst("twitter:title"), s.metaFirst("title"),
		s.metaFirst("parsely-title", "sailthru.title", "weibo.article:title", "weibo.webpage:title"),
		mFirstOf(s.itemprop["headline"]),
	}
	var shown string // the headline <title> and <h1> agree on
	for i, h := range s.H1 {
		if i == 3 {
			break
		}
		if s.TitleTag != "" && titlesSimilar(h, s.TitleTag) {
			shown = h
			break
		}
	}
	for _, c := range cands {
		c = MetaClean(c)
		if c == "" || len([]rune(c)) > 400 {
			continue
		}
		if shown != "" && !titlesSimilar(c, shown) && !titlesSimilar(c, s.TitleTag) {
			continue
		}
		if t := stripSiteAffix(c, site, host, section); t != "" {
			return s.templateHeadline(s.untruncated(t, cands))
		}
	}
	if s.TitleTag != "" {
		if t := s.titleFromTag(site, host, section); t != "" {
			return t
		}
	}
	if len(s.H1) > 0 {
		return s.H1[0]
	}
	return ""
}

// templateHeadline returns the headline of a structured title written
// as "Headline | Section | Site" (three parts or more, one separator)
// when the page's <h1> is the first part: the parts after it are the
// template's labels. With one part after the headline ("Headline |
// Jane Doe") the title is kept: the part may belong to the headline.
func (s *Signals) templateHeadline(t string) string {
	parts, seps := SplitTitleParts(t)
	if len(parts) < 3 {
		return t
	}
	for _, sep := range seps[1:] {
		if strings.TrimSpace(sep) != strings.TrimSpace(seps[0]) {
			return t
		}
	}
	if p := s.headlinePart(t); p != t && FoldKey(p) == FoldKey(parts[0]) {
		return p
	}
	return t
}

// untruncated returns the full headline when t was cut short with an
// ellipsis ("How to get shanked doing what people…") and another title
// of the page starts the same way and goes on.
func (s *Signals) untruncated(t string, cands []string) string {
	trimmed := strings.TrimRight(strings.TrimSpace(t), ".…")
	if trimmed == t || trimmed == "" {
		return t
	}
	prefix := FoldKey(trimmed)
	for _, c := range append(append([]string{}, s.H1...), cands...) {
		c = Squash(c)
		if len(c) > len(t) && !strings.HasSuffix(c, "…") && !strings.HasSuffix(c, "...") && strings.HasPrefix(FoldKey(c), prefix) {
			return c
		}
	}
	return t
}

// titleFromTag cleans the <title> element when nothing better names the
// article: the site's name goes; failing that, the part that is the
// page's <h1>; failing that, a trailing part after a separator when what
// remains is still a headline of three words or more.
func (s *Signals) titleFromTag(site, host, section string) string {
	for _, h := range s.H1 {
		if FoldKey(h) == FoldKey(s.TitleTag) {
			// The page shows the whole <title> as its headline.
			return s.TitleTag
		}
	}
	t := stripSiteAffix(s.TitleTag, site, host, section)
	if t != s.TitleTag {
		return s.headlinePart(t)
	}
	parts, seps := SplitTitleParts(s.TitleTag)
	if len(parts) < 2 {
		return t
	}
	if h := s.headlinePart(t); h != t {
		return h
	}
	headline := func(h string) bool {
		return len(strings.Fields(h)) >= 3 || (strings.ContainsFunc(h, isCJKRune) && len([]rune(h)) >= 6)
	}
	// "Headline_Channel_Portal", "Headline | Section | Site": the labels
	// before the site's name, written with the same separator, go too.
	k := len(parts) - 1
	for k > 1 && strings.TrimSpace(seps[k-1]) == strings.TrimSpace(seps[len(seps)-1]) && sectionLabel(parts[k-1]) &&
		headline(strings.Join(InterleaveTitle(parts[:k-1], seps[:k-2]), "")) {
		k--
	}
	head := strings.TrimSpace(strings.Join(InterleaveTitle(parts[:k], seps[:k-1]), ""))
	if headline(head) {
		return head
	}
	return t
}

// sectionLabel reports whether a title part reads as the name of a
// section or channel ("World news", "教育频道"): a few words, no figures
// (a "Part 2" belongs to the headline).
func sectionLabel(p string) bool {
	p = strings.TrimSpace(p)
	return p != "" && len(strings.Fields(p)) <= 3 && len([]rune(p)) <= 24 && !strings.ContainsFunc(p, unicode.IsDigit)
}

// headlinePart returns the part of a separated title that is the page's
// <h1> ("Headline | Section" with <h1>Headline</h1>), else the title. The
// part must be the longest one: a site whose logo is an <h1> would
// otherwise have its name taken for the headline.
func (s *Signals) headlinePart(t string) string {
	parts, _ := SplitTitleParts(t)
	if len(parts) < 2 {
		return t
	}
	longest := 0
	for _, p := range parts {
		longest = max(longest, len([]rune(strings.TrimSpace(p))))
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if len([]rune(p)) < longest {
			continue
		}
		for _, h := range s.H1 {
			if FoldKey(p) == FoldKey(h) {
				return p
			}
		}
	}
	return t
}

// InterleaveTitle puts the separators SplitTitleParts found back between
// the parts.
func InterleaveTitle(parts, seps []string) []string {
	var out []string
	for i, p := range parts {
		out = append(out, p)
		if i < len(seps) {
			out = append(out, seps[i])
		}
	}
	return out
}

// SplitTitleParts splits a title at its separators, returning the parts and
// the separators between them.
func SplitTitleParts(t string) ([]string, []string) {
	idx := titleSepRE().FindAllStringIndex(t, -1)
	if idx == nil {
		return []string{t}, nil
	}
	var parts, seps []string
	prev := 0
	for _, m := range idx {
		parts = append(parts, t[prev:m[0]])
		seps = append(seps, t[m[0]:m[1]])
		prev = m[1]
	}
	parts = append(parts, t[prev:])
	return parts, seps
}

// stripSiteAffix removes the site's name from the end or the start of a
// title ("Headline | Site", "Site: Headline"), and the section's name
// ("Opinion | Headline | Site"). Only a part that matches the site, the
// host or the section is removed: a colon or dash inside a headline
// stays.
func stripSiteAffix(t, site, host string, sections ...string) string {
	parts, seps := SplitTitleParts(t)
	if len(parts) < 2 {
		return t
	}
	isSite := func(p string) bool {
		p = strings.TrimSpace(p)
		if p == "" {
			return false
		}
		pk, sk := FoldKey(p), FoldKey(site)
		if titleGenreLabels[pk] {
			return true
		}
		for _, sec := range sections {
			if sec != "" && pk == FoldKey(sec) {
				return true
			}
		}
		switch {
		case sk != "" && pk == sk:
			return true
		case sk != "" && len(pk) >= 3 && (strings.HasPrefix(sk, pk+" ") || strings.HasSuffix(sk, " "+pk)):
			// "Mac & i" for "heise Mac & i", "Guardian" for "The Guardian"
			return true
		case sk != "" && len(sk) >= 3 && strings.Contains(pk, sk) && len(strings.Fields(pk)) <= len(strings.Fields(sk))+2:
			// "BBC News - Home" style: the site plus a word or two.
			return true
		}
		return hostMatches(p, host)
	}
	lo, hi := 0, len(parts)
	for hi-lo > 1 && isSite(parts[hi-1]) {
		hi--
	}
	for hi-lo > 1 && isSite(parts[lo]) {
		lo++
	}
	if lo == 0 && hi == len(parts) {
		return t
	}
	var b strings.Builder
	for i := lo; i < hi; i++ {
		b.WriteString(parts[i])
		if i < hi-1 {
			b.WriteString(seps[i])
		}
	}
	out := strings.TrimSpace(b.String())
	if out == "" {
		return t
	}
	return out
}

// titleGenreLabels are the kinds of piece a title may name beside its
// headline ("Headline | Editorial", "Opinion | Headline"): a label of
// the template like the site's name, not words of the headline.
var titleGenreLabels = map[string]bool{
	"editorial": true, "opinion": true, "commentary": true, "analysis": true, "op ed": true,
	"letters": true, "letter to the editor": true, "column": true, "explainer": true, "live": true,
	"live updates": true, "podcast": true, "video": true, "photos": true, "gallery": true,
}

// hostMatches reports whether a title part names the host:
// "Factorio" or "Factorio.com" for www.factorio.com, "Example News" for
// example-news.co.uk.
func hostMatches(part, host string) bool {
	if host == "" {
		return false
	}
	p := strings.ReplaceAll(FoldKey(part), " ", "")
	if len(p) < 3 {
		return false
	}
	h := strings.ToLower(host)
	for _, label := range strings.Split(h, ".") {
		l := strings.ReplaceAll(label, "-", "")
		if len(l) >= 3 && (p == l || p == strings.ReplaceAll(strings.ReplaceAll(h, ".", ""), "-", "") || strings.TrimSuffix(p, "com") == l) {
			return true
		}
	}
	return false
}

// titlesSimilar reports whether two titles share most of their words, so that
// "Headline" and "Headline - Site" agree but a generic site title does
// not.
func titlesSimilar(a, b string) bool {
	au, bu := titleUnits(a), titleUnits(b)
	if len(au) == 0 || len(bu) == 0 {
		return false
	}
	common := 0
	for u := range au {
		if bu[u] {
			common++
		}
	}
	small, large := min(len(au), len(bu)), max(len(au), len(bu))
	return float64(common)/float64(small) >= 0.6 && float64(common)/float64(large) >= 0.3
}

// titleUnits are the words of a title, or its characters for scripts
// written without spaces.
func titleUnits(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(FoldKey(s)) {
		if strings.ContainsFunc(w, isCJKRune) {
			for _, r := range w {
				if unicode.IsLetter(r) {
					out[string(r)] = true
				}
			}
			continue
		}
		out[w] = true
	}
	return out
}
