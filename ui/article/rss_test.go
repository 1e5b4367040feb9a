package article

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// hugeListEnv makes the test binary, run again as a child, lay out the
// article of a 10 MiB page of <li> and exit: its peak RSS is then the
// layout's alone.
const hugeListEnv = "TIDINGS_TEST_HUGE_LIST_LAYOUT"

// hugeListArticle is what the cleaner makes of a 10 MiB page of
// "<li>item N</li>": 529,833 list items.
func hugeListArticle() *feed.Article {
	var b strings.Builder
	b.Grow(6 << 20)
	b.WriteString("Intro paragraph of the article with words.\n\n")
	for i := range 529833 {
		fmt.Fprintf(&b, "- item %d\n", i)
	}
	return &feed.Article{Title: "Big list", URL: "https://example.com/list", Markdown: b.String()}
}

func TestMain(m *testing.M) {
	if os.Getenv(hugeListEnv) != "" {
		a := hugeListArticle()
		start, cpu := time.Now(), cpuTime()
		p, err := Layout(context.Background(), a, Options{Width: 80, Dark: true, WholeHint: "Press enter to show the whole article."})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("cut=%v lines=%d layout: wall %s, CPU %s\n%d\n", p.Cut, strings.Count(p.Text, "\n"),
			time.Since(start).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond), peakRSS())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestHugeListLayoutIsCutAndSmall: the article of a 10 MiB page of <li>
// is laid out cut, with its notice, by a process whose peak RSS stays
// under 200 MB (it grew to 780 MB, and took minutes, before).
//
//	go test ./ui/article -run HugeList -v
func TestHugeListLayoutIsCutAndSmall(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux /proc")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), hugeListEnv+"=1")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("child: %v: %s", err, out)
	}
	if !strings.HasPrefix(string(out), "cut=true ") {
		t.Errorf("not cut: %s", out)
	}
	// The child reads its own peak: the rusage of a child counts the
	// memory of the parent it was forked from, and this test process
	// has laid out big articles before.
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	rss, err := strconv.ParseInt(lines[len(lines)-1], 10, 64)
	if err != nil || rss <= 0 {
		t.Fatalf("no peak RSS from the child: %s", out)
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	t.Logf("%s; process: wall %s (load-dependent), CPU %s, peak RSS %d MB", lines[0], wall.Round(time.Millisecond), cpu.Round(time.Millisecond), rss>>20)
	if rss > 200<<20 {
		t.Errorf("peak RSS %d MB, want under 200 MB", rss>>20)
	}
}

// peakRSS is the process's peak resident set in bytes (VmHWM), or 0.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cpuTime is the CPU time the process has used: on a shared machine the
// wall time says more about the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
