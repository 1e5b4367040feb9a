package extract

import (
	"net/url"
	"strings"
	"testing"
)

// A page without og:title: its <title> gives the headline with the site
// around it, and the article's h1 says it a little differently. The h1 is
// not shown again as a subheading; a heading that merely shares a few
// words with the title stays.
func TestHeadlineNotRepeatedAsASubheading(t *testing.T) {
	const body = `<p>The town harbour reopened to fishing boats on Saturday, three months after the winter storm broke its outer wall and left the quays under water for weeks.</p>
<p>Engineers from the regional port authority rebuilt the wall with larger stone blocks, and the damage report they published lists every repair made since January.</p>
<p>By mid-morning more than forty boats had sailed out, and the fish market opened its doors for the first time this year to a queue of buyers from the whole coast.</p>`
	page, _ := url.Parse("https://courier.example/news/harbour")
	for _, tc := range []struct {
		title, h1 string
		kept      bool
	}{
		{"The Courier: Harbour reopens after storm repairs", "Harbour reopens after the storm repairs", false},
		{"Harbour reopens after storm repairs — The Courier", "Harbour reopens after the storm repairs", false},
		{"Harbour reopens after storm repairs — The Courier", "Fishing fleet returns to a rebuilt quay", true},
	} {
		html := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` + tc.title + `</title></head>
<body><header><a href="/">The Courier</a></header><main><article><h1>` + tc.h1 + `</h1>` + body + `</article></main></body></html>`
		a, err := Extract(strings.NewReader(html), page, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if kept := strings.Contains(a.Markdown, tc.h1); kept != tc.kept {
			t.Errorf("title %q, h1 %q: h1 kept in the body = %v, want %v\n%s", tc.title, tc.h1, kept, tc.kept, a.Markdown)
		}
	}
}
