// Package textdump cleans the plain text of a whole web page (what a naive
// scrape, a copy-paste, `lynx -dump` or an HTML-to-Markdown converter
// keeps) down to the story and its metadata.
//
// The dump's dialect is read first (dialect.go): Markdown's links, images,
// emphasis and block markers become plain text, with what they told kept
// beside each line (its share of link text, its heading level).
//
// Nothing here knows a particular site. The text is cut into lines, each
// line is described by general features (is it running prose, a dateline,
// a byline, a caption, a teaser's meta line, a promotion, a list of tags, a
// heading that opens a block of boilerplate, a line printed twice), the
// story is the run of lines where prose outweighs the rest, and the
// metadata is read from the lines around its head.
package textdump

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/lexicon"
	"github.com/tidings-app/tidings/feed/sanitize"
)

// ErrNoArticle is returned when nothing story-like is in the text.
var ErrNoArticle = errors.New("no article found")

// maxInput and maxLines bound the text Parse reads: a page's text is
// rarely past a few hundred KiB or a few thousand lines, and the rest of a
// larger input is not read, so that a huge or hostile input stays fast.
const (
	maxInput = 4 << 20
	maxLines = 100_000
)

// sniffLen is how much of the input Looks examines.
const sniffLen = 64 << 10

// tagRE matches the tags of HTML's common elements (not any "<word …>",
// which text uses for titles: "<The Palace: Tale of Jang Noksu>").
var tagRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)</?(?:html|head|body|div|p|span|meta|link|script|style|title|table|tr|td|th|` +
		`tbody|section|article|aside|a|b|i|em|strong|img|picture|source|ul|ol|li|dl|dt|dd|h[1-6]|br|hr|form|input|` +
		`button|label|select|option|header|footer|nav|main|iframe|svg|path|g|figure|figcaption|blockquote|pre|code|` +
		`noscript|template|base|time|small|sup|sub|u|s|abbr|cite|video|audio|canvas|rss|feed|channel|item|entry)` +
		`(?:\s[^<>]*)?/?>|<!--|<!doctype|<\?xml`)
})

// Looks reports whether b is a plain-text page dump rather than HTML (or
// binary data). It decides by content, not by name: text is valid UTF-8
// with no NULs and few control characters, has letters, and lacks the tag
// structure of markup (nor is it a JSON or XML document).
func Looks(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if len(b) > sniffLen {
		b = b[:sniffLen]
		// Do not count a rune cut in half as invalid.
		for i := len(b) - 1; i >= 0 && i >= len(b)-4; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
	}
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) == 0 {
		return false
	}
	// Markup starts with a tag; a text dump almost never does. Nearly
	// every HTML page is decided here, before the byte-by-byte count.
	if trimmed[0] == '<' {
		if loc := tagRE().FindIndex(trimmed[:min(len(trimmed), 512)]); loc != nil && loc[0] == 0 {
			return false
		}
	}
	var invalid, control, letters, runes int
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		runes++
		switch {
		case r == utf8.RuneError && size <= 1:
			invalid++
		case r == 0:
			return false
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' && r != 0x1b:
			control++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if invalid*100 > runes || control*100 > runes || letters*10 < runes {
		return false
	}
	if trimmed[0] == '{' || trimmed[0] == '[' {
		if json.Valid(trimmed) {
			return false
		}
	}
	// Markup spread through the text: more than a handful of tags, or tags
	// taking a noticeable share of the bytes.
	tags := tagRE().FindAllIndex(b, 200)
	tagBytes := 0
	for _, t := range tags {
		tagBytes += t[1] - t[0]
	}
	return len(tags) < 8 || tagBytes*20 < len(b)
}

// Parse cleans a text dump into an Article with its metadata, Markdown body
// and plain-text body. pageURL, when known, fills URL and helps find the
// title and the site. A zone-less dateline keeps its wall clock in the
// FloatingZone location. It returns ErrNoArticle when no stretch of the
// text reads as a story.
func Parse(text string, pageURL *url.URL) (*feed.Article, error) {
	if len(text) > maxInput {
		text = text[:maxInput]
	}
	// Old Mac line ends (a lone CR) are line ends too; sanitize would
	// drop them as control characters.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = stripLinkRefs(sanitize.Text(text))
	text, mdTitle, mdURL := markdownHead(text)
	if pageURL == nil && mdURL != "" {
		pageURL, _ = url.Parse(mdURL)
	}
	text, dia := readDialect(text)
	ls := plainLines(unwrap(splitLines(text)), dia)
	classify(ls)
	slug := slugWords(pageURL)
	slugAt := slugLine(ls, slug)
	sp := bestSpan(ls, slugAt)
	if sp.start < 0 {
		return nil, ErrNoArticle
	}
	d := &dump{ls: ls, start: sp.start, end: sp.end, url: pageURL, slug: slug}
	d.trimHead(slugAt)
	d.trimTail()
	d.chooseTitle(mdTitle)
	body := d.body()
	if !storyLike(body) || d.listing() {
		return nil, ErrNoArticle
	}
	a := &feed.Article{Title: d.title}
	if pageURL != nil {
		a.URL = pageURL.String()
	}
	d.fillMeta(a)
	a.Text, a.Markdown = writeBody(body)
	a.Lang = guessLang(a.Text)
	a.WordCount = lexicon.WordCount(a.Text)
	a.ReadingMinutes = lexicon.ReadingMinutes(a.WordCount)
	return a, nil
}

// chooseTitle settles the headline among what the dump offers: a line
// findTitle recognises, else the story's own first line when it reads as
// one; a Markdown dump's first-level heading beats both, and the title a
// Markdown file names (mdTitle) beats everything.
func (d *dump) chooseTitle(mdTitle string) {
	d.findTitle()
	if d.title == "" && d.start >= 0 && d.start < d.end {
		// The story's own first line may be its headline: short, not a
		// sentence, and followed by running text.
		l := &d.ls[d.start]
		if l.words >= 3 && l.words <= 30 && !l.endPunc && !l.prose && !l.meta() && !l.promo && !l.barrier && !l.junk {
			d.titleAt, d.title = d.start, l.text
		}
	}
	if at := d.headingTitle(); at >= 0 {
		// A Markdown dump marks the headline as its first-level
		// heading; the story starts below it.
		d.titleAt, d.title = at, d.ls[at].text
		if at >= d.start {
			d.start = at + 1
		}
	}
	if mdTitle != "" {
		// A Markdown file (a saved note, tidings' own output) names its
		// title: no guess beats it, and it is not a paragraph.
		for i := range d.ls {
			if d.ls[i].text == mdTitle {
				d.titleAt, d.title = i, mdTitle
				break
			}
		}
	}
}

// writeBody returns the story's paragraphs as plain text and as Markdown.
func writeBody(body []para) (string, string) {
	var text2 []string
	var md strings.Builder
	for i, p := range body {
		text2 = append(text2, p.text)
		m := markdownOf(p)
		if i > 0 {
			// Consecutive list items make one tight list.
			if strings.HasPrefix(m, "- ") && bulletRE().MatchString(body[i-1].text) {
				md.WriteString("\n")
			} else {
				md.WriteString("\n\n")
			}
		}
		md.WriteString(m)
	}
	return strings.Join(text2, "\n\n"), md.String()
}

var (
	refsHeadRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?m)^\s*(?:References|Visible links|Hidden links:?)\s*\n(?:\s*\n)*\s*\d+\. \S+:`)
	})
	refMarkRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[\d+\]`) })
)

// stripLinkRefs removes what text browsers add to a dump: the numbered
// list of link targets at the end and the [n] marks that point into it
// (lynx -dump, links, w3m with numbered links).
func stripLinkRefs(s string) string {
	loc := refsHeadRE().FindStringIndex(s)
	if loc == nil {
		return s
	}
	return refMarkRE().ReplaceAllString(s[:loc[0]], "")
}

// headingTitle returns the line of the first-level heading that heads the
// story (the last one above it, or one among its first lines), or -1.
func (d *dump) headingTitle() int {
	at := -1
	for i := max(0, d.start-40); i < min(d.end, d.start+3); i++ {
		if l := &d.ls[i]; l.mdHeading == 1 && l.words >= 2 && l.words <= 30 && !l.barrier && !l.promo {
			at = i
			if i >= d.start {
				break
			}
		}
	}
	return at
}

// storyLike reports whether the body found has enough running text to be a
// story rather than a home page's scattered blurbs.
func storyLike(body []para) bool {
	var words float64
	prose := 0
	for _, p := range body {
		words += p.words
		if p.prose {
			prose++
		}
	}
	return prose >= 1 && words >= 40 || words >= 80
}

// listing reports whether the span is a list of teasers (a home or
// section page): blurbs that each come with a teaser's meta line.
func (d *dump) listing() bool {
	teasers, prose := 0, 0
	for i := d.start; i < d.end; i++ {
		switch {
		case d.ls[i].teaser:
			teasers++
		case d.ls[i].prose:
			prose++
		}
	}
	return teasers >= 3 && teasers*2 >= prose
}

// dump is one text being cleaned: its lines and the story span found.
type dump struct {
	ls         []line
	start, end int // the story's lines
	url        *url.URL
	slug       map[string]bool
	titleAt    int // index of the headline line, or -1
	title      string
}

// trimHead moves the start past the furniture of the story's head. The
// maximum-sum run may begin with a standfirst or a teaser that is followed
// by the byline, dateline or lead image caption: the story proper starts
// after the last such line near its beginning.
func (d *dump) trimHead(slugAt int) {
	// Prose is weighed as the span was chosen: a paragraph printed twice
	// on the page (a teaser's blurb) counts half.
	weight := func(l *line) float64 {
		if !l.prose {
			return 0
		}
		if l.dup > 1 {
			return l.words / 2
		}
		return l.words
	}
	var total float64
	for i := d.start; i < d.end; i++ {
		total += weight(&d.ls[i])
	}
	var before, longest float64
	cut, paras := -1, 0
	for i := d.start; i < d.end; i++ {
		l := &d.ls[i]
		if before > total*0.5 {
			break
		}
		// The headline (the line the URL's slug names) or a byline ends
		// the head even after a good deal of text, which is then a list of
		// teasers above the story; a dateline or caption only after a
		// standfirst at most.
		// Teasers are blurbs; a long paragraph above a byline is the
		// story itself, signed at its end ("… — AFP").
		strong := (i == slugAt && d.headFollows(i) || l.byline || l.agency) && longest <= 60
		if strong || l.meta() && paras <= 1 && before <= 80 {
			cut = i
		}
		before += weight(l)
		if l.prose {
			longest = max(longest, l.words)
		}
		if l.prose {
			paras++
		}
	}
	if cut >= 0 {
		d.start = cut + 1
	}
	for d.start < d.end && !d.ls[d.start].prose && (d.ls[d.start].meta() || d.ls[d.start].promo) {
		d.start++
	}
}

// trimTail ends the story at an agency's sign-off ("AFP" alone on its
// line after the text): what follows belongs to the page, not the story.
func (d *dump) trimTail() {
	var before float64
	for i := d.start; i < d.end; i++ {
		l := &d.ls[i]
		if l.agency && before >= 100 {
			d.end = i
			return
		}
		if l.prose {
			before += l.words
		}
	}
}

// headFollows reports whether a headline at line i is followed by the
// furniture of a story's head (byline, dateline, caption) before the
// running text starts, as a link to another story is not.
func (d *dump) headFollows(i int) bool {
	for j := i + 1; j < min(len(d.ls), i+5); j++ {
		if d.ls[j].meta() {
			return true
		}
		if d.ls[j].prose && j > i+1 {
			return false
		}
	}
	return false
}

var slugSplitRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^\pL\pN]+`) })

// slugWords returns the words of the URL's most telling path segment
// ("us-intelligence-islamic-state-russia" from a news URL).
func slugWords(u *url.URL) map[string]bool {
	if u == nil {
		return nil
	}
	best := ""
	for _, seg := range strings.Split(u.Path, "/") {
		seg = strings.TrimSuffix(seg, ".html")
		seg = strings.TrimSuffix(seg, ".htm")
		if strings.Count(seg, "-")+strings.Count(seg, "_") > strings.Count(best, "-")+strings.Count(best, "_") {
			best = seg
		}
	}
	words := map[string]bool{}
	for _, w := range slugSplitRE().Split(strings.ToLower(best), -1) {
		if len(w) > 1 && strings.Trim(w, "0123456789") != "" {
			words[w] = true
		}
	}
	if len(words) < 2 {
		return nil
	}
	return words
}

// slugOverlap is the share of the slug's words that l holds.
func slugOverlap(l *line, slug map[string]bool) float64 {
	if len(slug) == 0 {
		return 0
	}
	hit := map[string]bool{}
	for _, w := range strings.Fields(l.key) {
		if slug[w] {
			hit[w] = true
		}
	}
	return float64(len(hit)) / float64(len(slug))
}

// slugLine returns the short line that best matches the URL's slug (at
// least half its words), or -1.
func slugLine(ls []line, slug map[string]bool) int {
	best, bestV := -1, 0.5
	for i := range ls {
		if ls[i].words > 30 || ls[i].words < 2 {
			continue
		}
		if v := slugOverlap(&ls[i], slug); v > bestV {
			best, bestV = i, v
		}
	}
	return best
}

// findTitle picks the headline among the lines before the story: a line
// of headline length that is printed again elsewhere (in a page title, a
// breadcrumb, a share text), matches the URL's slug, and sits close above
// the story.
func (d *dump) findTitle() {
	d.titleAt = -1
	lo := max(0, d.start-40)
	slug := d.slug
	bestScore := math.Inf(-1)
	for i := lo; i < d.start; i++ {
		l := &d.ls[i]
		if l.barrier || l.promo || l.date || l.byline || l.agency || l.teaser || l.junk || l.words < 2 || l.words > 30 || len(l.key) < 8 {
			continue
		}
		s := 0.0
		if l.words >= 4 && d.repeatedOutside(i) {
			s += 4
		}
		s += 6 * slugOverlap(l, slug)
		if l.words >= 4 && l.words <= 20 {
			s += 2
		}
		if l.caption {
			s -= 3
		}
		if l.prose {
			s -= 1.5
		}
		if strings.HasSuffix(l.text, ".") {
			s -= 2
		}
		if l.lowered < 0.3 {
			s -= 1
		}
		if l.weak > 0 {
			s -= 3
		}
		if l.digit {
			if _, ok := findDate(l.text); ok {
				s -= 3 // a dateline with words around it
			}
		}
		s -= 0.06 * float64(d.start-i)
		if s > bestScore {
			bestScore, d.titleAt = s, i
		}
	}
	if d.titleAt >= 0 && bestScore > 0 {
		d.title = d.ls[d.titleAt].text
	} else {
		d.titleAt = -1
	}
}

// repeatedOutside reports whether line i's text appears again, alone or
// inside a longer line, outside the story span.
func (d *dump) repeatedOutside(i int) bool {
	k := d.ls[i].key
	for j := range d.ls {
		if j == i || j >= d.start && j < d.end {
			continue
		}
		o := d.ls[j].key
		if o == k || len(k) >= 20 && len(o) > len(k) && (strings.HasPrefix(o, k) || len(o) < 4*len(k) && strings.Contains(o, k)) {
			return true
		}
	}
	return false
}

// para is one paragraph of the cleaned body.
type para struct {
	text    string
	md      string // the text with emphasis marks, or ""
	words   float64
	prose   bool
	heading bool
}

// body returns the story's paragraphs without the furniture found among
// them: promotions, datelines, captions, tags, a repeated headline, and any
// paragraph printed a second time.
func (d *dump) body() []para {
	seen := map[string]bool{}
	if d.title != "" {
		seen[d.ls[d.titleAt].key] = true
	}
	shingles := map[string]bool{}
	var out []para
	inBox := false
	links := d.linkRuns()
	for i := d.start; i < d.end; i++ {
		l := &d.ls[i]
		if links[i] {
			continue
		}
		// A boilerplate heading inside the story opens a box of links
		// that lasts until the running text resumes.
		if l.barrier {
			inBox = true
			continue
		}
		if inBox && !l.prose {
			continue
		}
		inBox = false
		if l.promo || l.meta() || l.weak > 0 || len(l.tags) > 0 && !l.prose || seen[l.key] || l.key == "" {
			continue
		}
		seen[l.key] = true
		if l.junk || repeats(shingles, l.key) {
			continue
		}
		p := para{text: l.text, md: l.md, words: l.words, prose: l.prose}
		if !l.prose && !l.endPunc && l.words <= 14 && i+1 < d.end && d.ls[i+1].prose && l.gap > 0 && i > d.start ||
			l.mdHeading >= 2 && !l.prose && l.words <= 20 {
			// A subhead, or a heading the dump's Markdown marks.
			p.heading = true
		}
		out = append(out, p)
	}
	return out
}

// linkRuns marks the lines of the story span that form a box of links
// without a heading: three or more short lines in a row, none of them prose
// nor a list item, that read like other stories' titles, or three or more
// lines of link text alone.
func (d *dump) linkRuns() map[int]bool {
	marks := map[int]bool{}
	runStart := -1
	end := func(i int) {
		if runStart >= 0 && i-runStart >= 3 {
			for j := runStart; j < i; j++ {
				marks[j] = true
			}
		}
		runStart = -1
	}
	for i := d.start; i < d.end; i++ {
		l := &d.ls[i]
		if !l.prose && !l.item && !l.endPunc && l.words >= 3 && l.words < 20 {
			if runStart < 0 {
				runStart = i
			}
			continue
		}
		end(i)
	}
	end(d.end)
	// Lines that are links and nothing else, three or more in a row: a
	// list of other pages, whatever their titles read like.
	for i := d.start; i < d.end; {
		j := i
		for j < d.end && d.ls[j].linkShare >= 0.8 && !d.ls[j].prose {
			j++
		}
		if j-i >= 3 {
			for k := i; k < j; k++ {
				marks[k] = true
			}
		}
		i = j + 1
	}
	return marks
}

// repeats reports whether most of the paragraph with this key was already
// said (a summary repeating the story, a "read more" stub cut off with an
// ellipsis), and records its 4-word shingles.
func repeats(seen map[string]bool, key string) bool {
	w := strings.Fields(key)
	if len(w) < 6 {
		return false
	}
	var mine []string
	old := 0
	for i := 0; i+4 <= len(w); i++ {
		s := strings.Join(w[i:i+4], " ")
		mine = append(mine, s)
		if seen[s] {
			old++
		}
	}
	// Only earlier paragraphs count: a paragraph may repeat itself.
	for _, s := range mine {
		seen[s] = true
	}
	return old*10 >= len(mine)*6
}

var mdEscapeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([\\*_\x60\[\]<])`) })
var (
	mdLeadRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:#{1,6}\s|>|[-+=]|\d+[.)]\s)`) })
	mdNumRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+)([.)]\s)`) })
)
var bulletRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[•·▪●◦‣–—*-]\s+`) })

// markdownOf renders one paragraph: subheads as headings, bullets as list
// items, everything else as text with Markdown's special characters
// escaped so that the page's text cannot turn into markup.
func markdownOf(p para) string {
	t := p.text
	if p.md != "" && !p.heading {
		// The dump's own emphasis, marked when its markup was read.
		t = p.md
	}
	if m := bulletRE().FindString(t); m != "" {
		return emphasize("- " + mdEscapeRE().ReplaceAllString(t[len(m):], `\$1`))
	}
	t = mdEscapeRE().ReplaceAllString(t, `\$1`)
	if p.heading {
		return "### " + t
	}
	switch {
	case mdNumRE().MatchString(t):
		t = mdNumRE().ReplaceAllString(t, `$1\$2`)
	case mdLeadRE().MatchString(t):
		t = `\` + t
	}
	return emphasize(t)
}

// emphasize writes the emphasis marks as Markdown's delimiters.
func emphasize(t string) string {
	if !strings.ContainsRune(t, strongMark) && !strings.ContainsRune(t, emMark) {
		return t
	}
	return strings.NewReplacer(string(strongMark), "**", string(emMark), "*").Replace(t)
}

var (
	mdTitleRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^#[ \t]+(\S.*?)[ \t#]*$`) })
	mdURLRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^<(https?://[^\s<>]+)>$`) })
)

// markdownHead reads the head of a Markdown text: a first line "# Title"
// gives the title (the line stays, without its marker) and a line that is
// only "<https://…>" among the first few gives the page's address (the
// line goes). Plain dumps come back unchanged.
func markdownHead(text string) (out, title, address string) {
	lines := strings.SplitN(text, "\n", 12)
	first := true
	for i, l := range lines[:min(len(lines), 11)] {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if first {
			first = false
			if m := mdTitleRE().FindStringSubmatch(t); m != nil {
				title = m[1]
				lines[i] = title
				continue
			}
		}
		if m := mdURLRE().FindStringSubmatch(t); m != nil && address == "" {
			address = m[1]
			lines[i] = ""
		}
	}
	if title == "" && address == "" {
		return text, "", ""
	}
	return strings.Join(lines, "\n"), title, address
}
