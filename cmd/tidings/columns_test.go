package main

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
)

// `tidings list` in Chinese and Bengali: the TITLE column starts in one
// screen column on every line, and a feed name cut to its column ends on
// a whole syllable.
func TestListTableLinesUpWideScripts(t *testing.T) {
	now := time.Date(2024, 3, 23, 12, 0, 0, 0, time.UTC)
	stories := []feed.Story{
		{ID: 1, FeedTitle: "新华网", Title: "北京今冬首场降雪", Published: now.Add(-time.Hour)},
		{ID: 2, FeedTitle: "প্রথম আলো ঢাকা সংস্করণ সিলেট চট্টগ্রাম", Title: "ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা", Published: now.Add(-2 * time.Hour)},
		{ID: 3, FeedTitle: "Gazette World", Title: "Rain at last", Published: now.Add(-3 * time.Hour)},
	}
	var b strings.Builder
	if err := writeStoriesTable(&b, stories, now); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	col := -1
	for i, l := range lines {
		title := []string{"TITLE", "北京今冬首场降雪", "ঢাকায় টানা", "Rain at last"}[i]
		at := strings.Index(l, title)
		if at < 0 {
			t.Fatalf("line %d lacks %q:\n%s", i+1, title, b.String())
		}
		c := ansi.StringWidthWc(l[:at])
		if col < 0 {
			col = c
		}
		if c != col {
			t.Errorf("line %d: TITLE's column starts at %d, not %d:\n%s", i+1, c, col, b.String())
		}
	}
	name := stories[1].FeedTitle
	cut := lines[2][strings.Index(lines[2], "প্রথম"):]
	cut = cut[:strings.Index(cut, "…")]
	next, _ := utf8.DecodeRuneInString(strings.TrimPrefix(name, cut))
	if !strings.HasPrefix(name, cut) || unicode.Is(unicode.M, next) || strings.HasSuffix(cut, "্") {
		t.Errorf("the feed name should be cut after a whole syllable, it is cut to %q", cut)
	}
	if w := ansi.StringWidthWc(cut + "…"); w > 24 {
		t.Errorf("the feed name takes %d columns, more than its 24", w)
	}
}
