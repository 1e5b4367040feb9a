package extract

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
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

func BenchmarkExtractListPage(b *testing.B) {
	page := listPage(10 << 20)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(bytes.NewReader(page), nil, Options{}); err != nil {
			b.Fatal(err)
		}
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
