package sanitize

import (
	"strings"
	"testing"
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
