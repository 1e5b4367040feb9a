package library

import "testing"

// Only the root element makes a feed: pages that talk about feeds, link
// to them or embed an <rss> example in their text stay pages.
func TestIsFeedDocument(t *testing.T) {
	for doc, want := range map[string]bool{
		`<?xml version="1.0"?><rss version="2.0"><channel/></rss>`:                         true,
		"\ufeff\n<!-- c --><!DOCTYPE rss><rss>":                                            true,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`:                true,
		`<feed xmlns="http://www.w3.org/2005/Atom">`:                                       true,
		`{"version":"https://jsonfeed.org/version/1","items":[]}`:                          true,
		`<!DOCTYPE html><html><body><pre>&lt;rss&gt;</pre><feed-widget/></body></html>`:    false,
		`<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head>`: false,
		`<feedback>Tell us</feedback>`:                                                     false,
		`{"title": "not a feed"}`:                                                          false,
		"The text of a page, pasted.":                                                      false,
		"<?xml version=\"1.0\"":                                                            false,
		"":                                                                                 false,
	} {
		if got := isFeedDocument([]byte(doc)); got != want {
			t.Errorf("isFeedDocument(%q) = %v, want %v", doc, got, want)
		}
	}
}

// Piped output is kept and read later: its date is the date alone, never
// an age such as "(10 h ago)" that is wrong by the next day.
