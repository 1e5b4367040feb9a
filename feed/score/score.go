// Package score implements the article-extraction metric described in
// ../shared/corpus/README.md (the public article-extraction benchmark's
// shingle metric), so that every test and benchmark scores the same way.
package score

import (
	"strings"
	"unicode"
)

// Tokens splits s into maximal runs of Unicode word characters (letters,
// digits and numbers of any script, underscore), case kept.
func Tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r))
	})
}

// shingles counts every run of 4 consecutive tokens; fewer than 4 tokens
// give one shingle of all of them, none give none.
func shingles(tokens []string) map[string]int {
	m := map[string]int{}
	if len(tokens) == 0 {
		return m
	}
	if len(tokens) < 4 {
		m[strings.Join(tokens, "\x00")]++
		return m
	}
	for i := 0; i+4 <= len(tokens); i++ {
		m[strings.Join(tokens[i:i+4], "\x00")]++
	}
	return m
}

// Page is one page's normalised counts.
type Page struct {
	TP, FP, FN float64
	// Exact reports whether the token lists are equal.
	Exact bool
}

// Compare scores predicted text against the true text of one page.
func Compare(truth, predicted string) Page {
	tt, pt := Tokens(truth), Tokens(predicted)
	ts, ps := shingles(tt), shingles(pt)
	var tp, fp, fn float64
	for s, ct := range ts {
		cp := ps[s]
		tp += float64(min(ct, cp))
		if ct > cp {
			fn += float64(ct - cp)
		}
	}
	for s, cp := range ps {
		if ct := ts[s]; cp > ct {
			fp += float64(cp - ct)
		}
	}
	if sum := tp + fp + fn; sum > 0 {
		tp, fp, fn = tp/sum, fp/sum, fn/sum
	}
	exact := len(tt) == len(pt)
	for i := 0; exact && i < len(tt); i++ {
		exact = tt[i] == pt[i]
	}
	return Page{TP: tp, FP: fp, FN: fn, Exact: exact}
}

// Precision of one page: 1 when nothing is wrong, 0 when nothing was found.
func (p Page) Precision() float64 {
	switch {
	case p.FP == 0 && p.FN == 0:
		return 1
	case p.TP == 0 && p.FP == 0:
		return 0
	}
	return p.TP / (p.TP + p.FP)
}

// Recall of one page, likewise.
func (p Page) Recall() float64 {
	switch {
	case p.FP == 0 && p.FN == 0:
		return 1
	case p.TP == 0 && p.FN == 0:
		return 0
	}
	return p.TP / (p.TP + p.FN)
}

// F1 of one page's precision and recall.
func (p Page) F1() float64 {
	pr, rc := p.Precision(), p.Recall()
	if pr+rc == 0 {
		return 0
	}
	return 2 * pr * rc / (pr + rc)
}

// Corpus accumulates pages into the corpus figures.
type Corpus struct {
	Pages []Page
}

// Add scores one page and keeps it.
func (c *Corpus) Add(truth, predicted string) Page {
	p := Compare(truth, predicted)
	c.Pages = append(c.Pages, p)
	return p
}

// Summary returns mean precision (over pages where tp+fp > 0), mean recall
// (over pages where tp+fn > 0), F1 of those means, and accuracy (share of
// exact pages).
func (c *Corpus) Summary() (precision, recall, f1, accuracy float64) {
	var ps, rs float64
	var np, nr, exact int
	for _, p := range c.Pages {
		if p.TP+p.FP > 0 {
			ps += p.Precision()
			np++
		}
		if p.TP+p.FN > 0 {
			rs += p.Recall()
			nr++
		}
		if p.Exact {
			exact++
		}
	}
	if np > 0 {
		precision = ps / float64(np)
	}
	if nr > 0 {
		recall = rs / float64(nr)
	}
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	if len(c.Pages) > 0 {
		accuracy = float64(exact) / float64(len(c.Pages))
	}
	return
}

// Half tells which half of a corpus a page belongs to: "tune" or "check".
// Rules are tuned by looking at failures in the tuning half only and kept
// when they raise the check half too, so a figure on the check half says
// how the cleaner does on pages nobody looked at. The split is by a hash of
// the page id (FNV-1a, 32 bits; its top bit, since its low bit is only
// the parity of the id's odd bytes: 0 is tuning), so it is stable across
// runs and machines and independent of the corpus order.
func Half(id string) string {
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h ^= uint32(id[i])
		h *= 16777619
	}
	if h>>31 == 0 {
		return "tune"
	}
	return "check"
}
