package readable

import (
	"strings"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dedupeBlocks removes a block whose text repeats an earlier one word for
// word (the same caption or standfirst shown for mobile and desktop).
func dedupeBlocks(content *html.Node) {
	seen := map[string]bool{}
	for _, b := range LeafBlocks(content) {
		if dom.IsElem(b, atom.P, atom.Li, atom.Td, atom.Th, atom.Pre) && !captionLike(b) {
			continue
		}
		n := Norm(dom.TextOf(b))
		if len(n) < 40 || len(n) > 400 {
			// Short lines repeat legitimately; long paragraphs repeated
			// are the author's (or a test page's) own doing.
			continue
		}
		if seen[n] {
			dom.Remove(b)
			continue
		}
		seen[n] = true
	}
}

// captionLike reports whether n is the caption of a picture.
func captionLike(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if dom.IsElem(p, atom.Figcaption, atom.Figure, atom.Caption) || lexicon.CaptionClass().In(dom.ClassID(p)) {
			return true
		}
		if dom.IsBlock(p) && p != n {
			break
		}
	}
	return false
}

// removeEmpty drops elements left with neither text nor media.
func removeEmpty(content *html.Node) {
	var order []*html.Node
	dom.Walk(content, func(n *html.Node) bool {
		order = append(order, n)
		return true
	})
	// full: the node holds text or media somewhere below it.
	full := make(map[*html.Node]bool, len(order))
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		switch {
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) != "":
			full[n] = true
		case dom.IsElem(n, atom.Img, atom.Video, atom.Audio, atom.Picture, atom.Table, atom.Hr, atom.Br, atom.Iframe):
			full[n] = true
		}
		if full[n] && n.Parent != nil {
			full[n.Parent] = true
		}
	}
	dom.Walk(content, func(n *html.Node) bool {
		if n != content && n.Type == html.ElementNode && emptyDroppable[n.DataAtom] && !full[n] {
			dom.Remove(n)
			return false
		}
		return true
	})
}

var emptyDroppable = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Span: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Figure: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Blockquote: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.A: true, atom.Strong: true, atom.Em: true, atom.B: true, atom.I: true,
}

// articleLike tells a story from a page of teasers or a login wall: some
// prose, not mostly links. A short page that is nothing but its text (a
// note, a test page) is an article too, unless the page has menus (a
// site's page) and less than a sentence besides: a menu and a "Login"
// button are not an article. pageText is the length of the page's text.
func articleLike(content *html.Node, ldBody string, pageText int, menus bool) bool {
	lens, links := dom.TextAndLinkLens(content)
	l := dom.TextLen(content) // the same measure as the page's below
	if l == 0 {
		return false
	}
	if len(ldBody) > 200 {
		return true
	}
	if links[content] > float64(lens[content])*0.5 {
		return false
	}
	prose := 0
	for _, b := range LeafBlocks(content) {
		if tl := lens[b]; tl >= 80 && links[b] < float64(tl)*0.5 {
			prose += tl
		}
	}
	if prose >= 140 || l >= 400 {
		return true
	}
	return (l >= minNoteChars || !menus) && l*10 >= pageText*9
}

// minNoteChars is the least text a site's page made of nothing but its
// text needs to be read as an article: a sentence.
const minNoteChars = 60

// removeLeadRepeats drops what opens the body but belongs to the page's
// header: the section label (the metadata's section, alone on its line,
// as news sites print it above the headline) and a standfirst that a body
// paragraph repeats almost word for word (the standfirst being the page's
// description, printed under the headline). A standfirst that says
// something the story does not stays.
func removeLeadRepeats(content *html.Node, meta *feed.Article) {
	blocks := LeafBlocks(content)
	ns := Norm(meta.Section)
	summary := bigrams(Norm(meta.Excerpt))
	for i, b := range blocks[:min(len(blocks), 4)] {
		n := normOf(b)
		if n == "" {
			continue
		}
		if ns != "" && n == ns {
			dom.Remove(b)
			continue
		}
		// A standfirst is one short sentence ahead of the story.
		if len(n) > 300 || dom.IsElem(b, atom.Li, atom.Td, atom.Th) {
			continue
		}
		// It is the page's own summary (its description).
		own := bigrams(n)
		if len(own) < 5 || !repeats(own, summary) {
			continue
		}
		// Only labels and the like stand above a standfirst.
		lead := true
		for _, before := range blocks[:i] {
			if before.Parent != nil && dom.TextLen(before) >= len(n) {
				lead = false
			}
		}
		if !lead {
			continue
		}
		for _, later := range blocks[i+1 : min(len(blocks), i+6)] {
			// The standfirst sits in the page's header, apart from the
			// paragraphs, and says less than the one that repeats it.
			if later.Parent == b.Parent || later.Parent == nil {
				continue
			}
			if ln := normOf(later); len(ln) > len(n) && repeats(own, bigrams(ln)) {
				dom.Remove(b)
				break
			}
		}
	}
}

// bigrams is the set of pairs of neighbouring words of a normalised text.
func bigrams(n string) map[string]bool {
	w := strings.Fields(n)
	set := make(map[string]bool, len(w))
	for i := 0; i+1 < len(w); i++ {
		set[w[i]+" "+w[i+1]] = true
	}
	return set
}

// repeats reports whether most (seven in ten) of a short text's word
// pairs are in the other: the same sentence, lightly edited.
func repeats(short, other map[string]bool) bool {
	in := 0
	for p := range short {
		if other[p] {
			in++
		}
	}
	return in*10 >= len(short)*7
}
