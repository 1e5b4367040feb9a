package note

import (
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// A text dump gives a caption without its photo: the note keeps the caption
// once, above the story, as the HTML page's note does with its photo.
func TestRenderCaptionWithoutImage(t *testing.T) {
	a := &feed.Article{
		Title:        "Harbour reopens",
		ImageCaption: "Boats wait at the harbour mouth. Photo: J. Doe",
		Markdown:     "The harbour reopened on Monday.",
	}
	b, err := Render(a, Options{Now: time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Count(s, "Boats wait at the harbour mouth") != 1 {
		t.Fatalf("caption not there exactly once:\n%s", s)
	}
	if strings.Index(s, "*Boats wait") > strings.Index(s, "The harbour reopened") {
		t.Errorf("caption after the story:\n%s", s)
	}
	// Already in the body: not repeated.
	a.Markdown = "*Boats wait at the harbour mouth. Photo: J. Doe*\n\nThe harbour reopened on Monday."
	b, _ = Render(a, Options{})
	if n := strings.Count(string(b), "Boats wait at the harbour mouth"); n != 1 {
		t.Errorf("caption %d times when the body has it:\n%s", n, b)
	}
}
