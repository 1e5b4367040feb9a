package article

import (
	"slices"
	"strings"
	"testing"
	"time"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
)

// A podcast episode's file is in the header with what the feed says of
// it, and is link [1]; the body's links follow, and a file that is no web
// address is not offered.
func TestEnclosuresInTheHeaderAreTheFirstLinks(t *testing.T) {
	a := &feed.Article{Title: "Episode 7", URL: "https://talk.example/7", Site: "Harbour Talk",
		Markdown: "Show notes with [a link](https://example.org/notes) and [the file again](https://cdn.talk.example/ep7.mp3).\n"}
	encs := []feed.Enclosure{
		{URL: "https://cdn.talk.example/ep7.mp3", Type: "audio/mpeg", Length: 45_800_000, Duration: time.Hour + 2*time.Minute + 3*time.Second},
		{URL: "/cover.jpg", Type: "image/jpeg\x1b[31m"},
		{URL: "javascript:alert(1)", Type: "video/mp4"},
	}
	out, err := Render(a, Options{Width: 80, NoColor: true, Now: now, Enclosures: encs})
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for _, want := range []string{"Audio (audio/mpeg) · 45.8 MB · 1:02:03 [1]", "Image (image/jpeg) [2]"} {
		if !strings.Contains(plain, want) {
			t.Errorf("the header lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "Video") || strings.Contains(plain, "javascript") || strings.Contains(out, "\x1b[31m") {
		t.Errorf("a javascript: enclosure or an escape sequence is shown:\n%s", plain)
	}
	want := []string{"https://cdn.talk.example/ep7.mp3", "https://talk.example/cover.jpg", "https://example.org/notes"}
	if got, shown := Links(a, false, encs...), shownLinks(t, out); !slices.Equal(got, want) || !slices.Equal(shown, want) {
		t.Errorf("Links = %q, shown %q; want %q", got, shown, want)
	}
}

func TestSizeAndDuration(t *testing.T) {
	for n, want := range map[int64]string{0: "", 512: "512 bytes", 2_000: "2 kB", 45_800_000: "45.8 MB", 1_200_000_000: "1.2 GB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{0: "", 65 * time.Second: "1:05", time.Hour + 5*time.Second: "1:00:05"} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
