package storylist

import (
	"strings"
	"unicode"
)

// matchKind says how well a story matched the filter.
type matchKind int

const (
	noMatch matchKind = iota
	fuzzyMatch
	exactMatch
)

// match checks every word of query against hay (lower-case title and feed
// name). A word found as is makes an exact match; otherwise its letters in
// order, each starting a word or following the previous letter, make a
// fuzzy one ("fedres" finds "Fed reserve", "bbcw" finds "BBC World"). Loose
// subsequences ("war" in "Forward carries") are not matches: on thousands
// of headlines they would match almost everything.
func match(words []string, hay string) matchKind {
	kind := exactMatch
	for _, w := range words {
		if strings.Contains(hay, w) {
			continue
		}
		if !fuzzy(w, hay) {
			return noMatch
		}
		kind = fuzzyMatch
	}
	return kind
}

// fuzzy reports whether the runes of w occur in hay in order, where each
// rune either follows the previous matched rune directly or starts a word.
// It runs in O(len(w)·len(hay)) by dynamic programming over suffixes, so a
// pathological query cannot stall the list.
func fuzzy(w, hay string) bool {
	wr, hr := []rune(w), []rune(hay)
	n := len(hr)
	start := make([]bool, n)
	for i := range hr {
		start[i] = i == 0 || !(unicode.IsLetter(hr[i-1]) || unicode.IsDigit(hr[i-1]))
	}
	// adj[i]: the rest of w matches from i, its first rune allowed at i
	// because it follows the previous match; any[i]: it matches from i
	// with its first rune at a word start.
	adj := make([]bool, n+1)
	anyStart := make([]bool, n+1)
	for i := range adj {
		adj[i], anyStart[i] = true, true
	}
	nextAdj := make([]bool, n+1)
	nextAny := make([]bool, n+1)
	for j := len(wr) - 1; j >= 0; j-- {
		nextAdj[n], nextAny[n] = false, false
		for i := n - 1; i >= 0; i-- {
			hit := hr[i] == wr[j] && adj[i+1]
			nextAny[i] = nextAny[i+1] || (start[i] && hit)
			nextAdj[i] = hit || nextAny[i]
		}
		adj, nextAdj = nextAdj, adj
		anyStart, nextAny = nextAny, anyStart
	}
	return anyStart[0]
}

// queryWords splits a filter into lower-case words.
func queryWords(q string) []string {
	return strings.Fields(strings.ToLower(q))
}
