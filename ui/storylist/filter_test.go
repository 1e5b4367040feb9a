package storylist

import (
	"strings"
	"testing"
	"time"
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

func TestShortAge(t *testing.T) {
	now := time.Date(2024, 3, 23, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		ago  time.Duration
		want string
	}{
		{10 * time.Second, "now"}, {5 * time.Minute, "5m"}, {3 * time.Hour, "3h"},
		{50 * time.Hour, "2d"}, {20 * 24 * time.Hour, "Mar 3"}, {100 * 24 * time.Hour, "Dec 14"},
		{400 * 24 * time.Hour, "2023"},
	}
	for _, c := range cases {
		if got := shortAge(now.Add(-c.ago), now); got != c.want {
			t.Errorf("shortAge(-%v) = %q, want %q", c.ago, got, c.want)
		}
	}
	if shortAge(time.Time{}, now) != "" {
		t.Error("no date should show no age")
	}
}
