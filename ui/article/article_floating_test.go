package article

import (
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

func TestDateLineFloating(t *testing.T) {
	now := time.Date(2024, 3, 26, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	wall := time.Date(2024, 3, 23, 9, 15, 0, 0, feed.FloatingZone())
	if got, want := dateLine(wall, now), "Sat 23 Mar 2024 09:15 (3 days ago)"; got != want {
		t.Errorf("floating dateLine = %q, want %q (the wall clock as the page printed it)", got, want)
	}
	recent := time.Date(2024, 3, 26, 9, 15, 0, 0, feed.FloatingZone())
	if got, want := dateLine(recent, now), "Tue 26 Mar 2024 09:15"; got != want {
		t.Errorf("recent floating dateLine = %q, want %q (no hours guessed)", got, want)
	}
	old := time.Date(2023, 3, 23, 9, 15, 0, 0, feed.FloatingZone())
	if got, want := dateLine(old, now), "Thu 23 Mar 2023 09:15"; got != want {
		t.Errorf("old floating dateLine = %q, want %q", got, want)
	}
	zoned := time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC)
	if got, want := dateLine(zoned, now), "Tue 26 Mar 2024 10:00 (2 h ago)"; got != want {
		t.Errorf("zoned dateLine = %q, want %q", got, want)
	}
}

func TestRenderCaptionWithoutImage(t *testing.T) {
	a := &feed.Article{
		Title:        "Harbour reopens",
		ImageCaption: "Boats wait at the harbour mouth",
		Markdown:     "The harbour reopened on Monday.",
	}
	out, err := Render(a, Options{Width: 80, NoColor: true, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Image: Boats wait at the harbour mouth") {
		t.Errorf("caption missing:\n%s", out)
	}
}

// A page that gives only the day has no time: the header must not invent
// midnight.
func TestDateLineDayOnly(t *testing.T) {
	now := time.Date(2024, 3, 26, 12, 0, 0, 0, time.UTC)
	day := time.Date(2013, 9, 29, 0, 0, 0, 0, feed.FloatingZone())
	if got := dateLine(day, now); strings.Contains(got, "00:00") || !strings.HasPrefix(got, "Sun 29 Sep 2013") {
		t.Errorf("day-only dateLine = %q, want the day without a time", got)
	}
}
