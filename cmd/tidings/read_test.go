package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// binary is the tidings executable built once for the tests of this
// package: they run it as a user would, with real files, pipes and a real
// HTTP server on loopback.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "tidings-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "tidings")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building tidings: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

type result struct {
	stdout, stderr string
	code           int
}

// tidings runs the binary with args, stdin as given, in a clean
// environment (UTC, no colour, no config of the developer's).
func tidings(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return tidingsWith(t, stdin, nil, args...)
}

// tidingsWith is tidings with a look at the finished process (its
// resource usage) when after is not nil.
func tidingsWith(t *testing.T, stdin string, after func(*os.ProcessState), args ...string) result {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TZ=UTC", "NO_COLOR=1",
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_DATA_HOME=" + filepath.Join(home, "data"),
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if after != nil && cmd.ProcessState != nil {
		after(cmd.ProcessState)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running tidings: %v", err)
	}
	return result{out.String(), errb.String(), code}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// storyParagraphs are fragments of each paragraph of read-story.html, in
// order.
var storyParagraphs = []string{
	"The town harbour reopened to fishing boats on Saturday",
	"Engineers from the regional port authority",
	"By mid-morning more than forty boats",
	"We lost the whole winter season",
	"designed for the storms we expect in 2050",
	"The repairs cost 12 million",
}

// clutter must never appear in the output.
var clutter = []string{"Subscribe to the Courier", "Related news", "Ferry timetable",
	"comment policy", "All rights reserved", "Share"}

func assertStory(t *testing.T, body string) {
	t.Helper()
	last := -1
	for _, p := range storyParagraphs {
		i := strings.Index(body, p)
		if i < 0 {
			t.Errorf("story paragraph missing: %q\n%s", p, body)
			continue
		}
		if i < last {
			t.Errorf("paragraph out of order: %q", p)
		}
		last = i
	}
	for _, c := range clutter {
		if strings.Contains(body, c) {
			t.Errorf("clutter in output: %q", c)
		}
	}
}

func storyServer(t *testing.T) *httptest.Server {
	t.Helper()
	page := readFixture(t, "read-story.html")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/harbour":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/news/harbour-gz":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(page)
			zw.Close()
		case "/old/harbour":
			http.Redirect(w, r, "/news/harbour", http.StatusMovedPermanently)
		case "/photo.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`))
		case "/feed-as-text":
			// A server that sends its feed as text/plain.
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write([]byte("\ufeff<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"/s.xsl\"?>\n<!-- feed -->\n" +
				`<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title><entry><title>Harbour reopens after storm repairs</title>` +
				`<link href="/news/harbour"/><summary>Cranes are back at the harbour, which reopened this morning after months of repairs to the sea wall.</summary></entry></feed>`))
		case "/huge":
			w.Header().Set("Content-Type", "text/html")
			chunk := bytes.Repeat([]byte("<p>word word word word</p>\n"), 4096)
			for n := 0; n < 11<<20; n += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/empty":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><head><title>Home</title></head><body></body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestReadURLPipedGivesMarkdown(t *testing.T) {
	srv := storyServer(t)
	r := tidings(t, "", "read", srv.URL+"/news/harbour")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("stderr not empty: %q", r.stderr)
	}
	lines := strings.Split(r.stdout, "\n")
	if lines[0] != "# Harbour reopens after storm repairs" {
		t.Errorf("first line = %q, want the title as a Markdown heading", lines[0])
	}
	meta := lines[2]
	for _, want := range []string{"The Coastal Courier", "Mira Halvorsen", "Sat 23 Mar 2024 03:15", "min read"} {
		if !strings.Contains(meta, want) {
			t.Errorf("metadata line %q lacks %q", meta, want)
		}
	}
	body := strings.Join(lines[3:], "\n")
	assertStory(t, body)
	if strings.Count(r.stdout, "Harbour reopens after storm repairs") != 1 {
		t.Errorf("headline repeated in the body:\n%s", r.stdout)
	}
	if !strings.Contains(body, "## Boats return") {
		t.Errorf("subheading lost:\n%s", body)
	}
	if !strings.Contains(body, srv.URL+"/reports/harbour-survey") {
		t.Errorf("relative link not made absolute:\n%s", body)
	}
	if strings.ContainsRune(r.stdout, '\x1b') {
		t.Errorf("escape sequences in piped output")
	}
}

func TestReadJSONHasTheDocumentedShape(t *testing.T) {
	srv := storyServer(t)
	r := tidings(t, "", "read", "--format", "json", srv.URL+"/old/harbour")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, r.stdout)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"authors", "canonical", "excerpt", "image", "image_caption", "lang", "markdown", "modified",
		"published", "reading_minutes", "section", "site", "source", "tags", "text", "title", "url", "word_count"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys = %v\nwant %v", keys, want)
	}
	if raw["title"] != "Harbour reopens after storm repairs" || raw["site"] != "The Coastal Courier" {
		t.Errorf("title %q site %q", raw["title"], raw["site"])
	}
	if raw["url"] != srv.URL+"/news/harbour" {
		t.Errorf("url = %q, want the final URL after the redirect", raw["url"])
	}
	if raw["published"] != "2024-03-23T09:15:00+06:00" {
		t.Errorf("published = %q, want RFC 3339 with the page's zone", raw["published"])
	}
	text, _ := raw["text"].(string)
	assertStory(t, text)
	if strings.Contains(text, "Harbour reopens") || strings.Contains(text, "By Mira") {
		t.Errorf("text holds the title or byline:\n%s", text)
	}
	if n, _ := raw["word_count"].(float64); n < 150 {
		t.Errorf("word_count = %v", raw["word_count"])
	}
}

func TestReadTextFormat(t *testing.T) {
	srv := storyServer(t)
	r := tidings(t, "", "read", "--format", "text", srv.URL+"/news/harbour-gz")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "Harbour reopens after storm repairs\n") {
		t.Errorf("text output does not start with the title:\n%s", r.stdout)
	}
	assertStory(t, r.stdout)
	if strings.Contains(r.stdout, "## ") || strings.Contains(r.stdout, "](") {
		t.Errorf("Markdown syntax in text output:\n%s", r.stdout)
	}
}

func TestReadFileWithURLResolvesLinks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "saved.html")
	if err := os.WriteFile(path, readFixture(t, "read-story.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := tidings(t, "", "read", "--url", "https://courier.example/news/harbour", path)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	assertStory(t, r.stdout)
	if !strings.Contains(r.stdout, "https://courier.example/reports/harbour-survey") {
		t.Errorf("link not resolved against --url:\n%s", r.stdout)
	}

	// Without --url the article still reads; links stay as the page gave them.
	r = tidings(t, "", "read", "--format", "json", path)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || a["url"] != "" {
		t.Errorf("url = %v (%v), want empty for a file without --url", a["url"], err)
	}
}

func TestReadStdin(t *testing.T) {
	page := string(readFixture(t, "read-story.html"))
	r := tidings(t, page, "read", "--url", "https://courier.example/news/harbour", "-")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "# Harbour reopens after storm repairs\n") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	assertStory(t, r.stdout)
}

func TestReadFailuresAreOneLineNamingTheSource(t *testing.T) {
	srv := storyServer(t)
	missing := filepath.Join(t.TempDir(), "missing.html")
	cases := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"404", "", []string{"read", srv.URL + "/gone"}, 1,
			"tidings: " + srv.URL + "/gone: HTTP 404 Not Found\n"},
		{"image", "", []string{"read", srv.URL + "/photo.png"}, 1,
			"tidings: " + srv.URL + "/photo.png: not HTML (image/png)\n"},
		{"feed", "", []string{"read", srv.URL + "/feed.xml"}, 1,
			"tidings: " + srv.URL + "/feed.xml: not HTML but a feed (application/rss+xml): subscribe with 'tidings feeds add'\n"},
		{"feed sent as text", "", []string{"read", srv.URL + "/feed-as-text"}, 1,
			"tidings: " + srv.URL + "/feed-as-text: not HTML but a feed (text/plain): subscribe with 'tidings feeds add'\n"},
		{"feed on stdin", `{"version": "https://jsonfeed.org/version/1.1", "title": "Courier", "items": []}`, []string{"read", "-"}, 1,
			"tidings: stdin: not HTML but a feed: subscribe with 'tidings feeds add'\n"},
		{"too large", "", []string{"read", srv.URL + "/huge"}, 1,
			"tidings: " + srv.URL + "/huge: response larger than 10 MiB\n"},
		{"no article", "", []string{"read", srv.URL + "/empty"}, 1,
			"tidings: " + srv.URL + "/empty: no article found\n"},
		{"empty stdin", "", []string{"read", "-"}, 1, "tidings: stdin: no article found\n"},
		{"missing file", "", []string{"read", missing}, 1,
			"tidings: " + missing + ": no such file or directory\n"},
		{"scheme", "", []string{"read", "ftp://example.com/story"}, 1,
			`tidings: ftp://example.com/story: unsupported URL scheme "ftp" (only http and https)` + "\n"},
		{"url without scheme", "", []string{"read", "www.example.com/story"}, 1,
			"tidings: www.example.com/story: no such file (for a web page, give the full URL: https://www.example.com/story)\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tidings(t, tc.stdin, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d", r.code, tc.code)
			}
			if r.stderr != tc.stderr {
				t.Errorf("stderr = %q\nwant     %q", r.stderr, tc.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty on failure: %q", r.stdout)
			}
		})
	}
}

func TestReadUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"read"},
		{"read", "a", "b"},
		{"read", ""},
		{"read", "--format", "pdf", "x.html"},
		{"read", "--no-such-flag", "x.html"},
		{"read", "--url", "not a url", "x.html"},
		{"read", "--url", "https://a.example/", "https://b.example/"},
		{"no-such-command"},
	} {
		r := tidings(t, "", args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
		if !strings.HasPrefix(r.stderr, "tidings: ") || !strings.Contains(r.stderr, "--help") {
			t.Errorf("%v: stderr = %q", args, r.stderr)
		}
	}
}

func TestHelp(t *testing.T) {
	r := tidings(t, "", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "read") || !strings.Contains(r.stdout, "--config") ||
		!strings.Contains(r.stdout, "--db") {
		t.Errorf("tidings --help: exit %d\n%s", r.code, r.stdout)
	}
	r = tidings(t, "", "read", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "--format") || !strings.Contains(r.stdout, "--url") {
		t.Errorf("tidings read --help: exit %d\n%s", r.code, r.stdout)
	}
	r = tidings(t, "", "--version")
	if r.code != 0 || !strings.Contains(r.stdout, "0.1.0") {
		t.Errorf("tidings --version: exit %d %q", r.code, r.stdout)
	}
}

func TestReadSendsUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html")
		w.Write(readFixture(t, "read-story.html"))
	}))
	defer srv.Close()
	if r := tidings(t, "", "read", srv.URL); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(ua, "tidings/0.1.0 ") {
		t.Errorf("User-Agent = %q", ua)
	}
}

// Escape sequences planted in a page — an OSC 52 clipboard write in the
// title, a screen clear in the body, a bidi override — never reach the
// output, in any format.
func TestReadStripsTerminalEscapes(t *testing.T) {
	page := strings.Replace(string(readFixture(t, "read-story.html")),
		"<title>Harbour reopens", "<title>\x1b]52;c;ZXZpbA==\x07Harbour reopens", 1)
	page = strings.ReplaceAll(page, "Harbour reopens after storm repairs\"", "Harbour\u202e reopens after storm repairs\"")
	page = strings.Replace(page, "The town harbour", "\x1b[2J\x1b[HThe town\u009b31m harbour", 1)
	path := filepath.Join(t.TempDir(), "hostile.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"markdown", "text", "json"} {
		r := tidings(t, "", "read", "--format", format, path)
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", format, r.code, r.stderr)
		}
		for _, bad := range []string{"\x1b", "\u009b", "\u202e", "\a"} {
			if strings.Contains(r.stdout, bad) {
				t.Errorf("%s: output holds %q", format, bad)
			}
		}
		if !strings.Contains(r.stdout, "harbour reopened") {
			t.Errorf("%s: story text lost:\n%s", format, r.stdout)
		}
	}
}

// The config file's user_agent and [clean] selectors apply to `read`:
// the selectors of the page's host (and of "*") drop matching elements.
func TestReadHonoursConfig(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html")
		w.Write(readFixture(t, "read-story.html"))
	}))
	defer srv.Close()
	conf := filepath.Join(t.TempDir(), "config.toml")
	err := os.WriteFile(conf, []byte(`user_agent = "my-reader/2"
[clean]
"127.0.0.1" = ["blockquote"]
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	r := tidings(t, "", "--config", conf, "read", srv.URL)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if ua != "my-reader/2" {
		t.Errorf("User-Agent = %q, want the config's", ua)
	}
	if strings.Contains(r.stdout, "storms we expect in 2050") {
		t.Errorf("[clean] selector not applied:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "The repairs cost 12 million") {
		t.Errorf("story lost:\n%s", r.stdout)
	}

	// A broken config is reported, naming the file, and nothing is fetched.
	if err := os.WriteFile(conf, []byte("no_such_key = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = tidings(t, "", "--config", conf, "read", srv.URL)
	if r.code != 1 || !strings.Contains(r.stderr, conf) || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("broken config: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestReadPipedDateHasNoAge(t *testing.T) {
	pub := time.Now().Add(-10 * time.Hour).UTC()
	page := strings.ReplaceAll(string(readFixture(t, "read-story.html")), "2024-03-23T09:15:00+06:00", pub.Format(time.RFC3339))
	for _, format := range []string{"markdown", "text"} {
		r := tidings(t, page, "read", "--format", format, "--url", "https://courier.example/news/harbour", "-")
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", format, r.code, r.stderr)
		}
		// The binary runs with TZ=UTC.
		date := pub.Format("Mon 2 Jan 2006 15:04")
		if !strings.Contains(r.stdout, date) || strings.Contains(r.stdout, " ago)") {
			t.Errorf("--format %s: want the date %q without its age:\n%.400s", format, date, r.stdout)
		}
	}
}

// Text is the Markdown without markup: the numbers of an ordered list are
// words of the story ("step 2") and stay.
func TestReadTextKeepsListNumbers(t *testing.T) {
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>How to apply for the night bus pass</title></head>
<body><article><h1>How to apply for the night bus pass</h1>
<p>The council opened applications for the new night bus pass on Monday, and residents of the five river towns can apply online or at any library.</p>
<ol start="3"><li>Fill in the form on the council's website with your address.</li><li>Upload a photo that shows your face clearly, taken in the last month.</li><li>Pay the fee of <b>twelve pounds</b> by card, or at the <a href="/libraries">library desk</a>.</li></ol>
<p>The pass arrives by post within ten days, and it is valid on every night service from the first of May, the transport committee said on Friday.</p>
</article></body></html>`
	r := tidings(t, page, "read", "--format", "text", "--url", "https://courier.example/news/pass", "-")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"\n3. Fill in the form on the council's website with your address.\n",
		"\n4. Upload a photo",
		"\n5. Pay the fee of twelve pounds by card, or at the library desk.\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.ContainsAny(r.stdout, "*[]") {
		t.Errorf("Markdown syntax in text output:\n%s", r.stdout)
	}
}
