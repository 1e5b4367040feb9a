package extract

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"
	"github.com/tidings-app/tidings/feed/extract/internal/readable"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-app/tidings/feed"
)

// leadInBody points the lead image (og:image) at the body's copy of the
// same picture. Readers and notes show the lead image above the body only
// when the body does not show it, which they tell by its address; but a
// page's og:image is often another size or crop of the body's first
// picture, and the picture then showed twice, its caption two or three
// times. The same picture is one whose file name is the same once sizes
// are taken out of it (harbour-1200x630.jpg and harbour.jpg?w=800), or
// one whose caption or alt text is the lead image's caption.
func leadInBody(body *html.Node, meta *feed.Article) {
	if meta.Image == "" || body == nil {
		return
	}
	stem := imageStem(meta.Image)
	caption := readable.Norm(meta.ImageCaption)
	found := ""
	dom.Walk(body, func(n *html.Node) bool {
		if found != "" {
			return false
		}
		if !dom.IsElem(n, atom.Img) {
			return true
		}
		src := dom.Attr(n, "src")
		switch {
		case src == "":
		case src == meta.Image, stem != "" && imageStem(src) == stem:
			found = src
		case caption != "" && (readable.Norm(dom.Attr(n, "alt")) == caption || readable.Norm(figureCaption(n)) == caption):
			found = src
		}
		return false
	})
	if found != "" {
		meta.Image = found
	}
}

// figureCaption is the text of the caption of the figure holding img, or
// "" when it stands in none.
func figureCaption(img *html.Node) string {
	for p := img.Parent; p != nil; p = p.Parent {
		if dom.IsElem(p, atom.Figure) {
			for c := p.FirstChild; c != nil; c = c.NextSibling {
				if dom.IsElem(c, atom.Figcaption) {
					return dom.TextOf(c)
				}
			}
			return ""
		}
	}
	return ""
}

// sizeMark matches what image servers add to a file name for one size or
// crop of a picture: "-1200x630", "_800w", "@2x", "-scaled", "-thumb".
var sizeMark = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)([-_.@](\d+x\d*|\d*x\d+|\d+w|\d+h|\dx|scaled|thumb(nail)?|small|medium|large|crop(ped)?))+$`)
})

// imageStem is the file name of an image address without its extension
// and size marks, in lower case; "" when what is left is too short or only
// digits to tell one picture from another ("1000.jpg" is a size of many).
func imageStem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	name := path.Base(u.Path)
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.ToLower(sizeMark().ReplaceAllString(name, ""))
	if len(name) < 5 || strings.Trim(name, "0123456789-_") == "" {
		return ""
	}
	return name
}
