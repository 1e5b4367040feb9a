package lexicon

import (
	"unicode"
	"unicode/utf8"
)

// WordsPerMinute is an adult's average silent reading speed for
// non-fiction, the pace of ReadingMinutes.
const WordsPerMinute = 230

// ReadingMinutes is the reading time of a text of the given number of
// words, to the nearest minute and at least one.
func ReadingMinutes(words int) int {
	return max(1, (words+WordsPerMinute/2)/WordsPerMinute)
}

// WordCount counts the words of s as a reader does. Chinese and Japanese
// are written without spaces: there two characters count as a word, which
// matches their reading speed against the 230 words a minute of spaced
// scripts.
func WordCount(s string) int {
	n, cjk := 0, 0
	inWord, other := false, false
	end := func() {
		switch {
		case cjk > 0:
			n += (cjk + 1) / 2
			if other {
				n++
			}
		case inWord:
			n++
		}
		cjk, inWord, other = 0, false, false
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// Most text is ASCII: a space after a spaced word ends it
			// without the bookkeeping of a CJK run.
			i++
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				if cjk == 0 {
					if inWord {
						n++
					}
					inWord, other = false, false
				} else {
					end()
				}
				continue
			}
			inWord = true
			if !other && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
				other = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) {
			end()
			continue
		}
		inWord = true
		if r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			cjk++
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			other = true
		}
	}
	end()
	return n
}
