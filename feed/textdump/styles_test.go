package textdump

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/tidings-app/tidings/feed/score"
)

// dumpsDir holds the zyte-dev pages converted whole to text by four
// converters, each in its own dialect.
const dumpsDir = "../../../shared/corpus/zyte-dev-dumps"

// styleFloors are the body F1 floors of each converter's dumps, on all 83
// pages and on the check half (issue 13 asks 0.92 of both; each floor is
// a little under the figure reached, to catch a regression).
var styleFloors = map[string]float64{
	"html-text":    0.95,
	"inscriptis":   0.945,
	"html2text_rs": 0.94,
	"fast_html2md": 0.94,
}

type truthPage struct{ id, url, truth string }

// zyteTruth reads zyte-dev's ground truth, sorted by page id.
func zyteTruth(t testing.TB) []truthPage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(zyteDir, "ground-truth.json"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("zyte-dev corpus not found at %s (it lives in ../shared beside the repo); skipping", zyteDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatalf("ground-truth.json: %v", err)
	}
	var out []truthPage
	for id, g := range gt {
		out = append(out, truthPage{id, g.URL, g.ArticleBody})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// styleScore is one converter's figure: all pages and each half.
type styleScore struct {
	all, tune, check score.Corpus
	worst            []scored
}

type scored struct {
	id string
	p  score.Page
}

// scoreDumps cleans each page's dump (as dump(id) gives it; "" skips the
// page) and scores the body against the truth.
func scoreDumps(t *testing.T, pages []truthPage, dump func(id string) string, outDir string) *styleScore {
	t.Helper()
	s := &styleScore{}
	for _, pg := range pages {
		d := dump(pg.id)
		if d == "" {
			continue
		}
		if !Looks([]byte(d)) {
			t.Errorf("%s: Looks = false for a text dump", pg.id[:8])
		}
		u, _ := url.Parse(pg.url)
		var text string
		if a, err := Parse(d, u); err == nil {
			text = a.Text
		}
		if outDir != "" {
			os.WriteFile(filepath.Join(outDir, pg.id[:8]+".out"), []byte(text), 0o644)
			os.WriteFile(filepath.Join(outDir, pg.id[:8]+".truth"), []byte(pg.truth), 0o644)
		}
		p := s.all.Add(pg.truth, text)
		if score.Half(pg.id) == "tune" {
			s.tune.Add(pg.truth, text)
			s.worst = append(s.worst, scored{pg.id, p})
		} else {
			s.check.Add(pg.truth, text)
		}
	}
	sort.Slice(s.worst, func(i, j int) bool { return s.worst[i].p.F1() < s.worst[j].p.F1() })
	return s
}

// report logs the figures (worst pages of the tuning half only, as rules
// are tuned on it) and fails below the floor.
func (s *styleScore) report(t *testing.T, name string, floor float64) {
	t.Helper()
	_, _, f1, _ := s.all.Summary()
	_, _, tf1, _ := s.tune.Summary()
	p, r, cf1, _ := s.check.Summary()
	t.Logf("%-13s %2d pages  F1 %.3f  tune %.3f  check %.3f (P %.3f R %.3f)", name, len(s.all.Pages), f1, tf1, cf1, p, r)
	if testing.Verbose() {
		for _, x := range s.worst[:min(8, len(s.worst))] {
			t.Logf("    tune worst %s  F1 %.3f  P %.3f  R %.3f", x.id[:8], x.p.F1(), x.p.Precision(), x.p.Recall())
		}
	}
	if f1 < floor || cf1 < floor {
		t.Errorf("%s dumps: body F1 %.3f on all pages, %.3f on the check half; the floor is %.2f", name, f1, cf1, floor)
	}
}

// TestZyteConverterDumps scores the published conversions of the zyte-dev
// pages, one line per converter: plain text, indented layout, Markdown
// with reference links, Markdown with inline links.
func TestZyteConverterDumps(t *testing.T) {
	pages := zyteTruth(t)
	if _, err := os.Stat(dumpsDir); errors.Is(err, os.ErrNotExist) {
		t.Skipf("zyte-dev-dumps not found at %s (it lives in ../shared beside the repo); skipping", dumpsDir)
	}
	styles := make([]string, 0, len(styleFloors))
	for s := range styleFloors {
		styles = append(styles, s)
	}
	sort.Strings(styles)
	for _, style := range styles {
		outDir := os.Getenv("TEXTDUMP_WRITE_DUMPS")
		if outDir != "" {
			outDir = filepath.Join(outDir, style)
			os.MkdirAll(outDir, 0o755)
		}
		s := scoreDumps(t, pages, func(id string) string {
			b, err := os.ReadFile(filepath.Join(dumpsDir, style, id+".txt"))
			if err != nil {
				t.Errorf("%s: %v", style, err)
				return ""
			}
			return string(b)
		}, outDir)
		s.report(t, style, styleFloors[style])
	}
}

// otherConverter makes dumps in a style not among the published four:
// w3m's, hard-wrapped at 80 columns, with its own bullets and table
// layout. It is the check that the cleaner reads dumps in general, not
// four dialects it was shown.
var otherConverter = []string{"w3m", "-dump", "-T", "text/html", "-O", "UTF-8", "-cols", "80"}

// otherConverterMargin is how far below the best of the four styles the
// other converter's dumps may score (issue 13).
const otherConverterMargin = 0.03

// TestOtherConverterDumps converts each zyte-dev page with w3m at test
// time and scores the cleaned dumps; their F1 must be within
// otherConverterMargin of the best published style's.
func TestOtherConverterDumps(t *testing.T) {
	if _, err := exec.LookPath(otherConverter[0]); err != nil {
		t.Skipf("%s is not installed (apt-get install %s); skipping the dumps in a style not among the four", otherConverter[0], otherConverter[0])
	}
	pages := zyteTruth(t)
	if _, err := os.Stat(dumpsDir); errors.Is(err, os.ErrNotExist) {
		t.Skipf("zyte-dev-dumps not found at %s (it lives in ../shared beside the repo); skipping", dumpsDir)
	}
	outDir := os.Getenv("TEXTDUMP_WRITE_DUMPS")
	if outDir != "" {
		outDir = filepath.Join(outDir, otherConverter[0])
		os.MkdirAll(outDir, 0o755)
	}
	other := scoreDumps(t, pages, func(id string) string {
		page := readZytePage(t, id)
		cmd := exec.Command(otherConverter[0], otherConverter[1:]...)
		cmd.Stdin = bytes.NewReader(page)
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir()) // no user config or cookies
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s on %s: %v", otherConverter[0], id[:8], err)
		}
		if outDir != "" {
			os.WriteFile(filepath.Join(outDir, id[:8]+".txt"), out, 0o644)
		}
		return string(out)
	}, outDir)
	best, bestName := 0.0, ""
	for style := range styleFloors {
		s := scoreDumps(t, pages, func(id string) string {
			b, err := os.ReadFile(filepath.Join(dumpsDir, style, id+".txt"))
			if err != nil {
				t.Fatalf("%s: %v", style, err)
			}
			return string(b)
		}, "")
		if _, _, f1, _ := s.all.Summary(); f1 > best {
			best, bestName = f1, style
		}
	}
	other.report(t, otherConverter[0], 0)
	t.Logf("best published style: %s, F1 %.3f", bestName, best)
	if _, _, f1, _ := other.all.Summary(); f1 < best-otherConverterMargin {
		t.Errorf("%s dumps: body F1 %.3f, more than %.2f below the best published style's %.3f (%s)",
			otherConverter[0], f1, otherConverterMargin, best, bestName)
	}
}

// readZytePage returns a zyte-dev page's HTML.
func readZytePage(t testing.TB, id string) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join(zyteDir, "html", id+".html.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return b
}
