package metadata

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/lexicon"
)

// metaDate is a date read from the page. zone tells whether the page
// said which zone it is in; without one, the wall clock is kept as
// written, in feed's floating zone.
type metaDate struct {
	T    time.Time
	Zone bool
	Ok   bool
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

var (
	// "23 March, 2024", "23rd of March 2024", "23. März 2024"
	dmyRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s*(?:of\s+|de\s+)?(` + lexicon.MonthPattern() + `)\.?,?\s*(?:de\s+)?(\d{4})\b`)
	})
	// "March 23, 2024", "Mar. 23 2024"
	mdyRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(` + lexicon.MonthPattern() + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	})
	// "2024-03-23", "2024/03/23", with optional time.
	isoRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`) })
	// "23/03/2024", "23.03.2024": only when the day cannot be a month.
	numRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b`) })
	clockRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*\(?\s*(?:(?:GMT|UTC)\s*([+-]\s*\d{1,2}(?::?\d{2})?)|([+-]\d{2}:?\d{2})|([A-Z]{1,4}T|GMT|UTC|Z)\b))?`)
	})
)

// ParseMetaDate reads a machine date (ISO 8601, RFC 1123, Unix time) or a
// human one ("23 March, 2024, 09:15 am", "Last modified: March 25, 2015
// 3:46 PM EDT"). Years outside 1990..2100 are rejected as misreadings.
func ParseMetaDate(s string) metaDate {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 300 {
		return metaDate{}
	}
	if d := parseMachineDate(s); d.Ok {
		return checkYear(d)
	}
	return checkYear(parseHumanDate(s))
}

func checkYear(d metaDate) metaDate {
	if !d.Ok || d.T.Year() < 1990 || d.T.Year() > 2100 {
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
			return metaDate{T: time.Unix(n, 0).UTC(), Zone: true, Ok: true}
		}
	}
	// "2015-04-30T07:19:58+0100" and a lower-case "z" are common.
	norm := s
	if strings.HasSuffix(norm, "z") {
		norm = norm[:len(norm)-1] + "Z"
	}
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, norm); err == nil {
			return metaDate{T: t, Zone: true, Ok: true}
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, norm, feed.FloatingZone()); err == nil {
			return metaDate{T: t, Ok: true}
		}
	}
	for _, l := range dateOnlyLayouts {
		if t, err := time.ParseInLocation(l, norm, feed.FloatingZone()); err == nil {
			return metaDate{T: t, Ok: true}
		}
	}
	for _, l := range []string{time.RFC1123, "Mon, 2 Jan 2006 15:04:05 MST", time.RFC850, time.UnixDate} {
		if t, err := time.Parse(l, norm); err == nil {
			name, _ := t.Zone()
			if off, ok := lexicon.ZoneOffset(name); ok {
				return metaDate{T: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone(name, off)), Zone: true, Ok: true}
			}
			return metaDate{T: inZone(t, feed.FloatingZone()), Ok: true}
		}
	}
	return metaDate{}
}

func parseHumanDate(s string) metaDate {
	// Each pattern below needs a day or month and a four-digit year.
	if asciiDigits(s) < 5 {
		return metaDate{}
	}
	y, m, d, rest, ok := humanDay(s)
	if !ok {
		return metaDate{}
	}
	hh, mi, ss, loc, zone := humanClock(rest)
	t := time.Date(y, m, d, hh, mi, ss, 0, loc)
	if t.Day() != d {
		return metaDate{} // 31 February
	}
	return metaDate{T: t, Zone: zone, Ok: true}
}

// humanDay reads the first date written for people in s ("23 March,
// 2024", "March 23, 2024", "2024-03-23", "23/03/2024") and returns what
// follows it, with a time of day written before it put in front.
func humanDay(s string) (y int, m time.Month, d int, rest string, ok bool) {
	if loc := dmyRE().FindStringSubmatchIndex(s); loc != nil {
		d, _ = strconv.Atoi(s[loc[2]:loc[3]])
		m = monthOf(s[loc[4]:loc[5]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		rest = s[loc[1]:]
		if pre := s[:loc[0]]; clockRE().MatchString(pre) {
			rest = pre + " " + rest
		}
	} else if loc := mdyRE().FindStringSubmatchIndex(s); loc != nil {
		m = monthOf(s[loc[2]:loc[3]])
		d, _ = strconv.Atoi(s[loc[4]:loc[5]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		rest = s[loc[1]:]
		if pre := s[:loc[0]]; clockRE().MatchString(pre) {
			rest = pre + " " + rest
		}
	} else if loc := isoRE().FindStringSubmatchIndex(s); loc != nil {
		y, _ = strconv.Atoi(s[loc[2]:loc[3]])
		mm, _ := strconv.Atoi(s[loc[4]:loc[5]])
		m = time.Month(mm)
		d, _ = strconv.Atoi(s[loc[6]:loc[7]])
		rest = s[loc[1]:]
	} else if loc := numRE().FindStringSubmatchIndex(s); loc != nil {
		a, _ := strconv.Atoi(s[loc[2]:loc[3]])
		b, _ := strconv.Atoi(s[loc[4]:loc[5]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		switch {
		case a > 12 && b <= 12:
			d, m = a, time.Month(b)
		case b > 12 && a <= 12:
			d, m = b, time.Month(a)
		default:
			return 0, 0, 0, "", false // 03/04/2024 is ambiguous
		}
		rest = s[loc[1]:]
	} else {
		return 0, 0, 0, "", false
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, "", false
	}
	return y, m, d, rest, true
}

// humanClock reads the first time of day and zone in rest ("09:15
// am", "3:46 PM EDT", "10:30 GMT+6"); the zone is floating when none is
// written.
func humanClock(rest string) (hh, mi, ss int, loc *time.Location, zone bool) {
	loc, zone = feed.FloatingZone(), false
	if len(rest) > 60 {
		rest = rest[:60]
	}
	if c := clockRE().FindStringSubmatch(rest); c != nil {
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
			if off, ok := lexicon.ZoneOffset(c[7]); ok {
				loc, zone = time.FixedZone(strings.ToUpper(c[7]), off), true
			}
		}
		if hh > 23 || mi > 59 || ss > 59 {
			hh, mi, ss = 0, 0, 0
		}
	}
	return hh, mi, ss, loc, zone
}

func monthOf(s string) time.Month {
	m, _ := lexicon.Month(s)
	return m
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
