package textdump

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/lexicon"
)

// FloatingZone names the location given to a dateline printed without a
// zone ("23 March, 2024, 09:15 am"). Such a time is the wall clock of the
// page's own place, which the text does not tell: it is kept exactly as
// printed, in a fixed zone of this name at offset 0, and must be shown as
// is, never converted (t.In(time.Local) would shift it).
const FloatingZone = feed.FloatingZoneName

// IsFloating reports whether t is a wall-clock time without a known zone,
// as Parse gives for zone-less datelines.
func IsFloating(t time.Time) bool { return feed.IsFloating(t) }

var (
	isoDateRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
	})
	numDateRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(\d{1,2})([./])(\d{1,2})[./](\d{4})\b`) })
	cjkDateRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`) })
	modifiedRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\b(?:updated?|modified|edited|revised)\b`) })
)

// Month names and zones are lexicon's, in every language it knows: the
// patterns that hold them are compiled on first use.
var (
	dmyRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(` + lexicon.MonthPattern() + `)\.?,?\s+(\d{4})\b`)
	})
	mdyRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(` + lexicon.MonthPattern() + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	})
	timeRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*\(?(` + lexicon.ZonePattern() + `|[+-]\d{2}:?\d{2})\)?)?(?:\b|$)`)
	})
	// Words that may sit beside a date on a dateline.
	dateWordRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:published|posted|updated|update|last|modified|edited|created|first|on|at|date|dated|time|` +
			`mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|` +
			`am|pm|a\.m|p\.m|` + lexicon.ZonePattern() + `|local|time)\b`)
	})
)

// monthNum is the number of the month named s, or 0.
func monthNum(s string) int {
	m, _ := lexicon.Month(s)
	return int(m)
}

// dateMatch is a date found in a line: where it is and what it says.
type dateMatch struct {
	start, end int
	t          time.Time
}

// findDate returns the first calendar date in s, with the time of day that
// follows (or precedes) it when there is one.
func findDate(s string) (dateMatch, bool) {
	loc, re := firstDate(s)
	if loc == nil {
		return dateMatch{}, false
	}
	y, mo, d, hh, mm, ss, zone := dateFields(s, loc, re)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return dateMatch{}, false
	}
	end := loc[1]
	if hh < 0 {
		// A time of day right after the date, or else anywhere on the line
		// close to it.
		rest := s[end:]
		if m := timeRE().FindStringSubmatchIndex(rest); m != nil && m[0] <= 8 {
			hh, mm, ss, zone = timeParts(rest, m)
			end += m[1]
		} else if m := timeRE().FindStringSubmatchIndex(s[:loc[0]]); m != nil && loc[0]-m[1] <= 8 {
			hh, mm, ss, zone = timeParts(s[:loc[0]], m)
		}
	}
	if hh < 0 || hh > 23 || mm > 59 || ss > 60 {
		hh, mm, ss = 0, 0, 0
	}
	t := time.Date(y, time.Month(mo), d, hh, mm, ss, 0, zoneLoc(zone))
	return dateMatch{start: loc[0], end: end, t: t}, true
}

// firstDate returns where the first date of s is, and the pattern that
// found it; nil when there is none.
func firstDate(s string) ([]int, *regexp.Regexp) {
	kinds := [...]*regexp.Regexp{isoDateRE(), dmyRE(), mdyRE(), numDateRE(), cjkDateRE()}
	var loc []int
	var found *regexp.Regexp
	low := strings.ToLower(s)
	for _, re := range kinds {
		switch re {
		case isoDateRE():
			if !strings.Contains(s, "-") {
				continue
			}
		case numDateRE():
			if !strings.ContainsAny(s, "./") {
				continue
			}
		case cjkDateRE():
			if !strings.Contains(s, "年") {
				continue
			}
		default:
			if !hasAny(low, "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec") {
				continue
			}
		}
		if m := re.FindStringSubmatchIndex(s); m != nil && (loc == nil || m[0] < loc[0]) {
			loc, found = m, re
		}
	}
	return loc, found
}

// dateFields reads the date re found at loc in s: year, month, day, and
// the time of day and zone when the date carries them (hh is -1 when not).
func dateFields(s string, loc []int, re *regexp.Regexp) (y, mo, d, hh, mm, ss int, zone string) {
	sub := func(k int) string {
		if loc[2*k] < 0 {
			return ""
		}
		return s[loc[2*k]:loc[2*k+1]]
	}
	atoi := func(k int) int { n, _ := strconv.Atoi(sub(k)); return n }
	hh = -1
	switch re {
	case isoDateRE():
		y, mo, d = atoi(1), atoi(2), atoi(3)
		if sub(4) != "" {
			hh, mm, ss = atoi(4), atoi(5), atoi(6)
			zone = sub(7)
		}
	case cjkDateRE():
		y, mo, d = atoi(1), atoi(2), atoi(3)
	case numDateRE():
		a, b := atoi(1), atoi(3)
		y = atoi(4)
		// Dots mean day.month.year; slashes are month/day unless the
		// first number cannot be a month.
		if sub(2) == "." || a > 12 {
			d, mo = a, b
		} else {
			mo, d = a, b
		}
	case dmyRE():
		d, mo, y = atoi(1), monthNum(sub(2)), atoi(3)
	default:
		mo, d, y = monthNum(sub(1)), atoi(2), atoi(3)
	}
	return y, mo, d, hh, mm, ss, zone
}

func timeParts(s string, m []int) (hh, mm, ss int, zone string) {
	sub := func(k int) string {
		if m[2*k] < 0 {
			return ""
		}
		return s[m[2*k]:m[2*k+1]]
	}
	hh, _ = strconv.Atoi(sub(1))
	mm, _ = strconv.Atoi(sub(2))
	ss, _ = strconv.Atoi(sub(3))
	ampm := strings.ToLower(strings.ReplaceAll(sub(4), ".", ""))
	switch {
	case ampm == "pm" && hh < 12:
		hh += 12
	case ampm == "am" && hh == 12:
		hh = 0
	}
	if ampm == "" && sub(5) == "" && m[3]-m[2] > 0 && strings.Contains(s[m[2]:m[5]], ".") {
		// "10.30" with neither am/pm nor zone is as likely a number.
		return -1, 0, 0, ""
	}
	return hh, mm, ss, sub(5)
}

func zoneLoc(zone string) *time.Location {
	if zone == "" {
		return time.FixedZone(FloatingZone, 0)
	}
	if off, ok := lexicon.ZoneOffset(zone); ok {
		if off == 0 {
			return time.UTC
		}
		return time.FixedZone(strings.ToUpper(zone), off)
	}
	// Numeric offset: +06:00, +0600.
	sign := 1
	if zone[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(zone[1:], ":", "")
	if len(digits) != 4 {
		return time.FixedZone(FloatingZone, 0)
	}
	h, _ := strconv.Atoi(digits[:2])
	m, _ := strconv.Atoi(digits[2:])
	return time.FixedZone("", sign*(h*3600+m*60))
}

// isDateLine reports whether s is a dateline: a date with at most a label
// and a few connecting words ("Last modified: 23 March, 2024, 09:15 am").
func isDateLine(s string) bool {
	m, ok := findDate(s)
	if !ok {
		return false
	}
	rest := s[:m.start] + " " + s[m.end:]
	rest = timeRE().ReplaceAllString(rest, " ")
	rest = dateWordRE().ReplaceAllString(rest, " ")
	w, _ := measure(rest)
	return w <= 2
}

// lineDate returns the date of a dateline and whether it reads as a
// modification time.
func lineDate(s string) (t time.Time, modified, ok bool) {
	m, ok := findDate(s)
	if !ok {
		return time.Time{}, false, false
	}
	return m.t, modifiedRE().MatchString(s[:m.start]), true
}
