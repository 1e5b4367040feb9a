package textdump

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/lexicon"
)

// line is one non-empty line of the dump with what the cleaner learnt
// about it. Blank lines are not kept; gap records how many preceded it, as
// paragraph breaks are a hint of structure.
type line struct {
	text string
	key  string // lower-cased letters and digits, for comparing lines
	gap  int

	words   float64 // word-equivalents: tokens, or half the CJK characters
	prose   bool    // reads like a paragraph of running text
	lowered float64 // share of cased letters that are lower case
	endPunc bool    // ends like a sentence
	digit   bool    // holds a digit
	cjk     bool    // written mostly in Chinese or Japanese characters

	barrier  bool    // a heading that opens a block of boilerplate
	comments bool    // … of comments
	weak     float64 // penalty of a heading that may or may not be boilerplate
	promo    bool
	date     bool // mostly a dateline
	byline   bool
	agency   bool // a lone agency name ("Reuters")
	teaser   bool // a teaser's meta line ("1d | Panorama", "3h ago")
	caption  bool
	junk     bool // a bare URL, number or e-mail address
	item     bool // one line of a list introduced by a line ending in ':'
	tags     []string
	dup      int // how many times the same key occurs in the dump

	// What the dump's markup told, kept when the markup goes.
	linkShare float64 // share of the letters that were link text
	mdHeading int     // 1 to 6 for a Markdown heading line, else 0
	md        string  // the text with its emphasis marked, when it has some
}

// meta reports whether the line is one of the page furniture lines that
// surround a story's head: dateline, byline, caption, teaser meta.
func (l *line) meta() bool {
	return l.date || l.byline || l.agency || l.teaser || l.caption
}

// maxLineBytes bounds the work spent on one line: a "line" longer than this
// is a blob, not a paragraph a reader wrote, and is cut.
const maxLineBytes = 64 << 10

// splitLines cleans and segments the text. Tabs and runs of spaces collapse
// to one space, as in rendered text.
func splitLines(text string) []line {
	var out []line
	gap := 0
	for len(text) > 0 && len(out) < maxLines {
		var raw string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			raw, text = text[:i], text[i+1:]
		} else {
			raw, text = text, ""
		}
		if len(raw) > maxLineBytes {
			cut := maxLineBytes
			for cut > 0 && !utf8.RuneStart(raw[cut]) {
				cut-- // do not split a character
			}
			raw = raw[:cut]
		}
		t := collapseSpace(raw)
		if t == "" {
			gap++
			continue
		}
		out = append(out, line{text: t, gap: gap})
		gap = 0
	}
	return out
}

func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// keyOf lower-cases s and keeps its letters and digits, one space between
// words, so that lines differing only in punctuation or case compare equal.
func keyOf(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

func mostlyCJK(s string) bool {
	cjk, letters := 0, 0
	for _, r := range s {
		if isCJK(r) {
			cjk++
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return cjk*2 > letters
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r)
}

// measure counts word-equivalents and the share of lower-case letters. CJK
// text has no spaces; two of its characters weigh about one English word.
func measure(s string) (words, lowered float64) {
	var cjk, lower, cased int
	inWord := false
	for _, r := range s {
		switch {
		case isCJK(r):
			cjk++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_':
			if !inWord {
				words++
			}
			inWord = true
			if unicode.IsLower(r) {
				lower++
				cased++
			} else if unicode.IsUpper(r) {
				cased++
			}
		default:
			inWord = r == '\'' || r == '’' || r == '-' && inWord
		}
	}
	words += float64(cjk) / 2
	lowered = 1
	if cased > 0 {
		lowered = float64(lower) / float64(cased)
	}
	return words, lowered
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"'”’»)]*")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', ':', ';', '。', '！', '？', '」', '』':
		return true
	}
	return false
}

var (
	// Section headings that open a block of other stories, comments or
	// promotions: the story never continues past them.
	barrierRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:` +
			`about (?:the )?authors?|(?:about|sobre|über|à propos de) \pL+(?: \pL+)?|` +
			`related(?: news| articles?| stories| posts| content| coverage| links| reading| videos?| topics| tags)?|` +
			`more (?:videos|stories|news|articles|coverage|from|in|on|to read)\b.*|` +
			`top (?:stories|news|headlines)|most (?:viewed|read|popular|shared|commented|watched|emailed)(?: \w+)?|` +
			`(?:you|we) (?:may|might|would) (?:also )?(?:like|enjoy|recommend)\b.*|` +
			`recommended(?: for you| stories| articles| reading)?|read (?:next|this next)|what to read next|` +
			`(?:\d+ )?comments?(?: \d+)?|leave a (?:comment|reply)|post a comment|add a comment|join the (?:conversation|discussion)|` +
			`\d+ (?:responses|replies|thoughts on\b.*)|comment policy|comments policy|` +
			`other (?:stories|news|articles)|also (?:on|in|read)\b.*|around the web|promoted (?:stories|content)|` +
			`sponsored(?: content| stories| links)?|from (?:around the web|our partners)|in other news|` +
			`editor s picks|editors picks|don t miss|must read|stories you may\b.*|` +
			`latest (?:news|stories|articles|videos|posts)(?: from\b.*)?|recent posts|popular posts|` +
			`about the author|share this(?: article| story| post)?|newsletter|sign up\b.*|site index|` +
			`trending(?: now| stories| news)?|you are here|breadcrumbs?|footer|navigation|skip to\b.*` +
			`)$`)
	})
	// Headings that are often, not always, boilerplate: a story may bridge
	// one of them, a block of teasers may not.

	promoStrongRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`google news|keep updated|newsletter|click (?:here|to)\b|tap here|opens? in (?:a )?new (?:window|tab)|` +
			`\bshare (?:on|via|with) (?:facebook|twitter|whatsapp|email|linkedin|reddit|pinterest|x)\b|` +
			`all rights reserved|follow us\b|sign up (?:for|to|now)|subscribe (?:to|now|today|for)|` +
			`download (?:the|our) app|get the app|whatsapp channel|telegram channel|` +
			`\bjoin (?:us|our) on\b|follow \S+(?: \S+){0,4} on (?:twitter|facebook|instagram|x|linkedin|tiktok|youtube)|` +
			`cookie|privacy policy|terms of (?:use|service)|continue reading|` +
			`^(?:read more|read also|also read|see also|watch|listen|related|recommended)\s*[:|>»]|` +
			`support (?:our|independent) journalism|become a (?:member|subscriber|patron)`)
	})
	promoWeakRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(?:subscribe|follow|share|tweet|facebook|twitter|instagram|` +
			`linkedin|whatsapp|pinterest|reddit|e-?mail|print|comments?|log ?in|sign ?in|register|app|podcast|rss)\b`)
	})

	teaserRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:\d+\s*(?:s|m|h|d|w|mo|y|sec|secs|mins?|hrs?|hours?|days?|weeks?|months?|years?)(?:\s+ago)?` +
			`(?:\s*[|·•–-]\s*[\pL&+ ]{1,30})?|` +
			`(?:just now|yesterday|today)|\d+\s*(?:min|minute)s?\s+read|` +
			`(?:updated |posted )?\d+\s*(?:minutes?|hours?|days?|weeks?)\s+ago)$`)
	})

	// A comment's head: "joetoronto says:", "Reply", "Report abuse".
	commenterRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:\S+(?: \S+){0,3} (?:says|said|wrote|writes|replied)\s*:?|reply|report(?: abuse)?|like|dislike|\d+ (?:likes?|replies|points))$`)
	})

	// altRE matches an image's alt text as text browsers print it, in
	// brackets on a line of its own: "[COTY]", "[audio-play]".
	altRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\[[^\[\]]+\]$`) })

	junkRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:(?:https?://|www\.)\S+|[\pN\pP\pS ]+|\S+@\S+\.\w+)$`)
	})

	bylineAnyRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|\s)(?:[Bb]y|BY)\s+(\p{Lu}[^|]*)`) })

	bylineRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:(?:[Pp]osted|[Pp]ublished|[Uu]pdated|[Ww]ritten|[Ss]tory|[Ww]ords|[Rr]eporting|[Pp]hotos?) by|[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Ss]tory by|[Rr]eporting by|[Aa]uthor:|[Aa]uthors:|[Vv]on|[Pp]or|[Pp]ar)\s+(\p{Lu}.*)$`)
	})

	captionRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^(?:image|media|video|photo) (?:caption|copyright|source)\b|^\d+of\d+|^\d+ of \d+$|` +
			`\[[^\]]*\b(?:file|photo|image|reuters|afp|ap|getty|epa)\b[^\]]*\]$|\b(?:photo|picture|image|illustration|graphic|video)\s*(?:credit)?\s*:|` +
			`\bcredit\s*(?::|\.\.\.)|\bcourtesy (?:of\b|photo)|\b(?:reuters|afp|ap|getty images|epa|ap photo|shutterstock|istock)\s*/|` +
			`\((?:photo|image|picture)[^)]*\)$|\bphoto(?:graph)?:?\s*(?:by|courtesy)\b|©|` +
			`^(?:\pL[\pL.' -]*/)?(?:getty images|shutterstock|istock(?:photo)?|ap photo|alamy|epa|afp|reuters|ap)(?:\s*(?:via|/|for)\b.*)?$)`)
	})
)

// agencyName returns the name of the wire service s credits, when it is
// one. A name of three letters or fewer must be capitalised as the agency
// writes it ("AP", "Efe", "dpa"): "ap" or "pa" in a text is a word.
func agencyName(s string) (string, bool) {
	s = strings.TrimSpace(strings.Trim(s, " .,;:|-–—()"))
	name, ok := lexicon.Agency(s)
	if !ok || len(s) > 3 || s == name || s == strings.ToUpper(s) {
		return name, ok
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsUpper(r) && strings.EqualFold(s, name) {
		return name, ok
	}
	return "", false
}

// classify fills the lines' features. Each distinct line is described
// once (menus and teasers repeat), with cheap substring tests guarding the
// costlier patterns, so that a huge dump stays fast.
func classify(ls []line) {
	counts := map[string]int{}
	for i := range ls {
		l := &ls[i]
		l.key = keyOf(l.text)
		if l.key != "" {
			counts[l.key]++
		}
	}
	memo := map[string]*line{}
	for i := range ls {
		l := &ls[i]
		if m, ok := memo[l.text]; ok && m.linkShare == l.linkShare {
			gap, h, md := l.gap, l.mdHeading, l.md
			*l = *m
			l.gap, l.mdHeading, l.md = gap, h, md
		} else {
			describe(l)
			c := *l
			memo[l.text] = &c
		}
		l.dup = counts[l.key]
		markItem(ls, i)
		if i > 0 && ls[i-1].key == l.key && l.words >= 5 && !ls[i-1].prose {
			// A line printed twice in a row is a caption or alt text
			// beside its image, or a teaser's title repeated by its link.
			l.caption = l.caption || l.words >= 8
			ls[i-1].caption = ls[i-1].caption || l.caption
			l.prose = isProse(l)
		}
	}
}

// markItem marks line i as a list item when it continues, without a blank
// line, a list that a line ending in a colon introduced ("The tour
// dates:"). Such items are short and would otherwise count as menu lines.
func markItem(ls []line, i int) {
	if i == 0 || ls[i].gap > 1 {
		return
	}
	l, p := &ls[i], &ls[i-1]
	if l.prose || l.barrier || l.promo || l.meta() || l.junk || l.words > 30 {
		return
	}
	intro := strings.HasSuffix(p.text, ":") && p.lowered >= 0.5 && p.words >= 3 && !p.barrier && !p.promo
	if intro || p.item && l.gap == 0 {
		l.item = true
	}
}

// hasAny reports whether s contains one of the words.
func hasAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

// promoStrongWords and promoWeakWords are the words without which the
// promotion patterns cannot match.
var (
	promoStrongWords = []string{"google", "keep updated", "newsletter", "click", "tap here", "new window",
		"share", "rights reserved", "follow", "sign up", "subscribe", "download", "get the app", "channel",
		"join", "cookie", "privacy", "terms of", "continue reading", "read", "see also", "watch", "listen",
		"related", "recommended", "support", "become a"}
	promoWeakWords = []string{"subscribe", "follow", "share", "tweet", "facebook", "twitter", "instagram",
		"linkedin", "whatsapp", "pinterest", "reddit", "mail", "print", "comment", "log", "sign", "register",
		"app", "podcast", "rss"}
)

// weakHeadings are headings that are often, not always, boilerplate: a
// story may bridge one of them, a block of teasers may not.
var weakHeadings = setOf("features", "feature", "featured", "latest", "popular", "videos", "video",
	"photos", "photo", "gallery", "opinion", "analysis", "advertisement", "ad", "ads", "topics", "tags",
	"categories", "archives", "archive", "search", "menu", "home", "watch", "listen", "live", "explore",
	"more", "sections", "follow us", "share", "print", "email", "close", "read more", "see more",
	"show more", "load more")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// foreignBarriers are the same headings in other languages, by key; the
// value tells a comments heading.
var foreignBarriers = map[string]bool{
	"関連記事": false, "関連ニュース": false, "スポンサードリンク": false, "おすすめ記事": false, "人気記事": false,
	"コメント": true, "相关文章": false, "相关新闻": false, "热门文章": false, "评论": true,
	"ähnliche artikel": false, "mehr zum thema": false, "weitere artikel": false, "meistgelesen": false,
	"das könnte sie auch interessieren": false, "kommentare": true,
	"noticias relacionadas": false, "más noticias": false, "lo más leído": false, "te puede interesar": false,
	"comentarios": true, "articles similaires": false, "à lire aussi": false, "a lire aussi": false,
	"les plus lus": false, "sur le même sujet": false, "commentaires": true,
	"notícias relacionadas": false, "leia também": false, "mais lidas": false, "veja também": false,
	"comentários": true, "articoli correlati": false, "leggi anche": false, "i più letti": false,
	"commenti": true, "похожие статьи": false, "читайте также": false, "популярное": false,
	"новости по теме": false, "комментарии": true, "gerelateerde artikelen": false, "lees ook": false,
	"reacties": true,
}

// barrierStarts are the first words of the headings barrierRE knows.
var barrierStarts = map[string]bool{
	"related": true, "more": true, "top": true, "most": true, "you": true, "we": true,
	"recommended": true, "read": true, "what": true, "comments": true, "comment": true,
	"leave": true, "post": true, "add": true, "join": true, "other": true, "also": true,
	"around": true, "promoted": true, "sponsored": true, "from": true, "in": true,
	"editor": true, "editors": true, "don": true, "must": true, "stories": true,
	"latest": true, "recent": true, "popular": true, "about": true, "sobre": true, "über": true, "à": true, "share": true,
	"newsletter": true, "sign": true, "site": true, "trending": true, "breadcrumb": true,
	"breadcrumbs": true, "footer": true, "navigation": true, "skip": true,
}

// describe fills the features of one line from its text and key.
func describe(l *line) {
	l.words, l.lowered = measure(l.text)
	l.cjk = mostlyCJK(l.text)
	l.endPunc = endsSentence(l.text)
	low := strings.ToLower(l.text)
	first, _, _ := strings.Cut(l.key, " ")
	digit := hasDigit(l.text)
	l.digit = digit
	if l.words <= 8 {
		if (barrierStarts[first] || first != "" && first[0] >= '0' && first[0] <= '9') && barrierRE().MatchString(l.key) {
			l.barrier = true
		} else if weakHeadings[l.key] {
			l.weak = 25
		}
	}
	if c, ok := foreignBarriers[l.key]; ok {
		l.barrier, l.comments = true, c
	}
	if l.words <= 20 && (first == "comments" || first == "comment" || digit || hasAny(l.key, "comment", "conversation", "discussion", "reply")) && commentsRE().MatchString(l.key) {
		l.barrier, l.comments = true, true
	}
	if l.words <= 40 && hasAny(low, promoStrongWords...) && promoStrongRE().MatchString(low) {
		l.promo = true
	} else if l.words <= 6 && !l.endPunc && hasAny(low, promoWeakWords...) && promoWeakRE().MatchString(low) {
		l.promo = true
	}
	if l.words <= 8 && (digit || hasAny(l.key, "just now", "yesterday", "today")) && teaserRE().MatchString(low) ||
		l.words <= 8 && (digit || hasAny(low, "say", "said", "wrote", "writes", "repl", "report", "like")) && commenterRE().MatchString(low) {
		l.teaser = true
	}
	if l.words <= 24 && digit {
		l.date = isDateLine(l.text)
	}
	if l.words <= 24 {
		if strings.ContainsAny(l.text[:1], "BbPpUuWwSsRrAaVv") {
			if m := bylineRE().FindStringSubmatch(l.text); m != nil && !l.endPunc || m != nil && l.date {
				l.byline = true
			}
		}
		// "Posted on March 3, 2023 by Ana Lima": a dateline with a byline.
		if !l.byline && digit && bylineAnyRE().MatchString(l.text) {
			if _, ok := findDate(l.text); ok {
				l.byline, l.date = true, true
			}
		}
		if _, ok := agencyName(l.text); ok {
			l.agency = true
		}
	}
	if l.words <= 60 && hasAny(low, "photo", "picture", "image", "illustration", "graphic", "video", "credit", "of", "[",
		"courtesy", "/", "(", "©", "getty", "shutterstock", "istock", "alamy", "epa", "afp", "reuters") && captionRE().MatchString(low) && !l.agency {
		l.caption = true
	}
	if l.words <= 40 && !l.endPunc && strings.ContainsAny(l.text, "/|,·•:") {
		l.tags = tagItems(l.text)
	}
	l.junk = (l.lowered == 1 && !hasLetter(l.text) || hasAny(low, "http", "www.", "@")) && junkRE().MatchString(l.text) ||
		l.text[0] == '[' && l.words <= 12 && !l.endPunc && altRE().MatchString(l.text)
	l.prose = isProse(l) && !(l.words >= 30 && selfRepeating(l.key))
}

// selfRepeating reports whether a long line says the same thing over and
// over: a list of teasers run together on one line ("1 Hunter catches
// plague 2 Hunter catches plague …"), as a text browser lays out a list
// styled inline. Running text rarely repeats four words in a row.
func selfRepeating(key string) bool {
	w := strings.Fields(key)
	if len(w) < 8 {
		return false
	}
	seen := make(map[[4]string]bool, len(w))
	dup := 0
	for i := 0; i+4 <= len(w); i++ {
		k := [4]string{w[i], w[i+1], w[i+2], w[i+3]}
		if seen[k] {
			dup++
		}
		seen[k] = true
	}
	return dup*4 >= len(w)-3
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// isProse tells a paragraph of running text from titles, menus and
// furniture: long enough, mostly lower case, usually ending like a
// sentence.
func isProse(l *line) bool {
	if l.barrier || l.teaser || l.date && l.words <= 16 || l.byline || l.agency {
		return false
	}
	if l.linkShare >= 0.6 {
		// Mostly link text: a teaser or a menu, as in HTML.
		return false
	}
	if l.lowered < 0.55 || strings.Count(l.text, " | ")+strings.Count(l.text, " · ") >= 2 {
		// Mostly capitals, or links strung together with separators.
		return false
	}
	switch {
	case l.words >= 20 && !l.cjk:
		return true
	case l.words >= 7:
		// CJK headings and link titles run long without spaces; its
		// prose ends with a full stop.
		return l.endPunc
	}
	return false
}

var tagSepRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+[/|·•]\s+|\s*,\s+|\s+[|]\s*|\s*[|]\s+`) })

// tagItems splits a line like "USA / Russia / ISIS" or "Tags: a, b, c" into
// its items, or returns nil when the line does not read as a list of tags.
func tagItems(s string) []string {
	labelled := false
	if low := strings.ToLower(s); strings.HasPrefix(low, "filed under ") || strings.HasPrefix(low, "tagged ") {
		s = s[strings.Index(s[7:], " ")+8:]
		labelled = true
	} else if i := strings.IndexAny(s, ":"); i > 0 && i < 24 {
		switch strings.ToLower(strings.TrimSpace(s[:i])) {
		case "tags", "タグ", "标签", "tagged", "topics", "keywords", "filed under", "categories", "category", "tagged with", "related topics":
			s = s[i+1:]
			labelled = true
		}
	}
	parts := tagSepRE().Split(strings.TrimSpace(s), -1)
	if len(parts) < 2 && !labelled {
		return nil
	}
	var items []string
	for _, p := range parts {
		p = strings.TrimSpace(strings.Trim(p, " #"))
		if p == "" {
			continue
		}
		w, _ := measure(p)
		if w > 4 || endsSentence(p) || isDateLine(p) {
			return nil
		}
		items = append(items, p)
	}
	if len(items) < 2 && !(labelled && len(items) == 1) {
		return nil
	}
	return items
}
