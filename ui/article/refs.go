package article

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/link"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/theme"
)

// references are the link targets of an article in the order their
// markers appear; a URL used twice keeps its first number.
type references struct {
	urls  []string
	index map[string]int
}

func (r *references) add(u string) int {
	if r.index == nil {
		r.index = map[string]int{}
	}
	if n, ok := r.index[u]; ok {
		return n
	}
	r.urls = append(r.urls, u)
	r.index[u] = len(r.urls)
	return len(r.urls)
}

// Links returns the targets Render numbers for a, in the same order: the
// reference shown as [n] is Links(a, whole, encs...)[n-1], whole and encs
// being the Options.Whole and Options.Enclosures it was rendered with. It
// numbers without laying out (no Glamour), so a reader can follow "link 3"
// in a millisecond.
func Links(a *feed.Article, whole bool, encs ...feed.Enclosure) []string {
	if a == nil {
		return nil
	}
	return numberLinks(a, whole, encs...).refs.urls
}

// numbered is an article's body parsed, with its links and pictures
// rewritten into numbered references. Render lays it out and Links lists
// it: one numbering for both, so that [n] on screen is Links(a)[n-1].
type numbered struct {
	body, base string
	// cut is set when body is the first CutAt bytes of a longer one,
	// whole bytes long.
	cut   bool
	whole int
	// leadImage is the lead image's URL when the body does not show it:
	// it comes first, as [1].
	leadImage string
	// media are the story's enclosures, numbered before everything else.
	media []media
	refs  references
	doc   ast.Node // nil for an empty body
	rw    rewriter
}

func numberLinks(a *feed.Article, whole bool, encs ...feed.Enclosure) *numbered {
	// Cut before sanitising and parsing: the copies and the syntax tree
	// of a huge body are what cost memory.
	body, cut := a.Markdown, false
	if !whole {
		body, cut = cutSource(body)
	}
	nb := &numbered{body: sanitize.Text(body), base: sanitize.Line(a.URL), cut: cut, whole: max(1, len(a.Markdown))}
	nb.numberEnclosures(encs)
	if img := sanitize.Line(a.Image); img != "" && !strings.Contains(a.Markdown, img) {
		if u, ok := offerable(nb.base, img); ok {
			nb.leadImage = u
			nb.refs.add(u)
		}
	}
	if strings.TrimSpace(nb.body) != "" {
		src := []byte(nb.body)
		parser := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser()
		nb.doc = parser.Parse(text.NewReader(src))
		splitLists(nb.doc)
		if !whole {
			nb.cutBlocks()
		}
		nb.rw = rewriter{src: src, base: nb.base, refs: &nb.refs}
		nb.rw.walk(nb.doc)
	}
	return nb
}

// cutBlocks drops the top-level blocks after the first CutBlocks (a list
// item counts as one), so that the layout of a page of tiny blocks, which
// costs by the block, stays short too.
func (nb *numbered) cutBlocks() {
	w := 0
	for c := nb.doc.FirstChild(); c != nil; c = c.NextSibling() {
		if w += weight(c); w <= CutBlocks {
			continue
		}
		if start, ok := firstByte(c); ok {
			nb.body = nb.body[:start]
		}
		nb.cut = true
		for c != nil {
			next := c.NextSibling()
			nb.doc.RemoveChild(nb.doc, c)
			c = next
		}
		return
	}
}

// firstByte is where n's text starts in the source.
func firstByte(n ast.Node) (int, bool) {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start, true
		}
	}
	return 0, false
}

// render lists the references under a "Links" heading, one per line, long
// URLs broken over lines with a hanging indent so that columns hold.
func (r *references) render(width int, st theme.ArticleStyles, measure cells.Method) string {
	if len(r.urls) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n")
	b.WriteString(st.RefHeading.Render("Links"))
	b.WriteString("\n")
	numW := len(fmt.Sprintf("[%d]", len(r.urls)))
	indent := strings.Repeat(" ", numW+1)
	for i, u := range r.urls {
		num := fmt.Sprintf("%*s", numW, fmt.Sprintf("[%d]", i+1))
		lines := strings.Split(measure.Hardwrap(u, max(10, width-numW-1), false), "\n")
		for j, l := range lines {
			if j == 0 {
				b.WriteString(st.RefNumber.Render(num) + " ")
			} else {
				b.WriteString(indent)
			}
			b.WriteString(st.RefURL.Render(l))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// rewriter turns links and images of a parsed Markdown body into plain
// text followed by a reference marker ("text [3]"), so the body reads
// without URLs in the way and the references are listed once at the end.
//
// Glamour renders Text nodes from segments of the source, so the words the
// rewriter adds ("[3]", "Image: ") are appended to a pool after the source
// and the new Text nodes point there; the parser never sees the pool.
type rewriter struct {
	src  []byte
	pool []byte
	base string
	refs *references
}

func (w *rewriter) source() []byte {
	return append(w.src[:len(w.src):len(w.src)], w.pool...)
}

// textNode returns a Text node showing s.
func (w *rewriter) textNode(s string) *ast.Text {
	start := len(w.src) + len(w.pool)
	w.pool = append(w.pool, s...)
	return ast.NewTextSegment(text.NewSegment(start, start+len(s)))
}

// walk rewrites depth first, children before their parent, so a linked
// image gets its number before the link around it: numbers then appear in
// reading order.
func (w *rewriter) walk(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		w.walk(c)
		c = next
	}
	switch v := n.(type) {
	case *ast.Link:
		dest := sanitize.Line(string(v.Destination))
		var marker string
		if u, ok := offerable(w.base, dest); ok && !(v.ChildCount() == 1 && isImageOf(v.FirstChild(), w, u)) {
			marker = fmt.Sprintf(" [%d]", w.refs.add(u))
		}
		w.unwrap(v, marker)
	case *ast.Image:
		dest := sanitize.Line(string(v.Destination))
		label := sanitize.Line(plainText(v, w.src))
		if label == "" {
			label = sanitize.Line(string(v.Title))
		}
		s := imageLabel(label)
		if u, ok := offerable(w.base, dest); ok {
			s += fmt.Sprintf(" [%d]", w.refs.add(u))
		}
		if w.gluedAfter(v) {
			// Pages put a caption right after the picture
			// ("![](x)*(All photos: staff)*"): keep "Image [2]" a word.
			s += " "
		}
		w.replace(v, w.textNode(s))
	case *ast.CodeSpan:
		w.keepTogether(v)
	case *ast.AutoLink:
		// A bare URL in the text is its own label; keep it readable as text.
		w.replace(v, w.textNode(sanitize.Line(string(v.Label(w.src)))))
	}
}

// maxUnbroken is the longest inline code kept on one line, in columns: a
// short span broken over two lines ("git" / "log") misreads; a long one
// must be allowed to wrap.
const maxUnbroken = 32

var noBreak = strings.NewReplacer(" ", "\u00a0", "-", "\u2011")

// keepTogether turns the spaces and hyphens of a short inline code span
// into their no-break forms (U+00A0, U+2011), which look the same, so that
// the wrap, which breaks after every space and ASCII hyphen, never cuts
// it. The Markdown of notes and of `tidings read` when piped keeps the
// code as written.
func (w *rewriter) keepTogether(n *ast.CodeSpan) {
	code := plainText(n, w.src)
	if !strings.ContainsAny(code, " -") || xansi.StringWidth(code) > maxUnbroken {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		n.RemoveChild(n, c)
		c = next
	}
	n.AppendChild(n, w.textNode(noBreak.Replace(code)))
}

// plainText is the text of n's descendants: an image's alt text, with
// any emphasis inside it flattened.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// gluedAfter reports whether the text after n starts at once with a word
// or an opening bracket, with no space between. The siblings after n are
// not rewritten yet, so their text is still in the source.
func (w *rewriter) gluedAfter(n ast.Node) bool {
	next := n.NextSibling()
	if next == nil {
		return false
	}
	if _, ok := next.(*ast.Image); ok {
		return true
	}
	var first rune
	_ = ast.Walk(next, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := c.(*ast.Text)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if t.Segment.Stop > len(w.src) || t.Segment.Len() == 0 {
			return ast.WalkStop, nil
		}
		first, _ = utf8.DecodeRune(t.Segment.Value(w.src))
		return ast.WalkStop, nil
	})
	return first != 0 && !unicode.IsSpace(first) && !strings.ContainsRune(".,;:!?)]}'’\"”…", first)
}

// isImageOf reports whether n is the Text an image became whose reference
// is target: a linked image pointing at itself needs one number, not two.
func isImageOf(n ast.Node, w *rewriter, target string) bool {
	t, ok := n.(*ast.Text)
	if !ok {
		return false
	}
	seg := t.Segment
	if seg.Start < len(w.src) {
		return false
	}
	s := string(w.pool[seg.Start-len(w.src) : seg.Stop-len(w.src)])
	return strings.HasPrefix(s, "Image") && strings.HasSuffix(s, fmt.Sprintf(" [%d]", w.refs.index[target]))
}

// unwrap replaces n by its children followed by marker.
func (w *rewriter) unwrap(n ast.Node, marker string) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	var last ast.Node
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		last = c
		c = next
	}
	if marker != "" {
		t := w.textNode(marker)
		// A line break that ended the link's text belongs after the marker.
		if lt, ok := last.(*ast.Text); ok {
			t.SetSoftLineBreak(lt.SoftLineBreak())
			t.SetHardLineBreak(lt.HardLineBreak())
			lt.SetSoftLineBreak(false)
			lt.SetHardLineBreak(false)
		}
		parent.InsertBefore(parent, n, t)
	}
	parent.RemoveChild(parent, n)
}

func (w *rewriter) replace(n ast.Node, with ast.Node) {
	if parent := n.Parent(); parent != nil {
		parent.ReplaceChild(parent, n, with)
	}
}

// offerable reports whether a link target is worth listing: not an
// anchor within the page, and once resolved against the page an http,
// https or mailto address (feed/link's one check): a javascript:, data:,
// file: or any other scheme is never offered.
// The address returned is the one listed and opened.
func offerable(base, dest string) (string, bool) {
	if dest == "" || strings.HasPrefix(dest, "#") {
		return "", false
	}
	return link.Absolute(resolve(base, dest))
}
