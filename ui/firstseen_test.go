package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

// A story whose feed and page give no date shows in the reader's header,
// where the date would be, when tidings first saw it, marked as such ("seen
// 3 h ago"); the list's "~3h" is TestUndatedStoryShowsWhenFirstSeen's.
func TestUndatedStoryReaderShowsWhenFirstSeen(t *testing.T) {
	f := newFake()
	url := "https://news.example/story/undated"
	f.stories = append([]feed.Story{{
		ID: 100, FeedID: 2, FeedTitle: "Ars Technica", URL: url, Title: "A story with no date at all",
		FirstSeen: clock.Add(-3 * time.Hour),
	}}, f.stories...)
	f.articles[url] = &feed.Article{Title: "A story with no date at all", Site: "Ars Technica", URL: url,
		Markdown: "Its feed and its page say nothing of when it was written."}
	h := newHarness(t, f, Options{})
	h.key("enter")
	v := h.view()
	if !strings.Contains(v, "Ars Technica · seen 3 h ago") {
		t.Errorf("the reader's header should say when the story was first seen (seen 3 h ago):\n%s", v)
	}
}
