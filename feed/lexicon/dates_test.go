package lexicon

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// Zones of both hemispheres and both cleaners' pages: Bangladesh (BDT)
// and Hong Kong (HKT) among them.
func TestZoneOffset(t *testing.T) {
	for _, tt := range []struct {
		abbr string
		off  int
		ok   bool
	}{
		{"UTC", 0, true}, {"gmt", 0, true}, {"Z", 0, true},
		{"EDT", -4 * 3600, true}, {"ET", -5 * 3600, true}, {"PT", -8 * 3600, true},
		{"BST", 3600, true}, {"CEST", 2 * 3600, true}, {"IST", 5*3600 + 1800, true},
		{"BDT", 6 * 3600, true}, {"HKT", 8 * 3600, true}, {"hkt", 8 * 3600, true},
		{"NPT", 5*3600 + 2700, true}, {"NZDT", 13 * 3600, true},
		{"XYZ", 0, false}, {"", 0, false}, {"MONDAY", 0, false},
	} {
		off, ok := ZoneOffset(tt.abbr)
		if off != tt.off || ok != tt.ok {
			t.Errorf("ZoneOffset(%q) = %d, %v; want %d, %v", tt.abbr, off, ok, tt.off, tt.ok)
		}
	}
	re := regexp.MustCompile(`^(?:` + ZonePattern() + `)$`)
	for abbr := range zones.get() {
		if !re.MatchString(abbr) {
			t.Errorf("ZonePattern does not match %q", abbr)
		}
	}
	// Longer first: a zone that starts with another is found whole.
	if got := regexp.MustCompile(ZonePattern()).FindString("9:15 CEST"); got != "CEST" {
		t.Errorf("ZonePattern finds %q in 9:15 CEST, want CEST", got)
	}
}

// Month names of every language the datelines of the corpora are in.
func TestMonth(t *testing.T) {
	for _, tt := range []struct {
		name string
		want time.Month
		ok   bool
	}{
		{"March", time.March, true}, {"mar", time.March, true}, {"Sept.", time.September, true},
		{"mars", time.March, true}, {"März", time.March, true}, {"marzo", time.March, true},
		{"março", time.March, true}, {"août", time.August, true}, {"aout", time.August, true},
		{"Dezember", time.December, true}, {"dicembre", time.December, true}, {"марта", time.March, true},
		{"JANUARY", time.January, true}, {"maggio", time.May, true},
		{"Monday", 0, false}, {"", 0, false}, {"marc", 0, false},
	} {
		m, ok := Month(tt.name)
		if m != tt.want || ok != tt.ok {
			t.Errorf("Month(%q) = %v, %v; want %v, %v", tt.name, m, ok, tt.want, tt.ok)
		}
	}
	all := regexp.MustCompile(`(?i)^(?:` + MonthPattern() + `)$`)
	for name := range months.get() {
		if !all.MatchString(name) {
			t.Errorf("MonthPattern does not match %q", name)
		}
	}
	if got := regexp.MustCompile(`(?i)` + MonthPattern()).FindString("23 September 2024"); got != "September" {
		t.Errorf("MonthPattern finds %q in 23 September 2024, want the whole name", got)
	}
	english := regexp.MustCompile(`(?i)^(?:` + EnglishMonthPattern() + `)$`)
	for _, tt := range []struct {
		name string
		want bool
	}{{"May", true}, {"sept", true}, {"December", true}, {"Julio", false}, {"Mayo", false}, {"Juli", false}} {
		if got := english.MatchString(tt.name); got != tt.want {
			t.Errorf("EnglishMonthPattern matches %q: %v, want %v", tt.name, got, tt.want)
		}
	}
	for _, m := range englishMonths {
		if _, ok := months.get()[m]; !ok || strings.ToLower(m) != m {
			t.Errorf("English month %q is not among the months", m)
		}
	}
}
