package extract

import (
	"net/url"

	"github.com/tidings-app/tidings/feed"
	"golang.org/x/net/html"
)

// extractMetadata reads every metadata signal of the page (JSON-LD,
// OpenGraph, Twitter, Dublin Core, meta tags, microdata, visible byline and
// dateline) and returns an Article with the metadata fields filled: Title,
// Authors, Source, Site, Section, URL, Published, Modified, Lang, Tags,
// Excerpt, Image, ImageCaption. The body fields are left empty.
//
// STUB: owned by the metadata/charset work; replaced soon.
func extractMetadata(doc *html.Node, pageURL *url.URL) *feed.Article {
	a := &feed.Article{}
	if pageURL != nil {
		a.URL = pageURL.String()
	}
	return a
}
