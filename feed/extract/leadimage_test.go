package extract

import (
	"net/url"
	"strings"
	"testing"
)

// leadPage is a story whose og:image names one size of a picture and
// whose body shows another.
func leadPage(ogImage, ogCaption, bodyImage, bodyCaption string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after storm repairs | The Courier</title>
<meta property="og:title" content="Harbour reopens after storm repairs">
<meta property="og:image" content="` + ogImage + `">
<meta property="og:image:alt" content="` + ogCaption + `">
</head><body><article><h1>Harbour reopens after storm repairs</h1>
<figure><img src="` + bodyImage + `" alt="Fishing boats"><figcaption>` + bodyCaption + `</figcaption></figure>
<p>The town harbour reopened to fishing boats on Saturday, three months after the winter storm broke its outer wall and left the quays under water for weeks.</p>
<p>Engineers from the regional port authority rebuilt the wall with larger stone blocks, and the damage report they published lists every repair made since January.</p>
<p>By mid-morning more than forty boats had sailed out, and the fish market opened its doors for the first time this year to a queue of buyers from the whole coast.</p>
</article></body></html>`
}

func TestLeadImageIsTheBodysPictureInAnotherSize(t *testing.T) {
	page, _ := url.Parse("https://courier.example/news/harbour")
	for _, tc := range []struct {
		name                  string
		og, ogCap, body, bcap string
		wantImage             string
	}{
		{"size in the file name", "https://cdn.courier.example/img/harbour-boats-1200x630.jpg", "", "/img/harbour-boats-800x450.jpg", "Boats back in the harbour.",
			"https://courier.example/img/harbour-boats-800x450.jpg"},
		{"size in the query", "https://cdn.courier.example/img/harbour-boats.jpg?w=1200&h=630", "", "https://cdn.courier.example/img/harbour-boats.webp?w=800", "Boats back in the harbour.",
			"https://cdn.courier.example/img/harbour-boats.webp?w=800"},
		{"same caption, other names", "https://i.courier.example/media/abc/3000.jpg", "Boats back in the harbour on Saturday.", "https://i.courier.example/media/abc/1000.jpg", "Boats back in the harbour on Saturday.",
			"https://i.courier.example/media/abc/1000.jpg"},
		{"another picture", "https://cdn.courier.example/img/council-meeting.jpg", "", "/img/harbour-boats.jpg", "",
			"https://cdn.courier.example/img/council-meeting.jpg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract(strings.NewReader(leadPage(tc.og, tc.ogCap, tc.body, tc.bcap)), page, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Image != tc.wantImage {
				t.Errorf("Image = %q, want %q", a.Image, tc.wantImage)
			}
			// Readers and notes leave out a lead image the body shows.
			inBody := strings.Contains(a.Markdown, "("+a.Image+")")
			if same := tc.wantImage != tc.og; inBody != same {
				t.Errorf("the body shows the lead image: %v, want %v\n%s", inBody, same, a.Markdown)
			}
		})
	}
}
