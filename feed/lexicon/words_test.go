package lexicon

import "testing"

// Word counts in spaced and unspaced scripts, and the reading time they
// give.
func TestWordCount(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"The committee met on Monday.", 5},
		{"  many   spaces\nand lines ", 4},
		{"宇航员在太空中喝酒会怎么样", 7},
		{"Kindle for PCをショートカットキーで", 8}, // 2 + "PC" + 9 kana / 2
		{"non\u00a0breaking space", 3},
		{"", 0},
	} {
		if got := WordCount(tt.in); got != tt.want {
			t.Errorf("WordCount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ words, want int }{
		{0, 1}, {1, 1}, {344, 1}, {345, 2}, {460, 2}, {575, 3}, {2300, 10},
	} {
		if got := ReadingMinutes(tt.words); got != tt.want {
			t.Errorf("ReadingMinutes(%d) = %d, want %d", tt.words, got, tt.want)
		}
	}
}
