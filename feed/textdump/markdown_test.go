package textdump

import (
	"strings"
	"testing"
)

const harbourStory = `The harbour of Portwell reopened to fishing boats on Saturday, three weeks after the storm that sank two trawlers and closed the quay.

Engineers from the county worked through the nights to repair the sea wall, the harbour master said, and the first boats left before dawn.

"We did not think we would be back before the spring," said one skipper, who has fished from Portwell for thirty years.

The fish market opened on Sunday with a catch the auctioneers called the best of the winter.`

// tidings' own Markdown output, read back: the "# Title" line is the
// title and the "<https://…>" line the page's address, neither a paragraph.
func TestParseReadsItsOwnMarkdown(t *testing.T) {
	text := "# Harbour reopens after the storm\n\n*Portwell Courier · 2 min read*\n\n<https://news.example/harbour-reopens>\n\n" + harbourStory
	a, err := Parse(text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Harbour reopens after the storm" {
		t.Errorf("title = %q", a.Title)
	}
	if a.URL != "https://news.example/harbour-reopens" {
		t.Errorf("url = %q", a.URL)
	}
	if strings.Contains(a.Text, "Harbour reopens after the storm") || strings.Contains(a.Text, "https://") {
		t.Errorf("title or address in the body:\n%s", a.Text)
	}
	if !strings.HasPrefix(a.Text, "The harbour of Portwell reopened") {
		t.Errorf("body starts with %q", a.Text[:min(60, len(a.Text))])
	}
}

// A text that is a headline then the story: the headline is the title.
func TestParseHeadlineThenStory(t *testing.T) {
	a, err := Parse("Harbour reopens after the storm\n\n"+harbourStory, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Harbour reopens after the storm" {
		t.Errorf("title = %q", a.Title)
	}
	if strings.Contains(a.Text, "Harbour reopens after the storm") {
		t.Errorf("title in the body:\n%s", a.Text)
	}
}
