package metadata

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
)

var (
	ByPrefixRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^\s*(?:(?:written|posted|reported|published|compiled|edited|story|text|words|report)\s+)?(?:(?:by|from|von|par|por|door)\b\s*:?|(?:autor(?:in)?|author|auteur|texte|redacción|reportage)\s*:)\s*`)
	})
	agencyParenRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\(\s*([A-Za-z][A-Za-z .'/-]{0,40}?)\s*\)\s*[-–—:]`)
	})
	urlishRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)https?://[^\s)\]]+|www\.[^\s)\]]+|[^\s(]+@[^\s)]+\.[^\s)]+`)
	})
	nameSplitRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\s*(?:\s*\((?:avec|with|mit|con|com|met|med)\s|\s(?:edited|reviewed|updated|illustrated|photographed|translated|additional reporting)\s+by\s|,|;|\s&\s|\sand\s|\sund\s|\set\s|\sy\s|\se\s|\sen\s|\sog\s|\soch\s|\si\s|\s+/\s+|\s+\|\s+|\s+with\s+)\s*`)
	})
	profileURLRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^https?://`) })
	domainRE     = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b[a-z0-9-]+\.(com|net|org|co|info|io|news|tv|in|uk|de|fr)\b`)
	})
	weekdayRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b.*$`)
	})
)

// authorsAndSource returns the people credited and the agency credited.
// Structured sources are trusted first and the visible byline is the last
// resort for people; an agency named at any level before the one that
// gave the people is the story's source ("By Reuters" in the meta, a
// person in the visible byline).
func (s *Signals) authorsAndSource() ([]string, string) {
	c := &credits{s: s}
	ldRaw, ldOrgs := c.ldAuthors()
	people := c.take(c.notSite(ldRaw), false)
	if len(people) == 0 {
		people = c.take(c.notSite(s.metaFirstKey("dc.creator", "dcterms.creator", "author", "parsely-author", "sailthru.author", "byl", "citation_author", "dc.contributor")), false)
	}
	source := func() string { return c.source }
	if len(people) == 0 {
		people = s.visibleAuthors(c.take, source)
	} else if accountNames(people) {
		// "andrew.keaveney", "KatieS": the CMS account that posted the
		// story, where the byline the reader sees names the writer.
		if v := s.visibleAuthors(c.take, source); len(v) > 0 && !accountNames(v) {
			people = v
		}
	}
	if len(people) == 0 {
		people = c.lastResort(ldOrgs)
	}
	if c.source == "" {
		c.source = s.datelineAgency()
	}
	if c.source == "" {
		c.source = s.tailAgency()
	}
	return people, c.source
}

// credits is what authorsAndSource learns on its way through the bylines:
// the first agency credited, and the credits of the site itself.
type credits struct {
	s      *Signals
	source string
	// A credit of the site itself (", USA TODAY" from a template whose
	// person is missing, "Hollywood.com Staff") names nobody: the people
	// of the page's other bylines come first, and the site is credited
	// only when there are none.
	siteCredits []string
}

// agency reports whether name is an agency, keeping the first one as the
// source.
func (c *credits) agency(name string) bool {
	ag := AgencyName(name)
	if ag != "" && c.source == "" {
		c.source = ag
	}
	return ag != ""
}

// take reads names from raw bylines; it reports the people found.
func (c *credits) take(raw []string, visible bool) []string {
	var out []string
	for _, r := range raw {
		for _, n := range splitNames(r, visible) {
			if !c.agency(n) {
				out = append(out, n)
			}
		}
	}
	return dedupeNames(out)
}

// notSite returns the bylines of raw that are not a credit of the site.
func (c *credits) notSite(raw []string) []string {
	var out []string
	for _, r := range raw {
		if sc := c.s.siteCredit(r); sc != "" {
			c.siteCredits = append(c.siteCredits, sc)
			continue
		}
		out = append(out, r)
	}
	return out
}

// ldAuthors returns the JSON-LD authors: the people's raw names, and the
// organisations that are neither an agency nor the publisher.
func (c *credits) ldAuthors() (people, orgs []string) {
	for _, p := range c.s.Ld.authors() {
		if p.org {
			// An organisation as author is an agency, the site itself, or
			// a collective credit ("Contributors to Wikimedia projects").
			if !c.agency(p.name) && FoldKey(p.name) != FoldKey(c.s.Ld.publisher()) {
				orgs = append(orgs, p.name)
			}
			continue
		}
		people = append(people, p.name)
	}
	return people, orgs
}

// lastResort looks for people where no structured byline and no visible
// one named any: a byline beside the headline, the site's own credit,
// article:author, and an organisation credited collectively.
func (c *credits) lastResort(ldOrgs []string) []string {
	s := c.s
	var people []string
	if c.source == "" && s.doc != nil {
		if b := s.headlineByline(); b != "" {
			people = c.take([]string{b}, true)
		}
	}
	if len(people) == 0 && c.source == "" {
		for _, b := range s.bylines {
			if sc := s.siteCredit(b.text); sc != "" {
				c.siteCredits = append(c.siteCredits, sc)
			}
		}
		if len(c.siteCredits) > 0 {
			people = c.siteCredits[:1]
		}
	}
	if len(people) == 0 {
		// article:author is meant to be a profile URL; sites that put a
		// name there often put a columnist's name on every page.
		people = c.take(s.MetaAll("article:author", "og:article:author"), false)
	}
	if len(people) == 0 && c.source == "" {
		// A collective credit is shown when no person is named.
		people = c.take(ldOrgs, false)
	}
	return people
}

// accountNames reports whether every name is one word, as the account
// names of a CMS are ("andrew.keaveney", "KatieS", "admin2").
func accountNames(names []string) bool {
	for _, n := range names {
		if strings.ContainsFunc(n, unicode.IsSpace) || strings.ContainsFunc(n, isCJKRune) {
			return false
		}
	}
	return len(names) > 0
}

// siteStaffRE matches the words that make a site's name a staff credit.
var siteStaffRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\s+(?:staff(?:\s+reports?)?|team|editors|editorial(?:\s+(?:staff|team|board))?|newsroom|news\s+desk|desk)$`)
})

// siteCredit returns the site's name when a byline credits the site
// itself rather than a person: the publisher's or og:site_name's name,
// the host's ("Hollywood.com"), alone or with "Staff", "Team" and the
// like. It returns "" for any other byline.
func (s *Signals) siteCredit(raw string) string {
	c := strings.Trim(Squash(ByPrefixRE().ReplaceAllString(Squash(raw), "")), " ,;:-–—|·•")
	name := siteStaffRE().ReplaceAllString(c, "")
	k := strings.TrimPrefix(FoldKey(name), "the ")
	if len(k) < 3 {
		return ""
	}
	for _, site := range []string{s.Ld.publisher(), s.metaFirst("og:site_name"), s.Ld.site} {
		if sk := strings.TrimPrefix(FoldKey(MetaClean(site)), "the "); sk != "" && sk == k {
			return c
		}
	}
	if s.base != nil && hostMatches(name, s.base.Hostname()) {
		return c
	}
	return ""
}

// visibleAuthors reads the visible byline candidates, most specific
// first (itemprop=author, rel=author, then class names). The first
// candidate that names people wins, together with the candidates of the
// same kind beside it (two rel=author links in one byline).
func (s *Signals) visibleAuthors(take func([]string, bool) []string, agency func() string) []string {
	cands := append([]bylineCandidate(nil), s.bylines...)
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].rank < cands[j].rank })
	for i, c := range cands {
		people := take([]string{c.text}, true)
		if agency() != "" {
			// "Reuters, | Washington": beside an agency credit a single
			// word is the dateline's place, not a person.
			people = slices.DeleteFunc(people, func(p string) bool { return len(strings.Fields(p)) < 2 })
		}
		if len(people) == 0 {
			continue
		}
		for _, d := range cands[i+1:] {
			if d.rank == c.rank && nearby(c.node, d.node) {
				people = append(people, take([]string{d.text}, true)...)
			}
		}
		return dedupeNames(people)
	}
	return nil
}

// nearby reports whether two elements share a parent or grandparent.
func nearby(a, b *html.Node) bool {
	up := func(n *html.Node, k int) *html.Node {
		for ; n != nil && k > 0; k-- {
			n = n.Parent
		}
		return n
	}
	for _, pa := range []*html.Node{up(a, 1), up(a, 2)} {
		if pa == nil {
			continue
		}
		if pa == up(b, 1) || pa == up(b, 2) {
			return true
		}
	}
	return false
}

// datelineAgency finds the "(Reuters) -" / "WASHINGTON (AP) —" credit at
// the start of the story's first paragraphs.
func (s *Signals) datelineAgency() string {
	for _, t := range s.leadTexts {
		head := t
		if len(head) > 120 {
			head = head[:120]
		}
		if m := agencyParenRE().FindStringSubmatch(head); m != nil {
			if ag := AgencyName(m[1]); ag != "" {
				return ag
			}
		}
	}
	return ""
}

var creditLabelRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\W*(?:source|sources|courtesy|via|(?:with )?(?:additional )?inputs? from|reporting by|additional reporting by)\s*:?\s*`)
})

// tailAgency finds the credit some sites put at the end of a story: a
// paragraph that is only the agency ("— Reuters", "(AFP)") or a labelled
// credit ("Source: AFP", "With inputs from PTI").
func (s *Signals) tailAgency() string {
	for i := len(s.tailTexts) - 1; i >= 0; i-- {
		t := s.tailTexts[i]
		if ag := AgencyName(t); ag != "" {
			return ag
		}
		if loc := creditLabelRE().FindStringIndex(t); loc != nil && loc[1] > 0 {
			if ag := AgencyName(t[loc[1]:]); ag != "" {
				return ag
			}
		}
	}
	return ""
}

// AgencyName returns the agency a credit names ("Reuters", "By AFP",
// "Reuters Staff"), or "".
func AgencyName(s string) string {
	k := strings.ToLower(Squash(ByPrefixRE().ReplaceAllString(s, "")))
	k = strings.Trim(k, " .,;:-–—()")
	if a, ok := lexicon.Agency(k); ok {
		return a
	}
	// "Reuters/Maxim Shemetov" is a photo credit, not a story credit; but
	// "AFP, Paris" or "Reuters, London" credits the agency.
	if i := strings.IndexAny(k, ",|"); i > 0 {
		if a, ok := lexicon.Agency(strings.TrimSpace(k[:i])); ok {
			return a
		}
	}
	return ""
}

// splitNames turns one byline into names: "By Jane Doe and John Roe",
// "Jane Doe, John Roe | Reuters", "Doe, Jane" (kept whole), dropping
// dates, URLs and labels around them.
func splitNames(raw string, visible bool) []string {
	s := cleanByline(raw, visible)
	if s == "" {
		return nil
	}
	parts := nameSplitRE().Split(s, -1)
	// "Jong, Michiel de" is one person written surname first: splitting is
	// right only when every part looks like a full name.
	if len(parts) > 1 {
		for _, p := range parts {
			if AgencyName(p) != "" || domainRE().MatchString(p) {
				continue
			}
			if len(strings.Fields(p)) < 2 && !strings.ContainsFunc(p, isCJKRune) {
				parts = []string{s}
				break
			}
		}
	}
	var out []string
	for _, p := range parts {
		p = strings.Trim(Squash(ByPrefixRE().ReplaceAllString(p, "")), " .,;:-–—|·•")
		if strings.Count(p, ")") > strings.Count(p, "(") {
			// the end of "(avec X et Y)" once split
			p = strings.TrimSpace(strings.TrimRight(p, ")"))
		}
		if domainRE().MatchString(p) {
			continue // "Cleveland.com", "NJ Advance Media for NJ.com"
		}
		name, agency := splitTrailingAgency(p)
		if looksLikeName(name) && (!visible || capitalisedName(name)) {
			out = append(out, name)
		}
		if agency != "" {
			out = append(out, agency)
		}
	}
	return out
}

// splitTrailingAgency separates an agency written after a name without
// punctuation ("RICK SMITH Associated Press", "Sam Lee AFP"). Only agency
// names that cannot be a surname are split off: several words, an
// acronym in capitals, or Reuters.
func splitTrailingAgency(s string) (string, string) {
	words := strings.Fields(s)
	for k := min(4, len(words)-1); k >= 1; k-- {
		tail := strings.Join(words[len(words)-k:], " ")
		if AgencyName(tail) == "" {
			continue
		}
		acronym := k == 1 && tail == strings.ToUpper(tail) && len(tail) <= 5
		if k >= 2 || acronym || strings.EqualFold(tail, "reuters") {
			return strings.Join(words[:len(words)-k], " "), tail
		}
	}
	return s, ""
}

// cleanByline strips the label, dates, URLs and trailing role text from a
// byline. Visible bylines are page text run together ("Jane Doe22 Dec
// 2016"), so there the first digit ends the names; structured values are
// kept whole and rejected later if they hold digits (user handles).
func cleanByline(raw string, visible bool) string {
	s := Squash(raw)
	if profileURLRE().MatchString(s) {
		return ""
	}
	s = urlishRE().ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "()", "")
	s = Squash(ByPrefixRE().ReplaceAllString(s, ""))
	// A date or time after the byline ends the names.
	for _, m := range []*regexp.Regexp{dmyRE(), mdyRE()} {
		if loc := m.FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
	}
	if visible {
		if i := strings.IndexFunc(s, unicode.IsDigit); i >= 0 {
			s = s[:i]
		}
		// "Jeff Foust Monday, November 18" once the date is gone.
		s = weekdayRE().ReplaceAllString(s, "")
	}
	// Labels that trail a name in templates.
	lower := strings.ToLower(s)
	for _, cut := range []string{" updated", " published", " posted", " last modified", " follow", " email", " twitter", " view all posts", " more from", " staff writer", " senior ", " correspondent", " reporter", " contributor", " editor"} {
		if i := strings.Index(lower, cut); i > 0 {
			s, lower = s[:i], lower[:i]
		}
	}
	return strings.Trim(Squash(s), " .,;:-–—|·•")
}

// looksLikeName accepts what can be a person's name: letters, at most
// eight words, not a handle or a generic label.
func looksLikeName(s string) bool {
	if s == "" || len([]rune(s)) > 80 {
		return false
	}
	if strings.HasPrefix(s, "@") || strings.Contains(s, "://") || strings.Contains(s, "/") || strings.ContainsFunc(s, unicode.IsDigit) {
		return false
	}
	if f := strings.ToLower(strings.Fields(s)[0]); f == "follow" || f == "more" || f == "view" || f == "see" || f == "all" {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 8 {
		return false
	}
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 2 && !strings.ContainsFunc(s, isCJKRune) {
		return false
	}
	switch strings.ToLower(s) {
	case "admin", "administrator", "staff", "last", "updated", "published", "editor", "editorial", "guest", "unknown", "anonymous", "author", "by", "and", "follow", "share", "facebook", "twitter", "email", "posted", "more",
		"undefined", "null", "none", "webmaster":
		return false
	}
	return true
}

// nameParticles are the lower-case words that belong in people's names.
var nameParticles = map[string]bool{
	"de": true, "da": true, "das": true, "do": true, "dos": true, "du": true, "del": true, "della": true, "der": true,
	"den": true, "van": true, "von": true, "zu": true, "bin": true, "bint": true, "al": true, "el": true, "la": true,
	"le": true, "di": true, "y": true, "e": true, "ter": true, "ten": true, "af": true, "av": true, "ibn": true,
}

// capitalisedName reports whether a visible byline reads as a name in a
// script with capitals: every word starts with a capital or is a
// particle ("Ludwig van Beethoven"), and it does not start with "The".
// Page text caught by an "author" class ("The Russian and Syrian defense
// ministries", "staff writer") fails.
func capitalisedName(s string) bool {
	words := strings.Fields(s)
	if len(words) > 0 && words[0] == "The" {
		return false
	}
	for _, w := range words {
		r := []rune(strings.TrimLeft(w, "(\"'“‘"))
		if len(r) == 0 || !unicode.IsLetter(r[0]) {
			continue
		}
		if unicode.IsLower(r[0]) && !nameParticles[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

func isCJKRune(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func dedupeNames(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range in {
		k := FoldKey(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// FoldKey folds a name or title for comparison: lower case, letters and
// digits only, single spaces.
func FoldKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
