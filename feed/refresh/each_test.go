package refresh

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Each keeps a refresh's limits for pages too: every URL once, at most
// Workers at a time, at most PerHost to one server (localhost and
// 127.0.0.1 being one).
func TestEachKeepsTheLimits(t *testing.T) {
	var urls []string
	for i := range 10 {
		urls = append(urls, fmt.Sprintf("http://localhost:1/a/%d", i), fmt.Sprintf("http://127.0.0.1:1/b/%d", i), fmt.Sprintf("https://other.example/%d", i))
	}
	var mu sync.Mutex
	calls := make([]int, len(urls))
	active, peak := map[string]int{}, map[string]int{}
	total, peakTotal := 0, 0
	Each(context.Background(), urls, Options{Workers: 4, PerHost: 2}, func(ctx context.Context, i int) {
		h := hostOf(urls[i])
		mu.Lock()
		calls[i]++
		active[h]++
		total++
		peak[h], peakTotal = max(peak[h], active[h]), max(peakTotal, total)
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // long enough for the others to start
		mu.Lock()
		active[h]--
		total--
		mu.Unlock()
	})
	for i, n := range calls {
		if n != 1 {
			t.Errorf("%s: called %d times", urls[i], n)
		}
	}
	if peakTotal > 4 {
		t.Errorf("%d at once with 4 workers", peakTotal)
	}
	for h, p := range peak {
		if p > 2 {
			t.Errorf("%d at once to %s with a cap of 2", p, h)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	Each(ctx, urls, Options{Workers: 2}, func(context.Context, int) { n++ })
	if n != 0 {
		t.Errorf("%d calls after the context ended", n)
	}
}
