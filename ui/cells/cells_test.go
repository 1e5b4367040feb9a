package cells

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The Bengali title is 52 grapheme clusters but 70 columns on a screen
// that sums code points: cut to 52 it must really be cut.
func TestTruncateCutsByItsOwnMeasure(t *testing.T) {
	title := "ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা, নিম্নাঞ্চলে বন্যার আশঙ্কা করছে আবহাওয়া অধিদপ্তর"
	for _, n := range []int{10, 52, 69} {
		got := Codepoints.Truncate(title, n, "…")
		if w := Codepoints.StringWidth(got); w > n {
			t.Errorf("cut to %d columns, %q is %d", n, got, w)
		}
		if w := Codepoints.StringWidth(got); w < n-2 {
			t.Errorf("cut to %d columns, %q is only %d: too much was cut", n, got, w)
		}
		if got[len(got)-len("…"):] != "…" {
			t.Errorf("cut to %d columns, %q does not end with the tail", n, got)
		}
	}
	if got := Codepoints.Truncate(title, 70, "…"); got != title {
		t.Errorf("a title of exactly 70 columns was cut to %q", got)
	}
	styled := "\x1b[1m" + title + "\x1b[m"
	if got := Codepoints.Truncate(styled, 52, ""); Codepoints.StringWidth(got) > 52 || ansi.Strip(got) == ansi.Strip(styled) {
		t.Errorf("a styled title cut to 52 columns: %q", got)
	}
	if got := Graphemes.Truncate(title, 52, "…"); got != title {
		t.Errorf("counting clusters, the 52-cluster title fits 52 columns; it was cut to %q", got)
	}
}
