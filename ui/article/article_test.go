package article

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// dhaka is the zone the page gives its dates in; tests show them in UTC.
var dhaka = time.FixedZone("BST", 6*3600)

func seedArticle() *feed.Article {
	return &feed.Article{
		Title:        "US has intelligence confirming Islamic State responsibility for Russia attack, officials say",
		Authors:      nil,
		Source:       "Reuters",
		Site:         "The Business Standard",
		Section:      "World+Biz",
		URL:          "https://www.tbsnews.net/world/us-has-intelligence-confirming-islamic-state-responsibility-russia-attack-officials-say-812345",
		Published:    time.Date(2024, 3, 23, 9, 15, 0, 0, dhaka),
		Tags:         []string{"Russia", "Moscow attack", "Islamic State"},
		Image:        "https://www.tbsnews.net/sites/default/files/images/2024/03/23/crocus.jpg",
		ImageCaption: "Firefighters work near the burning Crocus City Hall concert venue following a shooting incident, outside Moscow, Russia, March 22, 2024. REUTERS/Maxim Shemetov",
		Markdown: `The United States has intelligence confirming Islamic State's claim of responsibility for a deadly shooting at a concert near Moscow, two US officials said on Friday.

The officials said the United States had warned Russia in recent weeks about the possibility of an attack.

"Earlier this month, the US government had information about a planned terrorist attack in Moscow – potentially targeting large gatherings, to include concerts – which prompted the State Department to issue a public advisory to Americans in Russia," said Adrienne Watson, spokesperson for the [White House National Security Council](https://www.whitehouse.gov/nsc/).

At least 60 people were killed and 145 wounded on Friday when camouflage-clad gunmen opened fire with automatic weapons on concertgoers near Moscow in one of the deadliest attacks on Russia in decades.

## A warning on 8 March

The [US embassy in Russia](https://ru.usembassy.gov/) warned on 8 March that "extremists" had imminent plans for an attack in Moscow.

![Map of the Moscow region](https://www.tbsnews.net/sites/default/files/images/2024/03/23/map.png)
`,
		WordCount: 180,
	}
}

// now is three hours after the seed story was published.
var now = time.Date(2024, 3, 23, 6, 15, 0, 0, time.UTC)

var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func TestRenderHeader(t *testing.T) {
	out, err := Render(seedArticle(), Options{Width: 80, Dark: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for _, want := range []string{
		"US has intelligence confirming Islamic State",
		"The Business Standard · Reuters · Sat 23 Mar 2024 03:15 (3 h ago) · 1 min read",
		"#Russia  #Moscow-attack  #Islamic-State",
		"Image: Firefighters work near the burning Crocus City Hall",
		"The United States has intelligence confirming Islamic State's claim of",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("rendered article lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "World+Biz") {
		t.Errorf("section shown in header; only useful metadata belongs there:\n%s", plain)
	}
}

func TestRenderLinksBecomeReferences(t *testing.T) {
	a := &feed.Article{
		Title: "Links", URL: "https://news.example/a/b",
		Markdown: "See [the report](https://example.org/report) and [again](https://example.org/report), " +
			"[a relative one](/c), [a bad one](javascript:alert(1)), [anchor](#top) and ![](https://img.example/x.png).\n\n" +
			"[![Chart](https://img.example/c.png)](https://img.example/c.png)\n",
	}
	out, err := Render(a, Options{Width: 80, NoColor: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for _, want := range []string{
		"the report [1] and again [1]",
		"a relative one [2]",
		"a bad one,",
		"Image [3].",
		"Image: Chart [4]\n",
		"Links\n[1] https://example.org/report\n[2] https://news.example/c\n[3] https://img.example/x.png\n[4] https://img.example/c.png\n",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("rendered article lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "javascript") || strings.Contains(plain, "](") {
		t.Errorf("link syntax or a javascript: URL reached the screen:\n%s", plain)
	}
}

func TestRenderWidth(t *testing.T) {
	a := seedArticle()
	a.Markdown += "\n" + strings.Repeat("averyveryverylongwordwithoutanyspaces", 6) + "\n\n[x](https://example.org/" + strings.Repeat("p", 300) + ")\n"
	for _, w := range []int{20, 60, 80, 100, 160} {
		out, err := Render(a, Options{Width: w, Dark: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		limit := TextWidth(w)
		if w >= 100 && limit != MaxWidth {
			t.Errorf("TextWidth(%d) = %d, want %d", w, limit, MaxWidth)
		}
		for i, l := range strings.Split(out, "\n") {
			if lw := xansi.StringWidth(l); lw > limit {
				t.Errorf("width %d: line %d is %d columns: %q", w, i, lw, xansi.Strip(l))
			}
			if strings.HasSuffix(xansi.Strip(l), " ") {
				t.Errorf("width %d: line %d has trailing blanks: %q", w, i, xansi.Strip(l))
			}
		}
	}
}

func TestRenderSanitises(t *testing.T) {
	hostile := "\x1b]52;c;ZXZpbA==\a\x1b[2J\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\\u202e\u009b31m"
	a := &feed.Article{
		Title: "Title" + hostile, Site: "Site" + hostile, Authors: []string{"Au" + hostile},
		Source: "Src" + hostile, Tags: []string{"t" + hostile}, URL: "https://e.example/" + hostile,
		Image: "https://e.example/i.png" + hostile, ImageCaption: "cap" + hostile,
		Published: now.Add(-time.Hour),
		Markdown:  "Body" + hostile + "\n\n[link" + hostile + "](https://e.example/l" + hostile + ")\n\n```\ncode" + hostile + "\n```\n",
	}
	for _, o := range []Options{{Width: 80, Dark: true, Now: now}, {Width: 80, NoColor: true, Now: now}, {Width: 80, Now: now}} {
		out, err := Render(a, o)
		if err != nil {
			t.Fatal(err)
		}
		rest := sgr.ReplaceAllString(out, "")
		for _, r := range rest {
			if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == '\u202e') {
				t.Fatalf("control character %U reached the output: %q", r, rest)
			}
		}
		if strings.Contains(rest, "ZXZpbA") {
			t.Errorf("an OSC 52 payload survived: %q", rest)
		}
	}
}

func TestRenderEmptyBodyAndNotice(t *testing.T) {
	out, err := Render(&feed.Article{Title: "Nothing", URL: "https://www.example.com/x"}, Options{Width: 80, Now: now, Notice: "The page could not be fetched (HTTP 404); showing the feed's summary."})
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for _, want := range []string{"Nothing\nexample.com\n", "showing the feed's summary.", "This article has no text."} {
		if !strings.Contains(plain, want) {
			t.Errorf("lacks %q:\n%s", want, plain)
		}
	}
	if _, err := Render(nil, Options{}); err == nil {
		t.Error("Render(nil) gave no error")
	}
}

func TestAge(t *testing.T) {
	cases := []struct {
		ago  time.Duration
		want string
	}{
		{-time.Hour, ""}, {10 * time.Second, "just now"}, {12 * time.Minute, "12 min ago"},
		{3*time.Hour + 59*time.Minute, "3 h ago"}, {30 * time.Hour, "1 day ago"},
		{5 * 24 * time.Hour, "5 days ago"}, {90 * 24 * time.Hour, ""},
	}
	for _, c := range cases {
		if got := Age(now.Add(-c.ago), now); got != c.want {
			t.Errorf("Age(-%v) = %q, want %q", c.ago, got, c.want)
		}
	}
}

func TestGolden(t *testing.T) {
	for _, w := range []int{80, 140} {
		out, err := Render(seedArticle(), Options{Width: w, Dark: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "seed-"+itoa(w)+".golden"), xansi.Strip(out))
	}
}

func itoa(n int) string { return fmtInt(n) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run go test -update after checking):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func BenchmarkRender(b *testing.B) {
	a := seedArticle()
	var body strings.Builder
	for range 8 {
		body.WriteString(a.Markdown)
		body.WriteString("\n")
	}
	a.Markdown = body.String()
	for _, w := range []int{80, 160} {
		b.Run(fmtInt(w)+"cols", func(b *testing.B) {
			for b.Loop() {
				if _, err := Render(a, Options{Width: w, Dark: true, Now: now}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Without colour (NO_COLOR, theme "notty") the body must still read as
// prose: no Markdown markers around bold and italic text (a link inside a
// bold lead came out as "****"), and no colour codes at all.
func TestRenderNoColorHasNoMarkersAndNoColour(t *testing.T) {
	a := &feed.Article{
		Title: "Plain", URL: "https://news.example/a",
		Markdown: "**So you test your [JavaScript code](https://example.org/js)? Great.**\n\n" +
			"Some *emphasis*, ~~struck~~ and `code`.\n\n```go\nfunc main() {}\n```\n",
	}
	out, err := Render(a, Options{Width: 80, NoColor: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for _, bad := range []string{"**", "*emphasis*", "~~"} {
		if strings.Contains(plain, bad) {
			t.Errorf("Markdown marker %q shown without colour:\n%s", bad, plain)
		}
	}
	for _, want := range []string{"So you test your JavaScript code [1]? Great.", "Some emphasis, struck and", "func main() {}"} {
		if !strings.Contains(plain, want) {
			t.Errorf("rendered article lacks %q:\n%s", want, plain)
		}
	}
	if m := regexp.MustCompile(`\x1b\[[0-9;]*[34]8;[25];[0-9;]*m|\x1b\[[0-9;]*\b(3[0-7]|4[0-7]|9[0-7])m`).FindString(out); m != "" {
		t.Errorf("colour code %q in a render without colour:\n%q", m, out)
	}
}

// A caption glued to its picture in the page's Markdown must not glue to
// the image's reference: "Image [1](All photos: staff)" reads as a link.
func TestRenderImageKeepsAWordFromWhatFollows(t *testing.T) {
	a := &feed.Article{
		Title: "Pictures", URL: "https://news.example/a",
		Markdown: "![](https://img.example/a.jpg)*(All photos: Atlas staff)*\n\n" +
			"![](https://img.example/b.jpg)![Map](https://img.example/c.jpg)\n\n" +
			"See ![](https://img.example/d.png). Done.\n",
	}
	out, err := Render(a, Options{Width: 80, NoColor: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for _, want := range []string{"Image [1] (All photos: Atlas staff)", "Image [2] Image: Map [3]", "See Image [4]. Done."} {
		if !strings.Contains(plain, want) {
			t.Errorf("rendered article lacks %q:\n%s", want, plain)
		}
	}
}

// Inline code reads as part of the sentence: no padding around it, and a
// short span is never cut over two lines.
func TestInlineCodeIsNotPaddedOrBroken(t *testing.T) {
	a := &feed.Article{Title: "Code", Markdown: "To see what changed, first run `git log --oneline` and then `git show HEAD` in the repository you cloned.\n"}
	for _, nc := range []bool{false, true} {
		for w := 24; w <= 60; w++ {
			out, err := Render(a, Options{Width: w, NoColor: nc, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			plain := strings.NewReplacer("\u00a0", " ", "\u2011", "-").Replace(xansi.Strip(out))
			for _, code := range []string{"git log --oneline", "git show HEAD"} {
				if !strings.Contains(plain, code) {
					t.Errorf("width %d, no colour %v: %q is cut over lines:\n%s", w, nc, code, plain)
				}
			}
			if strings.Contains(plain, "  git") || strings.Contains(plain, "HEAD  ") || strings.Contains(plain, "--oneline  ") {
				t.Errorf("width %d, no colour %v: inline code is padded:\n%s", w, nc, plain)
			}
		}
	}
}

// An article without a date shows when its story was first seen, marked
// as such; past a month, the day it was first seen. A dated article
// shows its date, not when it was seen.
func TestFirstSeenStandsInForAMissingDate(t *testing.T) {
	a := &feed.Article{Title: "Undated", Site: "The Courier", URL: "https://courier.example/a", Markdown: "Text."}
	for _, c := range []struct {
		seen time.Time
		want string
	}{
		{now.Add(-3 * time.Hour), "The Courier · seen 3 h ago"},
		{now.Add(-40 * 24 * time.Hour), "The Courier · first seen Mon 12 Feb 2024"},
	} {
		out, err := Render(a, Options{Width: 80, Now: now, FirstSeen: c.seen})
		if err != nil {
			t.Fatal(err)
		}
		if got := xansi.Strip(out); !strings.Contains(got, c.want) {
			t.Errorf("want %q in the header:\n%s", c.want, got)
		}
	}
	dated := *a
	dated.Published = now.Add(-time.Hour)
	out, err := Render(&dated, Options{Width: 80, Now: now, FirstSeen: now.Add(-3 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if got := xansi.Strip(out); strings.Contains(got, "seen") || !strings.Contains(got, "(1 h ago)") {
		t.Errorf("a dated article shows its date and age, not when it was seen:\n%s", got)
	}
}
