package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Patterns over class and id names and over short texts. Every one is a
// general convention of web publishing (CMS themes, ad servers, share
// widgets), never a rule for one site.
// Class and id words, matched as substrings of the lower-cased class and
// id (Readability's lists, extended). Plain substring scans: these run on
// every element of every page, where regular expressions cost too much.
var (
	// unlikelyWords mark containers that are almost never the article;
	// they are left out of the first scoring attempt unless maybeWords
	// also match.
	unlikelyWords = words("-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
		"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
		"replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
		"ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", "newsletter", "cookie",
		"consent", "modal", "mostviewed", "most-viewed", "mostpopular", "most-popular", "trending", "topstories",
		"top-stories", "morestories", "more-stories", "recirc", "outbrain", "taboola")
	maybeWords = words("and", "article", "body", "column", "content", "main", "mathjax", "shadow", "embed")

	// positiveWords and negativeWords weigh a candidate by its class and id.
	positiveWords = words("article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
		"pagination", "post", "text", "blog", "story")
	negativeWords = words("-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer",
		"gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
		"sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "newsletter", "subscribe",
		"taboola", "recirc", "mostviewed", "most-viewed", "trending")
)

// wordList is a list of substrings to look for, indexed by their first
// two bytes: these lists are scanned on the class and id of most elements
// of every page, and a look-up per position of the scanned string beats
// one substring search per word.
type wordList struct {
	words   []string
	buckets [256][]string
	short   []string // words of one byte
}

func words(w ...string) *wordList {
	l := &wordList{words: w}
	for _, x := range w {
		if len(x) < 2 {
			l.short = append(l.short, x)
			continue
		}
		b := pairBucket(x[0], x[1])
		l.buckets[b] = append(l.buckets[b], x)
	}
	return l
}

func pairBucket(a, b byte) byte { return a*7 + b }

// in reports whether s contains one of the words.
func (l *wordList) in(s string) bool {
	for _, w := range l.short {
		if strings.Contains(s, w) {
			return true
		}
	}
	for i := 0; i+1 < len(s); i++ {
		for _, w := range l.buckets[pairBucket(s[i], s[i+1])] {
			if len(s)-i >= len(w) && s[i:i+len(w)] == w {
				return true
			}
		}
	}
	return false
}

// negative reports whether a lower-cased class or id weighs against a
// candidate; "hid" counts only as a whole word.
func negative(s string) bool {
	if negativeWords.in(s) {
		return true
	}
	for _, f := range strings.Fields(s) {
		if f == "hid" {
			return true
		}
	}
	return false
}

// boilerTokens are class/id words (split on '-', '_', space and case
// changes) that name a page part which is never the story's text. Inside
// the chosen article, an element carrying one is removed when it is small
// next to the article.
var boilerTokens = map[string]bool{
	"share": true, "shares": true, "sharing": true, "sharebar": true, "sharethis": true, "addthis": true,
	"social": true, "socials": true, "follow": true,
	"newsletter": true, "newsletters": true, "subscribe": true, "subscription": true, "signup": true,
	"promo": true, "promos": true, "promotion": true, "promoted": true,
	"related": true, "recommended": true, "recommendations": true, "recirc": true, "recirculation": true,
	"popular": true, "trending": true, "mostviewed": true, "mostread": true, "mostpopular": true,
	"readmore": true, "alsoread": true, "seealso": true, "morestories": true, "topstories": true,
	"comment": true, "comments": true, "disqus": true, "respond": true, "replies": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "regwall": true,
	"ad": true, "ads": true, "advert": true, "adverts": true, "advertisement": true, "advertising": true,
	"adslot": true, "adunit": true, "adsense": true, "dfp": true, "gpt": true, "sponsored": true, "sponsor": true,
	"outbrain": true, "taboola": true, "breadcrumb": true, "breadcrumbs": true,
	"sharedaddy": true, "relatedposts": true, "jetpack": true, "likes": true,
	"tags": true, "tagcloud": true, "taglist": true, "keywords": true, "topics": true,
	"byline": true, "author": true, "authors": true, "timestamp": true, "pubdate": true,
	"toolbar": true, "print": true, "nav": true, "navbar": true, "navigation": true, "menu": true,
	"footer": true, "sidebar": true, "widget": true, "widgets": true, "banner": true,
	"modal": true, "popup": true, "overlay": true, "skip": true, "sronly": true,
	"visuallyhidden": true, "screenreader": true, "offscreen": true, "pagination": true, "pager": true,
	"rating": true, "reactions": true, "emoji": true, "bookmark": true, "download": true, "app": true,
}

// keepTokens protect an element whose class also says it is the content
// ("article-body share-enabled").
var keepTokens = map[string]bool{
	"article": true, "body": true, "content": true, "story": true, "entry": true,
	"main": true, "post": true, "text": true, "prose": true, "richtext": true,
	// Embedded tweets, posts and videos quoted by the story are its content.
	"embed": true, "embedded": true,
}

// boilerClass reports whether n's class or id names a boilerplate part and
// does not also claim to be the content. Its tokens are the lower-cased
// words of each class name, split at '-', '_', ':', '.', '/' and case
// changes, and each pair of neighbours joined: "ad-slot shareBar" gives
// ad, slot, adslot, share, bar, sharebar. They are looked up without
// being built: this runs on every classed element of the article.
func boilerClass(cls string) bool {
	if cls == "" {
		return false
	}
	bad := false
	var buf [64]byte
	// lookup classes one lower-cased token (looking a map up by
	// string(bytes) does not allocate); keep reports a content token.
	lookup := func(t []byte) (keep bool) {
		if keepTokens[string(t)] {
			return true
		}
		if boilerTokens[string(t)] {
			bad = true
		}
		return false
	}
	for part := range strings.FieldsSeq(cls) {
		var words [5]string
		k := 0
		start := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			sep := c == '-' || c == '_' || c == ':' || c == '.' || c == '/'
			camel := i > start && c >= 'A' && c <= 'Z' && part[i-1] >= 'a' && part[i-1] <= 'z'
			if sep || camel {
				if i > start {
					if k < len(words) {
						words[k] = part[start:i]
					}
					k++
				}
				if sep {
					start = i + 1
				} else {
					start = i
				}
			}
		}
		if start < len(part) {
			if k < len(words) {
				words[k] = part[start:]
			}
			k++
		}
		if k > 4 {
			// A slug of a heading ("sharing-with-a-single-developer")
			// names a section by its title, not by its role on the page.
			continue
		}
		for i := range k {
			if lookup(appendLower(buf[:0], words[i])) {
				return false
			}
		}
		for i := 0; i+1 < k; i++ {
			if lookup(appendLower(appendLower(buf[:0], words[i]), words[i+1])) {
				return false
			}
		}
	}
	return bad
}

// appendLower appends w lower-cased as strings.ToLower does.
func appendLower(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(w)...)
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// promoRule is one kind of promotional line: a word the line must
// contain (a cheap scan) and the pattern that confirms it, matched on the
// lower-cased text of short blocks only.
type promoRule struct {
	trigger string
	re      *regexp.Regexp
}

func rule(trigger, pattern string) promoRule {
	return promoRule{trigger, regexp.MustCompile(pattern)}
}

// promoRules match the short lines news sites put between paragraphs to
// send the reader elsewhere.
var promoRules = []promoRule{
	rule("follow", `\bfollow (us|\S+(\s\S+){0,6}) on (facebook|twitter|x|instagram|linkedin|youtube|tiktok|telegram|whatsapp|google|threads|bluesky|mastodon)\b|\bfollow (us|\w+(\s\w+){0,3}) on\b|^\s*follow\b.{0,80}\b(full coverage|live updates|latest updates)\b`),
	rule("affiliate", `\b(may contain|contains|uses|include|includes) affiliate\b|\baffiliate (links?|commission)\b`),
	rule("sharing is caring", `^\s*sharing is caring\W*$`),
	rule("letters to the editor", `\bletters to the editor\b`),
	rule("contributed", `\bcontributed (reporting )?(to )?(this|the) (report|story|article)\W*$|\bcontributed reporting\W*$`),
	rule("if you enjoyed", `\bif you enjoyed (this|the) (article|story|post|piece)\b`),
	rule("@", `^\s*(write to|contact|email|e-mail|reach) [\pL .'’-]{2,60} (at|via) \S+@\S+\s*$`),
	rule("google news", `\bgoogle news\b`),
	rule("keep updated", `\bkeep updated\b`),
	rule("sign up", `\bsign up (now |today |here )?(for|to) (our|the|my)\b`),
	rule("subscribe", `\b(subscribe|register) (now |today |here )?(for|to) (our|the|my)\b`),
	rule("newsletter", `\bnewsletters?\b.*\b(sign up|subscribe|inbox|email)\b|\b(sign up|subscribe)\b.*\bnewsletters?\b`),
	rule(" app", `\b(download|get) (our|the) (free )?(\w+ )?app\b`),
	rule("read", `^\s*(read|see) (more|also)\b|^\s*also read\b|^\s*\d+\s*(min|minute)s?\s+read\s*$|^\s*(continue|keep) reading\b`),
	rule("to continue reading", `\bto continue reading\b`),
	rule("see ", `^\s*see (more|also)\b`),
	rule(":", `^\s*(related|recommended|more)( (stories|articles|news|coverage|reading))?\s*:`),
	rule("k here", `\bclick here\b`),
	rule("p here", `\btap here\b`),
	rule("share", `\bshare (this|on) (article|story|post|facebook|twitter|x|whatsapp|linkedin)\b|\bshare (this |it )?(on|via|with) (facebook|twitter|x|whatsapp|linkedin|email|telegram|reddit|pinterest)\b|^\s*share( this( article| story| post| page)?)?\s*:?\s*$|^\s*click to share\b`),
	rule("like", `^\s*like this:?\s*$|^\s*like\s+loading\W*$`),
	rule("view this post", `^\s*view this post on (instagram|facebook|twitter|x|tiktok)\s*$`),
	rule("print friendly", `^\s*print friendly\b`),
	rule("", `^\s*(learn more|find out more|print|email|e-mail|save|listen|listen to (this )?(article|story)|copy link|text size|font size|view comments|show comments|back to top|skip to (main )?content|loading\W*)\s*$`),
	rule("", `^\s*(advertisement|advertising|advert|sponsored( content)?|ad|anzeige|publicité|publicidad|реклама)\s*$`),
	rule("", `^\s*\d*\s*comments?\s*$`),
	rule("coment", `\b(comentários|comentarios)\b.*\b(moderad|aprovad|responsabilidad|responsabilidade)`),
	rule("comment", `\bmoderat\w* (all )?comments\b|\b(commentaires|commenti)\b.*\b(modéré|moderat)|\bcomments? (are|will be) (moderated|posted)\b|\bdoes not endorse\b.*\bcomments?\b|^\s*(leave|post|add|write) a comment\b`),
	rule("kommentar", `\bkommentare\b.*\bmoderiert`),
	rule("коммент", `комментарии.*модер`),
	rule("moderation", `\bmoderation decisions\b`),
	rule("reply", `^\s*(leave|post|add|write) a reply\b`),
	rule("tell us", `^\s*tell us what you think`),
	rule("more", `^\s*more (articles|stories|posts) (from|by)\b`),
	rule("continues", `^\s*story continues below( advertisement)?\s*$`),
	rule("join", `\bjoin (our|us on) (whatsapp|telegram|facebook)\b`),
	rule("notification", `\bturn on (desktop )?notifications\b`),
	rule("cookies", `\b(we use|this (site|website) uses) cookies\b`),
	rule("reserved", `\ball rights reserved\b`),
	rule("as little as", `\b(subscri\w*|access|membership|premium|pro)\b.*\bfor (as little as|just|only)\b`),
	rule("code", `\buse (the )?(promo |coupon |discount )?code\b`),
	rule("appeared first", `^\s*the post .* appeared first on .*$`),
	rule("read the", `^\s*read the (full|rest of the|whole|complete|original) (story|article|post|report)\b`),
	rule("subscri", `\b(already a subscriber|subscribe to (continue|read))\b`),
}

// promoTriggers indexes the rules' trigger words by their first two bytes,
// so that one scan of a text finds every trigger it holds.
type promoTriggers struct {
	buckets [256][]int // rule indexes
	short   []int      // rules whose trigger is one byte
}

func newPromoTriggers(rules []promoRule) *promoTriggers {
	if len(rules) > 64 {
		// isPromo keeps the found triggers in a uint64.
		panic("extract: more than 64 promo rules: widen isPromo's set")
	}
	p := &promoTriggers{}
	for i, r := range rules {
		switch {
		case r.trigger == "":
		case len(r.trigger) == 1:
			p.short = append(p.short, i)
		default:
			b := pairBucket(r.trigger[0], r.trigger[1])
			p.buckets[b] = append(p.buckets[b], i)
		}
	}
	return p
}

var promoIndex = newPromoTriggers(promoRules)

// isPromo reports whether a short block's lower-cased text is a promotion.
func isPromo(t string) bool {
	// Which rules' triggers t holds, found in one scan (there are fewer
	// than 64 rules).
	var present uint64
	for _, i := range promoIndex.short {
		if strings.Contains(t, promoRules[i].trigger) {
			present |= 1 << i
		}
	}
	for k := 0; k+1 < len(t); k++ {
		for _, i := range promoIndex.buckets[pairBucket(t[k], t[k+1])] {
			if w := promoRules[i].trigger; len(t)-k >= len(w) && t[k:k+len(w)] == w {
				present |= 1 << i
			}
		}
	}
	short := len(t) <= 40
	for i, r := range promoRules {
		if r.trigger == "" {
			// Whole-line labels: only short lines can be one.
			if short && r.re.MatchString(t) {
				return true
			}
			continue
		}
		if present&(1<<i) != 0 && r.re.MatchString(t) {
			return true
		}
	}
	return false
}

// commentHeadingRe matches the heading of a comment section: what
// follows it in the article's container is readers' text, not the story's.
var commentHeadingRe = regexp.MustCompile(`(?i)^\s*(\d+\s+)?(comments?|\d+\s+(responses?|replies)|reader comments|leave a (comment|reply)|join the (discussion|conversation)|` +
	`comentários|comentarios|commentaires|kommentare|commenti|комментарии|отзывы|оставить (комментарий|отзыв)|コメント|评论|留言|댓글)(\s*\(\d+\))?\s*[:.…!]*\s*$`)

// paginationRe matches a line of page numbers.
var paginationRe = regexp.MustCompile(`^[\s\d|/·.,<>«»…‹›←→-]*\d[\s|/·.,<>«»…‹›←→-]+\d[\s\d|/·.,<>«»…‹›←→-]*$`)

// headingBoilerFirst holds the letters (lower case) and digits a heading
// matched by headingBoilerRe can start with, past leading white space: the
// pattern is tried only on texts that start with one, which most short
// texts of an article do not.
const headingBoilerFirst = "rmtplyfcsedawnob0123456789àäv関人タ相热관인спчтм"

// maybeHeadingBoiler reports whether t can match headingBoilerRe, by its
// first character and the characters that case folding makes equal to it
// (as the pattern's (?i) does).
func maybeHeadingBoiler(t string) bool {
	t = strings.TrimLeft(t, "\t\n\f\r ")
	r, _ := utf8.DecodeRuneInString(t)
	if r == utf8.RuneError {
		return t != "" // not a letter of the set, but leave it to the pattern
	}
	for f := r; ; {
		if strings.ContainsRune(headingBoilerFirst, f) {
			return true
		}
		if f = unicode.SimpleFold(f); f == r {
			return false
		}
	}
}

// headingBoilerRe matches the headings of blocks that are never the story.
var headingBoilerRe = regexp.MustCompile(`(?i)^\s*(` + strings.Join([]string{
	`related( news| stories| articles| posts| coverage| content| reading| topics)?`,
	`(most|more) (viewed|read|popular|shared|commented)`,
	`top stories`, `trending( now| stories)?`, `popular( now| stories| posts)?`,
	`more (videos|stories|news|from|on|in)\b.*`, `more( \pL+){0,3} (stories|articles|news|videos|reads|coverage)`, `(latest|recent) (news|stories|posts|videos)`,
	`you (may|might) (also )?(like|enjoy)`, `recommended( for you| stories| reading)?`,
	`features`, `comments?`, `\d+ comments?`, `leave a (comment|reply)`, `share( this( article| story| post)?)?`,
	`tags?`, `topics`, `editor'?s? picks?`, `don'?t miss`, `also read`, `read (more|next)`,
	`what to read next`, `more from .*`, `sponsored( content| stories)?`, `newsletter`, `follow us`,
	`(read|see) also`, `similar (articles|posts|stories)`, `other (news|stories|articles)`,
	// The same blocks in the languages of the corpus pages' neighbours.
	`関連記事`, `関連ニュース`, `人気記事`, `タグ`, `相关(文章|新闻|阅读)`, `相關(文章|新聞)`, `热门(文章|新闻)`, `관련\s*기사`, `인기\s*기사`,
	`(artículos|noticias|notícias|artigos|articles|notizie|articoli) (relacionad[oa]s|similaires|correlat[ie]|liés)`,
	`(leia|lea|lire|leggi) (também|también|aussi|anche)`, `à lire aussi`, `(mais|más) (lidas|leídas|populares)`,
	`ähnliche (artikel|beiträge)`, `(weitere|verwandte) (artikel|beiträge|themen|nachrichten)`, `(meistgelesen|beliebt)\pL*`,
	`(самые )?популярн\pL+( \pL+)?`, `(читайте|смотрите) (также|еще|ещё)`, `похожие (статьи|новости|материалы)`, `теги`, `метки`,
	`etiquetas`, `schlagwörter`, `mots-clés`, `tag`,
}, "|") + `)\s*[:.…!]*\s*$`)
