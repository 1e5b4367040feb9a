package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed/extract/internal/metadata"
	"github.com/tidings-app/tidings/feed/extract/internal/prepare"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/score"
	"golang.org/x/net/html"
	unorm "golang.org/x/text/unicode/norm"
)

// Floors of the metadata corpus test, against Readability's
// expected-metadata.json (fields where it is set). They sit a little
// under the rates reached so that a change that loses ground fails.
//
// Two title rates are kept. "title exact" compares with Readability's
// title as it is; it cannot reach issue 6's 0.97 because issue 2 asks for
// the " | Site" affix to be dropped and Readability keeps it on 15 of
// these pages (from og:title or <title>). "title, site affix
// dropped" also counts a title that is the expected one less its site
// or section parts (titleMatchesAffixDropped), and carries the main
// floor.
//
// Reached (go test ./feed/extract -run TestMetaCorpusReadability -v):
// title exact 0.866, title with the site affix dropped 0.984 (the two
// misses: a title Readability cut at a colon, and a page whose og:title
// is the site's slogan), byline 0.895, site name 0.984, published day
// 1.000, lang 1.000.
const (
	metaTitleFloor     = 0.85
	metaTitleSpecFloor = 0.97
	metaBylineFloor    = 0.87
	metaSiteFloor      = 0.95
	metaPublishedFloor = 0.95
	metaLangFloor      = 0.97
)

type metaTruth struct {
	Title         *string `json:"title"`
	Byline        *string `json:"byline"`
	SiteName      *string `json:"siteName"`
	PublishedTime *string `json:"publishedTime"`
	Lang          *string `json:"lang"`
}

// metaFromHTML runs the metadata reader alone, the way Extract feeds it.
func metaFromHTML(t testing.TB, raw []byte, contentType string, pageURL *url.URL) *feed.Article {
	t.Helper()
	b, _, err := prepare.DecodeToUTF8(raw, contentType)
	if err != nil {
		t.Fatalf("decodeToUTF8: %v", err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	return metadata.ExtractMetadata(doc, pageURL)
}

// rate counts matches of one field over the pages where the truth has it.
type rate struct {
	name      string
	hit, seen int
	misses    []string
}

func (r *rate) add(ok bool, page, got, want string) {
	if want == "" {
		return
	}
	r.seen++
	if ok {
		r.hit++
		return
	}
	r.misses = append(r.misses, fmt.Sprintf("%-36s got %q\n%-36s want %q", page, got, "", want))
}

func (r *rate) value() float64 {
	if r.seen == 0 {
		return 1
	}
	return float64(r.hit) / float64(r.seen)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return metadata.Squash(*p)
}

// TestMetaCorpusReadability measures the metadata reader on the 130 pages
// of Mozilla Readability's test suite. Their expected values are what
// Readability.js outputs, quirks included (it keeps " - Site" in titles
// that come from og:title, and returns raw byline text such as "By Jane
// Doe March 3"), so the byline is scored leniently: every author we give
// must appear in the expected byline.
func TestMetaCorpusReadability(t *testing.T) {
	dirs, err := os.ReadDir(readabilityDir)
	if err != nil {
		t.Skipf("readability corpus not found at %s (it lives in ../shared beside the repo): %v", readabilityDir, err)
	}
	pageURL, _ := url.Parse("http://fakehost/test/page.html")
	title := &rate{name: "title exact"}
	titleAffix := &rate{name: "title, site affix dropped"}
	byline := &rate{name: "byline (authors in expected)"}
	bylineStrict := &rate{name: "byline exact"}
	site := &rate{name: "site name"}
	published := &rate{name: "published (same day)"}
	lang := &rate{name: "lang"}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		src, err := os.ReadFile(filepath.Join(readabilityDir, d.Name(), "source.html"))
		if err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(readabilityDir, d.Name(), "expected-metadata.json"))
		if err != nil {
			continue
		}
		var want metaTruth
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("%s expected-metadata.json: %v", d.Name(), err)
		}
		a := metaFromHTML(t, src, "", pageURL)
		name := d.Name()

		wt := deref(want.Title)
		title.add(metadata.Squash(a.Title) == wt, name, a.Title, wt)
		titleAffix.add(titleMatchesAffixDropped(a.Title, wt), name, a.Title, wt)

		wb := deref(want.Byline)
		got := strings.Join(a.Authors, ", ")
		if got == "" {
			got = a.Source
		}
		byline.add(bylineMatches(got, wb), name, got, wb)
		bylineStrict.add(metadata.FoldKey(got) != "" && metadata.FoldKey(got) == metadata.FoldKey(metadata.ByPrefixRE().ReplaceAllString(wb, "")), name, got, wb)

		ws := deref(want.SiteName)
		site.add(metadata.FoldKey(a.Site) == metadata.FoldKey(ws), name, a.Site, ws)

		wp := deref(want.PublishedTime)
		gp := ""
		if !a.Published.IsZero() {
			gp = a.Published.Format("2006-01-02T15:04:05Z07:00")
		}
		published.add(len(wp) >= 10 && len(gp) >= 10 && gp[:10] == wp[:10], name, gp, wp)

		wl := strings.ReplaceAll(deref(want.Lang), "_", "-")
		lang.add(strings.EqualFold(a.Lang, wl), name, a.Lang, wl)
	}
	if title.seen == 0 {
		t.Fatalf("no pages with expected-metadata.json under %s: the readability corpus is there but its metadata is not", readabilityDir)
	}
	report := func(r *rate, floor float64) {
		t.Logf("%-30s %.3f  (%d/%d)", r.name, r.value(), r.hit, r.seen)
		if testing.Verbose() {
			for _, m := range r.misses {
				t.Logf("  miss %s", m)
			}
		}
		if floor > 0 && r.value() < floor {
			t.Errorf("%s rate %.3f is below the floor %.2f", r.name, r.value(), floor)
		}
	}
	report(title, metaTitleFloor)
	report(titleAffix, metaTitleSpecFloor)
	report(byline, metaBylineFloor)
	report(bylineStrict, 0)
	report(site, metaSiteFloor)
	report(published, metaPublishedFloor)
	report(lang, metaLangFloor)
}

// titleMatchesAffixDropped compares titles the way issue 2 specifies
// them: a title loses its " | Site" affix (and the section label that
// may stand beside it: "Headline_Channel_Portal"). Readability keeps the
// affix when it takes the title from og:title or <title>, so a title
// matches when it is the expected one whole, or the expected one less
// whole parts cut at a title separator at its end or its start. A cut
// inside a part, or at a colon ("Brexit: the deal explained"), is no
// match.
func titleMatchesAffixDropped(got, want string) bool {
	g, w := metadata.Squash(got), metadata.Squash(want)
	if g == w {
		return true
	}
	if g == "" {
		return false
	}
	if rest, ok := strings.CutPrefix(w, g); ok {
		return affixSepRE.MatchString(rest)
	}
	if rest, ok := strings.CutSuffix(w, g); ok {
		return affixSepEndRE.MatchString(rest)
	}
	return false
}

func TestTitleAffixMetric(t *testing.T) {
	tests := []struct {
		got, want string
		match     bool
	}{
		{"Rates rise again", "Rates rise again", true},
		{"Rates rise again", "Rates rise again | Daily Ledger", true},
		{"Rates rise again", "Daily Ledger - Rates rise again", true},
		{"海外留学生看两会", "海外留学生看两会_教育频道_中国青年网", true},
		{"Rates rise", "Rates rise again | Daily Ledger", false},
		{"Brexit", "Brexit: the deal explained", false},
		// A cut at a dash cannot be told from a site part: the verbatim
		// rate is kept beside this one for that reason.
		{"Covid-19", "Covid-19 - what we know", true},
		{"", "Rates rise again", false},
		{"Rates rise again | Daily Ledger", "Rates rise again", false},
	}
	for _, tc := range tests {
		if got := titleMatchesAffixDropped(tc.got, tc.want); got != tc.match {
			t.Errorf("titleMatchesAffixDropped(%q, %q) = %v, want %v", tc.got, tc.want, got, tc.match)
		}
	}
}

// affixSepRE and affixSepEndRE find a title separator where the kept part
// of a title meets the dropped one, after or before it.
var (
	affixSepRE    = regexp.MustCompile(`^(?:\s+[|\-–—·•»/\\]\s+|\s*(?:::|\|\||｜|_)\s*)\S`)
	affixSepEndRE = regexp.MustCompile(`\S(?:\s+[|\-–—·•»/\\]\s+|\s*(?:::|\|\||｜|_)\s*)$`)
)

// bylineMatches reports whether every author we found is named in the
// expected byline text (which may carry "By", dates or roles around it).
func bylineMatches(got, want string) bool {
	if got == "" || want == "" {
		return false
	}
	w := metadata.FoldKey(want)
	for _, n := range strings.Split(got, ", ") {
		k := metadata.FoldKey(n)
		if k == "" || !strings.Contains(w, k) {
			return false
		}
	}
	return true
}

// TestMetaCorpusZyte runs the metadata reader over the 83 zyte-dev pages.
// The benchmark has no metadata truth, so this only proves that real
// pages in many charsets go through without a panic, and prints how often
// each field is filled.
func TestMetaCorpusZyte(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(zyteDir, "ground-truth.json"))
	if err != nil {
		t.Skipf("zyte-dev corpus not found at %s (it lives in ../shared beside the repo): %v", zyteDir, err)
	}
	var gt map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatalf("zyte-dev ground-truth.json: %v", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	filled := map[string]int{}
	for _, id := range ids {
		f, err := os.Open(filepath.Join(zyteDir, "html", id+".html.gz"))
		if err != nil {
			t.Fatalf("zyte-dev page %s: %v", id, err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			t.Fatalf("zyte-dev page %s: %v", id, err)
		}
		b, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatalf("zyte-dev page %s: %v", id, err)
		}
		u, _ := url.Parse(gt[id].URL)
		a := metaFromHTML(t, b, "", u)
		for field, ok := range map[string]bool{
			"title": a.Title != "", "authors": len(a.Authors) > 0, "source": a.Source != "",
			"site": a.Site != "", "section": a.Section != "", "published": !a.Published.IsZero(),
			"modified": !a.Modified.IsZero(), "lang": a.Lang != "", "tags": len(a.Tags) > 0,
			"excerpt": a.Excerpt != "", "image": a.Image != "", "caption": a.ImageCaption != "",
		} {
			if ok {
				filled[field]++
			}
		}
		if testing.Verbose() {
			t.Logf("%s %s\n  title=%q authors=%q source=%q site=%q section=%q\n  published=%v modified=%v lang=%q tags=%q\n  image=%q caption=%q",
				id[:12], gt[id].URL, a.Title, a.Authors, a.Source, a.Site, a.Section, a.Published, a.Modified, a.Lang, a.Tags, a.Image, a.ImageCaption)
		}
	}
	var names []string
	for k := range filled {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Logf("%-10s filled on %d/%d pages", k, filled[k], len(ids))
	}
}

// BenchmarkMetadata times the metadata reader alone (decoding and parsing
// excluded) over the zyte-dev pages, to keep it a small part of Extract.
func BenchmarkMetadata(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(zyteDir, "ground-truth.json"))
	if err != nil {
		b.Skipf("zyte-dev corpus not found at %s (it lives in ../shared beside the repo): %v", zyteDir, err)
	}
	var gt map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		b.Fatal(err)
	}
	type page struct {
		doc *html.Node
		u   *url.URL
	}
	var pages []page
	for id, g := range gt {
		f, err := os.Open(filepath.Join(zyteDir, "html", id+".html.gz"))
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(zr)
		f.Close()
		dec, _, _ := prepare.DecodeToUTF8(body, "")
		doc, err := html.Parse(bytes.NewReader(dec))
		if err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse(g.URL)
		pages = append(pages, page{doc, u})
	}
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		metadata.ExtractMetadata(p.doc, p.u)
	}
}

// The news corpora with title, author and date truth, beside the repo.
const (
	metaNaebDir = "../../../shared/corpus/naeb-dev"
	metaWcxbDir = "../../../shared/corpus/wcxb-dev"
)

// metaSetFloors are the rates a corpus with metadata truth must reach,
// on the whole set and on each half.
type metaSetFloors struct{ title, date, author float64 }

// metaSetRates holds one set's (or one half's) three rates.
//
// titleInPage and dateInPage count the pages whose true title or day is
// among what the page itself offers (titleInPage, dateInPage): the
// rates a reader of the page's own signals could reach at best. Where the
// truth is in none of them, the annotators read something else (a day of
// another year, a headline the page no longer carries).
type metaSetRates struct{ title, date, author, titleInPage, dateInPage *rate }

func newMetaSetRates() metaSetRates {
	return metaSetRates{
		title:       &rate{name: "title exact"},
		date:        &rate{name: "date (published day)"},
		author:      &rate{name: "author (any overlap)"},
		titleInPage: &rate{name: "title found in page"},
		dateInPage:  &rate{name: "day found in page"},
	}
}

// titleInPage reports whether want is one of the page's titles (JSON-LD,
// meta, <title>, <h1>), whole or one part of it between separators.
func titleInPage(s *metadata.Signals, want string) bool {
	cands := []string{s.Ld.Str("headline"), s.Ld.Str("name"), s.TitleTag}
	cands = append(cands, s.H1...)
	for _, k := range []string{"og:title", "twitter:title", "dc.title", "parsely-title", "title"} {
		cands = append(cands, s.MetaAll(k)...)
	}
	for _, c := range cands {
		c = metadata.MetaClean(c)
		parts, seps := metadata.SplitTitleParts(c)
		for i := range parts {
			for j := i + 1; j <= len(parts); j++ {
				if titleExact(strings.Join(metadata.InterleaveTitle(parts[i:j], seps[i:j-1]), ""), want) {
					return true
				}
			}
		}
	}
	return false
}

// dateInPage reports whether the day want is the day of one of the
// page's dates (published, modified, in the address), read in the zone
// the page gives or in UTC, or is written anywhere in the page's source
// in a common form ("2023-12-20", "Dec 20, 2023", "20 December 2023").
func dateInPage(s *metadata.Signals, raw []byte, pageURL, want string) bool {
	for _, c := range append(append(s.PublishedCandidates(), s.ModifiedCandidates()...), metadata.UrlDate(pageURL)) {
		if d := metadata.ParseMetaDate(c); d.Ok && (d.T.Format("2006-01-02") == want || d.T.UTC().Format("2006-01-02") == want) {
			return true
		}
	}
	day, err := time.Parse("2006-01-02", want)
	if err != nil {
		return false
	}
	text := strings.ToLower(string(raw))
	for _, layout := range []string{"2006-01-02", "2006/01/02", "January 2, 2006", "Jan 2, 2006", "Jan. 2, 2006", "2 January 2006", "2 Jan 2006", "01/02/2006", "1/2/2006", "02/01/2006", "02.01.2006"} {
		if strings.Contains(text, strings.ToLower(day.Format(layout))) {
			return true
		}
	}
	return false
}

// runMetaSet scores the metadata reader on a corpus whose
// ground-truth.json gives title, author and date for each page, and
// returns the rates on the whole set and on each half of score.Half.
func runMetaSet(t *testing.T, dir string) map[string]metaSetRates {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Skipf("corpus not found at %s (it lives in ../shared beside the repo): %v", dir, err)
	}
	var gt map[string]struct {
		URL    string  `json:"url"`
		Title  *string `json:"title"`
		Author *string `json:"author"`
		Date   *string `json:"date"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatalf("%s ground-truth.json: %v", dir, err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := map[string]metaSetRates{"all": newMetaSetRates(), "tune": newMetaSetRates(), "check": newMetaSetRates()}
	for _, id := range ids {
		g := gt[id]
		b := readGz(t, filepath.Join(dir, "html", id+".html.gz"))
		u, _ := url.Parse(g.URL)
		a := metaFromHTML(t, b, "", u)
		name := id
		if len(name) > 12 {
			name = name[:12]
		}
		name += " " + g.URL

		wt, wa, wd := deref(g.Title), deref(g.Author), deref(g.Date)
		names := append([]string(nil), a.Authors...)
		if a.Source != "" {
			names = append(names, a.Source)
		}
		ga := strings.Join(names, ", ")
		gd := ""
		if !a.Published.IsZero() {
			gd = a.Published.Format("2006-01-02")
		}
		dec, _, err := prepare.DecodeToUTF8(b, "")
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		doc, err := html.Parse(bytes.NewReader(dec))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		sig := metadata.CollectSignals(doc, u)
		for _, half := range []string{"all", score.Half(id)} {
			r := out[half]
			r.titleInPage.add(titleInPage(sig, wt), name, "", wt)
			r.dateInPage.add(len(wd) >= 10 && dateInPage(sig, b, g.URL, wd[:10]), name, "", wd)
			r.title.add(titleExact(a.Title, wt), name, a.Title, wt)
			r.date.add(len(wd) >= 10 && gd == wd[:10], name, gd, wd)
			r.author.add(authorOverlap(ga, wa), name, ga, wa)
		}
	}
	return out
}

func readGz(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// reportMetaSet logs each rate, whole set and halves, and fails a rate
// under its floor. Misses are listed for the tuning half only: the check
// half is judged by its figure, never looked at page by page.
func reportMetaSet(t *testing.T, set string, rates map[string]metaSetRates, f metaSetFloors) {
	t.Helper()
	for _, half := range []string{"all", "tune", "check"} {
		r := rates[half]
		for _, x := range []struct {
			r     *rate
			floor float64
		}{{r.title, f.title}, {r.date, f.date}, {r.author, f.author}, {r.titleInPage, 0}, {r.dateInPage, 0}} {
			t.Logf("%s %-5s %-22s %.3f  (%d/%d)", set, half, x.r.name, x.r.value(), x.r.hit, x.r.seen)
			if half == "tune" && testing.Verbose() {
				for _, m := range x.r.misses {
					t.Logf("  miss %s", m)
				}
			}
			if x.r.value() < x.floor {
				t.Errorf("%s %s: %s rate %.3f is below the floor %.2f", set, half, x.r.name, x.r.value(), x.floor)
			}
		}
	}
}

// TestMetaCorpusNaeb scores the metadata reader on the 201 news pages of
// naeb-dev, whole and on each half of score.Half, against issue 12's
// targets. Rates count the pages whose truth has the field.
//
//   - title exact: our title equals the true one after Unicode NFKC
//     normalisation, with typographic quotes, apostrophes and dashes
//     folded to their ASCII forms and runs of white space made one
//     space (titleExact). Case and every word count: a title that keeps
//     a " | Site" affix, or is cut short, is a miss.
//   - date: the day of our published time, in the zone the page gives,
//     is the true YYYY-MM-DD.
//   - author (any overlap): one name word of the truth (letters and
//     digits, case folded, two letters or more, not "by", "and", "the")
//     is a name word of our authors or credited source (authorOverlap).
//
// The floors sit a little under the rates reached, so that a change that
// loses ground fails; issue 12's targets (title 0.95, date 0.95, author
// 0.85) are logged beside them until they are reached.
//
// Reached (go test ./feed/extract -run TestMetaCorpusNaeb -v), all /
// tune / check: title 0.816 / 0.820 / 0.812, date 0.876 / 0.888 /
// 0.866, author 0.898 / 0.916 / 0.883 (the author floor is the target).
// The date target is out of reach of any reader of these pages: on 18 of
// the 201 the true day is written nowhere in the page ("day found in
// page" 0.910; in the tuning half most are a day of 2023 on a page
// dated 2024 or 2021). The title target is not reached either: the true
// title is the headline the page shows in its <h1>, and where the page's
// JSON-LD or og:title words the story otherwise, the titles Readability
// expects (TestMetaCorpusReadability) are the structured ones. Taking the
// <h1> whenever another title of the page repeats it gave 0.905 here
// (tune 0.899, check 0.911) and wcxb-dev 0.810, but readability's title
// rates fell from 0.866 to 0.811 (verbatim) and 0.984 to 0.937 (site
// affix dropped), so it is not done.
func TestMetaCorpusNaeb(t *testing.T) {
	rates := runMetaSet(t, metaNaebDir)
	reportMetaSet(t, "naeb-dev", rates, metaSetFloors{title: 0.80, date: 0.85, author: 0.85})
	target := metaSetFloors{title: 0.95, date: 0.95, author: 0.85}
	for _, half := range []string{"all", "tune", "check"} {
		r := rates[half]
		for _, x := range []struct {
			r      *rate
			target float64
		}{{r.title, target.title}, {r.date, target.date}, {r.author, target.author}} {
			if x.r.value() < x.target {
				t.Logf("naeb-dev %-5s %-22s %.3f is under issue 12's target %.2f", half, x.r.name, x.r.value(), x.target)
			}
		}
	}
}

// TestMetaCorpusWcxb scores the metadata reader the same way on the 793
// pages of wcxb-dev (blogs, guides and magazines as well as news), where
// there is no target: the floors only keep the rates from falling.
//
// Reached, all / tune / check: title 0.792 / 0.758 / 0.826, date 0.822 /
// 0.822 / 0.823, author 0.828 / 0.837 / 0.821.
func TestMetaCorpusWcxb(t *testing.T) {
	reportMetaSet(t, "wcxb-dev", runMetaSet(t, metaWcxbDir), metaSetFloors{title: 0.75, date: 0.80, author: 0.80})
}

// titleFold maps the typographic forms of quotes, apostrophes and dashes
// to ASCII, for titleExact.
var titleFold = strings.NewReplacer("‘", "'", "’", "'", "‚", "'", "‛", "'", "′", "'", "“", `"`, "”", `"`, "„", `"`, "‟", `"`, "″", `"`,
	"‐", "-", "‑", "-", "‒", "-", "–", "-", "—", "-", "―", "-", "−", "-")

// titleExact reports whether two titles are the same once Unicode forms,
// typographic punctuation and white space are normalised.
func titleExact(got, want string) bool {
	n := func(s string) string { return metadata.Squash(titleFold.Replace(unorm.NFKC.String(s))) }
	return got != "" && n(got) == n(want)
}

// authorStopWords are the words of a byline that name nobody.
var authorStopWords = map[string]bool{"by": true, "and": true, "the": true}

// authorOverlap reports whether our byline and the true one share a name
// word.
func authorOverlap(got, want string) bool {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(metadata.FoldKey(unorm.NFKC.String(s))) {
			if len([]rune(w)) >= 2 && !authorStopWords[w] {
				m[w] = true
			}
		}
		return m
	}
	g := words(got)
	for w := range words(want) {
		if g[w] {
			return true
		}
	}
	return false
}

func TestNaebMetaMetrics(t *testing.T) {
	titles := []struct {
		got, want string
		match     bool
	}{
		{"Trump: 'I'm not a student of Hitler'", "Trump: ‘I’m not a student of Hitler’", true},
		{"Covid–19  explained", "Covid-19 explained", true},
		{"Rates rise again | Daily Ledger", "Rates rise again", false},
		{"rates rise again", "Rates rise again", false},
		{"", "", false},
	}
	for _, tc := range titles {
		if got := titleExact(tc.got, tc.want); got != tc.match {
			t.Errorf("titleExact(%q, %q) = %v, want %v", tc.got, tc.want, got, tc.match)
		}
	}
	authors := []struct {
		got, want string
		match     bool
	}{
		{"Chris E. Hayner", "Chris E. Hayner,  Tom Caswell", true},
		{"Associated Press", "The Associated Press", true},
		{"AP", "The Associated Press", false},
		{"The Editors", "The Associated Press", false},
		{"", "Jane Doe", false},
	}
	for _, tc := range authors {
		if got := authorOverlap(tc.got, tc.want); got != tc.match {
			t.Errorf("authorOverlap(%q, %q) = %v, want %v", tc.got, tc.want, got, tc.match)
		}
	}
}
