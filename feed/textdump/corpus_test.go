package textdump

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/tidings-app/tidings/feed/score"
)

const zyteDir = "../../../shared/corpus/zyte-dev"

// zyteF1Floor is the body F1 the text-dump cleaner must keep on text dumps
// of the zyte-dev pages (issue 7).
const zyteF1Floor = 0.90

type zytePage struct {
	id, url, truth, dump string
	html                 []byte
}

func loadZyteDumps(t testing.TB) []zytePage {
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
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	dumpDir := os.Getenv("TEXTDUMP_WRITE_DUMPS") // for eyeballing the dumps
	var pages []zytePage
	for _, id := range ids {
		f, err := os.Open(filepath.Join(zyteDir, "html", id+".html.gz"))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			t.Fatalf("%s: %v", id, err)
		}
		b, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		p := zytePage{id: id, url: gt[id].URL, truth: gt[id].ArticleBody, dump: renderText(b), html: b}
		if dumpDir != "" {
			os.WriteFile(filepath.Join(dumpDir, id[:8]+".txt"), []byte(p.dump), 0o644)
			os.WriteFile(filepath.Join(dumpDir, id[:8]+".truth"), []byte(p.truth), 0o644)
		}
		pages = append(pages, p)
	}
	return pages
}

// TestZyteTextDumps renders every zyte-dev page to text the way a browser's
// "select all, copy" does, cleans it, and scores the body against the
// human-checked article text.
func TestZyteTextDumps(t *testing.T) {
	pages := loadZyteDumps(t)
	var c score.Corpus
	type res struct {
		id  string
		p   score.Page
		err error
	}
	var all []res
	outDir := os.Getenv("TEXTDUMP_WRITE_DUMPS")
	for _, pg := range pages {
		if !Looks([]byte(pg.dump)) {
			t.Errorf("%s: Looks = false for a text dump", pg.id[:8])
		}
		u, _ := url.Parse(pg.url)
		var text string
		a, err := Parse(pg.dump, u)
		if err == nil {
			text = a.Text
		}
		if outDir != "" {
			os.WriteFile(filepath.Join(outDir, pg.id[:8]+".out"), []byte(text), 0o644)
		}
		all = append(all, res{pg.id, c.Add(pg.truth, text), err})
	}
	p, r, f1, acc := c.Summary()
	t.Logf("zyte-dev text dumps: %d pages  F1 %.3f  P %.3f  R %.3f  exact %.3f", len(pages), f1, p, r, acc)
	sort.Slice(all, func(i, j int) bool { return all[i].p.F1() < all[j].p.F1() })
	for _, x := range all[:min(20, len(all))] {
		note := ""
		if x.err != nil {
			note = " (" + x.err.Error() + ")"
		}
		t.Logf("  worst %s  F1 %.3f  P %.3f  R %.3f%s", x.id[:8], x.p.F1(), x.p.Precision(), x.p.Recall(), note)
	}
	if f1 < zyteF1Floor {
		t.Errorf("zyte-dev text-dump body F1 %.3f, below the floor %.2f", f1, zyteF1Floor)
	}
}

// TestZyteWrappedDumps scores the same dumps hard-wrapped at 76 columns,
// the shape of lynx and w3m output.
func TestZyteWrappedDumps(t *testing.T) {
	var c score.Corpus
	for _, pg := range loadZyteDumps(t) {
		u, _ := url.Parse(pg.url)
		var text string
		if a, err := Parse(hardWrap(pg.dump, 76), u); err == nil {
			text = a.Text
		}
		c.Add(pg.truth, text)
	}
	p, r, f1, _ := c.Summary()
	t.Logf("zyte-dev text dumps wrapped at 76 columns: F1 %.3f  P %.3f  R %.3f", f1, p, r)
	if f1 < zyteF1Floor {
		t.Errorf("wrapped zyte-dev text-dump body F1 %.3f, below the floor %.2f", f1, zyteF1Floor)
	}
}

// TestLooksOnCorpus: every real page of both corpora is HTML, not a text
// dump, and every text dump of them is text.
func TestLooksOnCorpus(t *testing.T) {
	for _, pg := range loadZyteDumps(t) {
		if Looks(pg.html) {
			t.Errorf("zyte-dev %s: Looks(page HTML) = true, want false", pg.id[:8])
		}
	}
	pages, _ := filepath.Glob("../../../shared/corpus/readability/*/source.html")
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if Looks(b) {
			t.Errorf("%s: Looks = true, want false", p)
		}
	}
	t.Logf("%d readability pages checked", len(pages))
}

// readabilityF1Floor guards the cleaner's generality on a second corpus
// (Mozilla Readability's test pages, many of them unit cases of one
// markup rule rather than news pages); issue 7 sets no figure for it.
const readabilityF1Floor = 0.80

// TestReadabilityTextDumps scores text dumps of the readability corpus:
// the page rendered as text, cleaned, against the text of the expected
// article.
func TestReadabilityTextDumps(t *testing.T) {
	dirs, _ := filepath.Glob("../../../shared/corpus/readability/*")
	if len(dirs) == 0 {
		t.Skip("readability corpus not found under ../shared (it lives beside the repo); skipping")
	}
	var c score.Corpus
	for _, d := range dirs {
		src, err := os.ReadFile(filepath.Join(d, "source.html"))
		if err != nil {
			continue
		}
		exp, err := os.ReadFile(filepath.Join(d, "expected.html"))
		if err != nil {
			continue
		}
		var text string
		if a, err := Parse(renderText(src), nil); err == nil {
			text = a.Text
		}
		c.Add(renderText(exp), text)
	}
	p, r, f1, _ := c.Summary()
	t.Logf("readability text dumps: %d pages  F1 %.3f  P %.3f  R %.3f", len(c.Pages), f1, p, r)
	if f1 < readabilityF1Floor {
		t.Errorf("readability text-dump body F1 %.3f, below the floor %.2f", f1, readabilityF1Floor)
	}
}
