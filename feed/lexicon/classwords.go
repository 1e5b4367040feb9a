package lexicon

import (
	"strings"
)

// Class and id words, by the role of the page part they name. Every one
// is a general convention of web publishing (CMS themes, ad servers, share
// widgets), never a rule for one site. They are matched on the lower-cased
// class and id of elements, by plain scans: these run on every element of
// every page, where regular expressions cost too much.

// Words the body engine weighs a candidate container by, as substrings
// (Readability's lists, extended).
var (
	unlikelyClassLazy = lazy[*WordList]{build: func() *WordList {
		return NewWordList("-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
			"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
			"replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
			"ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", "newsletter", "cookie",
			"consent", "modal", "mostviewed", "most-viewed", "mostpopular", "most-popular", "trending", "topstories",
			"top-stories", "morestories", "more-stories", "recirc", "outbrain", "taboola")
	}}
	maybeClassLazy = lazy[*WordList]{build: func() *WordList {
		return NewWordList("and", "article", "body", "column", "content", "main", "mathjax", "shadow", "embed")
	}}
	positiveClassLazy = lazy[*WordList]{build: func() *WordList {
		return NewWordList("article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
			"pagination", "post", "text", "blog", "story")
	}}
	negativeClass = lazy[*WordList]{build: func() *WordList {
		return NewWordList("-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer",
			"gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
			"sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "newsletter", "subscribe",
			"taboola", "recirc", "mostviewed", "most-viewed", "trending")
	}}
)

// UnlikelyClass marks containers that are almost never the article;
// they are left out of the first scoring attempt unless MaybeClass
// also matches.
func UnlikelyClass() *WordList { return unlikelyClassLazy.get() }

// MaybeClass rescues a container UnlikelyClass marks.
func MaybeClass() *WordList { return maybeClassLazy.get() }

// PositiveClass weighs a candidate up.
func PositiveClass() *WordList { return positiveClassLazy.get() }

// NegativeClass reports whether a lower-cased class or id weighs against a
// candidate; "hid" counts only as a whole word.
func NegativeClass(s string) bool {
	if negativeClass.get().In(s) {
		return true
	}
	for _, f := range strings.Fields(s) {
		if f == "hid" {
			return true
		}
	}
	return false
}

var boilerTokensLazy = lazy[map[string]bool]{build: func() map[string]bool {
	return setOf("share", "shares", "sharing", "sharebar", "sharethis", "addthis",
		"social", "socials", "follow",
		"newsletter", "newsletters", "subscribe", "subscription", "signup",
		"promo", "promos", "promotion", "promoted",
		"related", "recommended", "recommendations", "recirc", "recirculation",
		"popular", "trending", "mostviewed", "mostread", "mostpopular",
		"readmore", "alsoread", "seealso", "morestories", "topstories",
		"comment", "comments", "disqus", "respond", "replies",
		"cookie", "cookies", "consent", "gdpr", "regwall",
		"ad", "ads", "advert", "adverts", "advertisement", "advertising",
		"adslot", "adunit", "adsense", "dfp", "gpt", "sponsored", "sponsor",
		"outbrain", "taboola", "breadcrumb", "breadcrumbs",
		"sharedaddy", "relatedposts", "jetpack", "likes",
		"tags", "tagcloud", "taglist", "keywords", "topics",
		"byline", "author", "authors", "timestamp", "pubdate",
		"toolbar", "print", "nav", "navbar", "navigation", "menu",
		"footer", "sidebar", "widget", "widgets", "banner",
		"modal", "popup", "overlay", "skip", "sronly",
		"visuallyhidden", "screenreader", "offscreen", "pagination", "pager",
		"rating", "reactions", "emoji", "bookmark", "download", "app")
}}

// BoilerTokens are class and id words (split on '-', '_', space and case
// changes) that name a page part which is never the story's text. Inside
// the chosen article, an element carrying one is removed when it is small
// next to the article.
func BoilerTokens() map[string]bool { return boilerTokensLazy.get() }

var keepTokensLazy = lazy[map[string]bool]{build: func() map[string]bool {
	return setOf("article", "body", "content", "story", "entry",
		"main", "post", "text", "prose", "richtext",
		"embed", "embedded")
}}

// KeepTokens protect an element whose class also says it is the content
// ("article-body share-enabled"). Embedded tweets, posts and videos
// quoted by the story are its content.
func KeepTokens() map[string]bool { return keepTokensLazy.get() }

// Words of captions and credits, as substrings.
var (
	captionClassLazy = lazy[*WordList]{build: func() *WordList {
		return NewWordList("caption", "credit", "legend", "photo", "image", "media")
	}}
	creditClassLazy = lazy[*WordList]{build: func() *WordList {
		return NewWordList("caption", "credit", "copyright")
	}}
)

// CaptionClass marks a caption's container (a figure's, a gallery's).
func CaptionClass() *WordList { return captionClassLazy.get() }

// CreditClass marks a caption or a photo credit written as a
// paragraph, which the Markdown writes in italics.
func CreditClass() *WordList { return creditClassLazy.get() }

// Words of links and image addresses, as substrings of the lower-cased
// address.
var (
	authorHrefLazy = lazy[*WordList]{build: func() *WordList {
		return NewWordList("/author", "/@", "/by/", "/profile", "/people/", "/staff/", "/writer", "/journalist", "/reporter", "/contributor")
	}}
	placeholderImageLazy = lazy[*WordList]{build: func() *WordList {
		return NewWordList("placeholder", "blank.", "spacer", "lazy", "loading", "1x1", "pixel.", "transparent", "grey.gif", "gray.gif")
	}}
)

// AuthorHref marks a link to an author's page.
func AuthorHref() *WordList { return authorHrefLazy.get() }

// PlaceholderImage marks the image a lazy-loading page shows until
// the real one is loaded.
func PlaceholderImage() *WordList { return placeholderImageLazy.get() }

// Words the metadata reader looks for, as whole words of the class and id
// (a word starts and ends at the string's ends or at '-', '_' or a space,
// and may itself hold hyphens, "most-read").
var (
	clutterClassLazy = lazy[*ClassNames]{build: func() *ClassNames {
		return NewClassNames("cookie", "cookies", "consent", "gdpr", "advert", "advertisement", "comment", "comments",
			"related", "recommend", "sidebar", "footer", "nav", "navbar", "menu", "mostread", "most-read", "mostviewed",
			"most-viewed", "mostpopular", "most-popular", "trending", "teaser", "promo", "newsletter", "more-stories",
			"top-stories", "also-read", "read-more", "breaking")
	}}
	tagsClassLazy = lazy[*ClassNames]{build: func() *ClassNames {
		return NewClassNames("tag", "tags", "tag-list", "taglist", "post-tags", "posttags", "article-tags", "articletags",
			"entry-tags", "entrytags", "keywords", "topics", "tagcloud", "tagged")
	}}
	sectionClassLazy = lazy[*ClassNames]{build: func() *ClassNames {
		return NewClassNames("breadcrumb", "breadcrumbs", "kicker", "rubric", "section-name", "sectionname",
			"category-name", "categoryname", "cat-name", "catname", "post-category", "postcategory", "article-section",
			"articlesection", "news-category", "newscategory")
	}}
	articleClassLazy = lazy[*WordList]{build: func() *WordList { return NewWordList("article", "story", "post") }}
)

// ClutterClass marks regions whose text is about other stories or
// none (cookie banners, comments, menus, teasers).
func ClutterClass() *ClassNames { return clutterClassLazy.get() }

// TagsClass marks the story's list of tags.
func TagsClass() *ClassNames { return tagsClassLazy.get() }

// SectionClass marks the name of the story's section.
func SectionClass() *ClassNames { return sectionClassLazy.get() }

// ArticleClass marks an element of the article, as substrings.
func ArticleClass() *WordList { return articleClassLazy.get() }

// Words the metadata reader looks for as substrings of the class and id,
// with ContainsAny.
var (
	// BylineClass marks a byline.
	BylineClass = []string{"byline", "author", "writtenby", "reporter", "writer", "contributor", "creator"}
	// NotBylineClass marks the parts of an author box that are not the
	// byline: the portrait, the biography, the follow buttons.
	NotBylineClass = []string{"avatar", "image", "photo", "img", "bio", "description", "about", "follow", "social", "share", "more-from", "comment", "title", "role", "job", "position", "label", "count", "date", "time", "authority"}
	// DateClass marks a dateline.
	DateClass = []string{"date", "time", "publish", "posted", "updated", "modified", "byline", "meta"}
)

// ContainsAny reports whether s contains one of words.
func ContainsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
