package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// findArticle is an article long enough to scroll, with "harbour" on
// three of its paragraphs, far apart.
func findArticle() string {
	var b strings.Builder
	for i := range 60 {
		switch i {
		case 5, 30, 55:
			fmt.Fprintf(&b, "Paragraph %d: the Harbour master spoke.\n\n", i)
		default:
			fmt.Fprintf(&b, "Paragraph %d goes on about other things for a while.\n\n", i)
		}
	}
	return b.String()
}

// ctrl+f (or /) in an article finds words in it: every hit marked, n and
// N between them, the count in the status bar; Esc ends the find, and
// only then leaves the article.
func TestFindInTheArticle(t *testing.T) {
	f := newFake()
	f.articles["https://news.example/story/1"].Markdown = findArticle()
	h := newHarness(t, f, Options{})
	h.key("enter")
	h.send(tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl})
	if !h.m.reader.Finding() {
		t.Fatal("ctrl+f did not open find")
	}
	h.typeText("HARBOUR")
	v := h.view()
	if !strings.Contains(v, "Find: HARBOUR▏ · 1 of 3") {
		t.Fatalf("while typing, the status bar lacks the count:\n%s", v)
	}
	if !strings.Contains(v, "Paragraph 5: the Harbour master") {
		t.Errorf("the first hit is not on screen:\n%s", v)
	}
	// The hit is marked on screen (reverse video for the current one).
	if raw := h.m.View().Content; !strings.Contains(raw, "\x1b[1;7mHarbour") && !strings.Contains(raw, "\x1b[7;1mHarbour") {
		t.Errorf("the current hit is not marked:\n%q", raw)
	}
	// n and s type while the words are typed; Enter keeps them.
	h.key("enter")
	if h.m.reader.Finding() || h.m.screen != screenReader {
		t.Fatal("enter did not keep the find in the reader")
	}
	h.key("n")
	if v := h.view(); !strings.Contains(v, "2 of 3") || !strings.Contains(v, "Paragraph 30: the Harbour") {
		t.Errorf("n did not go to the second hit:\n%s", v)
	}
	h.key("n", "n") // round the end
	if v := h.view(); !strings.Contains(v, "1 of 3") {
		t.Errorf("n past the last hit did not go round to the first:\n%s", v)
	}
	h.key("N")
	if v := h.view(); !strings.Contains(v, "3 of 3") || !strings.Contains(v, "Paragraph 55: the Harbour") {
		t.Errorf("N from the first hit did not go to the last:\n%s", v)
	}
	if id := h.m.reader.Story().ID; id != 1 {
		t.Errorf("n during a find moved to story %d", id)
	}
	// Esc ends the find; the next Esc leaves the article.
	h.key("esc")
	if _, _, ok := h.m.reader.FindPrompt(); ok || h.m.screen != screenReader {
		t.Fatalf("esc did not end the find (or left the article)")
	}
	if raw := h.m.View().Content; strings.Contains(raw, "7mHarbour") {
		t.Error("the marks stay after the find ended")
	}
	h.key("n")
	if id := h.m.reader.Story().ID; id != 2 {
		t.Errorf("after the find, n opened story %d, want the next story", id)
	}
	h.key("esc")
	if h.m.screen != screenList {
		t.Error("esc without a find did not leave the article")
	}
}

// / finds too; words that are nowhere say so, and Esc while typing drops
// the find.
func TestFindWithSlashAndNoMatch(t *testing.T) {
	f := newFake()
	h := newHarness(t, f, Options{})
	h.key("enter", "/")
	h.typeText("walrus")
	if v := h.view(); !strings.Contains(v, "Find: walrus▏ · no match") {
		t.Errorf("words found nowhere:\n%s", v)
	}
	h.key("esc")
	if _, _, ok := h.m.reader.FindPrompt(); ok || h.m.screen != screenReader {
		t.Error("esc while typing did not drop the find, or left the article")
	}
	// ctrl+f is remappable, and help names it.
	h2 := newHarness(t, f, Options{Keys: map[string][]string{"find": {"F"}}})
	h2.key("enter", "F")
	if !h2.m.reader.Finding() {
		t.Error("the remapped find key did not open find")
	}
	h2.key("esc", "?")
	if v := h2.view(); !strings.Contains(v, "find in the article") || !strings.Contains(v, "next / previous hit") {
		t.Errorf("the reader's help lacks find:\n%s", v)
	}
}

// The article laid out again (a resize, the whole article after a cut)
// keeps the hit n had reached, rather than going back to the first: here
// both hits are on the first screen, so where the view stands does not
// tell them apart.
func TestFindKeepsItsHitWhenTheArticleIsLaidOutAgain(t *testing.T) {
	f := newFake()
	f.articles["https://news.example/story/1"].Markdown = "The keeper's diary was found.\n\nThe keeper wrote every night.\n"
	h := newHarness(t, f, Options{})
	h.key("enter")
	h.send(tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl})
	h.typeText("keeper")
	h.key("enter", "n")
	if v := h.view(); !strings.Contains(v, "Find: keeper · 2 of 2") {
		t.Fatalf("n did not go to the second hit:\n%s", v)
	}
	h.send(tea.WindowSizeMsg{Width: 70, Height: 24})
	if v := h.view(); !strings.Contains(v, "Find: keeper · 2 of 2") {
		t.Errorf("after a resize the find went back to another hit:\n%s", v)
	}
}
