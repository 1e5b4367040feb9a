package article

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"charm.land/glamour/v2/ansi"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/theme"
)

// listArticle is a page that is one list of n items, as a page of <li>
// becomes.
func listArticle(n int, ordered bool) *feed.Article {
	var b strings.Builder
	b.WriteString("A list follows.\n\n")
	for i := range n {
		if ordered {
			fmt.Fprintf(&b, "%d. item number %d of the list\n", i+1, i)
		} else {
			fmt.Fprintf(&b, "- item number %d of the [list](https://example.com/%d)\n", i, i%50)
		}
	}
	b.WriteString("\nThe end of the list.\n")
	return &feed.Article{Title: "List", Markdown: b.String(), URL: "https://example.com/list"}
}

// atOnce lays out the whole body in one Glamour pass, as Render did
// before it laid out in parts.
func atOnce(t *testing.T, a *feed.Article, width int) string {
	t.Helper()
	nb := numberLinks(a, true)
	// Join the parts splitLists made back into one list.
	for c := nb.doc.FirstChild(); c != nil; {
		next := c.NextSibling()
		if next != nil && continuesList(c, next) {
			for next.FirstChild() != nil {
				c.AppendChild(c, next.FirstChild())
			}
			nb.doc.RemoveChild(nb.doc, next)
			continue
		}
		c = next
	}
	th := theme.New(true, false)
	ar := ansi.NewRenderer(ansi.Options{WordWrap: width, Styles: th.Glamour(), BaseURL: nb.base})
	r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000)))
	var buf bytes.Buffer
	if err := r.Render(&buf, nb.rw.source(), nb.doc); err != nil {
		t.Fatal(err)
	}
	return tidy(buf.String())
}

// TestLayoutInPartsMatchesOnePass: laying a long body out a group of
// blocks at a time, and a long list in parts, shows the same text as
// laying it all out at once.
func TestLayoutInPartsMatchesOnePass(t *testing.T) {
	seed := seedArticle()
	long := *seed
	long.Markdown = strings.Repeat(seed.Markdown+"\n", 30) // about 200 blocks
	mixed := *seed
	mixed.Markdown = seed.Markdown + "\n" + listArticle(300, false).Markdown + "\n" + listArticle(150, true).Markdown + "\n> a quote\n\n" + seed.Markdown
	for name, a := range map[string]*feed.Article{
		"paragraphs": &long, "list": listArticle(1000, false), "ordered": listArticle(700, true), "mixed": &mixed,
	} {
		t.Run(name, func(t *testing.T) {
			for _, width := range []int{40, 80} {
				th := theme.New(true, false)
				got, err := renderBody(context.Background(), numberLinks(a, true), width, th.Glamour(), cells.Codepoints)
				if err != nil {
					t.Fatal(err)
				}
				if want := atOnce(t, a, width); got != want {
					gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
					for i := range min(len(gl), len(wl)) {
						if gl[i] != wl[i] {
							t.Fatalf("width %d: line %d differs:\n got %q\nwant %q", width, i, gl[i], wl[i])
						}
					}
					t.Fatalf("width %d: %d lines, want %d", width, len(gl), len(wl))
				}
			}
		})
	}
}

// TestRenderStopsWhenCancelled: a layout whose context is done stops and
// says so, instead of laying out pages nobody will see.
func TestRenderStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Layout(ctx, listArticle(20000, false), Options{Width: 80, Whole: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// BenchmarkLayoutList lays out a whole list of 1k to 40k items; the time
// per item must stay flat (it grew with the length before: 40k items took
// 22.5 s):
//
//	go test ./ui/article -run '^$' -bench LayoutList -benchtime 3x
func BenchmarkLayoutList(b *testing.B) {
	for _, n := range []int{1000, 5000, 10000, 20000, 40000} {
		a := listArticle(n, false)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				if _, err := Render(a, Options{Width: 80, Dark: true, Whole: true}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/item")
			// CPU time: on a shared machine the wall time also counts the
			// neighbours (and the garbage collector's other thread).
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N*n), "cpu-µs/item")
		})
	}
}

// doneAfter is a context that turns done after its Err has been asked a
// number of times: a user who resizes while a long layout runs.
type doneAfter struct {
	context.Context
	left, asked int
}

func (c *doneAfter) Err() error {
	c.asked++
	if c.left--; c.left < 0 {
		return context.Canceled
	}
	return nil
}

// TestLayoutStopsMidwayWhenCancelled: a layout cancelled while it runs
// stops at the next group of blocks; it does not go on to the end.
func TestLayoutStopsMidwayWhenCancelled(t *testing.T) {
	a := listArticle(20000, false)
	ctx := &doneAfter{Context: context.Background(), left: 3}
	_, err := Layout(ctx, a, Options{Width: 80, Whole: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// 20,000 items are over 300 groups; three were laid out, the fourth
	// was not begun.
	if ctx.asked > 5 {
		t.Errorf("the layout asked whether to stop %d times, want 4 or 5: it went on after being cancelled", ctx.asked)
	}
}

// TestLongBodyIsCutWithANotice: a body of 600,000 list items (a 10 MiB
// page of <li>) is laid out up to CutBlocks items, with a line saying
// it goes on and how to see it all; Options.Whole lays out everything.
func TestLongBodyIsCutWithANotice(t *testing.T) {
	a := listArticle(600000, false)
	p, err := Layout(context.Background(), a, Options{Width: 80, NoColor: true, WholeHint: "Press enter to show the whole article."})
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(p.Text)
	if !p.Cut || !strings.Contains(plain, "The article goes on: this is the first 1% of it. Press enter to show the") {
		t.Fatalf("no cut notice (cut %v):\n%s", p.Cut, plain[max(0, len(plain)-2000):])
	}
	// The list is cut between two of its parts.
	if !strings.Contains(plain, fmt.Sprintf("item number %d of the", CutBlocks-listPart)) || strings.Contains(plain, fmt.Sprintf("item number %d of the", CutBlocks)) {
		t.Errorf("the cut is not near %d items", CutBlocks)
	}
	if links := Links(a, false); len(links) != 50 {
		t.Errorf("%d links numbered, want 50", len(links))
	}
	if n := strings.Count(plain, "\n"); n > 2*CutBlocks {
		t.Errorf("%d lines laid out for %d items", n, CutBlocks)
	}

	short := listArticle(900, false)
	p, err = Layout(context.Background(), short, Options{Width: 80, NoColor: true})
	if err != nil || p.Cut || strings.Contains(xansi.Strip(p.Text), "goes on") {
		t.Errorf("a body under the limits was cut (err %v)", err)
	}
	whole := listArticle(3000, false)
	p, err = Layout(context.Background(), whole, Options{Width: 80, NoColor: true, Whole: true})
	if err != nil || p.Cut || !strings.Contains(xansi.Strip(p.Text), "item number 2999 of the") || !strings.Contains(xansi.Strip(p.Text), "The end of the list.") {
		t.Errorf("Whole did not lay out the whole body (err %v)", err)
	}
}
