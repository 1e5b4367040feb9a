package prepare

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"

	"github.com/andybalholm/cascadia"
	"github.com/tidings-app/tidings/feed/lexicon"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// junkTags never hold article text a reader sees.
var junkTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Link: true, atom.Meta: true,
	atom.Template: true, atom.Svg: true, atom.Math: false, atom.Canvas: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Button: true, atom.Nav: true,
	atom.Dialog: true, atom.Head: true, atom.Frameset: true, atom.Noframes: true,
	atom.Audio: false, atom.Label: true, atom.Option: true,
}

// junkRoles are ARIA roles of page furniture.
var junkRoles = map[string]bool{
	"navigation": true, "menu": true, "menubar": true, "banner": true,
	"contentinfo": true, "search": true, "alert": true, "alertdialog": true,
	"dialog": true, "complementary": true, "toolbar": true, "tablist": true,
}

// StyleHides reports whether an inline style hides the element
// (display: none or visibility: hidden), without a regular expression:
// it runs on every styled element of the page.
func StyleHides(style string) bool {
	low := strings.ToLower(style)
	return propIs(low, "display", "none") || propIs(low, "visibility", "hidden")
}

// propIs reports whether the CSS declarations in style set prop to val.
func propIs(style, prop, val string) bool {
	for i := strings.Index(style, prop); i >= 0; {
		rest := strings.TrimLeft(style[i+len(prop):], " \t")
		if strings.HasPrefix(rest, ":") && strings.HasPrefix(strings.TrimLeft(rest[1:], " \t"), val) {
			return true
		}
		j := strings.Index(style[i+len(prop):], prop)
		if j < 0 {
			break
		}
		i += len(prop) + j
	}
	return false
}

// BaseURL is the address relative links resolve against: <base href>
// resolved against the page address, else the page address.
func BaseURL(doc *html.Node, pageURL *url.URL) *url.URL {
	var base *url.URL
	dom.Walk(doc, func(n *html.Node) bool {
		if base != nil {
			return false
		}
		if dom.IsElem(n, atom.Base) {
			if h := strings.TrimSpace(dom.Attr(n, "href")); h != "" {
				if u, err := url.Parse(h); err == nil {
					if pageURL != nil {
						u = pageURL.ResolveReference(u)
					}
					if u.IsAbs() {
						base = u
					}
				}
			}
			return false
		}
		return !dom.IsElem(n, atom.Body)
	})
	if base == nil {
		return pageURL
	}
	return base
}

// JsonLDBody returns the longest articleBody (or text) of the page's
// JSON-LD, the publisher's own statement of what the story's text is.
func JsonLDBody(doc *html.Node) string {
	best := ""
	dom.Walk(doc, func(n *html.Node) bool {
		if dom.IsElem(n, atom.Script) {
			if strings.Contains(strings.ToLower(dom.Attr(n, "type")), "ld+json") && n.FirstChild != nil {
				var v any
				if json.Unmarshal([]byte(n.FirstChild.Data), &v) == nil {
					findBody(v, &best, 0)
				}
			}
			return false
		}
		return true
	})
	return best
}

func findBody(v any, best *string, depth int) {
	if depth > 20 {
		return
	}
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && (k == "articleBody" || k == "text") {
				if len(s) > len(*best) {
					*best = s
				}
				continue
			}
			findBody(x, best, depth+1)
		}
	case []any:
		for _, x := range t {
			findBody(x, best, depth+1)
		}
	}
}

// Prepare strips what is never content (scripts, forms, navigation,
// hidden elements, the config's drop selectors) and puts the real image
// of a lazy picture in place from its <noscript>. It changes doc in place.
//
// It returns the length of the text left in the page (as textLen counts
// it), measured on the way, and whether the page had navigation menus.
func Prepare(doc *html.Node, drop []cascadia.Sel) (textChars int, menus bool) {
	for _, sel := range drop {
		for _, n := range cascadia.QueryAll(doc, sel) {
			dom.Remove(n)
		}
	}
	var noscripts []*html.Node
	space := false
	dom.Walk(doc, func(n *html.Node) bool {
		switch n.Type {
		case html.CommentNode:
			dom.Remove(n)
			return false
		case html.TextNode:
			textChars, space = dom.Measure(n.Data, textChars, space)
			return true
		case html.ElementNode:
		default:
			return true
		}
		if n.DataAtom == atom.Head {
			return false // read for metadata already; never shown
		}
		if n.DataAtom == 0 && strings.HasPrefix(n.Data, "amp-") {
			// AMP pages: its picture element is an image; its ads,
			// menus, share bars and trackers are not content.
			switch n.Data {
			case "amp-img", "amp-anim":
				n.Data, n.DataAtom = "img", atom.Img
			case "amp-ad", "amp-embed", "amp-sidebar", "amp-analytics", "amp-pixel", "amp-social-share",
				"amp-consent", "amp-user-notification", "amp-sticky-ad", "amp-auto-ads", "amp-list", "amp-geo":
				dom.Remove(n)
				return false
			}
		}
		if junkTags[n.DataAtom] {
			menus = menus || n.DataAtom == atom.Nav
			dom.Remove(n)
			return false
		}
		if n.DataAtom == atom.Noscript {
			noscripts = append(noscripts, n)
			return false
		}
		if isHidden(n) {
			dom.Remove(n)
			return false
		}
		if n.DataAtom == atom.A {
			// A script link goes nowhere: its text is plain text, not a
			// link that would make the story look like a link list.
			if h := strings.TrimSpace(dom.Attr(n, "href")); hasPrefixFold(h, "javascript:") || hasPrefixFold(h, "vbscript:") {
				dom.RemoveAttr(n, "href")
				n.Data, n.DataAtom = "span", atom.Span
			}
		}
		if role := dom.Attr(n, "role"); role != "" && junkRoles[strings.ToLower(role)] && !dom.IsElem(n, atom.Body, atom.Main, atom.Article) {
			dom.Remove(n)
			return false
		}
		return true
	})
	for _, ns := range noscripts {
		unwrapNoscriptImage(ns)
	}
	return textChars, menus
}

// FinishLinks resolves lazy images and makes every link of the chosen
// article absolute (only the article: the rest of the page is never
// shown).
func FinishLinks(content *html.Node, base *url.URL) {
	dom.Walk(content, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Img:
			fixLazyImage(n)
			if src := strings.TrimSpace(dom.Attr(n, "src")); src == "" || (strings.HasPrefix(src, "data:") && len(src) < 2048) {
				// A placeholder no script will ever replace, or a spacer:
				// nothing a reader can show.
				dom.Remove(n)
				return false
			}
		case atom.Source:
			if s := dom.Attr(n, "data-srcset"); s != "" && dom.Attr(n, "srcset") == "" {
				dom.SetAttr(n, "srcset", s)
			}
		}
		absolutize(n, base)
		return true
	})
}

// isHidden reports whether the body should drop n as unseen: what the
// page hides (hiddenByPage), and short aria-hidden text.
func isHidden(n *html.Node) bool {
	if strings.EqualFold(dom.Attr(n, "aria-hidden"), "true") && !dom.IsElem(n, atom.Img, atom.Figure, atom.Picture) && !dom.HasAttr(n, "hidden") {
		// Icons and duplicated visual text; images marked so are still the
		// article's pictures.
		return dom.TextLen(n) < 200
	}
	return HiddenByPage(n)
}

// HiddenByPage reports whether the page hides n from its readers: the
// hidden attribute, or a style that takes it out of view.
func HiddenByPage(n *html.Node) bool {
	if dom.HasAttr(n, "hidden") {
		// React's streaming render sends a suspended part of the page in
		// a hidden <div id="S:n"> that a script moves into place at once:
		// readers see it.
		return !reactSegment(n)
	}
	s := dom.Attr(n, "style")
	return s != "" && StyleHides(s)
}

// reactSegment reports whether n is a segment of a React streaming
// render: a <div hidden id="S:n">.
func reactSegment(n *html.Node) bool {
	id := dom.Attr(n, "id")
	if !dom.IsElem(n, atom.Div) || len(id) < 3 || !strings.HasPrefix(id, "S:") {
		return false
	}
	for _, c := range id[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isPlaceholder(src string) bool {
	low := strings.ToLower(src)
	return strings.HasPrefix(low, "data:") || lexicon.PlaceholderImage().In(low)
}

// lazyAttrs are where lazy-loading scripts keep the real image address.
var lazyAttrs = []string{"data-src", "data-lazy-src", "data-original", "data-lazy", "data-url",
	"data-hi-res-src", "data-full-src", "data-original-src", "data-actualsrc", "data-img-src", "data-echo"}

func fixLazyImage(n *html.Node) {
	src := strings.TrimSpace(dom.Attr(n, "src"))
	placeholder := src == "" || isPlaceholder(src)
	if placeholder {
		for _, k := range lazyAttrs {
			if v := strings.TrimSpace(dom.Attr(n, k)); v != "" && !strings.HasPrefix(v, "data:") {
				dom.SetAttr(n, "src", v)
				placeholder = false
				break
			}
		}
	}
	for _, k := range []string{"data-srcset", "data-lazy-srcset"} {
		if v := strings.TrimSpace(dom.Attr(n, k)); v != "" && dom.Attr(n, "srcset") == "" {
			dom.SetAttr(n, "srcset", v)
		}
	}
	if placeholder {
		if best := largestFromSrcset(dom.Attr(n, "srcset")); best != "" {
			dom.SetAttr(n, "src", best)
		}
	}
}

// largestFromSrcset picks the widest candidate of a srcset.
func largestFromSrcset(s string) string {
	best, bestW := "", -1.0
	for _, c := range strings.Split(s, ",") {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		w := 0.0
		if len(f) > 1 {
			d := strings.TrimRight(f[1], "wxWX")
			if v, err := strconv.ParseFloat(d, 64); err == nil {
				w = v
			}
		}
		if w > bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

// unwrapNoscriptImage replaces a lazy image by the real one its
// <noscript> sibling carries, or the noscript by its image, and drops the
// noscript. The parser keeps noscript content as raw text, so it is
// parsed here as a fragment.
func unwrapNoscriptImage(ns *html.Node) {
	defer dom.Remove(ns)
	if ns.Parent == nil || ns.FirstChild == nil || ns.FirstChild.Type != html.TextNode {
		return
	}
	raw := ns.FirstChild.Data
	if !strings.Contains(strings.ToLower(raw), "<img") {
		return
	}
	ctx := &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"}
	nodes, err := html.ParseFragment(strings.NewReader(raw), ctx)
	if err != nil {
		return
	}
	var imgs []*html.Node
	for _, f := range nodes {
		if dom.IsElem(f, atom.Img) {
			imgs = append(imgs, f)
		}
		imgs = append(imgs, dom.Elements(f, atom.Img)...)
	}
	if len(imgs) != 1 {
		return
	}
	img := imgs[0]
	if img.Parent != nil {
		img.Parent.RemoveChild(img)
	}
	prev := ns.PrevSibling
	for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
		prev = prev.PrevSibling
	}
	var old *html.Node
	if dom.IsElem(prev, atom.Img) {
		old = prev
	} else if prev != nil && prev.Type == html.ElementNode {
		if in := dom.Elements(prev, atom.Img); len(in) == 1 && dom.TextLen(prev) == 0 {
			old = in[0]
		}
	}
	if old != nil {
		for _, a := range old.Attr {
			if a.Key == "alt" && dom.Attr(img, "alt") == "" {
				dom.SetAttr(img, "alt", a.Val)
			}
		}
		old.Parent.InsertBefore(img, old)
		old.Parent.RemoveChild(old)
		return
	}
	ns.Parent.InsertBefore(img, ns)
}

var urlAttrs = map[atom.Atom][]string{
	atom.A: {"href"}, atom.Img: {"src"}, atom.Source: {"src"}, atom.Video: {"src", "poster"},
	atom.Audio: {"src"}, atom.Track: {"src"}, atom.Area: {"href"}, atom.Blockquote: {"cite"},
	atom.Q: {"cite"}, atom.Ins: {"cite"}, atom.Del: {"cite"},
}

// absolutize resolves n's link attributes against base and neutralises
// javascript: links.
func absolutize(n *html.Node, base *url.URL) {
	keys := urlAttrs[n.DataAtom]
	for _, k := range keys {
		v := strings.TrimSpace(dom.Attr(n, k))
		if v == "" {
			continue
		}
		low := strings.ToLower(v)
		if strings.HasPrefix(low, "javascript:") || strings.HasPrefix(low, "vbscript:") {
			dom.RemoveAttr(n, k)
			if n.DataAtom == atom.A {
				// A script link goes nowhere: its text is plain text.
				n.Data, n.DataAtom = "span", atom.Span
				return
			}
			continue
		}
		if strings.HasPrefix(v, "#") && n.DataAtom == atom.A {
			continue // in-page anchors stay in-page
		}
		dom.SetAttr(n, k, resolve(base, v))
	}
	if s := dom.Attr(n, "srcset"); s != "" {
		parts := strings.Split(s, ",")
		for i, p := range parts {
			f := strings.Fields(p)
			if len(f) > 0 {
				f[0] = resolve(base, f[0])
				parts[i] = strings.Join(f, " ")
			}
		}
		dom.SetAttr(n, "srcset", strings.Join(parts, ", "))
	}
}

func resolve(base *url.URL, ref string) string {
	if base == nil {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case, without the
// copy a ToLower of every link's address would make.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
