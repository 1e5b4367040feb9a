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
	var letters, kana, han, hangul, cyr, arabic, hebrew, greek, thai, deva, latin int
	ukr := 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			if strings.ContainsRune("іїєґІЇЄҐ", r) {
				ukr++
			}
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Thai, r):
			thai++
		case unicode.Is(unicode.Devanagari, r):
			deva++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	if letters < 20 {
		return ""
	}
	most := func(n int) bool { return n*2 > letters }
	switch {
	case kana > 0 && most(kana+han):
		return "ja"
	case most(han):
		return "zh"
	case most(hangul):
		return "ko"
	case most(cyr):
		if ukr*100 > cyr {
			return "uk"
		}
		return "ru"
	case most(arabic):
		return "ar"
	case most(hebrew):
		return "he"
	case most(greek):
		return "el"
	case most(thai):
		return "th"
	case most(deva):
		return "hi"
	case !most(latin):
		return ""
	}
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
