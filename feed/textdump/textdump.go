// Package textdump cleans the plain text of a whole web page (what a naive
// scrape, a copy-paste or `lynx -dump` keeps) down to the story and its
// metadata.
package textdump

import (
	"errors"
	"net/url"

	"github.com/tidings-app/tidings/feed"
)

// ErrNoArticle is returned when nothing story-like is in the text.
var ErrNoArticle = errors.New("no article found")

// Looks reports whether b is a plain-text page dump rather than HTML (or
// binary data).
//
// STUB: replaced by the text-dump work.
func Looks(b []byte) bool { return false }

// Parse cleans a text dump into an Article with its metadata, Markdown body
// and plain-text body.
//
// STUB: replaced by the text-dump work.
func Parse(text string, pageURL *url.URL) (*feed.Article, error) {
	return nil, ErrNoArticle
}
