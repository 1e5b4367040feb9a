package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// wideParagraph is a Bengali paragraph: on a screen that sums code points,
// as tmux does, it is half as wide again as its grapheme clusters.
const wideParagraph = "ঢাকায় আজ সকাল থেকে ভারী বৃষ্টি হচ্ছে। আবহাওয়া অধিদপ্তর জানিয়েছে, আগামী তিন দিন দেশের বিভিন্ন অঞ্চলে " +
	"বৃষ্টিপাত অব্যাহত থাকতে পারে। নিম্নাঞ্চলে জলাবদ্ধতার আশঙ্কা করা হচ্ছে এবং নদীর পানি বিপদসীমার কাছাকাছি প্রবাহিত হচ্ছে। " +
	"সিলেট ও সুনামগঞ্জে পাহাড়ি ঢলের কারণে নদীর পানি দ্রুত বাড়ছে বলে স্থানীয় প্রশাসন সতর্ক করেছে।"

const widePage = `<!DOCTYPE html>
<html lang="bn"><head><meta charset="utf-8">
<title>ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা</title>
<meta property="og:site_name" content="প্রথম আলো">
<meta property="og:title" content="ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা">
</head><body><main><article>
<h1>ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা</h1>
<p>%[1]s</p>
<p>%[1]s</p>
</article></main></body></html>`

// The real binary in tmux at 80 columns, a terminal that does not cluster
// graphemes: the age of a row with a long Chinese title and the feed name
// of a Bengali one are on screen, and every word of a Bengali paragraph,
// the last of each line included, is there in the reader.
func TestTUIWideScriptsEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	// The Chinese story three hours old, the Bengali one four: the list
	// shows the Chinese first.
	now := time.Now().UTC()
	zh, bn := now.Add(-3*time.Hour).Format(time.RFC1123Z), now.Add(-4*time.Hour).Format(time.RFC1123Z)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>প্রথম আলো</title><link>%[1]s/</link><description>খবর</description>
<item><title>国家统计局：前三季度国内生产总值同比增长百分之五点二，就业形势总体稳定，消费贡献率提高</title>
<link>%[1]s/zh</link><guid>%[1]s/zh</guid><pubDate>%[2]s</pubDate></item>
<item><title>ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা, নিম্নাঞ্চলে বন্যার আশঙ্কা করছে আবহাওয়া অধিদপ্তর</title>
<link>%[1]s/bn</link><guid>%[1]s/bn</guid><pubDate>%[3]s</pubDate></item>
</channel></rss>`, srv.URL, zh, bn)
		case "/bn":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, widePage, wideParagraph)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	cfg := fmt.Sprintf("theme = \"dark\"\n\n[[feeds]]\nurl = %q\n", srv.URL+"/feed.xml")
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := tmuxUserEnv(dir, conf, "BROWSER=true", "LANG=C.UTF-8")
	runIn(t, env, "fetch")
	script := writeRunScript(t, dir, env, fmt.Sprintf("%q\nsleep 60\n", binary))
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-wide-%d", os.Getpid())}
	if out, err := s.run("-f", "/dev/null", "new-session", "-d", "-s", "tui", "-x", "80", "-y", "24", script); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")

	sc := s.waitFor("the story list", contains("All stories", "国家统计局"))
	for _, l := range strings.Split(sc, "\n") {
		if strings.Contains(l, "国家统计局") && !strings.HasSuffix(strings.TrimRight(l, " "), " 3h") {
			t.Errorf("the Chinese-titled row should end with its age (3h) on screen:\n%s", sc)
		}
		if strings.Contains(l, "ঢাকায়") && !strings.Contains(l, "প্রথম আলো") {
			t.Errorf("the Bengali row should show its feed's name on screen:\n%s", sc)
		}
	}

	s.keys("j", "Enter")
	sc = s.waitFor("the Bengali story", contains("ঢাকায় আজ সকাল"))
	flat := strings.Join(strings.Fields(sc), " ")
	if !strings.Contains(flat, strings.Join(strings.Fields(wideParagraph), " ")) {
		t.Errorf("a word of the Bengali paragraph is missing on screen (the end of a line lost):\n%s", sc)
	}
	for i, l := range strings.Split(sc, "\n") {
		if w := ansi.StringWidthWc(l); w > 80 {
			t.Errorf("screen line %d is %d columns: %q", i+1, w, l)
		}
	}
	s.keys("q", "q")
}

// `tidings read` on an 80-column tmux wraps a Bengali article by the
// columns tmux draws it in: no line passes the edge, where the terminal
// would break it again in the middle of a word.
func TestReadWideScriptOnATerminal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "story.html")
	if err := os.WriteFile(page, fmt.Appendf(nil, widePage, wideParagraph), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(conf, []byte("theme = \"dark\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := filepath.Join(dir, "done")
	shell := fmt.Sprintf("TZ=UTC LANG=C.UTF-8 HOME=%q %q --config %q read --url https://bn.example/news %q; echo exit=$? > %q; sleep 60",
		dir, binary, conf, page, done)
	s := &tmuxSession{t: t, socket: fmt.Sprintf("tidings-wide-read-%d", os.Getpid())}
	if out, err := s.run("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "40", "-e", "TERM=xterm-256color", shell); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	defer s.run("kill-server")
	deadline := time.Now().Add(20 * time.Second)
	for {
		if b, err := os.ReadFile(done); err == nil {
			if strings.TrimSpace(string(b)) != "exit=0" {
				t.Errorf("tidings read: %s", b)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("tidings read did not finish in tmux")
		}
		time.Sleep(100 * time.Millisecond)
	}
	sc := s.screen()
	want := strings.Join(strings.Fields(wideParagraph), " ")
	if got := strings.Join(strings.Fields(sc), " "); strings.Count(got, want) != 2 {
		t.Errorf("both Bengali paragraphs should be on screen, no word split across lines:\n%s", sc)
	}
}
