package textdump

import (
	"html"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Converters write a page's text in dialects of their own: plain text as a
// browser copies it, layout kept with indentation, Markdown with inline
// links "[text](url)", Markdown with numbered references "[text][12]" and a
// list of targets at the end. The dialect is read before cleaning, and its
// markup turned into plain text, so that each line is judged by its words.
// What the markup told is kept: how much of a line is link text (a line
// that is mostly links is a menu or a teaser, as in HTML) and which lines
// were headings.

// linkOpen and linkClose stand for the brackets of a link's text between
// reading the markup and measuring each line, and filler for markup taken
// out (private-use characters, which the input loses first).
const (
	linkOpen  = '\uE000'
	linkClose = '\uE001'
	filler    = '\uE002'
)

// dialect is what readDialect learnt of a dump's markup.
type dialect struct {
	refs     bool // links as "[text][n]" with a list of "[n]: url" lines
	markdown bool // Markdown links, headings or emphasis
}

var (
	// refDefRE matches a reference definition line: "[12]: https://…".
	refDefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^[ \t]*\[([^\]\n]{1,60})\]:[ \t]+\S+[^\n]*$`) })
	// mdHeadingRE and mdInlineRE are cheap tests of Markdown.
	mdHeadingRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^[ \t]{0,3}#{1,6}[ \t]+\S`) })
	mdInlineRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\]\((?:<|https?://|/|#|mailto:)`) })
)

// maxLinkText and maxLinkDest bound the search for a link's closing
// bracket and parenthesis, so that a stray bracket costs little.
const (
	maxLinkText = 4 << 10
	maxLinkDest = 8 << 10
)

// readDialect finds the dump's dialect and rewrites its links: a link
// keeps its text between linkOpen and linkClose, an image goes, and so do
// the list of reference targets and the targets themselves.
func readDialect(s string) (string, dialect) {
	var d dialect
	if strings.ContainsAny(s, string([]rune{linkOpen, linkClose, filler, strongMark, emMark})) {
		s = strings.Map(func(r rune) rune {
			if r == linkOpen || r == linkClose || r == filler || isEmphasisMark(r) {
				return -1
			}
			return r
		}, s)
	}
	if strings.Contains(s, "│") {
		s = flattenBoxTables(s)
	}
	labels := map[string]bool{}
	if strings.Contains(s, "]:") {
		defs := refDefRE().FindAllStringSubmatchIndex(s, -1)
		if len(defs) >= 2 {
			var b strings.Builder
			last := 0
			for _, m := range defs {
				labels[strings.ToLower(s[m[2]:m[3]])] = true
				b.WriteString(s[last:m[0]])
				last = m[1]
			}
			b.WriteString(s[last:])
			s = b.String()
			d.refs = true
		}
	}
	inline := len(mdInlineRE().FindAllStringIndex(s, 3)) >= 3
	d.markdown = d.refs || inline || len(mdHeadingRE().FindAllStringIndex(s, 2)) >= 1
	if !d.refs && !inline {
		return s, d
	}
	r := linkReader{src: s, labels: labels, refs: d.refs, pairs: matchBrackets(s)}
	return r.rewrite(0, len(s)), d
}

// linkReader rewrites the links of src.
type linkReader struct {
	src    string
	labels map[string]bool
	refs   bool
	pairs  map[int]int // '[' to its ']'
}

// rewrite returns src[lo:hi] with its links rewritten.
func (r *linkReader) rewrite(lo, hi int) string {
	s := r.src
	var b strings.Builder
	b.Grow(hi - lo)
	last := lo
	for i := lo; i < hi; i++ {
		if s[i] != '[' {
			continue
		}
		closeAt, ok := r.pairs[i]
		if !ok || closeAt >= hi {
			continue
		}
		end, link := r.target(closeAt+1, hi)
		image := i > lo && s[i-1] == '!'
		switch {
		case link && image:
			// An image: its alt text is not the story's.
			b.WriteString(s[last:max(last, i-1)])
			pad(&b, s[max(last, i-1):end])
		case link:
			b.WriteString(s[last:i])
			b.WriteRune(linkOpen)
			b.WriteString(r.rewrite(i+1, closeAt))
			b.WriteRune(linkClose)
			pad(&b, s[closeAt+1:end])
		case r.refs && closeAt > i+1 && (lo > 0 || r.alone(i, closeAt)):
			// html2text's rendering of an image: its alt text in
			// brackets, with no target, on a line of its own or
			// inside a link ("[text] in brackets" within a sentence
			// stays).
			b.WriteString(s[last:i])
			end = closeAt + 1
			pad(&b, s[i:end])
		default:
			continue
		}
		last = end
		i = end - 1
	}
	b.WriteString(s[last:hi])
	return b.String()
}

// pad writes a filler for each character of the markup taken out (a line
// break stays one), so that each line keeps the width the converter gave
// it: unwrap tells a hard-wrapped dump by its lines' widths.
func pad(b *strings.Builder, markup string) {
	for _, r := range markup {
		if r == '\n' {
			b.WriteByte('\n')
		} else {
			b.WriteRune(filler)
		}
	}
}

// alone reports whether the bracket group s[i:closeAt+1] has its line(s)
// to itself, images beside it aside.
func (r *linkReader) alone(i, closeAt int) bool {
	s := r.src
	before := strings.TrimRight(s[max(0, i-200):i], " \t")
	if before != "" && !strings.HasSuffix(before, "\n") && !strings.HasSuffix(before, "]") {
		return false
	}
	after := strings.TrimLeft(s[closeAt+1:min(len(s), closeAt+200)], " \t")
	return after == "" || after[0] == '\n' || after[0] == '['
}

// matchBrackets pairs each '[' of s with its ']' (escaped ones aside) in
// one pass, keeping the pairs whose text is short enough to be a link's.
func matchBrackets(s string) map[int]int {
	pairs := map[int]int{}
	var open []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			open = append(open, i)
		case ']':
			if n := len(open); n > 0 {
				if o := open[n-1]; i-o <= maxLinkText {
					pairs[o] = i
				}
				open = open[:n-1]
			}
		}
	}
	return pairs
}

// target reads what follows a link's text at i: "(url)", "(<url>)",
// "(url "title")", "[n]" naming a reference, or "[]". It returns the end
// of the link and whether there is one.
func (r *linkReader) target(i, hi int) (int, bool) {
	s := r.src
	if i >= hi {
		return i, false
	}
	switch s[i] {
	case '(':
		j := i + 1
		if j < hi && s[j] == '<' {
			// "(<url>)", which may hold spaces and line breaks (a
			// mailto: body); it stops at the next bracket, so that the
			// scans of many links do not overlap.
			k := strings.IndexAny(s[j+1:min(hi, j+maxLinkDest)], "<>[]")
			if k < 0 || s[j+1+k] != '>' || j+2+k >= hi || s[j+2+k] != ')' {
				return i, false
			}
			return j + k + 3, true
		}
		depth := 1
		for ; j < hi && j < i+maxLinkDest; j++ {
			switch c := s[j]; {
			case c == '(':
				depth++
			case c == ')':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			case c == ' ' && j+1 < hi && s[j+1] == '"':
				// A title: "(url "title")".
				k := strings.Index(s[j+2:min(hi, j+2+maxLinkText)], "\")")
				if k < 0 {
					return i, false
				}
				return j + 2 + k + 2, true
			case c == '\n' || c == ' ' || c == '\t' || c == '[' || c == ']' || c == '<':
				return i, false
			}
		}
	case '[':
		k := strings.IndexByte(s[i+1:min(hi, i+64)], ']')
		if k < 0 {
			return i, false
		}
		label := strings.ToLower(s[i+1 : i+1+k])
		if label == "" || r.labels[label] {
			return i + 1 + k + 1, true
		}
	}
	return i, false
}

var (
	mdHeadRE      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(#{1,6})\s+(.*?)(?:\s+#+)?$`) })
	mdBulletRE    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[*+]|[-o])\s+`) })
	mdQuoteRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:>\s?)+`) })
	mdTableRuleRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?$|^[─━┬┼┴│|\s]+$`)
	})
	mdEscRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|<>~])") })
	mdFenceRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("^(?:```|~~~)") })
)

// plainLines turns the markup of each line into plain text: it measures
// and drops the link brackets, and in Markdown takes out heading, list,
// quote and emphasis markers, table rules and escapes. Lines left empty
// (a bullet with nothing after it, a linked image) go, their gap passing
// to the next line.
func plainLines(ls []line, d dialect) []line {
	out := ls[:0]
	inLink := false
	gap := 0
	for _, l := range ls {
		t := l.text
		if inLink || strings.ContainsAny(t, string([]rune{linkOpen, linkClose, filler})) {
			t, l.linkShare, inLink = measureLinks(t, inLink)
		}
		if d.markdown {
			t = plainMarkdown(t, &l)
		} else if len(t) > 2 && (t[0] == '*' || t[0] == '+') && t[1] == ' ' {
			// A list item of a layout dump.
			t = "• " + t[2:]
		}
		if t == "" {
			gap += l.gap + 1
			continue
		}
		l.text = t
		l.gap += gap
		gap = 0
		out = append(out, l)
	}
	return out
}

// measureLinks drops the link brackets of t, and returns the share of its
// letters that were link text and whether a link is still open at its end.
func measureLinks(t string, inLink bool) (string, float64, bool) {
	var b strings.Builder
	in, all := 0, 0
	for _, c := range t {
		switch c {
		case linkOpen:
			inLink = true
			continue
		case linkClose:
			inLink = false
			continue
		case filler:
			continue
		}
		if unicode.IsLetter(c) || unicode.IsNumber(c) {
			all++
			if inLink {
				in++
			}
		}
		b.WriteRune(c)
	}
	share := 0.0
	if all > 0 {
		share = float64(in) / float64(all)
	}
	return collapseSpace(b.String()), share, inLink
}

// plainMarkdown takes the Markdown markers out of one line.
func plainMarkdown(t string, l *line) string {
	if mdFenceRE().MatchString(t) || mdTableRuleRE().MatchString(t) {
		return ""
	}
	if m := mdHeadRE().FindStringSubmatch(t); m != nil {
		l.mdHeading = len(m[1])
		t = m[2]
	}
	t = mdQuoteRE().ReplaceAllString(t, "")
	bullet := false
	if m := mdBulletRE().FindString(t); m != "" || t == "*" || t == "+" || t == "-" {
		// An empty item (its link was an icon) goes with its marker.
		bullet = true
		t = t[len(m):]
		if m == "" {
			t = ""
		}
		if m := mdHeadRE().FindStringSubmatch(t); m != nil {
			t = m[2] // a list of headings: teasers
		}
	}
	if strings.HasPrefix(t, "|") && strings.HasSuffix(t, "|") {
		// A table row: its cells, as a browser's copy gives them.
		cells := strings.Split(strings.Trim(t, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		t = strings.Join(cells, " ")
	}
	t = stripEmphasis(markEmphasis(t))
	if strings.Contains(t, "\\") {
		t = mdEscRE().ReplaceAllString(t, "$1")
	}
	if strings.Contains(t, "&") && strings.Contains(t, ";") {
		// Between the marks, so that an entity cannot make one.
		parts := strings.FieldsFunc(t, isEmphasisMark)
		for _, p := range parts {
			u := strings.Map(func(r rune) rune {
				if isEmphasisMark(r) {
					return -1
				}
				return r
			}, html.UnescapeString(p))
			t = strings.Replace(t, p, u, 1)
		}
	}
	t = collapseSpace(t)
	plain := strings.Map(func(r rune) rune {
		if isEmphasisMark(r) {
			return -1
		}
		return r
	}, t)
	if plain == "" || !hasLetter(plain) && !hasDigit(plain) {
		return ""
	}
	if bullet {
		t, plain = "• "+t, "• "+plain
	}
	if plain != t {
		l.md = t
	}
	return plain
}

// strongMark and emMark stand for the delimiters of well-formed strong
// and plain emphasis, kept for the Markdown body (private-use characters,
// which the input loses first).
const (
	strongMark = '\uE003'
	emMark     = '\uE004'
)

func isEmphasisMark(r rune) bool { return r == strongMark || r == emMark }

var (
	strongRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\*\*([^\s*](?:[^*]*[^\s*])?)\*\*|__([^\s_](?:[^_]*[^\s_])?)__`)
	})
	emRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\*([^\s*](?:[^*]*[^\s*])?)\*|_([^\s_](?:[^_]*[^\s_])?)_`)
	})
)

// markEmphasis replaces the delimiters of well-formed emphasis (an opener
// before a word, a closer after one, '_' not inside a word) by marks; the
// rest of the '*' and '_' runs are taken out as stray.
func markEmphasis(t string) string {
	if !strings.ContainsAny(t, "*_") {
		return t
	}
	for _, x := range []struct {
		re   *regexp.Regexp
		mark rune
		n    int
	}{{strongRE(), strongMark, 2}, {emRE(), emMark, 1}} {
		var b strings.Builder
		last := 0
		for _, m := range x.re.FindAllStringSubmatchIndex(t, -1) {
			if m[0] > 0 && t[m[0]-1] == '\\' {
				continue
			}
			if t[m[0]] == '_' {
				before, _ := utf8.DecodeLastRuneInString(t[:m[0]])
				after, _ := utf8.DecodeRuneInString(t[m[1]:])
				if m[0] > 0 && isWordRune(before) || m[1] < len(t) && isWordRune(after) {
					continue
				}
			}
			b.WriteString(t[last:m[0]])
			b.WriteRune(x.mark)
			b.WriteString(t[m[0]+x.n : m[1]-x.n])
			b.WriteRune(x.mark)
			last = m[1]
		}
		b.WriteString(t[last:])
		t = b.String()
	}
	return t
}

// stripEmphasis removes the '*' and '_' runs that open or close emphasis:
// those at a word's edge, not inside a word ("snake_case") nor alone
// between spaces ("2 * 3").
func stripEmphasis(t string) string {
	if !strings.ContainsAny(t, "*_") {
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); {
		c := t[i]
		if c != '*' && c != '_' || i > 0 && t[i-1] == '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == c {
			j++
		}
		before, _ := utf8.DecodeLastRuneInString(t[:i])
		after, _ := utf8.DecodeRuneInString(t[j:])
		wordBefore := i > 0 && isWordRune(before)
		wordAfter := j < len(t) && isWordRune(after)
		spaceBefore := i == 0 || unicode.IsSpace(before)
		spaceAfter := j == len(t) || unicode.IsSpace(after)
		keep := wordBefore && wordAfter && c == '_' || spaceBefore && spaceAfter && j-i == 1 && i > 0 && j < len(t)
		if keep {
			b.WriteString(t[i:j])
		}
		i = j
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// boxRuleRE matches a rule of a table drawn with box characters.
var boxRuleRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[─━┬┼┴├┤┌┐└┘═╤╪╧ ]+$`)
})

// flattenBoxTables writes each row of a table drawn with box characters
// (html2text's) as one line of its cells, the way a browser's copy gives
// a table: a cell wrapped over several lines is joined again, a word cut
// at the column's edge without a space.
func flattenBoxTables(s string) string {
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	var row [][]string // the row's cells, fragment by fragment
	var full [][]bool  // whether each fragment filled its column
	flush := func() {
		if row == nil {
			return
		}
		var cells []string
		for c, frags := range row {
			var b strings.Builder
			for k, f := range frags {
				if k > 0 && !full[c][k-1] {
					b.WriteByte(' ')
				}
				b.WriteString(f)
			}
			if t := collapseSpace(b.String()); t != "" {
				cells = append(cells, t)
			}
		}
		if len(cells) > 0 {
			// A blank line keeps unwrap from joining the rows.
			out = append(out, strings.Join(cells, " "), "")
		}
		row, full = nil, nil
	}
	for _, l := range lines {
		switch {
		case strings.Contains(l, "│"):
			for c, cell := range strings.Split(l, "│") {
				for len(row) <= c {
					row, full = append(row, nil), append(full, nil)
				}
				t := strings.TrimSpace(cell)
				if t == "" {
					continue
				}
				row[c] = append(row[c], t)
				full[c] = append(full[c], strings.TrimRight(cell, " ") == cell && utf8.RuneCountInString(cell) > 1)
			}
		case l != "" && boxRuleRE().MatchString(l):
			flush()
		default:
			flush()
			out = append(out, l)
		}
	}
	flush()
	return strings.Join(out, "\n")
}
