// Command startup measures how long tidings takes to start, side by side
// with a Go hello world and a CLI built on readeck/go-readability, in one
// run so that the machine's load is the same for all (issue #17):
//
//	go build -o /tmp/tidings ./cmd/tidings
//	cd feed/extract/peers && go run ./startup -tidings /tmp/tidings
//
// Each command runs -runs times, the commands taking turns, and the report
// gives the median, 10th and 90th percentile wall time of each (process
// start to exit, as a shell script calling it sees it), its median CPU
// time (user plus system), the ratios, and the total of
// GODEBUG=inittrace=1 for `tidings --version` with the packages costing
// the most. The page read is the median one by size of the zyte-dev
// corpus; -feeds N also times `tidings feeds list` with N feeds in the
// config file. -before BINARY times another build of tidings (main before
// a change) in the same run, so that the two are compared under the same
// load.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// command is one line of the report.
type command struct {
	name string
	argv []string
	// env is added to the measuring environment.
	env   []string
	times []time.Duration
	// cpu is user plus system time, which other jobs on a busy machine
	// disturb less than wall time.
	cpu []time.Duration
}

func main() {
	tidings := flag.String("tidings", "", "the tidings binary to measure (build it first: go build -o /tmp/tidings ./cmd/tidings)")
	corpus := flag.String("corpus", "../../../../shared/corpus", "folder holding zyte-dev/")
	runs := flag.Int("runs", 31, "times each command runs")
	before := flag.String("before", "", "another build of tidings (main before a change) timed in the same run, its rows marked \"before\"")
	feeds := flag.Int("feeds", 0, "also time `tidings feeds list` with this many feeds in the config file (0: not)")
	flag.Parse()
	if *tidings == "" || *runs < 1 {
		fmt.Fprintln(os.Stderr, "startup: -tidings BINARY is required and -runs must be 1 or more")
		os.Exit(2)
	}
	bin, err := filepath.Abs(*tidings)
	if err != nil {
		fail(err)
	}
	tmp, err := os.MkdirTemp("", "startup-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)

	buildPeers(tmp)
	pageURL, pageFile, size, err := medianPage(filepath.Join(*corpus, "zyte-dev"), tmp)
	if err != nil {
		fail(err)
	}
	// tidings gets a home of its own: no config, a fresh database.
	home := filepath.Join(tmp, "home")
	base := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "TIDINGS_CONFIG=", "TIDINGS_DB=", "NO_COLOR=1")
	cmds := []*command{
		{name: "hello world", argv: []string{filepath.Join(tmp, "hello")}},
		{name: "tidings --version", argv: []string{bin, "--version"}},
		{name: "readeck CLI, page as JSON", argv: []string{filepath.Join(tmp, "readeckcli"), pageURL, pageFile}},
		{name: "tidings read --format json", argv: []string{bin, "read", "--format", "json", "--url", pageURL, pageFile}},
	}
	cfg := ""
	if *feeds > 0 {
		if cfg, err = feedsConfig(tmp, *feeds); err != nil {
			fail(err)
		}
	}
	cmds = append(cmds, buildCommands(tmp, bin, *before, cfg, *feeds, pageURL, pageFile)...)
	timeCommands(cmds, base, *runs)
	inits, top, err := initTrace(bin, base, *runs)
	if err != nil {
		fail(err)
	}
	report(cmds, pageURL, size, *runs, inits, top)
}

// buildPeers builds the hello world and the readeck CLI into tmp.
func buildPeers(tmp string) {
	for _, name := range []string{"hello", "readeckcli"} {
		build := exec.Command("go", "build", "-o", filepath.Join(tmp, name), "./startup/"+name)
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			fail(fmt.Errorf("building ./startup/%s (run this from the peers module): %v", name, err))
		}
	}
}

// buildCommands are the commands timed for each build of tidings beyond
// the first (marked "before"), and the feeds list of each build when cfg
// names a config file with feeds (each database in tmp).
func buildCommands(tmp, bin, before, cfg string, feeds int, pageURL, pageFile string) []*command {
	var cmds []*command
	builds := []string{bin}
	if before != "" {
		b, err := filepath.Abs(before)
		if err != nil {
			fail(err)
		}
		builds = append(builds, b)
	}
	for i, b := range builds {
		mark := ""
		if i > 0 {
			mark = " (before)"
		}
		if i > 0 {
			cmds = append(cmds, &command{name: "tidings --version" + mark, argv: []string{b, "--version"}},
				&command{name: "tidings read --format json" + mark, argv: []string{b, "read", "--format", "json", "--url", pageURL, pageFile}})
		}
		if cfg != "" {
			// Each build gets a database of its own: a schema one build
			// migrates is not the other's.
			db := filepath.Join(tmp, fmt.Sprintf("feeds-%d.db", i))
			cmds = append(cmds, &command{name: fmt.Sprintf("tidings feeds list, %d feeds%s", feeds, mark),
				argv: []string{b, "--config", cfg, "--db", db, "feeds", "list"}})
		}
	}
	return cmds
}

// timeCommands runs every command once to warm up, then runs times each,
// in turn, recording its wall and CPU time.
func timeCommands(cmds []*command, base []string, runs int) {
	// One run of each first: the page cache, the database file.
	for _, c := range cmds {
		if _, _, err := c.run(base); err != nil {
			fail(err)
		}
	}
	for i := 0; i < runs; i++ {
		for _, c := range cmds {
			d, cpu, err := c.run(base)
			if err != nil {
				fail(err)
			}
			c.times, c.cpu = append(c.times, d), append(c.cpu, cpu)
		}
	}
}

// run starts the command once and returns its wall and CPU time.
func (c *command) run(base []string) (time.Duration, time.Duration, error) {
	cmd := exec.Command(c.argv[0], c.argv[1:]...)
	cmd.Env = append(base, c.env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v: %s", c.name, err, strings.TrimSpace(stderr.String()))
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// medianPage writes the zyte-dev page of median size into dir and
// returns its URL, its path and its size.
func medianPage(set, dir string) (string, string, int, error) {
	raw, err := os.ReadFile(filepath.Join(set, "ground-truth.json"))
	if err != nil {
		return "", "", 0, fmt.Errorf("no zyte-dev corpus (pass -corpus DIR): %v", err)
	}
	var gt map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return "", "", 0, fmt.Errorf("%s: %v", filepath.Join(set, "ground-truth.json"), err)
	}
	type sized struct {
		id, url string
		html    []byte
	}
	var pages []sized
	for id, g := range gt {
		b, err := gunzip(filepath.Join(set, "html", id+".html.gz"))
		if err != nil {
			return "", "", 0, err
		}
		pages = append(pages, sized{id, g.URL, b})
	}
	sort.Slice(pages, func(i, j int) bool {
		if len(pages[i].html) != len(pages[j].html) {
			return len(pages[i].html) < len(pages[j].html)
		}
		return pages[i].id < pages[j].id
	})
	m := pages[len(pages)/2]
	path := filepath.Join(dir, m.id+".html")
	return m.url, path, len(m.html), os.WriteFile(path, m.html, 0o644)
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return io.ReadAll(zr)
}

// feedsConfig writes a config file with n feeds on loopback addresses
// that are never fetched (feeds list only reads the database).
func feedsConfig(dir string, n int) (string, error) {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[[feeds]]\nurl = \"http://127.0.0.1:9/feed/%d.xml\"\ntitle = \"Feed %d\"\ntags = [\"t%d\"]\n\n", i, i, i%7)
	}
	path := filepath.Join(dir, "feeds.toml")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

// initTrace runs `tidings --version` with GODEBUG=inittrace=1 runs times
// and returns each run's total init clock time in milliseconds, and the
// packages by their median cost, most first.
func initTrace(bin string, base []string, runs int) ([]float64, []pkgCost, error) {
	var totals []float64
	per := map[string][]float64{}
	for i := 0; i < runs; i++ {
		cmd := exec.Command(bin, "--version")
		cmd.Env = append(base, "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		if err := cmd.Run(); err != nil {
			return nil, nil, fmt.Errorf("inittrace: %v", err)
		}
		total := 0.0
		sc := bufio.NewScanner(&stderr)
		for sc.Scan() {
			// init PKG @T ms, C ms clock, B bytes, A allocs
			f := strings.Fields(sc.Text())
			if len(f) < 7 || f[0] != "init" || f[6] != "clock," {
				continue
			}
			ms, err := strconv.ParseFloat(f[4], 64)
			if err != nil {
				continue
			}
			total += ms
			per[f[1]] = append(per[f[1]], ms)
		}
		totals = append(totals, total)
	}
	var top []pkgCost
	for p, ms := range per {
		top = append(top, pkgCost{p, median(ms)})
	}
	sort.Slice(top, func(i, j int) bool { return top[i].ms > top[j].ms })
	return totals, top, nil
}

type pkgCost struct {
	pkg string
	ms  float64
}

func report(cmds []*command, pageURL string, size, runs int, inits []float64, top []pkgCost) {
	fmt.Printf("page: %s (%d bytes, the median of zyte-dev by size); %d runs each, taking turns\n\n", pageURL, size, runs)
	fmt.Println("| command | wall ms median | p10 | p90 | ÷ hello world | ÷ readeck CLI | CPU ms median | ÷ hello world | ÷ readeck CLI |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	hello, readeck := ms(cmds[0].times, 0.5), ms(cmds[2].times, 0.5)
	helloCPU, readeckCPU := ms(cmds[0].cpu, 0.5), ms(cmds[2].cpu, 0.5)
	for _, c := range cmds {
		m, cpu := ms(c.times, 0.5), ms(c.cpu, 0.5)
		fmt.Printf("| %s | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.2f | %.2f |\n", c.name, m, ms(c.times, 0.1), ms(c.times, 0.9),
			m/hello, m/readeck, cpu, cpu/helloCPU, cpu/readeckCPU)
	}
	fmt.Printf("\nGODEBUG=inittrace=1 tidings --version: total init %.1f ms median (p10 %.1f, p90 %.1f) over %d runs; packages by median ms:\n",
		median(inits), quantile(inits, 0.1), quantile(inits, 0.9), len(inits))
	for i, p := range top {
		if i == 12 || p.ms < 0.1 {
			break
		}
		fmt.Printf("  %6.2f  %s\n", p.ms, p.pkg)
	}
}

func ms(ds []time.Duration, q float64) float64 {
	f := make([]float64, len(ds))
	for i, d := range ds {
		f[i] = float64(d) / 1e6
	}
	return quantile(f, q)
}

func median(v []float64) float64 { return quantile(v, 0.5) }

// quantile is the nearest-rank quantile of v.
func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	i := int(q*float64(len(s)-1) + 0.5)
	return s[i]
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "startup:", err)
	os.Exit(1)
}
