package sanitize

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Hello, world", "Hello, world"},
		{"keeps newlines", "a\nb\tc", "a\nb\tc"},
		{"crlf", "a\r\nb", "a\nb"},
		{"csi colour", "\x1b[31mred\x1b[0m", "red"},
		{"clear screen", "x\x1b[2J\x1b[Hy", "xy"},
		{"osc 52 clipboard BEL", "a\x1b]52;c;ZXZpbA==\ab", "ab"},
		{"osc 52 clipboard ST", "a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"},
		{"osc 8 link", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"c1 csi", "a\u009b31mb", "ab"},
		{"c1 osc", "a\u009d0;title\u009cb", "ab"},
		{"bell and backspace", "a\a\bb", "ab"},
		{"bidi override", "abc\u202edcba\u202c", "abcdcba"},
		{"zero width", "pay\u200bpal", "paypal"},
		{"invalid utf8", "a\xffb", "ab"},
		{"unterminated osc", "a\x1b]0;forever", "a"},
		{"osc whose BEL was lost ends at the line", "Title \x1b]52;c;ZXZpbA== end\n\nThe story goes on.", "Title \n\nThe story goes on."},
		{"dcs ends at the line", "a\x1bPq#0\nb", "a\nb"},
		{"csi ends at the line", "a\x1b[31\nb", "a\nb"},
		{"osc cut short by another sequence", "a\x1b]0;t\x1b[2Jb", "ab"},
		{"osc aborted by CAN", "a\x1b]52;c;ZXZp\x18b", "ab"},
		{"keypad mode", "a\x1b=b", "ab"},
		{"charset designation", "a\x1b(Bb", "ab"},
		{"non-latin kept", "Новости 新闻 ニュース", "Новости 新闻 ニュース"},
		// Issue 14 item 8: whole sequences go, parameters and all.
		{"csi with a NUL inside", "a\x1b[5\x00mblink", "ablink"},
		{"esc, NUL, csi", "a\x1b\x00[5mblink", "ablink"},
		{"esc, zero width, csi", "a\x1b\u200b[5mblink", "ablink"},
		{"esc, zero width, osc", "a\x1b\u200b]52;c;ZXZpbA==\ab", "ab"},
		{"csi escaped as Markdown", "a\x1b\\[5mblink", "ablink"},
		{"osc escaped as Markdown", "a\x1b\\]52;c;ZXZpbA==\ab", "ab"},
		{"csi cancelled by CAN", "a\x1b[5\x18mb", "amb"},
		{"csi ends before non-ascii text", "a\x1b[Привет b", "aПривет b"},
		{"lone ST", "a\x1b\\b", "ab"},
		// Issue 15 item 6: invisible characters.
		{"soft hyphen", "co\u00adoperate", "cooperate"},
		{"invisible operators", "a\u2061b\u2062c\u2063d\u2064e", "abcde"},
		{"tag characters", "safe\U000E0069\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065 text", "safe text"},
		{"line and paragraph separators", "one\u2028two\u2029three", "one\ntwo\nthree"},
		{"osc ends at a line separator", "a\x1b]0;t\u2028b", "a\nb"},
		{"joiners kept", "क्\u200dष 👩\u200d💻", "क्\u200dष 👩\u200d💻"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Text(c.in); got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	if got := Line("  Breaking:\n\n news\t\x1b[1mnow\x1b[0m  "); got != "Breaking: news now" {
		t.Errorf("Line = %q", got)
	}
}

func FuzzText(f *testing.F) {
	f.Add("\x1b]52;c;aGk=\a")
	f.Add("\x1b[31mred")
	f.Add("a\u009b1;2")
	f.Add("t\x1b]52;c;aGk= end\n\nnext")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Text(s), Line(s)} {
			if !IsClean(out) {
				t.Fatalf("output not clean: %q -> %q", s, out)
			}
		}
		if Text(Text(s)) != Text(s) {
			t.Fatalf("Text not idempotent on %q", s)
		}
		// An unfinished sequence never swallows the lines after it.
		if strings.Count(Text(s), "\n") < strings.Count(s, "\n") {
			t.Fatalf("Text(%q) = %q lost a line break", s, Text(s))
		}
	})
}

// ignorable are characters a terminal passes over inside a sequence, or
// that Text removes anyway; planted between the bytes of a sequence they
// must not leave its parameters behind.
var ignorable = []string{"\x00", "\x01", "\x7f", "\u200b", "\u00ad", "\U000E0041", "\u2060"}

// sequence builds one escape sequence of the given family from r: its
// introducer (7-bit or C1), parameters, intermediates and end, with
// ignorable characters strewn inside when junk is set.
func sequence(r *rand.Rand, family int, junk bool) string {
	var b strings.Builder
	put := func(s string) {
		b.WriteString(s)
		if junk && r.IntN(3) == 0 {
			b.WriteString(ignorable[r.IntN(len(ignorable))])
		}
	}
	pick := func(set string) string { return string(set[r.IntN(len(set))]) }
	switch family {
	case 0: // CSI
		put([]string{"\x1b[", "\u009b"}[r.IntN(2)])
		for range r.IntN(8) {
			put(pick("0123456789;:<=>?"))
		}
		for range r.IntN(2) {
			put(pick(" !\"#$%&'()*+,-./"))
		}
		put(pick("@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"))
	case 1: // OSC, DCS, SOS, PM, APC: a string up to BEL or ST
		put([]string{"\x1b]", "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\u009d", "\u0090", "\u0098", "\u009e", "\u009f"}[r.IntN(10)])
		for range r.IntN(20) {
			b.WriteString(pick("0123456789;:abcXYZ=+/ ?!"))
		}
		b.WriteString([]string{"\a", "\x1b\\", "\u009c"}[r.IntN(3)])
	default: // two- and three-byte escapes: ESC, intermediates, final
		put("\x1b")
		for range r.IntN(3) {
			put(pick(" !\"#$%&'()*+,-./"))
		}
		// Not "[", "]", "P", "X", "^", "_" (introducers) nor "\\" (ST,
		// which before "[" reads as an escaped CSI).
		b.WriteString(pick("0123456789:;<=>?@ABCDEFGHIJKLMNOQRSTUVWYZ`abcdefghijklmnopqrstuvwxyz{|}~"))
	}
	return b.String()
}

// A property over generated sequences of every family, with and without
// ignorable characters inside: the whole sequence goes, the text after it
// stays, whatever that text starts with.
func TestWholeSequencesGo(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 14))
	texts := []string{"blink", "[5m visible", "]52;c;ZXZpbA==", "Привет", "新闻", "👩\u200d💻 ok", " spaced", "\nnext line", "", "mixed [x] (y)"}
	for n := range 20000 {
		family, junk := n%3, n%2 == 0
		seq := sequence(r, family, junk)
		after := texts[r.IntN(len(texts))]
		in := "before " + seq + after
		if got, want := Text(in), "before "+after; got != want {
			t.Fatalf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSequence: any text after any generated sequence comes out as Text
// would give it alone, so no parameter of the sequence is left behind.
func FuzzSequence(f *testing.F) {
	f.Add(uint64(1), uint8(0), true, "blink")
	f.Add(uint64(2), uint8(1), false, "]52;c;ZXZpbA==")
	f.Add(uint64(3), uint8(2), true, "[5m")
	f.Fuzz(func(t *testing.T, seed uint64, family uint8, junk bool, after string) {
		if !utf8.ValidString(after) {
			return
		}
		seq := sequence(rand.New(rand.NewPCG(seed, 0)), int(family%3), junk)
		if got, want := Text("x"+seq+after), "x"+Text(after); got != want {
			t.Fatalf("Text(%q) = %q, want %q", "x"+seq+after, got, want)
		}
	})
}
