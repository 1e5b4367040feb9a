package textdump

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/lexicon"
)

// commentsRE matches the key of a heading that opens a comment section.
var commentsRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\d+ )?comments?(?: \d+)?$|^(?:leave a (?:comment|reply)|post a comment|add a comment|join the (?:conversation|discussion)|\d+ (?:responses|replies|thoughts|comments) (?:to|on)\b|comments? policy)`)
})

// fillMeta reads the metadata from the lines around the story: its head
// (between the headline and the first paragraph) first, then the rest of
// the page above it, then the lines below it.
func (d *dump) fillMeta(a *feed.Article) {
	headLo := d.titleAt + 1
	if d.titleAt < 0 {
		headLo = max(0, d.start-12)
	}
	// Regions in order of trust.
	regions := [][2]int{
		{headLo, d.start},
		{max(0, d.start-60), headLo},
		{d.end, min(len(d.ls), d.end+30)},
	}
	for _, r := range regions {
		d.readDates(a, r[0], r[1])
		if !a.Published.IsZero() {
			break
		}
	}
	for _, r := range regions {
		d.readByline(a, r[0], r[1])
		if len(a.Authors) > 0 || a.Source != "" {
			break
		}
	}
	// Standfirst: the running text between the headline and the story.
	for i := headLo; i < d.start && d.titleAt >= 0; i++ {
		l := &d.ls[i]
		if l.meta() || l.promo || l.barrier || l.weak > 0 || l.words < 8 || l.lowered < 0.5 || l.key == d.ls[d.titleAt].key {
			continue
		}
		a.Excerpt = l.text
		break
	}
	// Lead image caption: in the head, or among the story's first lines.
	for i := headLo; i < min(d.end, d.start+3); i++ {
		if d.ls[i].caption && !d.ls[i].date {
			a.ImageCaption = d.ls[i].text
			break
		}
	}
	a.Tags = d.tags()
	a.Site = d.site()
	a.Section = d.section()
}

// readDates takes the first publication and modification datelines of
// lines [lo, hi).
func (d *dump) readDates(a *feed.Article, lo, hi int) {
	for i := lo; i < hi; i++ {
		l := &d.ls[i]
		if !l.date && !(l.byline || l.teaser) {
			continue
		}
		t, modified, ok := lineDate(l.text)
		if !ok {
			continue
		}
		switch {
		case modified && a.Modified.IsZero():
			a.Modified = t
		case !modified && a.Published.IsZero():
			a.Published = t
		}
	}
	if a.Published.IsZero() && !a.Modified.IsZero() {
		a.Published = a.Modified
	}
	if !a.Modified.IsZero() && a.Modified.Before(a.Published) {
		a.Modified = time.Time{}
	}
}

var (
	bylineSplitRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\|)\s*`) })
	bylineTailRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\s+(?:on|at|in|for|published|updated|posted)$`) })
	// notNameRE matches what a byline lists beside names: weekdays,
	// months, web addresses, degrees ("MS", "RD").
	notNameRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:` + lexicon.EnglishMonthPattern() + `)\.?(?:\s+\d+)?$|\.(?:com|org|net|co\.uk)\b|^[A-Z]{1,3}$|^\d`)
	})
	bylineRoleRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:columnist|correspondent|editor|writer|reporter|staff|contributor|analyst|desk|bureau|report|in|from|updated|published|posted)\b`)
	})
)

// readByline takes the first byline ("By Jane Doe and John Roe, AP") or lone
// agency line ("Reuters") of lines [lo, hi).
func (d *dump) readByline(a *feed.Article, lo, hi int) {
	for i := lo; i < hi; i++ {
		l := &d.ls[i]
		if l.agency && a.Source == "" {
			a.Source, _ = agencyName(l.text)
			continue
		}
		if !l.byline || len(a.Authors) > 0 {
			continue
		}
		m := bylineRE().FindStringSubmatch(l.text)
		if m == nil {
			m = bylineAnyRE().FindStringSubmatch(l.text)
		}
		if m == nil {
			continue
		}
		names := m[1]
		if dm, ok := findDate(names); ok {
			names = names[:dm.start]
		}
		for _, n := range bylineSplitRE().Split(names, -1) {
			n = strings.Trim(n, " .,-–—|:")
			if n == "" {
				continue
			}
			if ag, ok := agencyName(n); ok {
				if a.Source == "" {
					a.Source = ag
				}
				continue
			}
			if j := strings.IndexAny(n, "@"); j > 0 {
				n = strings.TrimSpace(n[:j])
			}
			n = strings.TrimSpace(bylineTailRE().ReplaceAllString(n, ""))
			if w, _ := measure(n); n == "" || w > 4 || bylineRoleRE().MatchString(n) && w > 1 || !startsUpper(n) ||
				notNameRE().MatchString(n) {
				continue
			}
			a.Authors = append(a.Authors, n)
		}
	}
}

func startsUpper(s string) bool {
	for _, r := range s {
		return r >= 'A' && r <= 'Z' || r > 127
	}
	return false
}

// tags returns the items of the fullest tag line below the story (or a
// labelled "Tags:" line anywhere), deduplicated in order.
func (d *dump) tags() []string {
	var best []string
	bestN := 0
	for i := d.end; i < min(len(d.ls), d.end+40); i++ {
		l := &d.ls[i]
		if l.barrier && i > d.end+2 {
			break
		}
		if l.date || l.teaser || l.promo || l.byline || l.caption || l.junk || strings.Contains(l.text, "©") {
			continue
		}
		if n := len(dedupe(l.tags)); n > bestN {
			best, bestN = l.tags, n
		}
	}
	return dedupe(best)
}

func dedupe(items []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range items {
		k := strings.ToLower(it)
		if !seen[k] {
			seen[k] = true
			out = append(out, it)
		}
	}
	return out
}

var (
	siteFollowRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\bfollow\s+(?:the\s+)?(\p{Lu}[\pL\pN&.' -]{1,50}?)(?:['’]s?)\s`)
	})
	siteEndorseRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*?)\s+(?:does not|doesn't|doesn’t) endorse`) })
	siteCopyRE    = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(?:©|\bcopyright\b|\(c\))(?:\s*(?:©|copyright|\(c\)))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(\pL[\pL\pN&.' -]{1,60})`)
	})
	yearsRE        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*\d{4}(?:\s*[-–]\s*\d{4})?\s*$`) })
	siteCutRE      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.\s|\s[|·•–—-]\s`) })
	properLinkWord = map[string]bool{"of": true, "the": true, "and": true, "&": true, "for": true, "de": true}
)

// site names the publication: from its own promotions ("follow The
// Business Standard's Google news channel"), its comment policy ("…The
// Business Standard does not endorse…"), its copyright line, or the host.
func (d *dump) site() string {
	for _, l := range d.ls {
		if !l.promo || !strings.Contains(strings.ToLower(l.text), "follow") {
			continue
		}
		if m := siteFollowRE().FindStringSubmatch(l.text); m != nil {
			name := strings.TrimSpace(m[1])
			if !strings.HasPrefix(strings.ToLower(l.text[strings.Index(l.text, m[1])-4:]), "the ") {
				return name
			}
			return "The " + name
		}
	}
	for _, l := range d.ls {
		if !strings.Contains(l.text, "endorse") {
			continue
		}
		if m := siteEndorseRE().FindStringSubmatch(l.text); m != nil {
			if n := trailingProperName(m[1]); n != "" {
				return n
			}
		}
	}
	if n := d.titleSuffix(); n != "" {
		return n
	}
	for i := len(d.ls) - 1; i >= 0 && i >= len(d.ls)-80; i-- {
		if m := siteCopyRE().FindStringSubmatch(d.ls[i].text); m != nil {
			n := m[1]
			if j := strings.Index(strings.ToLower(n), "all rights"); j >= 0 {
				n = n[:j]
			}
			if j := siteCutRE().FindStringIndex(n); j != nil {
				n = n[:j[0]]
			}
			n = strings.Trim(yearsRE().ReplaceAllString(n, ""), " .,|-")
			if w, _ := measure(n); w >= 1 && w <= 6 && startsUpper(n) {
				return n
			}
		}
	}
	if d.url != nil {
		return strings.TrimPrefix(d.url.Hostname(), "www.")
	}
	return ""
}

// titleSuffixRE matches what follows the headline in a page's title line:
// a separator, then the site's name.
var titleSuffixRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s+[-|–—·:]{1,2}\s+(\pL[\pL\pN&.' -]{1,60})$`) })

// titleSuffix returns the site's name from the page's title, which most
// converters print as the dump's first line ("Headline - The Site"), or "".
func (d *dump) titleSuffix() string {
	if d.title == "" {
		return ""
	}
	for i := 0; i < min(len(d.ls), 3); i++ {
		t := d.ls[i].text
		j := strings.Index(t, d.title)
		if j < 0 || i == d.titleAt {
			continue
		}
		if m := titleSuffixRE().FindStringSubmatch(t[j+len(d.title):]); m != nil {
			if w, _ := measure(m[1]); w <= 4 && startsUpper(m[1]) {
				return strings.TrimSpace(m[1])
			}
		}
	}
	return ""
}

// trailingProperName returns the capitalised name that ends s ("Published
// comments are readers' own views and The Business Standard" gives "The
// Business Standard").
func trailingProperName(s string) string {
	f := strings.Fields(s)
	i := len(f)
	for i > 0 {
		w := f[i-1]
		if startsUpper(w) || properLinkWord[strings.ToLower(w)] && i < len(f) {
			i--
			continue
		}
		break
	}
	for i < len(f) && !startsUpper(f[i]) {
		i++
	}
	if i == len(f) || len(f)-i > 6 {
		return ""
	}
	return strings.Join(f[i:], " ")
}

var breadcrumbRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.{1,40}?)\s*[|>»/›]\s*(.+)$`) })

// section finds the page's section: a short line just above the first
// byline or dateline group of the page ("World+Biz" above "Reuters"), or
// the first part of a "Section | Headline" crumb.
func (d *dump) section() string {
	if d.title != "" {
		tk := d.ls[d.titleAt].key
		for i := max(0, d.start-60); i < d.start; i++ {
			if m := breadcrumbRE().FindStringSubmatch(d.ls[i].text); m != nil && keyOf(m[2]) == tk {
				if w, _ := measure(m[1]); w <= 3 {
					return strings.TrimSpace(m[1])
				}
			}
		}
	}
	sectionLike := func(j int) bool {
		p := &d.ls[j]
		return !(p.meta() || p.barrier || p.promo || p.weak > 0 || p.prose || p.endPunc || p.junk ||
			p.words > 3 || p.words < 1 || j == d.titleAt || strings.ContainsAny(p.text, ",()[]:.?!@") ||
			!startsUpper(p.text))
	}
	// Only the head of the story is searched: the page's menus above it
	// are full of short lines too.
	lo := max(1, d.start-12)
	if d.titleAt >= 0 {
		lo = max(1, d.titleAt-8)
	}
	for i := lo; i < d.start; i++ {
		l := &d.ls[i]
		if (l.byline || l.agency || l.date) && sectionLike(i-1) {
			return d.ls[i-1].text
		}
	}
	// A kicker set apart just above the headline.
	if d.titleAt > 0 && d.ls[d.titleAt].gap > 0 && d.ls[d.titleAt-1].gap > 0 && sectionLike(d.titleAt-1) {
		return d.ls[d.titleAt-1].text
	}
	return ""
}

// blockStartRE matches the marker of a line that starts a Markdown block:
// a list item, a heading or a quote.
var blockStartRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[*+•-]|#{1,6}|>) `) })

// unwrap joins the lines of hard-wrapped dumps (lynx, w3m, mail): when
// most long lines stop short of a fixed width, a line that reaches near
// that width continues on the next.
func unwrap(ls []line) []line {
	var lens []int
	for _, l := range ls {
		if n := columns(l.text); n >= 40 {
			lens = append(lens, n)
		}
	}
	if len(lens) < 8 {
		return ls
	}
	// The width is what nearly all long lines stay within; a few longer
	// ones (a URL that cannot be broken) do not count.
	slices.Sort(lens)
	width := lens[len(lens)*95/100]
	if width > 100 {
		return ls
	}
	near := 0
	for _, n := range lens {
		if n >= width-20 && n <= width {
			near++
		}
	}
	if near*3 < len(lens) {
		return ls
	}
	// Each line's own length decides whether it was wrapped; joined text
	// is built once per paragraph, and a paragraph stops growing at
	// maxLineBytes.
	out := ls[:0:0]
	var b strings.Builder
	lastLen := 0
	flush := func() {
		if len(out) > 0 {
			out[len(out)-1].text = b.String()
		}
		b.Reset()
	}
	heading := ""
	for _, l := range ls {
		if len(out) > 0 && l.gap == 0 && lastLen >= width-20 && !strings.HasSuffix(l.text, ":") && b.Len()+len(l.text) < maxLineBytes {
			// A list item or a heading starts a block of its own, but
			// a heading or a quote wrapped in Markdown repeats its
			// marker.
			next := l.text
			m := blockStartRE().FindString(next)
			if m != "" && heading != "" && m == heading {
				next, m = next[len(m):], ""
			}
			if m == "" {
				// Chinese and Japanese put no space between words.
				last, _ := utf8.DecodeLastRuneInString(b.String())
				first, _ := utf8.DecodeRuneInString(next)
				if !wide(last) || !wide(first) {
					b.WriteByte(' ')
				}
				b.WriteString(next)
				lastLen = columns(l.text)
				continue
			}
		}
		heading = ""
		if m := blockStartRE().FindString(l.text); strings.HasPrefix(m, "#") || m == "> " {
			heading = m
		}
		flush()
		out = append(out, l)
		b.WriteString(l.text)
		lastLen = columns(l.text)
	}
	flush()
	return out
}

// columns is the width of s on a terminal, as a converter wrapping at a
// fixed width counts it: East Asian wide characters take two columns.
func columns(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

// wide reports whether r is an East Asian wide character: CJK ideographs,
// kana, Hangul, their punctuation and the fullwidth forms.
func wide(r rune) bool {
	return r >= 0x1100 && (isCJK(r) || unicode.Is(unicode.Hangul, r) || r >= 0xff00 && r <= 0xff60 || r >= 0x3000 && r <= 0x303f)
}
