package prepare

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit bounds how far into the page a <meta charset> is looked
// for. Browsers stop at 1024 bytes, but many real pages put a long inline
// script or style block before their declaration, so a larger window finds
// declarations browsers would otherwise reach by re-parsing.
const metaScanLimit = 64 << 10

// sniffLimit bounds how much of an undeclared page the statistical sniffer
// reads; a few tens of kilobytes of text decide the charset as well as the
// whole page would.
const sniffLimit = 64 << 10

var metaCharsetRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)`)
})

// DecodeToUTF8 turns raw page bytes into UTF-8, choosing the charset from
// a BOM, the HTTP Content-Type, <meta charset> / http-equiv, or sniffing,
// in that order. It returns the UTF-8 bytes and the name of the charset it
// used. Bytes that are invalid in the chosen charset become U+FFFD, so the
// result is always valid UTF-8.
func DecodeToUTF8(raw []byte, contentType string) ([]byte, string, error) {
	enc, name := chooseEncoding(raw, contentType)
	if name == "utf-8" {
		out := bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(out) {
			out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
		}
		return out, name, nil
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return nil, name, err
	}
	// A UTF-16 BOM survives decoding as U+FEFF; it is not content.
	out = bytes.TrimPrefix(out, []byte("\ufeff"))
	return out, name, nil
}

// chooseEncoding applies the WHATWG order (BOM, transport header, in-page
// declaration) with two corrections for how pages lie in practice: a
// declared legacy charset on bytes that are valid multi-byte UTF-8 is
// taken as UTF-8 (servers default to ISO-8859-1 for everything, pages
// converted to UTF-8 keep their old <meta>); a declared UTF-8 that the
// bytes plainly are not (a server's default over a Windows-1251 page) is
// sniffed; and an undeclared page is sniffed rather than assumed
// Windows-1252.
func chooseEncoding(raw []byte, contentType string) (encoding.Encoding, string) {
	if enc, name, ok := bomEncoding(raw); ok {
		return enc, name
	}
	if label := contentTypeCharset(contentType); label != "" {
		if enc, name, ok := lookupEncoding(label, raw); ok {
			return enc, name
		}
	}
	if label := metaCharset(raw); label != "" {
		if enc, name, ok := lookupEncoding(label, raw); ok {
			return enc, name
		}
	}
	return sniffEncoding(raw)
}

func bomEncoding(raw []byte) (encoding.Encoding, string, bool) {
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		return unicode.UTF8, "utf-8", true
	case bytes.HasPrefix(raw, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "utf-16be", true
	case bytes.HasPrefix(raw, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "utf-16le", true
	}
	return nil, "", false
}

// contentTypeCharset returns the charset parameter of an HTTP Content-Type
// value, or "".
func contentTypeCharset(ct string) string {
	for _, part := range strings.Split(ct, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

// metaCharset finds the first <meta charset=...> or http-equiv
// Content-Type declaration near the start of the page. The x/net prescan
// implements the browser algorithm over the first 1024 bytes; past that a
// plain pattern search covers pages with long heads.
func metaCharset(raw []byte) string {
	head := raw
	if len(head) > 1024 {
		head = head[:1024]
	}
	if _, name, certain := charset.DetermineEncoding(head, ""); certain && name != "" {
		// certain is only reported for a BOM or a declaration; there is no
		// BOM here (checked earlier), so this is the page's own meta.
		return name
	}
	window := raw
	if len(window) > metaScanLimit {
		window = window[:metaScanLimit]
	}
	if label := metaCharsetLate(window); label != "" {
		return label
	}
	// XHTML pages may declare it only in the XML declaration.
	if m := xmlEncodingRE().FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// metaCharsetLate is metaCharsetRE's first match in window, found by
// trying the pattern on each <meta> tag alone: a match cannot cross the
// tag's '>', and a case-insensitive pattern run over 64 KB is slow.
func metaCharsetLate(window []byte) string {
	for i := 0; i < len(window); {
		k := bytes.IndexByte(window[i:], '<')
		if k < 0 {
			return ""
		}
		i += k
		if i+5 > len(window) {
			return ""
		}
		if !bytes.EqualFold(window[i+1:i+5], []byte("meta")) {
			i++
			continue
		}
		end := len(window)
		if e := bytes.IndexByte(window[i:], '>'); e >= 0 {
			end = i + e
		}
		if m := metaCharsetRE().FindSubmatch(window[i:end]); m != nil {
			return string(m[1])
		}
		i++
	}
	return ""
}

var xmlEncodingRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_:.\-]+)["']`)
})

// lookupEncoding resolves a label through the WHATWG table (so
// "iso-8859-1" means windows-1252 and "gb2312" means GBK, as in browsers).
func lookupEncoding(label string, raw []byte) (encoding.Encoding, string, bool) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", false
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, "", false
	}
	switch name {
	case "utf-16le", "utf-16be":
		// A page that reached us as bytes and says UTF-16 in ASCII cannot
		// be UTF-16; browsers treat this declaration as UTF-8.
		return unicode.UTF8, "utf-8", true
	case "utf-8":
		window := raw
		if len(window) > sniffLimit {
			window = window[:sniffLimit]
		}
		if !utf8.Valid(window) && !mostlyUTF8(window) && invalidUTF8Count(window) >= 8 {
			enc, name := sniffEncoding(raw)
			return enc, name, true
		}
	default:
		// Pages re-saved as UTF-8 keep their old declaration, and servers
		// send a default charset for everything. Text in a legacy charset
		// practically never forms valid multi-byte UTF-8, so bytes that do
		// are UTF-8 whatever the label says.
		if hasMultibyteUTF8(raw) {
			return unicode.UTF8, "utf-8", true
		}
	}
	return enc, name, true
}

// hasMultibyteUTF8 reports whether raw is valid UTF-8 and contains at
// least one multi-byte sequence: Latin-1 text almost never forms valid
// UTF-8 sequences by accident.
func hasMultibyteUTF8(raw []byte) bool {
	if len(raw) > sniffLimit*4 {
		raw = raw[:sniffLimit*4]
		// Do not let a sequence cut at the window's end spoil validity.
		for i := 0; i < utf8.UTFMax && len(raw) > 0 && !utf8.RuneStart(raw[len(raw)-1]); i++ {
			raw = raw[:len(raw)-1]
		}
		if len(raw) > 0 && raw[len(raw)-1] >= 0xc0 {
			raw = raw[:len(raw)-1]
		}
	}
	multi := false
	for _, b := range raw {
		if b >= 0x80 {
			multi = true
			break
		}
	}
	return multi && utf8.Valid(raw)
}

// sniffEncoding guesses the charset of an undeclared page. Valid UTF-8 is
// UTF-8. Otherwise each plausible legacy charset decodes a window of the
// page and is scored by how much of the non-ASCII text comes out as
// letters of one script without replacement characters; the best wins.
func sniffEncoding(raw []byte) (encoding.Encoding, string) {
	window := raw
	if len(window) > sniffLimit {
		window = window[:sniffLimit]
	}
	if hasMultibyteUTF8(window) || asciiOnly(window) || mostlyUTF8(window) {
		return unicode.UTF8, "utf-8"
	}
	type candidate struct {
		name string
		enc  encoding.Encoding
	}
	candidates := []candidate{
		{"gbk", simplifiedchinese.GBK},
		{"big5", traditionalchinese.Big5},
		{"shift_jis", japanese.ShiftJIS},
		{"euc-jp", japanese.EUCJP},
		{"euc-kr", korean.EUCKR},
		{"windows-1251", mustEncoding("windows-1251")},
		{"koi8-r", mustEncoding("koi8-r")},
		{"windows-1252", mustEncoding("windows-1252")},
	}
	text := visibleBytes(window)
	best, bestScore := candidates[len(candidates)-1], -1.0
	for _, c := range candidates {
		if c.enc == nil {
			continue
		}
		out, err := c.enc.NewDecoder().Bytes(text)
		if err != nil {
			continue
		}
		s := scoreDecoded(string(out), c.name)
		if s > bestScore {
			best, bestScore = c, s
		}
	}
	if best.name == "windows-1252" || best.name == "windows-1251" || best.name == "koi8-r" {
		// Single-byte text is told apart by letter statistics only, which
		// take Central European for Western and Greek or Baltic for
		// Cyrillic: the language the page declares picks its legacy
		// charset, as a browser's locale would.
		if name := legacyCharsetFor(pageLang(window), window); name != "" {
			if enc := mustEncoding(name); enc != nil {
				return enc, name
			}
		}
	}
	return best.enc, best.name
}

// legacyCharsets are the single-byte charsets pages in these languages
// used before UTF-8: the ISO one and the Windows one. Windows' code pages
// put letters at 0x80–0x9F, where the ISO ones have only control codes,
// so a byte there says which of the two a page is.
var legacyCharsets = map[string][2]string{
	"pl": {"iso-8859-2", "windows-1250"}, "cs": {"iso-8859-2", "windows-1250"}, "sk": {"iso-8859-2", "windows-1250"},
	"hu": {"iso-8859-2", "windows-1250"}, "sl": {"iso-8859-2", "windows-1250"}, "hr": {"iso-8859-2", "windows-1250"},
	"bs": {"iso-8859-2", "windows-1250"}, "ro": {"iso-8859-2", "windows-1250"},
	"lt": {"iso-8859-13", "windows-1257"}, "lv": {"iso-8859-13", "windows-1257"}, "et": {"iso-8859-13", "windows-1257"},
	"el": {"iso-8859-7", "windows-1253"}, "tr": {"iso-8859-9", "windows-1254"},
	"he": {"iso-8859-8", "windows-1255"}, "iw": {"iso-8859-8", "windows-1255"},
	"ar": {"iso-8859-6", "windows-1256"}, "fa": {"iso-8859-6", "windows-1256"}, "ur": {"iso-8859-6", "windows-1256"},
	"th": {"tis-620", "windows-874"}, "vi": {"windows-1258", "windows-1258"},
}

// legacyCharsetFor returns the legacy charset of a page in language lang
// ("" when the language has none of its own or is unknown).
func legacyCharsetFor(lang string, b []byte) string {
	cs, ok := legacyCharsets[lang]
	if !ok {
		return ""
	}
	for _, c := range b {
		if c >= 0x80 && c <= 0x9f {
			return cs[1]
		}
	}
	return cs[0]
}

// pageLangRE finds the language a page declares before any charset is
// known: <html lang>, or a Content-Language <meta>. Both are ASCII in
// every charset a page can be in here.
var pageLangRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?([a-z]{2,3})\b|<meta\s[^>]*?http-equiv\s*=\s*["']?content-language["']?[^>]*?content\s*=\s*["']?([a-z]{2,3})\b`)
})

// pageLang returns the primary language subtag the page declares near its
// start, in lower case, or "".
func pageLang(b []byte) string {
	if len(b) > 4096 {
		b = b[:4096]
	}
	m := pageLangRE().FindSubmatch(b)
	if m == nil {
		return ""
	}
	if len(m[1]) > 0 {
		return strings.ToLower(string(m[1]))
	}
	return strings.ToLower(string(m[2]))
}

// mostlyUTF8 reports whether the bytes are UTF-8 spoiled by a few stray
// bytes (a Latin-1 snippet pasted into a UTF-8 page): many valid
// multi-byte sequences and few invalid bytes. Decoding such a page as
// Windows-1252 would garble all of it to save a handful of characters.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			invalid++
			i++
			continue
		}
		valid++
		i += size
	}
	return valid >= 8 && valid >= 10*invalid
}

// invalidUTF8Count counts the bytes that cannot start or continue a UTF-8
// sequence where they stand.
func invalidUTF8Count(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			n++
			i++
			continue
		}
		i += size
	}
	return n
}

func mustEncoding(label string) encoding.Encoding {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil
	}
	return enc
}

func asciiOnly(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// visibleBytes drops markup (tags, and the contents of script and style
// elements are kept as-is; they are rarely non-ASCII) so that attribute
// noise does not weigh on the sniffer.
func visibleBytes(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inTag := false
	for _, c := range b {
		switch {
		case c == '<':
			inTag = true
			out = append(out, ' ')
		case c == '>':
			inTag = false
		case !inTag:
			out = append(out, c)
		}
	}
	return out
}

// scoreDecoded rates a decoding: each non-ASCII rune that is a letter of
// the script the charset is meant for earns points (more for the
// language's commonest characters), a replacement character or a C1
// control costs many, and letters of any other script cost one.
func scoreDecoded(s, name string) float64 {
	var good, bad float64
	// Scores are per byte: a CJK character consumed two bytes, a
	// Cyrillic letter one, so a CJK decoding earns double per rune.
	weight := 1.0
	switch name {
	case "gbk", "big5", "shift_jis", "euc-jp", "euc-kr":
		weight = 2
	}
	prevHigh := false
	runs, highs := 0, 0
	for _, r := range s {
		if r < 0x80 {
			prevHigh = false
			continue
		}
		highs++
		if !prevHigh {
			runs++
		}
		prevHigh = true
		switch {
		case r == utf8.RuneError || (r >= 0x80 && r < 0xa0):
			bad += 10
		case inScript(r, name):
			good += weight
			if strings.ContainsRune(frequentRunes[name], r) {
				good += 3 * weight
			}
		case r >= 0x2500 && r <= 0x25ff:
			// Box drawing never appears in running text; it is what
			// KOI8 makes of other charsets' bytes.
			bad += 3
		case r >= 0xa0 && r < 0x100 && !isLatinLetter(r):
			// punctuation such as « » ° © is expected in any single-byte page.
		case r >= 0x2000 && r < 0x2070:
			// general punctuation (quotes, dashes) is neutral.
		default:
			bad++
		}
	}
	score := good - bad
	switch name {
	case "windows-1252":
		// Latin text has short runs of accented letters inside ASCII
		// words; long runs of high bytes mean another script.
		if runs > 0 && float64(highs)/float64(runs) > 2.5 {
			score -= float64(highs) / 2
		}
	case "windows-1251", "koi8-r":
		if runs > 0 && float64(highs)/float64(runs) < 2 {
			score -= float64(highs) / 2
		}
	}
	return score
}

func isLatinLetter(r rune) bool {
	return (r >= 0xc0 && r <= 0x24f) && r != 0xd7 && r != 0xf7
}

func inScript(r rune, name string) bool {
	switch name {
	case "gbk":
		// GBK's common hanzi region; punctuation in CJK symbol block.
		return (r >= 0x4e00 && r <= 0x9fff) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
	case "big5":
		// Big5 shares hanzi with GBK; it wins only when GBK yields errors.
		return (r >= 0x4e00 && r <= 0x9fff) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
	case "shift_jis", "euc-jp":
		return (r >= 0x3040 && r <= 0x30ff) || (r >= 0x4e00 && r <= 0x9fff) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
	case "euc-kr":
		return (r >= 0xac00 && r <= 0xd7a3) || (r >= 0x3130 && r <= 0x318f)
	case "windows-1251", "koi8-r":
		return r >= 0x400 && r <= 0x4ff
	case "windows-1252":
		return isLatinLetter(r)
	}
	return false
}

// frequentRunes are the commonest characters of the language each legacy
// charset is used for. Several CJK charsets decode each other's bytes into
// valid but random characters of the right block (EUC-KR Hangul bytes are
// valid GBK hanzi, for instance); only the correct decoding produces the
// language's frequent characters at their usual rate.
var frequentRunes = map[string]string{
	"gbk":          "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日",
	"big5":         "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日",
	"shift_jis":    "のにはをたがでてとしれさいかるなもっすあうこ、。ンスルトイ日本人",
	"euc-jp":       "のにはをたがでてとしれさいかるなもっすあうこ、。ンスルトイ日本人",
	"euc-kr":       "이다의는에을하고가한로서지기도들으리사인를수대자일그것시나정해었게과보",
	"windows-1251": "оеаинтсрвлкмдпуяызбгчй",
	"koi8-r":       "оеаинтсрвлкмдпуяызбгчй",
	"windows-1252": "éèàçüöäíóáñúâêôß",
}
