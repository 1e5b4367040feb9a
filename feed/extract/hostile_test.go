package extract

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// A page can plant terminal escape sequences in its text and links. None
// may reach the Markdown or the plain text, and the story words after a
// sequence must survive: an OSC left open by a dropped BEL would swallow
// them once the output is sanitized downstream.
func TestControlSequencesLeaveTheStoryWhole(t *testing.T) {
	payloads := []struct{ name, s string }{
		{"OSC 52 ended by BEL", "\x1b]52;c;ZXZpbA==\x07"},
		{"OSC 52 ended by ST", "\x1b]52;c;ZXZpbA==\x1b\\"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"},
		{"CSI clear screen", "\x1b[2J\x1b[H"},
		{"C1 OSC", "\u009d52;c;ZXZpbA==\u009c"},
		{"C1 CSI", "\u009b2J"},
		{"bell and backspaces", "\x07\x08\x08"},
		{"character references", "&#x1b;]52;c;ZXZpbA==&#7;"},
		{"bidi override", "\u202egnp.exe\u202c"},
	}
	u, _ := url.Parse("https://news.example.com/2024/03/harbour.html")
	for _, p := range payloads {
		t.Run(p.name, func(t *testing.T) {
			page := fmt.Sprintf(`<!DOCTYPE html><html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>
<p>The town harbour reopened %[1]s to fishing boats on Saturday, three months after the winter storm broke its outer wall and left the quays under water.</p>
<p>Engineers rebuilt the wall with larger stone blocks, and the <a href="https://port.example/report%[1]s" title="report%[1]s">damage %[1]s report</a> lists every repair made since January.</p>
<p>By mid-morning more than forty boats had sailed out <code>%[1]s</code> and the fish market opened its doors for the first time this year.</p>
<figure><img src="https://img.example/boat%[1]s.png" alt="boats %[1]s"><figcaption>Boats%[1]s leave</figcaption></figure>
</article></body></html>`, p.s)
			a, err := Extract(strings.NewReader(page), u, Options{})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			for what, out := range map[string]string{"Markdown": a.Markdown, "Text": a.Text} {
				for i, r := range out {
					if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r == utf8.RuneError {
						t.Errorf("%s holds %U at %d: %q", what, r, i, out)
						break
					}
				}
				for _, want := range []string{"to fishing boats on Saturday", "lists every repair", "the fish market opened"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s lost %q:\n%s", what, want, out)
					}
				}
			}
			for _, want := range []string{"](https://port.example/report", "damage", "![boats"} {
				if !strings.Contains(a.Markdown, want) {
					t.Errorf("Markdown lost %q:\n%s", want, a.Markdown)
				}
			}
		})
	}
}
