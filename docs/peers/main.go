// Command peers compares tidings' article extraction with the Go peers
// (go-trafilatura, readeck/go-readability, go-shiori/go-readability) on
// the shared corpora, in one process: body-text F1, precision and recall
// with the public benchmark's metric, time per page, throughput and
// memory, and the bare x/net/html parse as the floor.
//
// It is a module of its own so the peers never enter tidings' go.mod:
//
//	cd docs/peers && go run . -runs 5
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

func main() {
	corpus := flag.String("corpus", "../../../shared/corpus", "folder holding zyte-dev/ and readability/")
	runs := flag.Int("runs", 5, "timed passes of every extractor over every page")
	fallback := flag.Bool("fallback", true, "also run go-trafilatura with its Readability/DOM Distiller fallback (EnableFallback)")
	worst := flag.Int("worst", 0, "also list each extractor's N worst pages per corpus")
	flag.Parse()
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "peers: -runs must be at least 1")
		os.Exit(2)
	}
	zyte, err := loadZyte(filepath.Join(*corpus, "zyte-dev"))
	if os.IsNotExist(err) {
		fmt.Fprintf(os.Stderr, "peers: no corpus at %s (it lives in shared/ beside the repo; pass -corpus DIR): skipping\n", *corpus)
		return
	}
	if err != nil {
		fail(err)
	}
	rdb, err := loadReadability(filepath.Join(*corpus, "readability"))
	if os.IsNotExist(err) {
		fmt.Fprintf(os.Stderr, "peers: no readability corpus under %s: skipping\n", *corpus)
		return
	}
	if err != nil {
		fail(err)
	}
	pages := append(zyte, rdb...)
	exs := extractors(*fallback)
	res := make([]*result, len(exs))
	for i, ex := range exs {
		res[i] = &result{name: ex.name, floor: ex.floor}
	}

	// The scoring pass doubles as the warm-up (go-trafilatura compiles its
	// regular expressions to WebAssembly on first use).
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
			s := score.Compare(p.truth, text)
			if p.corpus == "zyte" {
				res[i].zyte = append(res[i].zyte, scored{p.name, s})
			} else {
				res[i].readability = append(res[i].readability, scored{p.name, s})
			}
		}
	}

	// Timed passes: each extractor runs over all pages in turn, starting
	// from a collected heap so it pays for its own garbage only, and the
	// order rotates every run so no one always runs first or last while
	// the shared machine is busy.
	var total int64
	for _, p := range pages {
		total += int64(len(p.html))
	}
	allocs := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	for r := 0; r < *runs; r++ {
		for k := range exs {
			i := (k + r) % len(exs)
			fmt.Fprintf(os.Stderr, "peers: run %d/%d %s\n", r+1, *runs, exs[i].name)
			runtime.GC()
			for j := range pages {
				metrics.Read(allocs)
				before := allocs[0].Value.Uint64()
				start := time.Now()
				_, _ = exs[i].run(&pages[j])
				d := time.Since(start)
				metrics.Read(allocs)
				a := allocs[0].Value.Uint64() - before
				res[i].times = append(res[i].times, d)
				res[i].elapsed += d
				res[i].alloc += a
				res[i].maxAlloc = max(res[i].maxAlloc, a)
			}
			res[i].bytes += total
		}
	}
	report(os.Stdout, res, len(zyte), len(rdb), *runs)
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
	name              string
	floor             bool
	zyte, readability []scored
	errors, empty     int
	times             []time.Duration
	elapsed           time.Duration
	bytes             int64
	alloc, maxAlloc   uint64
}

func (r *result) quality(pages []scored) (p, rc, f1 float64) {
	var c score.Corpus
	for _, x := range pages {
		c.Pages = append(c.Pages, x.s)
	}
	p, rc, f1, _ = c.Summary()
	return p, rc, f1
}

func (r *result) quantile(q float64) time.Duration {
	t := append([]time.Duration(nil), r.times...)
	sort.Slice(t, func(i, j int) bool { return t[i] < t[j] })
	return t[min(len(t)-1, int(float64(len(t))*q))]
}

func (r *result) mean() time.Duration { return r.elapsed / time.Duration(len(r.times)) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func report(w io.Writer, res []*result, nZyte, nRdb, runs int) {
	fmt.Fprintf(w, "%d zyte-dev pages, %d readability pages; %d timed runs; %s, GOMAXPROCS %d, %s.\n\n",
		nZyte, nRdb, runs, runtime.Version(), runtime.GOMAXPROCS(0), time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintln(w, "| extractor | zyte F1 | P | R | readability F1 | P | R | ms/page median | p95 | MB/s | alloc/page | max alloc, one page |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	var floor, tid *result
	for _, r := range res {
		q := "— | — | — | — | — | —"
		if !r.floor {
			zp, zr, zf := r.quality(r.zyte)
			rp, rr, rf := r.quality(r.readability)
			q = fmt.Sprintf("%.3f | %.3f | %.3f | %.3f | %.3f | %.3f", zf, zp, zr, rf, rp, rr)
		}
		fmt.Fprintf(w, "| %s | %s | %.2f | %.2f | %.1f | %.1f MB | %.0f MB |\n", r.name, q,
			ms(r.quantile(0.5)), ms(r.quantile(0.95)),
			float64(r.bytes)/1e6/r.elapsed.Seconds(),
			float64(r.alloc)/float64(len(r.times))/1e6, float64(r.maxAlloc)/1e6)
		switch {
		case r.floor:
			floor = r
		case r.name == "tidings":
			tid = r
		}
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
	fmt.Fprintln(w)
	for _, r := range res {
		if !r.floor && (r.empty > 0 || r.errors > 0) {
			fmt.Fprintf(w, "%s: %d pages with no text, %d errors.\n", r.name, r.empty, r.errors)
		}
	}
}

func listWorst(w io.Writer, res []*result, n int) {
	for _, r := range res {
		if r.floor {
			continue
		}
		for _, c := range []struct {
			label string
			pages []scored
		}{{"zyte", r.zyte}, {"readability", r.readability}} {
			s := append([]scored(nil), c.pages...)
			sort.SliceStable(s, func(i, j int) bool { return s[i].s.F1() < s[j].s.F1() })
			fmt.Fprintf(w, "\n%s, %s, worst pages:\n", r.name, c.label)
			for _, x := range s[:min(n, len(s))] {
				fmt.Fprintf(w, "  F1 %.3f  P %.3f  R %.3f  %s\n", x.s.F1(), x.s.Precision(), x.s.Recall(), x.name)
			}
		}
	}
}
