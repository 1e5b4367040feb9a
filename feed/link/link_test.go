package link

import "testing"

// The spellings of issue 15 and their kin: each reaches a browser or a
// Markdown reader as a script, a data document or a local file, and none
// is active; web and mail addresses are, however they are written.
func TestActive(t *testing.T) {
	inactive := []string{
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"  javascript:alert(1)",
		"\x01\x02javascript:alert(1)",
		"java\tscript:alert(1)", // java&#9;script: once the HTML parser has read it
		"java\nscript:alert(1)", // java&#10;script:
		"java\r\nscript:alert(1)",
		"javascript&colon;alert(1)", // a Markdown reader decodes it
		"javascript&#58;alert(1)",
		"javascript&#x3A;alert(1)",
		"vbscript:msgbox(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"DATA:image/svg+xml,<svg onload=alert(1)>",
		"file:///etc/passwd",
		"File://host/share",
		"ftp://example.com/x",
		"chrome://settings",
		"javascript :alert(1)",
		"https://exa\x7fmple.com/", // net/url refuses it
	}
	for _, s := range inactive {
		if Active(s) {
			t.Errorf("Active(%q) = true", s)
		}
		if u, ok := Absolute(s); ok {
			t.Errorf("Absolute(%q) = %q", s, u)
		}
		if u, ok := Web(s); ok {
			t.Errorf("Web(%q) = %q", s, u)
		}
	}
	web := map[string]string{
		"https://example.com/a?b=1&c=2":   "https://example.com/a?b=1&c=2",
		"HTTP://Example.com/":             "http://Example.com/",
		" https://example.com/x\n":        "https://example.com/x",
		"ht\ttps://example.com/":          "https://example.com/",
		"https://example.com/?q=&colon;x": "https://example.com/?q=&colon;x",
	}
	for s, want := range web {
		if !Active(s) {
			t.Errorf("Active(%q) = false", s)
		}
		if got, ok := Web(s); !ok || got != want {
			t.Errorf("Web(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	if got, ok := Absolute("mailto:desk@example.com"); !ok || got != "mailto:desk@example.com" {
		t.Errorf("Absolute(mailto) = %q, %v", got, ok)
	}
	if _, ok := Web("mailto:desk@example.com"); ok {
		t.Error("a mailto: address is handed to the browser")
	}
	// References without a scheme take the page's: links, but nothing to
	// open or copy on their own.
	for _, s := range []string{"/news/a", "b.html", "//cdn.example.com/x", "#top", "?page=2"} {
		if !Active(s) {
			t.Errorf("Active(%q) = false", s)
		}
		if u, ok := Absolute(s); ok {
			t.Errorf("Absolute(%q) = %q", s, u)
		}
	}
	for _, s := range []string{"https:", "http:///path", "mailto:"} {
		if u, ok := Absolute(s); ok {
			t.Errorf("Absolute(%q) = %q, want no address", s, u)
		}
	}
}
