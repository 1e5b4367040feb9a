package main

// This is feed/internal/score, copied because an internal package cannot be
// imported from another module; keep the two identical so the figures here
// match tidings' own corpus tests.

import (
	"strings"
	"unicode"
)

// tokens splits s into maximal runs of Unicode word characters (letters,
// digits and numbers of any script, underscore), case kept.
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r))
	})
}

// shingles counts every run of 4 consecutive tokens; fewer than 4 tokens
// give one shingle of all of them, none give none.
func shingles(toks []string) map[string]int {
	m := map[string]int{}
	if len(toks) == 0 {
		return m
	}
	if len(toks) < 4 {
		m[strings.Join(toks, "\x00")]++
		return m
	}
	for i := 0; i+4 <= len(toks); i++ {
		m[strings.Join(toks[i:i+4], "\x00")]++
	}
	return m
}

// pageScore is one page's normalised counts.
type pageScore struct {
	tp, fp, fn float64
	exact      bool
}

// compare scores predicted text against the true text of one page.
func compare(truth, predicted string) pageScore {
	tt, pt := tokens(truth), tokens(predicted)
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
	return pageScore{tp: tp, fp: fp, fn: fn, exact: exact}
}

// precision of one page: 1 when nothing is wrong, 0 when nothing was found.
func (p pageScore) precision() float64 {
	switch {
	case p.fp == 0 && p.fn == 0:
		return 1
	case p.tp == 0 && p.fp == 0:
		return 0
	}
	return p.tp / (p.tp + p.fp)
}

// recall of one page, likewise.
func (p pageScore) recall() float64 {
	switch {
	case p.fp == 0 && p.fn == 0:
		return 1
	case p.tp == 0 && p.fn == 0:
		return 0
	}
	return p.tp / (p.tp + p.fn)
}

// summary returns mean precision (over pages where tp+fp > 0), mean recall
// (over pages where tp+fn > 0) and the F1 of those means, as the public
// benchmark computes them.
func summary(pages []pageScore) (precision, recall, f1 float64) {
	var ps, rs float64
	var np, nr int
	for _, p := range pages {
		if p.tp+p.fp > 0 {
			ps += p.precision()
			np++
		}
		if p.tp+p.fn > 0 {
			rs += p.recall()
			nr++
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
	return
}
