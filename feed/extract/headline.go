package extract

import (
	"strings"
	"unicode"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"
	"github.com/tidings-app/tidings/feed/extract/internal/readable"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dropHeadline removes the h1 that opens the body when it is the page's
// headline written a little differently from the title tidings shows
// ("Harbour reopens after the storm repairs" under "The Courier: Harbour
// reopens after storm repairs", a page without og:title): shown again, it
// reads as a second heading. Only the first block goes, only a heading,
// and only when most of its words are the title's.
func dropHeadline(body *html.Node, title string) {
	if body == nil || title == "" {
		return
	}
	blocks := readable.LeafBlocks(body)
	// The cleaner has made a lone h1 an h2 by now.
	if len(blocks) < 2 || !dom.IsElem(blocks[0], atom.H1, atom.H2) {
		return
	}
	if headingInTitle(dom.TextOf(blocks[0]), title) >= 0.75 {
		dom.Remove(blocks[0])
	}
}

// headingInTitle is the share of the heading's text, by length, made of
// words the title holds: Mozilla Readability's measure for the same
// decision, so that a heading that only shares a few words with the
// title stays.
func headingInTitle(heading, title string) float64 {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	in := map[string]bool{}
	for _, w := range split(title) {
		in[w] = true
	}
	words := split(heading)
	total, missing := 0, 0
	for _, w := range words {
		total += len(w) + 1
		if !in[w] {
			missing += len(w) + 1
		}
	}
	if total == 0 {
		return 0
	}
	return 1 - float64(missing)/float64(total)
}
