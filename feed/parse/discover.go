package parse

import (
	"bytes"
	"mime"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Link is a feed that a web page advertises.
type Link struct {
	URL   string
	Title string
	// Type is the advertised media type, e.g. "application/atom+xml".
	Type string
}

// feedTypes are the media types of <link rel="alternate"> that name feeds
// tidings can read.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/rdf+xml":   true,
	"application/feed+json": true,
	"application/json":      true,
	"text/xml":              true,
	"application/xml":       true,
}

// Discover lists the feeds an HTML page advertises with
// <link rel="alternate" type="…">, in page order, with absolute URLs
// (resolved against pageURL and any <base href>). Duplicates are dropped.
func Discover(page []byte, pageURL string) []Link {
	base, _ := url.Parse(pageURL)
	z := html.NewTokenizer(bytes.NewReader(page))
	var out []Link
	seen := map[string]bool{}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Body {
				// Feed links belong in <head>; a body full of links to
				// other sites' feeds would only add noise.
				return out
			}
			if !hasAttr || (a != atom.Link && a != atom.Base) {
				continue
			}
			attrs := map[string]string{}
			for {
				k, v, more := z.TagAttr()
				attrs[string(k)] = string(v)
				if !more {
					break
				}
			}
			if a == atom.Base {
				if b, err := url.Parse(strings.TrimSpace(attrs["href"])); err == nil && base != nil {
					base = base.ResolveReference(b)
				}
				continue
			}
			if !hasToken(attrs["rel"], "alternate") || strings.TrimSpace(attrs["href"]) == "" {
				continue
			}
			mt, _, err := mime.ParseMediaType(attrs["type"])
			if err != nil || !feedTypes[strings.ToLower(mt)] {
				continue
			}
			u := resolve(base, attrs["href"])
			if seen[u] {
				continue
			}
			seen[u] = true
			out = append(out, Link{URL: u, Title: collapse(attrs["title"]), Type: strings.ToLower(mt)})
		}
	}
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}
