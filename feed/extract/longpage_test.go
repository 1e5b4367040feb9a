package extract

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// listPage is a page that is one list of <li> items, size bytes long: the
// hostile case of issue 15.
func listPage(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 64)
	b.WriteString("<!DOCTYPE html><html><head><title>Big list</title></head><body><h1>Big list</h1>\n<p>Intro paragraph of the article with a few words in it.</p>\n<ul>\n")
	const tail = "</ul></body></html>\n"
	for i := 0; b.Len() < size-len(tail)-32; i++ {
		fmt.Fprintf(&b, "<li>item %d</li>\n", i)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// BenchmarkExtractLongPage cleans 10 MiB pages of the shapes issue 15
// tried: one list of <li>, one paragraph, paragraphs one after another,
// and short paragraphs each in a <div> of its own. The last two meet the
// cleaner's check for teaser cards, which looks at every sibling of each
// paragraph's parent and grandparent: quadratic in their number.
//
//	go test ./feed/extract -run '^$' -bench LongPage -benchmem
func BenchmarkExtractLongPage(b *testing.B) {
	const head, tail = "<html><head><title>Long</title></head><body><article><h1>Long</h1>", "</article></body></html>"
	var paras, divs strings.Builder
	for paras.Len() < 10<<20-len(head)-len(tail)-400 {
		fmt.Fprintf(&paras, "<p>%d %s%s</p>\n", paras.Len(), storyPara, storyPara)
	}
	for i := 0; divs.Len() < 10<<20-len(head)-len(tail)-400; i++ {
		fmt.Fprintf(&divs, "<div><p>Paragraph %d of the story, with a sentence or two of ordinary words in it.</p></div>\n", i)
	}
	for name, page := range map[string][]byte{
		"li":         listPage(10 << 20),
		"paragraph":  []byte(head + "<p>" + strings.Repeat(storyPara, (10<<20-200)/len(storyPara)) + "</p>" + tail),
		"paragraphs": []byte(head + paras.String() + tail),
		"divs":       []byte(head + divs.String() + tail),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Extract(bytes.NewReader(page), nil, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLongListPageIsCutWithANotice: a 10 MiB page of <li> (issue 15) is
// read up to MaxElements and its article ends with a line saying so; the
// items before the cut are all there.
func TestLongListPageIsCutWithANotice(t *testing.T) {
	page := listPage(10 << 20)
	a, err := Extract(bytes.NewReader(page), nil, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	const notice = "The page is too long to read whole: tidings read its first 25,000 elements of "
	for what, out := range map[string]string{"Markdown": a.Markdown, "Text": a.Text} {
		if !strings.Contains(out, "Intro paragraph of the article") || !strings.Contains(out, "item 0\n") {
			t.Errorf("%s lost the start of the page: %.200q", what, out)
		}
		last := fmt.Sprintf("item %d\n", MaxElements-20)
		if !strings.Contains(out, last) {
			t.Errorf("%s lost %q, before the cut", what, last)
		}
		if strings.Contains(out, fmt.Sprintf("item %d\n", MaxElements)) {
			t.Errorf("%s goes on past the cut", what)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if end := lines[len(lines)-1]; !strings.Contains(end, notice) || !strings.HasSuffix(end, "Open it in a browser for the rest.") && !strings.HasSuffix(end, "Open it in a browser for the rest.*") {
			t.Errorf("%s does not end with the notice: %q", what, end)
		}
	}
	if a.WordCount > 3*MaxElements {
		t.Errorf("WordCount = %d: the words past the cut were counted", a.WordCount)
	}
}

// TestShortPagesAreNotCut: a page of MaxElements elements is read whole,
// without a notice.
func TestShortPagesAreNotCut(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><head><title>List</title></head><body><h1>List</h1><p>Intro paragraph of the article with a few words in it.</p><ul>")
	for i := range MaxElements - 10 {
		fmt.Fprintf(&b, "<li>item %d</li>", i)
	}
	b.WriteString("</ul></body></html>")
	a, err := Extract(strings.NewReader(b.String()), nil, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if end := fmt.Sprintf("item %d", MaxElements-11); strings.Contains(a.Text, "too long") || !strings.HasSuffix(strings.TrimSpace(a.Text), end) {
		t.Errorf("the page was cut, its text does not end with %q: %q", end, a.Text[len(a.Text)-300:])
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 25000: "25,000", 529855: "529,855", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// storyPara is a sentence of an ordinary story.
const storyPara = "The council met on Tuesday to discuss the harbour wall, which the winter storms broke in three places, and agreed to rebuild it with larger stones. "

// TestLongTextIsCutWithANotice: 10 MB of text in a single paragraph, or
// in one <pre>, is read up to MaxText, cut between words, and the
// article ends with a line saying so.
func TestLongTextIsCutWithANotice(t *testing.T) {
	body := strings.Repeat(storyPara, (10<<20)/len(storyPara))
	for name, page := range map[string]string{
		"paragraph": "<html><head><title>Long</title></head><body><article><h1>Long</h1><p>" + body + "</p></article></body></html>",
		"pre":       "<html><head><title>Long</title></head><body><article><h1>Long</h1><pre>" + strings.ReplaceAll(body, ". ", ".\n") + "</pre></article></body></html>",
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Extract(strings.NewReader(page), nil, Options{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if len(a.Text) > MaxText+1000 || len(a.Text) < MaxText-1000 {
				t.Errorf("%d bytes of text, want about MaxText (%d)", len(a.Text), MaxText)
			}
			lines := strings.Split(strings.TrimSpace(a.Markdown), "\n")
			want := "*The page is too long to read whole: tidings read its first 1.0 MB of text of 10.0 MB (10%). Open it in a browser for the rest.*"
			if end := lines[len(lines)-1]; end != want {
				t.Errorf("the Markdown ends with %q\nwant %q", end, want)
			}
			text := strings.Split(strings.TrimSpace(a.Text), "\n")
			if end := text[len(text)-1]; end != strings.Trim(want, "*") {
				t.Errorf("the text ends with %q", end)
			}
			before := strings.Fields(text[len(text)-3])
			if last := before[len(before)-1]; !strings.Contains(storyPara, last+" ") && !strings.Contains(storyPara, last+"\n") && !strings.HasSuffix(storyPara, last) {
				t.Errorf("the text is cut inside a word: %q", last)
			}
		})
	}
}

// TestCapPageCountsOnlyText: tags, comments and JSON-LD are not text;
// a page with little text but a big JSON-LD block or comment is whole.
func TestCapPageCountsOnlyText(t *testing.T) {
	big := strings.Repeat("x", 3*MaxText)
	page := `<!DOCTYPE html><html><head><script type="application/ld+json">{"a":"` + big + `"}</SCRIPT></head><body><!-- ` + big + ` --><p class="` + strings.Repeat("y", 100) + `">Story</p></body></html>`
	if out, cut := capPage([]byte(page), MaxElements, MaxText); cut != nil || len(out) != len(page) {
		t.Errorf("cut at %d of %d: %+v", len(out), len(page), cut)
	}
	// Text in many short runs between tags adds up.
	page = strings.Repeat("<b>"+storyPara+"</b>", 2*MaxText/len(storyPara))
	out, cut := capPage([]byte(page), MaxElements, MaxText)
	if cut == nil || cut.elems || cut.kept != MaxText {
		t.Fatalf("cut = %+v", cut)
	}
	if text := len(out) - 7*strings.Count(string(out), "<b>"); text > MaxText || text < MaxText-200 {
		t.Errorf("kept %d bytes of text, want up to %d", text, MaxText)
	}
	// Never inside a character.
	page = "<p>" + strings.Repeat("é", MaxText) + "</p>"
	out, _ = capPage([]byte(page), MaxElements, MaxText)
	if !utf8.Valid(out) {
		t.Errorf("cut inside a UTF-8 sequence: %q", out[len(out)-8:])
	}
}

// TestFragmentIsCutToo: a feed's own text of a million list items is cut
// like a page.
func TestFragmentIsCutToo(t *testing.T) {
	var b strings.Builder
	b.WriteString("<p>" + storyPara + "</p><ul>")
	for i := range 100_000 {
		fmt.Fprintf(&b, "<li>item %d</li>", i)
	}
	b.WriteString("</ul>")
	a, err := Fragment(b.String(), nil)
	if err != nil {
		t.Fatalf("Fragment: %v", err)
	}
	if !strings.Contains(a.Text, "The page is too long to read whole: tidings read its first 25,000 elements of ") {
		t.Errorf("no notice: …%s", a.Text[max(0, len(a.Text)-300):])
	}
}
