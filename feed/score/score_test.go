package score

import (
	"fmt"
	"testing"
)

func TestCompare(t *testing.T) {
	truth := "The quick brown fox jumps over the lazy dog"
	if p := Compare(truth, truth); p.F1() != 1 || !p.Exact {
		t.Fatalf("identical text: %+v", p)
	}
	if p := Compare(truth, ""); p.Recall() != 0 || p.Precision() != 0 {
		t.Fatalf("empty prediction: %+v", p)
	}
	// Extra noise lowers precision only.
	p := Compare(truth, truth+" Follow us on Google News for more")
	if p.Recall() != 1 || p.Precision() >= 1 {
		t.Fatalf("noise: P=%v R=%v", p.Precision(), p.Recall())
	}
	if got := Tokens("Ünïcode 新闻, a_b 42!"); len(got) != 4 {
		t.Fatalf("Tokens = %q", got)
	}
}

func TestCorpusSummary(t *testing.T) {
	var c Corpus
	c.Add("a b c d e", "a b c d e")
	c.Add("a b c d e", "")
	pr, rc, f1, acc := c.Summary()
	if pr != 1 || rc != 0.5 || acc != 0.5 || f1 < 0.66 || f1 > 0.67 {
		t.Fatalf("summary = %v %v %v %v", pr, rc, f1, acc)
	}
}

// The split must be stable (the same id always lands in the same half) and
// near even on a realistic set of ids.
func TestHalf(t *testing.T) {
	// Fixed values: a change of hash would silently move pages between halves.
	for id, want := range map[string]string{"0001": "check", "dev-0001": "check", "dev-0002": "check"} {
		if got := Half(id); got != want {
			t.Errorf("Half(%q) = %s, want %s", id, got, want)
		}
	}
	n := 0
	for i := 0; i < 1000; i++ {
		if Half(fmt.Sprintf("dev-%04d", i)) == "tune" {
			n++
		}
	}
	if n < 400 || n > 600 {
		t.Fatalf("tuning half holds %d of 1000 ids, want about 500", n)
	}
}
