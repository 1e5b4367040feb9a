package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed/score"
	"golang.org/x/net/html"
)

// The corpora live beside the project, never inside it (third-party data).
const (
	zyteDir        = "../../../shared/corpus/zyte-dev"
	readabilityDir = "../../../shared/corpus/readability"
)

// floors are the figures a corpus must reach: those reached, minus a
// small margin, so that a change that loses ground fails.
type floors struct{ f1, precision, recall float64 }

// corpusPage is one page of a corpus with its expected body text.
type corpusPage struct {
	name  string
	url   *url.URL
	html  []byte
	truth string
}

func loadZyte(tb testing.TB) []corpusPage {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(zyteDir, "ground-truth.json"))
	if err != nil {
		tb.Skipf("zyte-dev corpus not found at %s (it lives in ../shared beside the repo): %v", zyteDir, err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		tb.Fatalf("zyte-dev ground-truth.json: %v", err)
	}
	var pages []corpusPage
	for id, g := range gt {
		f, err := os.Open(filepath.Join(zyteDir, "html", id+".html.gz"))
		if err != nil {
			tb.Fatalf("zyte-dev page %s: %v", id, err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatalf("zyte-dev page %s: %v", id, err)
		}
		b, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			tb.Fatalf("zyte-dev page %s: %v", id, err)
		}
		u, _ := url.Parse(g.URL)
		pages = append(pages, corpusPage{name: id[:12] + " " + g.URL, url: u, html: b, truth: g.ArticleBody})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	return pages
}

func loadReadability(tb testing.TB) []corpusPage {
	tb.Helper()
	dirs, err := os.ReadDir(readabilityDir)
	if err != nil {
		tb.Skipf("readability corpus not found at %s (it lives in ../shared beside the repo): %v", readabilityDir, err)
	}
	u, _ := url.Parse("http://fakehost/test/page.html")
	var pages []corpusPage
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		src, err := os.ReadFile(filepath.Join(readabilityDir, d.Name(), "source.html"))
		if err != nil {
			continue
		}
		exp, err := os.ReadFile(filepath.Join(readabilityDir, d.Name(), "expected.html"))
		if err != nil {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(exp))
		if err != nil {
			tb.Fatalf("readability %s expected.html: %v", d.Name(), err)
		}
		pages = append(pages, corpusPage{name: d.Name(), url: u, html: src, truth: toText(doc)})
	}
	return pages
}

type pageScore struct {
	name string
	p    score.Page
	err  error
}

func scoreCorpus(t *testing.T, label string, pages []corpusPage, floor floors) {
	var c score.Corpus
	var all []pageScore
	for _, pg := range pages {
		a, err := Extract(bytes.NewReader(pg.html), pg.url, Options{})
		text := ""
		if err == nil {
			text = a.Text
		} else if !errors.Is(err, ErrNoArticle) {
			t.Errorf("%s %s: %v", label, pg.name, err)
		}
		all = append(all, pageScore{pg.name, c.Add(pg.truth, text), err})
	}
	p, r, f1, acc := c.Summary()
	t.Logf("%s: %d pages  F1 %.4f  precision %.4f  recall %.4f  exact %.3f", label, len(pages), f1, p, r, acc)
	sort.SliceStable(all, func(i, j int) bool { return all[i].p.F1() < all[j].p.F1() })
	var b strings.Builder
	for _, s := range all[:min(10, len(all))] {
		note := ""
		if s.err != nil {
			note = "  (" + s.err.Error() + ")"
		}
		b.WriteString("\n  ")
		b.WriteString(formatPage(s))
		b.WriteString(note)
	}
	t.Logf("%s worst pages:%s", label, b.String())
	if f1 < floor.f1 {
		t.Errorf("%s F1 %.4f is below the floor %.3f", label, f1, floor.f1)
	}
	if p < floor.precision {
		t.Errorf("%s precision %.4f is below the floor %.3f", label, p, floor.precision)
	}
	if r < floor.recall {
		t.Errorf("%s recall %.4f is below the floor %.3f", label, r, floor.recall)
	}
}

func formatPage(s pageScore) string {
	return strings.Join([]string{
		"F1 " + ftoa(s.p.F1()), "P " + ftoa(s.p.Precision()), "R " + ftoa(s.p.Recall()), s.name,
	}, "  ")
}

func ftoa(f float64) string {
	b := []byte("0.000")
	v := int(f*1000 + 0.5)
	if v >= 1000 {
		return "1.000"
	}
	b[2], b[3], b[4] = byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10)
	return string(b)
}

// TestCorpusZyte scores the body text against the zyte-dev benchmark's
// human-checked article bodies.
func TestCorpusZyte(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus scoring skipped in -short mode")
	}
	// Reached: F1 0.987, precision 0.982, recall 0.992.
	scoreCorpus(t, "zyte-dev", loadZyte(t), floors{f1: 0.975, precision: 0.965, recall: 0.985})
}

// TestCorpusReadability scores the body text against the text of Mozilla
// Readability's expected output.
func TestCorpusReadability(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus scoring skipped in -short mode")
	}
	// Reached: F1 0.979, precision 0.986, recall 0.971.
	scoreCorpus(t, "readability", loadReadability(t), floors{f1: 0.97, precision: 0.97, recall: 0.965})
}
