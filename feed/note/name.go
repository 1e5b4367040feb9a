package note

import (
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"golang.org/x/text/unicode/norm"
)

const (
	// maxSlugRunes is the longest slug the issue allows.
	maxSlugRunes = 80
	// maxSlugBytes keeps "YYYY-MM-DD-" + slug + "-999.assets" well under the
	// 255-byte name limit of common file systems even when every character
	// of the slug is a 3-byte CJK letter.
	maxSlugBytes = 200
	// fallbackSlug names a note whose title and URL give no usable letter.
	fallbackSlug = "article"
)

// FileName returns the note's file name, "YYYY-MM-DD-slug.md": the
// published date (in the zone the page gave), else the day of now, and a
// slug of the title (else of the URL's last path segment). The result is
// always one safe path element: no separators, no control characters, no
// leading dot, never a reserved device name, at most 255 bytes.
func FileName(a *feed.Article, now time.Time) string {
	day := now
	if a != nil && !a.Published.IsZero() {
		day = a.Published
	}
	s := ""
	if a != nil {
		s = Slug(a.Title)
		if s == "" {
			s = Slug(urlWords(a.URL))
		}
	}
	if s == "" {
		s = fallbackSlug
	}
	return day.Format("2006-01-02") + "-" + s + ".md"
}

// urlWords returns the last meaningful path segment of a URL, without its
// extension, for naming a note whose page has no title.
func urlWords(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	for p != "" && p != "." {
		b := path.Base(p)
		b = strings.TrimSuffix(b, path.Ext(b))
		if b != "" && strings.Trim(b, "0123456789") != "" {
			return b
		}
		p = path.Dir(p)
		if p == "/" {
			break
		}
	}
	return u.Hostname()
}

// Slug turns a title into lower-case words joined by dashes. Latin letters
// lose their diacritics (é → e, ß → ss), Cyrillic and Greek are
// transliterated, and letters of other scripts (CJK, Arabic, Devanagari…)
// are kept as they are. Everything else separates words. The result has at
// most 80 characters, cut at a word boundary when one is near, and may be
// empty when the title holds no letter or digit.
func Slug(title string) string {
	var b strings.Builder
	dash := false  // a separator is pending
	latin := false // the last letter written was ASCII, so marks after it are accents
	emit := func(s string) {
		if s == "" {
			return
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(s)
	}
	for _, r := range norm.NFC.String(sanitize.Line(title)) {
		switch {
		case isApostrophe(r):
			// "Don't" is one word, not "don-t".
			continue
		case r == '&':
			dash = true
			emit("and")
			dash = true
			continue
		}
		lr := unicode.ToLower(r)
		if t, ok := translit[lr]; ok {
			emit(t)
			latin = true
			continue
		}
		// Compatibility decomposition folds ligatures, full-width forms and
		// accents; marks are then dropped after a Latin base only, because
		// in Indic or Thai scripts they are vowels the word needs.
		for _, d := range norm.NFKD.String(string(r)) {
			ld := unicode.ToLower(d)
			switch {
			case unicode.In(d, unicode.Mn, unicode.Me, unicode.Mc):
				if !latin && b.Len() > 0 && !dash {
					b.WriteRune(d)
				}
			case ld < utf8.RuneSelf:
				if ld >= 'a' && ld <= 'z' || ld >= '0' && ld <= '9' {
					emit(string(ld))
					latin = true
				} else {
					dash = true
				}
			default:
				if t, ok := translit[ld]; ok {
					emit(t)
					latin = true
				} else if unicode.IsLetter(ld) || unicode.IsDigit(ld) {
					emit(string(ld))
					latin = false
				} else {
					dash = true
				}
			}
		}
	}
	return truncateSlug(norm.NFC.String(b.String()))
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘'
}

// truncateSlug cuts s to the rune and byte limits, at the last dash when
// that keeps at least half of the allowed length, and trims dashes.
func truncateSlug(s string) string {
	s = strings.Trim(s, "-")
	if utf8.RuneCountInString(s) <= maxSlugRunes && len(s) <= maxSlugBytes {
		return s
	}
	cut, n := 0, 0
	for i, r := range s {
		if n == maxSlugRunes || i+utf8.RuneLen(r) > maxSlugBytes {
			break
		}
		n++
		cut = i + utf8.RuneLen(r)
	}
	head := s[:cut]
	if next, _ := utf8.DecodeRuneInString(s[cut:]); next != '-' {
		if i := strings.LastIndexByte(head, '-'); i >= cut/2 {
			head = head[:i]
		}
	}
	// A cut in the middle of a decomposed sequence would leave a lone mark;
	// NFC of a prefix is still a valid string, so normalising is enough.
	return strings.Trim(norm.NFC.String(head), "-")
}

// translit maps lower-case Cyrillic and Greek letters and a few Latin
// letters that have no decomposition to ASCII.
var translit = map[rune]string{
	// Latin letters without a canonical decomposition.
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "ng", 'ĸ': "k", 'ſ': "s",
	// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian, Bulgarian).
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz",
	'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	// Greek (accented vowels decompose to these first).
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// reservedNames are device names Windows refuses as a file's base name
// whatever the extension; notes are often synced to Windows machines, so
// they are avoided on every OS.
var reservedNames = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com0": true, "com1": true, "com2": true, "com3": true, "com4": true,
	"com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt0": true, "lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true,
	"lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
	"com¹": true, "com²": true, "com³": true, "lpt¹": true, "lpt²": true, "lpt³": true,
	"conin$": true, "conout$": true, "clock$": true,
}

// IsSafeName reports whether name can be created inside a folder on any
// common OS without escaping it or naming a device: one path element, not
// "." or "..", no leading dot, no separator, control or Windows-forbidden
// character, no trailing dot or space, not a reserved device name, valid
// UTF-8 and at most 255 bytes.
func IsSafeName(name string) bool {
	if name == "" || len(name) > 255 || !utf8.ValidString(name) {
		return false
	}
	if name[0] == '.' || strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return false
		}
	}
	base := strings.ToLower(name)
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	return !reservedNames[strings.TrimRight(base, " ")]
}
