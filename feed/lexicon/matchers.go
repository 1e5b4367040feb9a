package lexicon

import (
	"strings"
	"sync"
)

// WordList is a list of substrings to look for, indexed by their first
// two bytes: these lists are scanned on the class and id of most elements
// of every page, and a look-up per position of the scanned string beats
// one substring search per word.
type WordList struct {
	words   []string
	buckets [256][]string
	short   []string // words of one byte
}

// NewWordList returns the list of words w.
func NewWordList(w ...string) *WordList {
	l := &WordList{words: w}
	for _, x := range w {
		if len(x) < 2 {
			l.short = append(l.short, x)
			continue
		}
		b := PairBucket(x[0], x[1])
		l.buckets[b] = append(l.buckets[b], x)
	}
	return l
}

// PairBucket is the bucket of a word that starts with the bytes a, b, for
// indexes like WordList's.
func PairBucket(a, b byte) byte { return a*7 + b }

// In reports whether s contains one of the words.
func (l *WordList) In(s string) bool {
	for _, w := range l.short {
		if strings.Contains(s, w) {
			return true
		}
	}
	for i := 0; i+1 < len(s); i++ {
		for _, w := range l.buckets[PairBucket(s[i], s[i+1])] {
			if len(s)-i >= len(w) && s[i:i+len(w)] == w {
				return true
			}
		}
	}
	return false
}

// Words returns the words of the list, in the order given.
func (l *WordList) Words() []string { return l.words }

// ClassNames is a set of lower-case ASCII class words, indexed by their
// first letter so that each word start is compared with a few only.
type ClassNames struct{ byFirst ['z' - 'a' + 1][]string }

// NewClassNames returns the set of names, each lower-case ASCII starting
// with a letter.
func NewClassNames(names ...string) *ClassNames {
	c := &ClassNames{}
	for _, w := range names {
		c.byFirst[w[0]-'a'] = append(c.byFirst[w[0]-'a'], w)
	}
	return c
}

// In reports whether one of the names occurs in s as a whole word: it
// starts and ends at the ends of s or at '-', '_' or a space.
func (c *ClassNames) In(s string) bool {
	sep := func(b byte) bool { return b == '-' || b == '_' || b == ' ' }
	for i := 0; i < len(s); i++ {
		if i > 0 && !sep(s[i-1]) || s[i] < 'a' || s[i] > 'z' {
			continue
		}
		rest := s[i:]
		for _, w := range c.byFirst[s[i]-'a'] {
			if len(rest) >= len(w) && rest[:len(w)] == w && (len(rest) == len(w) || sep(rest[len(w)])) {
				return true
			}
		}
	}
	return false
}

// lazy is a value built on first use: the lists and patterns of the
// package cost nothing when a program starts that does not read a page.
type lazy[T any] struct {
	once  sync.Once
	build func() T
	v     T
}

func (l *lazy[T]) get() T {
	l.once.Do(func() { l.v = l.build() })
	return l.v
}
