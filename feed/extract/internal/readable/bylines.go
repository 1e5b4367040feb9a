package readable

import (
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
	return dateNumRe().MatchString(t) || (yearRe().MatchString(t) && monthRe().MatchString(t))
}

var readTimeRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b\d+\s*(min|minute)s?\s*(read|de lecture|lectura|leitura|Lesezeit)?\b`)
})

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
	rest = readTimeRe().ReplaceAllString(rest, " ")
	if hasDigit(rest) {
		rest = stripDates(rest)
	}
	return len(strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })) <= 3
}

var bylineRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(by|from|written by|reporting by|words by|von|par|por|di)\s+\S`)
})

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
	if !bylineRe().MatchString(n) || len(strings.Fields(n)) > 14 {
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
	dateNumRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b`) })
	timeRe    = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b\d{1,2}[:.]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?|\b\d{1,2}\s*(am|pm)\b`)
	})
	yearRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(19|20)\d{2}\b`) })
	agoRe  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^\d+\s*(s|m|h|d|w|min|mins|minutes?|hours?|hrs?|days?|weeks?)( ago)?$`)
	})
	dateWords = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(published|updated|last (modified|updated)|posted|modified|first published|date|publicado|atualizado|actualizado|publié|mis à jour|veröffentlicht|aktualisiert|опубликовано|обновлено)\b`)
	})
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
	if agoRe().MatchString(strings.TrimSpace(t)) {
		return true
	}
	hasDate := dateNumRe().MatchString(t) || (monthRe().MatchString(t) && (yearRe().MatchString(t) || timeRe().MatchString(t))) ||
		(dateWords().MatchString(strings.TrimSpace(t)) && timeRe().MatchString(t))
	if !hasDate {
		return false
	}
	// What is left once the date parts are gone must be a label at most.
	rest := dateNumRe().ReplaceAllString(t, " ")
	rest = monthRe().ReplaceAllString(rest, " ")
	rest = timeRe().ReplaceAllString(rest, " ")
	rest = yearRe().ReplaceAllString(rest, " ")
	rest = dateWords().ReplaceAllString(strings.TrimSpace(rest), " ")
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

var zoneRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(UTC|GMT|E[SD]T|[CMP][SD]T|BST|CES?T|IST)\b`) })

// stripDates removes dates, times and zones from a line ("By Jane Doe -
// 11/18/19 11:04 PM EST" gives "By Jane Doe -").
func stripDates(t string) string {
	// Numeric dates, times and years need a figure, zones a "T": most
	// lines have neither, and a regexp costs more than the look.
	if hasDigit(t) {
		t = dateNumRe().ReplaceAllString(t, " ")
		t = timeRe().ReplaceAllString(t, " ")
	}
	t = monthRe().ReplaceAllString(t, " ")
	if hasDigit(t) {
		t = yearRe().ReplaceAllString(t, " ")
	}
	if strings.IndexByte(t, 'T') >= 0 {
		t = zoneRe().ReplaceAllString(t, " ")
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
