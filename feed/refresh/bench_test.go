package refresh

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/refresh/internal/benchfeed"
	"github.com/tidings-app/tidings/feed/store"
)

// The refresh benchmarks: 200 feeds of 50 items served from loopback,
// spread over several loopback addresses as real feeds are spread over
// hosts. docs/bench-refresh.sh measures the same with the real binary,
// with peak RSS, beside newsboat.
const (
	benchFeeds = 200
	benchItems = 50
	benchHosts = 10
)

func benchServers(b *testing.B) []string {
	b.Helper()
	h := &benchfeed.Handler{Items: benchItems}
	var bases []string
	for i := 1; i <= benchHosts; i++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", i))
		if err != nil {
			if i == 1 {
				b.Fatal(err)
			}
			break // only 127.0.0.1 on this system: one host it is
		}
		srv := &http.Server{Handler: h}
		go srv.Serve(ln)
		b.Cleanup(func() { srv.Close() })
		bases = append(bases, "http://"+ln.Addr().String())
	}
	return bases
}

func benchStore(b *testing.B, bases []string) (*store.Store, []feed.Feed) {
	b.Helper()
	st, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ctx := context.Background()
	for n := range benchFeeds {
		if _, err := st.AddFeed(ctx, feed.Feed{URL: fmt.Sprintf("%s/feed/%d.xml", bases[n%len(bases)], n)}); err != nil {
			b.Fatal(err)
		}
	}
	feeds, err := st.Feeds(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return st, feeds
}

func checkBench(b *testing.B, res []Result, wantNew int) {
	b.Helper()
	total := 0
	for _, r := range res {
		if r.Err != nil {
			b.Fatalf("%s: %v", r.Feed.URL, r.Err)
		}
		total += r.New
	}
	if total != wantNew {
		b.Fatalf("%d new stories, want %d", total, wantNew)
	}
}

// BenchmarkRefreshCold refreshes 200 feeds × 50 items into an empty store.
func BenchmarkRefreshCold(b *testing.B) {
	bases := benchServers(b)
	client := fetch.New(fetch.Options{})
	for b.Loop() {
		b.StopTimer()
		st, feeds := benchStore(b, bases)
		b.StartTimer()
		res := Run(context.Background(), st, client, feeds, Options{}, nil)
		b.StopTimer()
		checkBench(b, res, benchFeeds*benchItems)
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFeeds), "feeds/op")
}

// BenchmarkRefreshWarm refreshes the same feeds again: every one is a 304.
func BenchmarkRefreshWarm(b *testing.B) {
	bases := benchServers(b)
	client := fetch.New(fetch.Options{})
	st, _ := benchStore(b, bases)
	ctx := context.Background()
	feeds, _ := st.Feeds(ctx)
	checkBench(b, Run(ctx, st, client, feeds, Options{}, nil), benchFeeds*benchItems)
	for b.Loop() {
		b.StopTimer()
		feeds, _ = st.Feeds(ctx) // with the validators the cold run stored
		b.StartTimer()
		res := Run(ctx, st, client, feeds, Options{}, nil)
		b.StopTimer()
		for _, r := range res {
			if !r.NotModified {
				b.Fatalf("%s: not a 304 (%v)", r.Feed.URL, r.Err)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFeeds), "feeds/op")
}
