package storylist

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	hay := strings.ToLower("Fed reserve holds rates as inflation cools Ars Technica")
	cases := []struct {
		query string
		want  matchKind
	}{
		{"", exactMatch},
		{"reserve", exactMatch},
		{"RATES infl", exactMatch},
		{"fedres", fuzzyMatch},     // word starts then adjacent letters
		{"ars tech", exactMatch},   // the feed name counts
		{"frhr", fuzzyMatch},       // initials of words
		{"war", noMatch},           // a loose subsequence is not a match
		{"rates bitcoin", noMatch}, // every word must match
		{"zzz", noMatch},
	}
	for _, c := range cases {
		if got := match(queryWords(c.query), hay); got != c.want {
			t.Errorf("match(%q) = %v, want %v", c.query, got, c.want)
		}
	}
}

func TestFuzzyIsNotExponential(t *testing.T) {
	hay := strings.Repeat("a ", 2000)
	if fuzzy(strings.Repeat("a", 50)+"b", hay) {
		t.Fatal("matched a letter that is not there")
	}
}
