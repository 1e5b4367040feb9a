// Package metadata reads what a reader wants to know about a story from
// its page: headline, authors and agency, site, section, dates, language,
// tags, excerpt and lead image. It weighs every signal a page carries
// (JSON-LD, OpenGraph, Twitter cards, Dublin Core, meta tags, microdata,
// the visible byline and dateline) in one walk (CollectSignals), and
// ExtractMetadata decides between them. It only reads the tree.
package metadata
