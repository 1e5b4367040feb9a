package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/message"
)

// / filters titles as the user types; enter searches every word of every
// story, and the results are a list like the others, back returns from.
func TestSlashFiltersThenEnterSearchesAllText(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.key("/")
	h.typeText("paragraph")
	// No title says it: the instant filter finds nothing...
	if v := h.view(); !strings.Contains(v, `No story matches "paragraph"`) {
		t.Fatalf("instant filter:\n%s", v)
	}
	if calls := f.calls(&f.searchCalls); len(calls) != 0 {
		t.Errorf("typing searched the store: %q", calls)
	}
	// ...the text of every article has it.
	h.key("enter")
	if calls := f.calls(&f.searchCalls); !slices.Equal(calls, []string{"paragraph"}) {
		t.Fatalf("enter searched %q, want [paragraph]", calls)
	}
	v := h.view()
	if !strings.Contains(v, `Search "paragraph"`) || !strings.Contains(v, "Dhaka traffic") || !strings.Contains(v, "reader views") {
		t.Fatalf("the results are not on screen:\n%s", v)
	}
	// Moved in and opened as the list is; back returns to the results.
	h.key("j", "j", "enter")
	if h.m.screen != screenReader || h.m.reader.Story().ID != 3 {
		t.Fatalf("enter on the third result: screen %v, story %d", h.m.screen, h.m.reader.Story().ID)
	}
	h.key("esc")
	if _, ok := h.m.list.Results(); !ok || h.m.screen != screenList {
		t.Fatal("back from a result's article did not return to the results")
	}
	// A mark made in the results is the list's too.
	h.key("*")
	// Esc: the filter as it was typed; esc again: the whole list.
	h.key("esc")
	if _, ok := h.m.list.Results(); ok || h.m.list.Query() != "paragraph" {
		t.Fatalf("esc on the results: results still shown or filter %q lost", h.m.list.Query())
	}
	h.key("esc")
	if v := h.view(); !strings.Contains(v, "All stories") || !strings.Contains(v, "Monsoon forecast") {
		t.Fatalf("esc on the filter did not bring the whole list:\n%s", v)
	}
	if s, _ := h.m.list.Story(3); !s.Starred {
		t.Error("the story starred among the results is not starred in the list")
	}
}

// A search that finds nothing, or that the syntax refuses, says so and
// leaves the list as it is.
func TestSearchWithoutResultsSaysWhy(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.send(message.SearchRequested{Query: "walrus"})
	if v := h.view(); !strings.Contains(v, `No stories match "walrus"`) || strings.Contains(v, "Search ") {
		t.Errorf("a search without results:\n%s", v)
	}
	h.key("/")
	h.typeText("kernel is:lost")
	h.key("enter")
	v := h.view()
	if !strings.Contains(v, "Search: is:lost is not known: use is:unread") {
		t.Errorf("a refused query does not say why:\n%s", v)
	}
	if _, ok := h.m.list.Results(); ok {
		t.Error("a refused query replaced the list")
	}
	// An empty filter searches nothing.
	h.key("/", "ctrl+u", "enter")
	if calls := f.calls(&f.searchCalls); len(calls) != 2 {
		t.Errorf("searches = %q, want the two above only", calls)
	}
}

// Stories read again while results are shown (a refresh, a cron fetch)
// go to the list behind them; the results stay.
func TestStoriesArrivingDuringASearchGoBehindIt(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.send(message.SearchRequested{Query: "kernel"})
	more := append([]feed.Story{{ID: 99, FeedID: 1, FeedTitle: "The Business Standard", Title: "Late news about the harbour"}}, f.stories...)
	more[4].Read = true // story 4, the result, was read elsewhere
	h.send(message.StoriesLoaded{Stories: more, Complete: true})
	if v := h.view(); strings.Contains(v, "Late news") || !strings.Contains(v, "kernel scheduler") {
		t.Fatalf("new stories replaced the results:\n%s", v)
	}
	if s, _ := h.m.list.Selected(); !s.Read {
		t.Error("the result does not show the mark the reload brought")
	}
	h.key("esc")
	if v := h.view(); !strings.Contains(v, "Late news about the harbour") {
		t.Errorf("the list behind the results did not take the new stories:\n%s", v)
	}
}

// The view kept across restarts is the list's: a search's results (all
// feeds, read ones too) do not replace it.
func TestSearchLeavesTheKeptViewAlone(t *testing.T) {
	f := newFake()
	f.view = View{UnreadOnly: true, FeedID: 2, Title: "Ars Technica"}
	h := newHarness(t, f, Options{})
	h.send(message.SearchRequested{Query: "paragraph"})
	if _, ok := h.m.list.Results(); !ok {
		t.Fatal("no results")
	}
	if f.viewSaves != 0 {
		t.Errorf("showing results stored the view %+v", f.view)
	}
	h.key("esc")
	if !h.m.list.UnreadOnly() || h.m.list.Scope().FeedID != 2 || f.viewSaves != 0 {
		t.Errorf("back from the results: unread only %v, scope %+v, %d saves", h.m.list.UnreadOnly(), h.m.list.Scope(), f.viewSaves)
	}
}
