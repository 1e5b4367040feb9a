package lexicon

import (
	"slices"
	"strings"
)

// zones are the zone abbreviations news pages print, in seconds east of
// UTC. Ambiguous ones take the reading most news sites mean: IST is
// India's, CST the US Central, BST British Summer Time; BDT is
// Bangladesh's. ET, CT, MT and PT name the US zones without saying
// summer or winter, and are read as winter time.
var zones = lazy[map[string]int]{build: func() map[string]int {
	return map[string]int{
		"UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
		"ET": -5 * 3600, "CT": -6 * 3600, "MT": -7 * 3600, "PT": -8 * 3600,
		"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
		"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
		"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
		"BST": 3600, "IST": 5*3600 + 1800, "CET": 3600, "CEST": 2 * 3600, "WET": 0, "WEST": 3600,
		"EET": 2 * 3600, "EEST": 3 * 3600, "MSK": 3 * 3600, "JST": 9 * 3600, "KST": 9 * 3600,
		"HKT": 8 * 3600, "SGT": 8 * 3600, "PHT": 8 * 3600, "WIB": 7 * 3600, "ICT": 7 * 3600,
		"AEST": 10 * 3600, "AEDT": 11 * 3600, "ACST": 9*3600 + 1800, "AWST": 8 * 3600,
		"NZST": 12 * 3600, "NZDT": 13 * 3600, "PKT": 5 * 3600, "NPT": 5*3600 + 2700, "BDT": 6 * 3600,
	}
}}

// ZoneOffset returns the offset east of UTC, in seconds, of the zone a
// page writes as abbr ("EDT", "hkt"), and whether it is one tidings knows.
func ZoneOffset(abbr string) (int, bool) {
	off, ok := zones.get()[strings.ToUpper(abbr)]
	return off, ok
}

var zonePatternLazy = lazy[string]{build: func() string {
	return alternation(zones.get())
}}

// ZonePattern is a regular expression alternation (no group, no flags)
// of every zone abbreviation ZoneOffset knows, in capitals, longer ones
// first so that "CEST" is not read as "CET".
func ZonePattern() string { return zonePatternLazy.get() }

// alternation joins the keys of m into "a|b|c", longest first, then in
// byte order: the order is stable, and a key is tried before its prefixes.
func alternation[V any](m map[string]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return strings.Join(keys, "|")
}
