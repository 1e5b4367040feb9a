package lexicon

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Phrases of the HTML cleaner (feed/extract): lines and headings between
// and after the paragraphs of a story that send the reader elsewhere.

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
// send the reader elsewhere. They are compiled on first use.
var promoRules = lazy[[]promoRule]{build: func() []promoRule {
	return []promoRule{
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
}}

// promoTriggers indexes the rules' trigger words by their first two bytes,
// so that one scan of a text finds every trigger it holds.
type promoTriggers struct {
	buckets [256][]int // rule indexes
	short   []int      // rules whose trigger is one byte
}

func newPromoTriggers(rules []promoRule) *promoTriggers {
	if len(rules) > 64 {
		// IsPromo keeps the found triggers in a uint64.
		panic("lexicon: more than 64 promo rules: widen IsPromo's set")
	}
	p := &promoTriggers{}
	for i, r := range rules {
		switch {
		case r.trigger == "":
		case len(r.trigger) == 1:
			p.short = append(p.short, i)
		default:
			b := PairBucket(r.trigger[0], r.trigger[1])
			p.buckets[b] = append(p.buckets[b], i)
		}
	}
	return p
}

var promoIndex = lazy[*promoTriggers]{build: func() *promoTriggers { return newPromoTriggers(promoRules.get()) }}

// IsPromo reports whether a short block's lower-cased text is a promotion.
func IsPromo(t string) bool {
	rules, index := promoRules.get(), promoIndex.get()
	// Which rules' triggers t holds, found in one scan (there are fewer
	// than 64 rules).
	var present uint64
	for _, i := range index.short {
		if strings.Contains(t, rules[i].trigger) {
			present |= 1 << i
		}
	}
	for k := 0; k+1 < len(t); k++ {
		for _, i := range index.buckets[PairBucket(t[k], t[k+1])] {
			if w := rules[i].trigger; len(t)-k >= len(w) && t[k:k+len(w)] == w {
				present |= 1 << i
			}
		}
	}
	short := len(t) <= 40
	for i, r := range rules {
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

var commentHeadingLazy = lazy[*regexp.Regexp]{build: func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(\d+\s+)?(comments?|\d+\s+(responses?|replies)|reader comments|leave a (comment|reply)|join the (discussion|conversation)|` +
		`comentários|comentarios|commentaires|kommentare|commenti|комментарии|отзывы|оставить (комментарий|отзыв)|コメント|评论|留言|댓글)(\s*\(\d+\))?\s*[:.…!]*\s*$`)
}}

// CommentHeading matches the heading of a comment section: what
// follows it in the article's container is readers' text, not the story's.
func CommentHeading() *regexp.Regexp { return commentHeadingLazy.get() }

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
var headingBoilerRe = lazy[*regexp.Regexp]{build: func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(` + strings.Join([]string{
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
}}

// BoilerHeading reports whether t, the text of a short heading, opens a
// block that is never the story: related stories, comments, tags,
// promotions, in English and the languages of the corpus pages' neighbours.
func BoilerHeading(t string) bool {
	return maybeHeadingBoiler(t) && headingBoilerRe.get().MatchString(t)
}
