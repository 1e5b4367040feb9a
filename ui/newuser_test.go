package ui

// Rough edges a new user hit (issue #14), each driven through Update as
// the runtime would.

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/message"
)

// A space typed in the filter separates words, so that words match in any
// order: "json 15" finds "15 reasons to love JSON".
func TestFilterKeepsTypedSpaces(t *testing.T) {
	f := newFake()
	f.stories = append([]feed.Story{
		{ID: 101, FeedID: 2, FeedTitle: "Ars Technica", Title: "15 reasons to love JSON", URL: "https://news.example/story/101", Published: clock},
		{ID: 102, FeedID: 2, FeedTitle: "Ars Technica", Title: "Parsing JSON fast", URL: "https://news.example/story/102", Published: clock},
	}, f.stories...)
	h := newHarness(t, f, Options{})
	h.key("/", "j", "s", "o", "n", "space", "1", "5")
	if q := h.m.list.Query(); q != "json 15" {
		t.Errorf("typed \"json 15\", the filter holds %q", q)
	}
	v := h.view()
	if !strings.Contains(v, "15 reasons to love JSON") || strings.Contains(v, "Parsing JSON fast") {
		t.Errorf("filter \"json 15\" should list the story with both words, in any order, and only it:\n%s", v)
	}
	h.key("space", "space", "backspace", "2")
	if q := h.m.list.Query(); q != "json 152" {
		t.Errorf("two spaces, a backspace and 2: the filter holds %q, want \"json 152\"", q)
	}
}

// "Saved to …" keeps the file's name whole, however long its folder: the
// name says what was written.
func TestSavedToKeepsTheFileName(t *testing.T) {
	h := newHarness(t, newFake(), Options{})
	const name = "2024-03-23-us-has-intelligence-confirming-islamic-state.md"
	h.send(message.ArticleSaved{Path: "/home/someone/Documents/a rather long folder/for all the notes/tidings/" + name})
	l := h.statusLine()
	if !strings.Contains(l, "Saved to …/"+name) {
		t.Errorf("the status line lost the file's name:\n%s", l)
	}
	if w := ansi.StringWidth(l); w > 80 {
		t.Errorf("status line is %d columns wide at 80", w)
	}
}
