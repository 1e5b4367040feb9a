package textdump

import (
	"strings"
	"unicode"
)

// A text dump carries no lang attribute, so the body's language is
// guessed: by script for the scripts one language dominates, and by its
// commonest short words among the languages written in Latin letters.

// stopwords are frequent function words that tell languages apart.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "is", "in", "that", "it", "was", "for", "with", "he", "she", "they", "on", "are", "this", "have", "from", "by"},
	"de": {"der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich", "auf", "für", "dem", "auch", "es", "von", "wird", "sie"},
	"fr": {"le", "la", "les", "et", "des", "est", "une", "un", "du", "que", "dans", "qui", "pour", "pas", "sur", "au", "il", "elle", "avec", "ce"},
	"es": {"el", "la", "los", "las", "y", "que", "del", "en", "un", "una", "es", "por", "con", "para", "se", "no", "su", "al", "lo", "como"},
	"pt": {"o", "a", "os", "as", "e", "que", "do", "da", "em", "um", "uma", "é", "não", "para", "com", "se", "dos", "das", "no", "na"},
	"it": {"il", "la", "di", "e", "che", "è", "un", "una", "per", "non", "con", "del", "della", "sono", "gli", "le", "si", "nel", "anche", "ma"},
	"nl": {"de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "met", "voor", "die", "ook", "aan", "er", "maar", "om", "als"},
	"id": {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "dalam", "akan", "pada", "juga", "ke", "ada", "karena", "oleh", "atau", "bisa", "mereka"},
	"sv": {"och", "att", "det", "som", "en", "är", "av", "för", "på", "med", "till", "den", "har", "inte", "om", "ett", "var", "jag", "så", "men"},
	"pl": {"i", "w", "nie", "się", "na", "jest", "że", "do", "to", "z", "jak", "co", "ale", "po", "od", "przez", "tak", "za", "jego", "są"},
	"tr": {"ve", "bir", "bu", "da", "de", "için", "ile", "çok", "olarak", "daha", "gibi", "en", "ne", "o", "ama", "değil", "kadar", "sonra", "her", "olan"},
}

// guessLang returns a BCP 47 primary language tag for s, or "" when the
// text is too short or too mixed to tell.
func guessLang(s string) string {
	if len(s) > 64<<10 {
		s = s[:64<<10]
	}
	if lang, decided := countScripts(s).lang(); decided {
		return lang
	}
	return latinLang(s)
}

// scriptCounts are the letters of a text by script.
type scriptCounts struct {
	letters, kana, han, hangul, cyr, arabic, hebrew, greek, thai, deva, latin int
	ukr                                                                       int // Cyrillic letters only Ukrainian has
}

// countScripts counts the letters of s by script.
func countScripts(s string) scriptCounts {
	var c scriptCounts
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		c.letters++
		switch {
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			c.kana++
		case unicode.Is(unicode.Han, r):
			c.han++
		case unicode.Is(unicode.Hangul, r):
			c.hangul++
		case unicode.Is(unicode.Cyrillic, r):
			c.cyr++
			if strings.ContainsRune("іїєґІЇЄҐ", r) {
				c.ukr++
			}
		case unicode.Is(unicode.Arabic, r):
			c.arabic++
		case unicode.Is(unicode.Hebrew, r):
			c.hebrew++
		case unicode.Is(unicode.Greek, r):
			c.greek++
		case unicode.Is(unicode.Thai, r):
			c.thai++
		case unicode.Is(unicode.Devanagari, r):
			c.deva++
		case unicode.Is(unicode.Latin, r):
			c.latin++
		}
	}
	return c
}

// lang names the language a script gives away, "" when the text is too
// short or mixed to tell; it reports whether that decides it (a mostly
// Latin text is left to its words).
func (c scriptCounts) lang() (string, bool) {
	if c.letters < 20 {
		return "", true
	}
	most := func(n int) bool { return n*2 > c.letters }
	switch {
	case c.kana > 0 && most(c.kana+c.han):
		return "ja", true
	case most(c.han):
		return "zh", true
	case most(c.hangul):
		return "ko", true
	case most(c.cyr):
		if c.ukr*100 > c.cyr {
			return "uk", true
		}
		return "ru", true
	case most(c.arabic):
		return "ar", true
	case most(c.hebrew):
		return "he", true
	case most(c.greek):
		return "el", true
	case most(c.thai):
		return "th", true
	case most(c.deva):
		return "hi", true
	case !most(c.latin):
		return "", true
	}
	return "", false
}

// latinLang tells a language written in Latin letters by its commonest
// words.
func latinLang(s string) string {
	langsOf := map[string][]string{}
	for lang, words := range stopwords {
		for _, w := range words {
			langsOf[w] = append(langsOf[w], lang)
		}
	}
	counts := map[string]int{}
	total := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		total++
		for _, lang := range langsOf[w] {
			counts[lang]++
		}
	}
	best, bestN, second := "", 0, 0
	for lang, n := range counts {
		if n > bestN || n == bestN && lang < best {
			best, bestN, second = lang, n, bestN
		} else if n > second {
			second = n
		}
	}
	// Enough evidence, and clearly ahead of the runner-up.
	if total < 15 || bestN*10 < total || bestN*4 < second*5 {
		return ""
	}
	return best
}
