package readable

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/lexicon"
)

// boilerClass reports whether n's class or id names a boilerplate part and
// does not also claim to be the content. Its tokens are the lower-cased
// words of each class name, split at '-', '_', ':', '.', '/' and case
// changes, and each pair of neighbours joined: "ad-slot shareBar" gives
// ad, slot, adslot, share, bar, sharebar. They are looked up without
// being built: this runs on every classed element of the article.
func boilerClass(cls string) bool {
	if cls == "" {
		return false
	}
	bad := false
	keepSet, boilerSet := lexicon.KeepTokens(), lexicon.BoilerTokens()
	var buf [64]byte
	// lookup classes one lower-cased token (looking a map up by
	// string(bytes) does not allocate); keep reports a content token.
	lookup := func(t []byte) (keep bool) {
		if keepSet[string(t)] {
			return true
		}
		if boilerSet[string(t)] {
			bad = true
		}
		return false
	}
	for part := range strings.FieldsSeq(cls) {
		var words [5]string
		k := 0
		start := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			sep := c == '-' || c == '_' || c == ':' || c == '.' || c == '/'
			camel := i > start && c >= 'A' && c <= 'Z' && part[i-1] >= 'a' && part[i-1] <= 'z'
			if sep || camel {
				if i > start {
					if k < len(words) {
						words[k] = part[start:i]
					}
					k++
				}
				if sep {
					start = i + 1
				} else {
					start = i
				}
			}
		}
		if start < len(part) {
			if k < len(words) {
				words[k] = part[start:]
			}
			k++
		}
		if k > 4 {
			// A slug of a heading ("sharing-with-a-single-developer")
			// names a section by its title, not by its role on the page.
			continue
		}
		for i := range k {
			if lookup(appendLower(buf[:0], words[i])) {
				return false
			}
		}
		for i := 0; i+1 < k; i++ {
			if lookup(appendLower(appendLower(buf[:0], words[i]), words[i+1])) {
				return false
			}
		}
	}
	return bad
}

// appendLower appends w lower-cased as strings.ToLower does.
func appendLower(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(w)...)
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// paginationRe matches a line of page numbers.
var paginationRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[\s\d|/·.,<>«»…‹›←→-]*\d[\s|/·.,<>«»…‹›←→-]+\d[\s\d|/·.,<>«»…‹›←→-]*$`)
})
