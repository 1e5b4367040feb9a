package extract

import (
	"bytes"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed/extract/internal/prepare"
	"golang.org/x/net/html"
)

func benchPages(b *testing.B) []corpusPage {
	pages := append(loadZyte(b), loadReadability(b)...)
	if len(pages) == 0 {
		b.Skip("no corpus pages")
	}
	return pages
}

// runPages runs fn over every page per iteration and reports the median
// and 95th percentile time per page and the memory allocated per page
// besides the usual figures.
func runPages(b *testing.B, pages []corpusPage, fn func(p corpusPage)) {
	var total int64
	for _, p := range pages {
		total += int64(len(p.html))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	var times []time.Duration
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			start := time.Now()
			fn(p)
			times = append(times, time.Since(start))
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	pagesRun := float64(b.N * len(pages))
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/pagesRun/1024, "KB-alloc/page")
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(times[len(times)/2]), "ms/page-median")
	b.ReportMetric(ms(times[len(times)*95/100]), "ms/page-p95")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(pages)), "ms/page-mean")
}

// BenchmarkExtract measures the whole extraction over both corpora
// (zyte-dev and readability pages).
func BenchmarkExtract(b *testing.B) {
	pages := benchPages(b)
	runPages(b, pages, func(p corpusPage) {
		_, _ = Extract(bytes.NewReader(p.html), p.url, Options{})
	})
}

// BenchmarkParse measures golang.org/x/net/html parsing alone on the same
// pages: the floor every DOM-based extractor pays.
func BenchmarkParse(b *testing.B) {
	pages := benchPages(b)
	runPages(b, pages, func(p corpusPage) {
		_, _ = html.Parse(bytes.NewReader(p.html))
	})
}

// BenchmarkParseStripped is BenchmarkParse as Extract parses: the text of
// scripts and style sheets cut first (prepare.StripScripts). Against
// BenchmarkParse it gives what the pre-tokenizer saves on the open-story
// path.
func BenchmarkParseStripped(b *testing.B) {
	pages := benchPages(b)
	runPages(b, pages, func(p corpusPage) {
		_, _ = prepare.ParseHTML(p.html)
	})
}
