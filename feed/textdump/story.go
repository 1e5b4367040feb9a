package textdump

// The story is found the way a reader's eye finds it on a printed page:
// the longest stretch of running text, where menus, teasers and promotions
// cost more than they add. Each line gets a value — prose adds its words,
// furniture and short lines subtract — and the story is the run of lines
// with the greatest sum (a maximum-sum segment, as in Finn's Body Text
// Extraction, with lines in place of tags). A heading that opens a box of
// boilerplate ("Related News", "Most viewed") costs a great deal to cross;
// one that opens the comments ends a segment outright.

// value is line i's contribution to a candidate story.
func value(ls []line, i int) float64 {
	l := &ls[i]
	switch {
	case l.barrier:
		// A box of related links inside a story: the story may resume
		// below it, when enough of it follows.
		return -softBarrier
	case l.promo:
		return -6
	case l.weak > 0:
		return -l.weak
	case l.teaser:
		return -8
	case l.linkShare >= 0.6:
		// A line that is mostly link text is navigation or a teaser.
		return -4
	case l.item:
		return 1
	case l.caption, l.date, l.byline, l.agency, l.junk:
		return -4
	case len(l.tags) > 0 && !l.prose:
		return -4
	case l.prose:
		v := l.words
		if l.dup > 1 {
			// A paragraph printed twice is a teaser's summary more often
			// than a story's paragraph.
			v /= 2
		}
		return v
	case l.words >= 6 && l.lowered >= 0.5 && !(shortText(ls, i-1) && shortText(ls, i+1)):
		// A short line of text among prose: a subhead, a one-line quote.
		// Among other short lines it is more likely one link of a list.
		return l.words*0.5 - 3
	}
	return -3
}

// shortText reports whether line i exists and is a short line that is
// not prose.
func shortText(ls []line, i int) bool {
	return i >= 0 && i < len(ls) && !ls[i].prose && ls[i].words < 20
}

// runCost is the growing extra cost of each line in a run of non-prose.
const runCost = 2

// softBarrier is the cost of crossing a boilerplate heading.
const softBarrier = 50

// span is a run of lines [start, end) with its value.
type span struct {
	start, end int
	sum        float64
}

// candidates returns the maximum-sum runs of lines between resets (Kadane's
// scan, keeping each run's best prefix), none crossing a barrier.
// Segments after a comments heading count for less, as a long discussion
// is not the story it discusses.
func candidates(ls []line) []span {
	var out []span
	cur := span{}
	best := cur
	discount := 1.0
	run := 0
	flush := func(next int) {
		if best.sum > 0 {
			out = append(out, best)
		}
		cur = span{start: next, end: next}
		best = cur
	}
	for i := range ls {
		l := &ls[i]
		if l.barrier && l.comments {
			flush(i + 1)
			// Comments follow a story; a "Comments" link in the page's
			// header discounts nothing.
			for _, c := range out {
				if c.sum >= 40 {
					discount = 0.3
				}
			}
			continue
		}
		v := value(ls, i)
		if v > 0 {
			v *= discount
		}
		// A long run of lines that are neither prose nor list items is
		// a menu, a footer or a block of links: each further line of it
		// costs more, so that a story does not bridge it.
		if l.prose || l.item || l.words >= 20 {
			run = 0
		} else {
			run++
			v -= runCost * float64(max(0, run-2))
		}
		if cur.sum+v <= 0 {
			flush(i + 1)
			continue
		}
		cur.sum += v
		cur.end = i + 1
		if cur.sum > best.sum {
			best = cur
		}
	}
	flush(len(ls))
	return out
}

// bestSpan picks the story among the candidate runs. A run that opens
// under a story's head — a byline or dateline just above, or the line that
// best matches the URL's slug — is the story more likely than a larger
// block of footer text or comments.
func bestSpan(ls []line, slugLine int) span {
	best := span{start: -1}
	bestScore := 0.0
	for _, c := range candidates(ls) {
		f := 1.0
		for i := max(0, c.start-8); i < min(c.end, c.start+3); i++ {
			// A dateline under a commenter's name heads a comment.
			if ls[i].byline || ls[i].agency || ls[i].date && (i == 0 || !ls[i-1].teaser) {
				f += 0.5
				break
			}
		}
		if slugLine >= 0 && slugLine < c.start+2 && slugLine >= c.start-15 {
			f += 0.5
		}
		if c.sum*f > bestScore {
			best, bestScore = c, c.sum*f
		}
	}
	return best
}
