package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// metaDate is a date read from the page. zone tells whether the page
// said which zone it is in; without one, the wall clock is kept as
// written, in feed's floating zone.
type metaDate struct {
	t    time.Time
	zone bool
	ok   bool
}

var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02T15:04:05.999999999 Z07:00",
	time.RFC1123Z,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 -0700 2006",
}

var localLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
}

var dateOnlyLayouts = []string{"2006-01-02", "2006/01/02", "20060102", "2006.01.02"}

// abbrevZones are the zone abbreviations news pages print. Ambiguous ones
// (IST, CST is both US and China) take the reading most news sites mean.
var abbrevZones = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"BST": 3600, "IST": 5*3600 + 1800, "CET": 3600, "CEST": 2 * 3600, "WET": 0, "WEST": 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "MSK": 3 * 3600, "JST": 9 * 3600, "KST": 9 * 3600,
	"HKT": 8 * 3600, "SGT": 8 * 3600, "PHT": 8 * 3600, "WIB": 7 * 3600, "ICT": 7 * 3600,
	"AEST": 10 * 3600, "AEDT": 11 * 3600, "ACST": 9*3600 + 1800, "AWST": 8 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600, "PKT": 5 * 3600, "NPT": 5*3600 + 2700,
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "janvier": 1, "januar": 1, "enero": 1, "janeiro": 1, "gennaio": 1,
	"feb": 2, "february": 2, "février": 2, "fevrier": 2, "februar": 2, "febrero": 2, "fevereiro": 2, "febbraio": 2,
	"mar": 3, "march": 3, "mars": 3, "märz": 3, "marzo": 3, "março": 3,
	"apr": 4, "april": 4, "avril": 4, "abril": 4, "aprile": 4,
	"may": 5, "mai": 5, "mayo": 5, "maio": 5, "maggio": 5,
	"jun": 6, "june": 6, "juin": 6, "juni": 6, "junio": 6, "junho": 6, "giugno": 6,
	"jul": 7, "july": 7, "juillet": 7, "juli": 7, "julio": 7, "julho": 7, "luglio": 7,
	"aug": 8, "august": 8, "août": 8, "aout": 8, "agosto": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "setembro": 9, "settembre": 9,
	"oct": 10, "october": 10, "octobre": 10, "oktober": 10, "octubre": 10, "outubro": 10, "ottobre": 10,
	"nov": 11, "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
	"dec": 12, "december": 12, "décembre": 12, "decembre": 12, "dezember": 12, "diciembre": 12, "dezembro": 12, "dicembre": 12,
}

const monthAlt = `(jan(?:uary|vier|uar)?|feb(?:ruary|ruar)?|février|fevrier|mar(?:ch|s)?|märz|apr(?:il)?|avril|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juillet|aug(?:ust)?|août|aout|sep(?:t|tember|tembre)?|oct(?:ober|obre)?|oktober|nov(?:ember|embre)?|dec(?:ember|embre)?|décembre|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)`

var (
	// "23 March, 2024", "23rd of March 2024", "23. März 2024"
	dmyRE = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s*(?:of\s+|de\s+)?` + monthAlt + `\.?,?\s*(?:de\s+)?(\d{4})\b`)
	// "March 23, 2024", "Mar. 23 2024"
	mdyRE = regexp.MustCompile(`(?i)\b` + monthAlt + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	// "2024-03-23", "2024/03/23", with optional time.
	isoRE = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	// "23/03/2024", "23.03.2024": only when the day cannot be a month.
	numRE   = regexp.MustCompile(`\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b`)
	clockRE = regexp.MustCompile(`(?i)\b(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*\(?\s*(?:(?:GMT|UTC)\s*([+-]\s*\d{1,2}(?::?\d{2})?)|([+-]\d{2}:?\d{2})|([A-Z]{1,4}T|GMT|UTC|Z)\b))?`)
)

// parseMetaDate reads a machine date (ISO 8601, RFC 1123, Unix time) or a
// human one ("23 March, 2024, 09:15 am", "Last modified: March 25, 2015
// 3:46 PM EDT"). Years outside 1990..2100 are rejected as misreadings.
func parseMetaDate(s string) metaDate {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 300 {
		return metaDate{}
	}
	if d := parseMachineDate(s); d.ok {
		return checkYear(d)
	}
	return checkYear(parseHumanDate(s))
}

func checkYear(d metaDate) metaDate {
	if !d.ok || d.t.Year() < 1990 || d.t.Year() > 2100 {
		return metaDate{}
	}
	return d
}

// asciiDigits counts the digits 0-9 in s.
func asciiDigits(s string) int {
	k := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			k++
		}
	}
	return k
}

func parseMachineDate(s string) metaDate {
	// Every layout below spells at least eight digits (RFC 850's
	// "02-Jan-06 15:04:05" ten); most texts a page offers are no date at
	// all, and each failed time.Parse allocates its error.
	if asciiDigits(s) < 8 {
		return metaDate{}
	}
	if langDigits(s) && (len(s) == 10 || len(s) == 13) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			if len(s) == 13 {
				n /= 1000
			}
			return metaDate{t: time.Unix(n, 0).UTC(), zone: true, ok: true}
		}
	}
	// "2015-04-30T07:19:58+0100" and a lower-case "z" are common.
	norm := s
	if strings.HasSuffix(norm, "z") {
		norm = norm[:len(norm)-1] + "Z"
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, norm); err == nil {
			return metaDate{t: t, zone: true, ok: true}
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, norm, feed.FloatingZone()); err == nil {
			return metaDate{t: t, ok: true}
		}
	}
	for _, l := range dateOnlyLayouts {
		if t, err := time.ParseInLocation(l, norm, feed.FloatingZone()); err == nil {
			return metaDate{t: t, ok: true}
		}
	}
	for _, l := range []string{time.RFC1123, "Mon, 2 Jan 2006 15:04:05 MST", time.RFC850, time.UnixDate} {
		if t, err := time.Parse(l, norm); err == nil {
			name, _ := t.Zone()
			if off, ok := abbrevZones[name]; ok {
				return metaDate{t: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone(name, off)), zone: true, ok: true}
			}
			return metaDate{t: inZone(t, feed.FloatingZone()), ok: true}
		}
	}
	return metaDate{}
}

func parseHumanDate(s string) metaDate {
	// Each pattern below needs a day or month and a four-digit year.
	if asciiDigits(s) < 5 {
		return metaDate{}
	}
	var y, d int
	var m time.Month
	var rest string
	if loc := dmyRE.FindStringSubmatchIndex(s); loc != nil {
		d, _ = strconv.Atoi(s[loc[2]:loc[3]])
		m = monthOf(s[loc[4]:loc[5]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		rest = s[loc[1]:]
		if pre := s[:loc[0]]; clockRE.MatchString(pre) {
			rest = pre + " " + rest
		}
	} else if loc := mdyRE.FindStringSubmatchIndex(s); loc != nil {
		m = monthOf(s[loc[2]:loc[3]])
		d, _ = strconv.Atoi(s[loc[4]:loc[5]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		rest = s[loc[1]:]
		if pre := s[:loc[0]]; clockRE.MatchString(pre) {
			rest = pre + " " + rest
		}
	} else if loc := isoRE.FindStringSubmatchIndex(s); loc != nil {
		y, _ = strconv.Atoi(s[loc[2]:loc[3]])
		mm, _ := strconv.Atoi(s[loc[4]:loc[5]])
		m = time.Month(mm)
		d, _ = strconv.Atoi(s[loc[6]:loc[7]])
		rest = s[loc[1]:]
	} else if loc := numRE.FindStringSubmatchIndex(s); loc != nil {
		a, _ := strconv.Atoi(s[loc[2]:loc[3]])
		b, _ := strconv.Atoi(s[loc[4]:loc[5]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		switch {
		case a > 12 && b <= 12:
			d, m = a, time.Month(b)
		case b > 12 && a <= 12:
			d, m = b, time.Month(a)
		default:
			return metaDate{} // 03/04/2024 is ambiguous
		}
		rest = s[loc[1]:]
	} else {
		return metaDate{}
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return metaDate{}
	}
	hh, mi, ss := 0, 0, 0
	loc := feed.FloatingZone()
	zone := false
	if len(rest) > 60 {
		rest = rest[:60]
	}
	if c := clockRE.FindStringSubmatch(rest); c != nil {
		hh, _ = strconv.Atoi(c[1])
		mi, _ = strconv.Atoi(c[2])
		if c[3] != "" {
			ss, _ = strconv.Atoi(c[3])
		}
		ampm := strings.ToLower(strings.ReplaceAll(c[4], ".", ""))
		if ampm == "pm" && hh < 12 {
			hh += 12
		} else if ampm == "am" && hh == 12 {
			hh = 0
		}
		switch {
		case c[5] != "":
			if off, ok := parseOffset(c[5]); ok {
				loc, zone = time.FixedZone("", off), true
			}
		case c[6] != "":
			if off, ok := parseOffset(c[6]); ok {
				loc, zone = time.FixedZone("", off), true
			}
		case c[7] != "":
			if off, ok := abbrevZones[strings.ToUpper(c[7])]; ok {
				loc, zone = time.FixedZone(strings.ToUpper(c[7]), off), true
			}
		}
		if hh > 23 || mi > 59 || ss > 59 {
			hh, mi, ss = 0, 0, 0
		}
	}
	t := time.Date(y, m, d, hh, mi, ss, 0, loc)
	if t.Day() != d {
		return metaDate{} // 31 February
	}
	return metaDate{t: t, zone: zone, ok: true}
}

func monthOf(s string) time.Month {
	return monthNames[strings.ToLower(strings.TrimSuffix(s, "."))]
}

// parseOffset reads "+6", "+06", "+0600", "+06:00", "- 5".
func parseOffset(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if len(s) < 2 {
		return 0, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	s = strings.ReplaceAll(s[1:], ":", "")
	var h, m int
	switch len(s) {
	case 1, 2:
		h, _ = strconv.Atoi(s)
	case 3:
		h, _ = strconv.Atoi(s[:1])
		m, _ = strconv.Atoi(s[1:])
	case 4:
		h, _ = strconv.Atoi(s[:2])
		m, _ = strconv.Atoi(s[2:])
	default:
		return 0, false
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}
