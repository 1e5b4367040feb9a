// Command peers compares tidings' article extraction with the Go peers
// (go-trafilatura, readeck/go-readability, go-shiori/go-readability) on
// the shared corpora, in one process: body-text F1, precision and recall
// with the public benchmark's metric, time per page, throughput and
// memory, and the bare x/net/html parse as the floor.
//
// It is a module of its own so the peers never enter tidings' go.mod:
//
//	cd feed/extract/peers && go run . -runs 5
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed/score"
)

// sets are the corpora under -corpus, in report order; floors are the
// F1 tidings must keep on the first two (issue #12); on the others it must
// stay above every peer.
var (
	sets   = []string{"zyte-dev", "readability", "naeb-dev", "wcxb-dev"}
	floors = map[string]float64{"zyte-dev": 0.985, "readability": 0.975}
)

func main() {
	corpus := flag.String("corpus", "../../../../shared/corpus", "folder holding zyte-dev/, readability/, naeb-dev/ and wcxb-dev/")
	runs := flag.Int("runs", 5, "timed passes of every extractor over every timed page (0: score only)")
	fallback := flag.Bool("fallback", true, "also run go-trafilatura with its Readability/DOM Distiller fallback (EnableFallback)")
	worst := flag.Int("worst", 0, "also list each extractor's N worst pages per corpus")
	timedSets := flag.String("timed", "zyte-dev,readability", "comma-separated sets whose pages are timed (the speed figures have always been taken on zyte-dev and readability)")
	flag.Parse()
	if *runs < 0 {
		fmt.Fprintln(os.Stderr, "peers: -runs must be 0 or more")
		os.Exit(2)
	}
	pages, count := loadPages(*corpus)
	if len(pages) == 0 {
		fmt.Fprintf(os.Stderr, "peers: no corpus under %s: nothing to compare\n", *corpus)
		return
	}
	timed := map[string]bool{}
	for _, s := range strings.Split(*timedSets, ",") {
		timed[strings.TrimSpace(s)] = true
	}
	exs := extractors(*fallback)
	res := make([]*result, len(exs))
	for i, ex := range exs {
		res[i] = &result{name: ex.name, floor: ex.floor, scores: map[string][]scored{}}
	}
	scoreAll(exs, pages, res)
	nTimed := timeRuns(exs, pages, timed, *runs, res)
	report(os.Stdout, res, count, *timedSets, nTimed, *runs)
	catastrophes(os.Stdout, res)
	if *worst > 0 {
		listWorst(os.Stdout, res, *worst)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "peers:", err)
	os.Exit(1)
}

type scored struct {
	name string
	s    score.Page
}

// result is everything measured for one extractor.
type result struct {
	name  string
	floor bool
	// scores holds each set's pages, by set name.
	scores        map[string][]scored
	errors, empty int
	times         []time.Duration
	// small and big split times by the page's size (bigPage).
	small, big      []time.Duration
	elapsed         time.Duration
	bytes           int64
	alloc, maxAlloc uint64
}

// quality sums up pages of one set: all of them when half is "", else
// those of that half ("tune" or "check", by score.Half).
func (r *result) quality(pages []scored, half string) (p, rc, f1 float64) {
	var c score.Corpus
	for _, x := range pages {
		if half == "" || score.Half(x.name) == half {
			c.Pages = append(c.Pages, x.s)
		}
	}
	p, rc, f1, _ = c.Summary()
	return p, rc, f1
}

func (r *result) quantile(q float64) time.Duration { return quantile(r.times, q) }

func quantile(times []time.Duration, q float64) time.Duration {
	if len(times) == 0 {
		return 0
	}
	t := append([]time.Duration(nil), times...)
	sort.Slice(t, func(i, j int) bool { return t[i] < t[j] })
	return t[min(len(t)-1, int(float64(len(t))*q))]
}

// bigPage is where the speed report splits pages by size: issue #17 asks
// for tidings to be faster than readeck on both sides of 100 KB.
const bigPage = 100_000

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func report(w io.Writer, res []*result, count map[string]int, timedSets string, nTimed, runs int) {
	fmt.Fprintf(w, "%s, GOMAXPROCS %d, %s.\n", runtime.Version(), runtime.GOMAXPROCS(0), time.Now().UTC().Format("2006-01-02"))
	var floor, tid *result
	for _, r := range res {
		switch {
		case r.floor:
			floor = r
		case r.name == "tidings":
			tid = r
		}
	}
	reportQuality(w, res, count, tid)
	if nTimed == 0 || runs == 0 {
		return
	}
	reportSpeed(w, res, timedSets, nTimed, runs, floor, tid)
}

// reportQuality is one table per set, each with both halves, then one
// line saying whether tidings (tid, when run) holds its floor there.
func reportQuality(w io.Writer, res []*result, count map[string]int, tid *result) {
	for _, set := range sets {
		if count[set] == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s: %d pages\n\n", set, count[set])
		fmt.Fprintln(w, "| extractor | F1 | P | R | tune F1 | check F1 |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|")
		for _, r := range res {
			if r.floor {
				continue
			}
			p, rc, f1 := r.quality(r.scores[set], "")
			_, _, tf := r.quality(r.scores[set], "tune")
			_, _, cf := r.quality(r.scores[set], "check")
			fmt.Fprintf(w, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f |\n", r.name, f1, p, rc, tf, cf)
		}
		if tid != nil {
			fmt.Fprintf(w, "\n%s\n", verdict(set, tid, res))
		}
	}
}

// reportSpeed is the timings: per page, against the bare parse (floor)
// and against tidings (tid), by page size; then the pages each extractor
// failed on.
func reportSpeed(w io.Writer, res []*result, timedSets string, nTimed, runs int, floor, tid *result) {
	fmt.Fprintf(w, "\nSpeed on %d pages (%s); %d timed runs:\n\n", nTimed, timedSets, runs)
	fmt.Fprintln(w, "| extractor | ms/page median | p95 | MB/s | alloc/page | max alloc, one page |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, r := range res {
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %.1f | %.1f MB | %.0f MB |\n", r.name,
			ms(r.quantile(0.5)), ms(r.quantile(0.95)),
			float64(r.bytes)/1e6/r.elapsed.Seconds(),
			float64(r.alloc)/float64(len(r.times))/1e6, float64(r.maxAlloc)/1e6)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Time relative to the x/net/html parse alone (median per page; total over all pages):")
	fmt.Fprintln(w)
	for _, r := range res {
		if r.floor || floor == nil {
			continue
		}
		fmt.Fprintf(w, "- %s: %.2f× ; %.2f×\n", r.name,
			ms(r.quantile(0.5))/ms(floor.quantile(0.5)), r.elapsed.Seconds()/floor.elapsed.Seconds())
	}
	if tid != nil {
		fmt.Fprintln(w)
		// Against every peer: go-trafilatura's published F1 is the one it
		// reaches with its fallback, so both of its rows count.
		for _, p := range res {
			if p.floor || p == tid {
				continue
			}
			fmt.Fprintf(w, "- tidings' time ÷ %s's: %.2f per page (median), %.2f in total (below 1: tidings is faster).\n", p.name,
				ms(tid.quantile(0.5))/ms(p.quantile(0.5)), tid.elapsed.Seconds()/p.elapsed.Seconds())
		}
	}
	fmt.Fprintf(w, "\nBy page size (median ms per page; tidings' median ÷ the extractor's):\n\n")
	fmt.Fprintln(w, "| extractor | pages < 100 KB | tidings ÷ | pages ≥ 100 KB | tidings ÷ |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, r := range res {
		line := fmt.Sprintf("| %s (%d, %d timings) | %.2f | ", r.name, len(r.small), len(r.big), ms(quantile(r.small, 0.5)))
		if tid != nil {
			line += fmt.Sprintf("%.2f", ms(quantile(tid.small, 0.5))/ms(quantile(r.small, 0.5)))
		}
		line += fmt.Sprintf(" | %.2f | ", ms(quantile(r.big, 0.5)))
		if tid != nil {
			line += fmt.Sprintf("%.2f", ms(quantile(tid.big, 0.5))/ms(quantile(r.big, 0.5)))
		}
		fmt.Fprintln(w, line+" |")
	}
	fmt.Fprintln(w)
	for _, r := range res {
		if !r.floor && (r.empty > 0 || r.errors > 0) {
			fmt.Fprintf(w, "%s: %d pages with no text, %d errors.\n", r.name, r.empty, r.errors)
		}
	}
}

// verdict says whether tidings holds the set's floor: an F1 floor where
// there is one, else an F1 above every peer's on the whole set and on its
// check half.
func verdict(set string, tid *result, res []*result) string {
	_, _, f1 := tid.quality(tid.scores[set], "")
	_, _, cf := tid.quality(tid.scores[set], "check")
	if fl, ok := floors[set]; ok {
		ok := "holds"
		if f1 < fl {
			ok = "FAILS"
		}
		return fmt.Sprintf("%s floor: tidings F1 %.3f ≥ %.3f: %s.", set, f1, fl, ok)
	}
	var behind []string
	for _, r := range res {
		if r.floor || r == tid {
			continue
		}
		_, _, pf := r.quality(r.scores[set], "")
		_, _, pc := r.quality(r.scores[set], "check")
		if pf >= f1 || pc >= cf {
			behind = append(behind, r.name)
		}
	}
	if len(behind) == 0 {
		return fmt.Sprintf("%s floor: tidings above every peer on the set (%.3f) and its check half (%.3f): holds.", set, f1, cf)
	}
	return fmt.Sprintf("%s floor: tidings above every peer on the set (%.3f) and its check half (%.3f): FAILS, not above %s.", set, f1, cf, strings.Join(behind, ", "))
}

// catastrophes lists, by set and page id, every page where tidings loses
// the story (F1 below 0.5) while readeck or go-trafilatura (with or
// without its fallback) finds it (0.9 or more).
func catastrophes(w io.Writer, res []*result) {
	var tid *result
	var peers []*result
	for _, r := range res {
		switch {
		case r.name == "tidings":
			tid = r
		case r.name == "readeck/go-readability" || strings.HasPrefix(r.name, "go-trafilatura"):
			peers = append(peers, r)
		}
	}
	if tid == nil {
		return
	}
	n := 0
	for _, set := range sets {
		for i, t := range tid.scores[set] {
			if t.s.F1() >= 0.5 {
				continue
			}
			for _, p := range peers {
				if ps := p.scores[set]; i < len(ps) && ps[i].s.F1() >= 0.9 {
					if n == 0 {
						fmt.Fprintln(w, "\nCatastrophes (tidings F1 < 0.5 where a peer reaches 0.9):")
					}
					n++
					fmt.Fprintf(w, "- %s %s: tidings %.3f, %s %.3f\n", set, t.name, t.s.F1(), p.name, ps[i].s.F1())
					break
				}
			}
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "\nCatastrophes (tidings F1 < 0.5 where a peer reaches 0.9): none.")
	}
}

func listWorst(w io.Writer, res []*result, n int) {
	for _, r := range res {
		if r.floor {
			continue
		}
		for _, set := range sets {
			s := append([]scored(nil), r.scores[set]...)
			if len(s) == 0 {
				continue
			}
			sort.SliceStable(s, func(i, j int) bool { return s[i].s.F1() < s[j].s.F1() })
			fmt.Fprintf(w, "\n%s, %s, worst pages:\n", r.name, set)
			for _, x := range s[:min(n, len(s))] {
				fmt.Fprintf(w, "  F1 %.3f  P %.3f  R %.3f  %s\n", x.s.F1(), x.s.Precision(), x.s.Recall(), x.name)
			}
		}
	}
}

// loadPages reads every set of the corpus that is there, and counts the
// pages of each.
func loadPages(corpus string) ([]page, map[string]int) {
	var pages []page
	count := map[string]int{}
	for _, set := range sets {
		dir := filepath.Join(corpus, set)
		load := loadBenchmark
		if set == "readability" {
			load = loadReadability
		}
		ps, err := load(dir)
		if os.IsNotExist(err) {
			fmt.Fprintf(os.Stderr, "peers: no %s corpus at %s (it lives in shared/ beside the repo; pass -corpus DIR): skipping it\n", set, dir)
			continue
		}
		if err != nil {
			fail(err)
		}
		count[set] = len(ps)
		pages = append(pages, ps...)
	}
	return pages, count
}

// scoreAll runs every extractor over every page and scores its text; the
// pass doubles as the warm-up (go-trafilatura compiles its regular
// expressions to WebAssembly on first use).
func scoreAll(exs []extractor, pages []page, res []*result) {
	for i, ex := range exs {
		fmt.Fprintf(os.Stderr, "peers: scoring %s\n", ex.name)
		for j := range pages {
			p := &pages[j]
			text, err := ex.run(p)
			if err != nil {
				res[i].errors++
				fmt.Fprintf(os.Stderr, "peers: %s %s %s: %v\n", ex.name, p.corpus, p.name, err)
			}
			if ex.floor {
				continue
			}
			if strings.TrimSpace(text) == "" {
				res[i].empty++
			}
			res[i].scores[p.corpus] = append(res[i].scores[p.corpus], scored{p.name, score.Compare(p.truth, text)})
		}
	}
}

// timeRuns times runs passes of every extractor over the pages of the
// timed sets into res, and returns how many pages it timed. Each
// extractor runs over the timed pages in turn, starting from a collected
// heap so it pays for its own garbage only, and the order rotates every
// run so no one always runs first or last while the shared machine is
// busy.
func timeRuns(exs []extractor, pages []page, timed map[string]bool, runs int, res []*result) int {
	var total int64
	var timedPages []*page
	for j := range pages {
		if timed[pages[j].corpus] {
			timedPages = append(timedPages, &pages[j])
			total += int64(len(pages[j].html))
		}
	}
	allocs := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	for r := 0; r < runs && len(timedPages) > 0; r++ {
		for k := range exs {
			i := (k + r) % len(exs)
			fmt.Fprintf(os.Stderr, "peers: run %d/%d %s\n", r+1, runs, exs[i].name)
			runtime.GC()
			for _, p := range timedPages {
				metrics.Read(allocs)
				before := allocs[0].Value.Uint64()
				start := time.Now()
				_, _ = exs[i].run(p)
				d := time.Since(start)
				metrics.Read(allocs)
				a := allocs[0].Value.Uint64() - before
				res[i].times = append(res[i].times, d)
				if len(p.html) < bigPage {
					res[i].small = append(res[i].small, d)
				} else {
					res[i].big = append(res[i].big, d)
				}
				res[i].elapsed += d
				res[i].alloc += a
				res[i].maxAlloc = max(res[i].maxAlloc, a)
			}
			res[i].bytes += total
		}
	}
	return len(timedPages)
}
