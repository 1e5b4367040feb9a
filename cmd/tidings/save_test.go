package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

// savePage is a small news page with a figure, a relative link and a
// relative image, modelled on a regional paper's article layout.
const savePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after storm: "a new start" | The Courier</title>
<meta property="og:title" content="Harbour reopens after storm: &quot;a new start&quot;">
<meta property="og:site_name" content="The Courier">
<meta property="og:description" content="Fishing boats return to the town harbour.">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-23T08:00:00+00:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/subscribe">Subscribe to the Courier</a></nav></header>
<article>
<h1>Harbour reopens after storm: "a new start"</h1>
<p class="byline">By Jane Smith</p>
<figure><img src="/img/boats.png" alt="Boats in the harbour"><figcaption>Boats back in the harbour on Saturday.</figcaption></figure>
<p>The town harbour reopened to fishing boats on Saturday, three months after the winter storm broke its outer wall and left the quays under water for weeks.</p>
<p>Engineers from the regional port authority rebuilt the wall with larger stone blocks, and the <a href="/news/storm-damage">damage report</a> they published lists every repair made since January.</p>
<p>By mid-morning more than forty boats had sailed out, and the fish market opened its doors for the first time this year to a queue of buyers from the whole coast.</p>
<p>"We lost the whole winter season, but today feels like a new start," said a skipper who has fished from the harbour for thirty years.</p>
</article>
<footer><p>All rights reserved.</p></footer>
</body></html>`

// tinyPNG is enough of a PNG for content sniffing.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

func saveServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/harbour", "/news/other-harbour":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(savePage))
		case "/img/boats.png":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(tinyPNG)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// saveEnv is a clean user environment whose files persist between runs.
type saveEnv struct {
	home string
}

func newSaveEnv(t *testing.T) saveEnv { return saveEnv{home: t.TempDir()} }

func (e saveEnv) run(t *testing.T, args ...string) result {
	t.Helper()
	return runCmd(t, feedsEnv(e).command(binary, args...))
}

// frontMatter reads a note's YAML front matter.
func frontMatter(t *testing.T, path string) (map[string]any, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s has no front matter:\n%s", path, s)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Fatalf("%s: front matter not closed", path)
	}
	var fm map[string]any
	if err := yaml.Unmarshal([]byte(s[4:4+end+1]), &fm); err != nil {
		t.Fatalf("%s: front matter is not YAML: %v", path, err)
	}
	return fm, s[4+end+5:]
}

func TestSaveURLToDefaultFolder(t *testing.T) {
	srv := saveServer(t)
	env := newSaveEnv(t)
	r := env.run(t, "save", srv.URL+"/news/harbour")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := filepath.Join(env.home, "Documents", "tidings", "2024-03-23-harbour-reopens-after-storm-a-new-start.md")
	if strings.TrimSpace(r.stdout) != want {
		t.Fatalf("printed %q, want %q", r.stdout, want)
	}
	fm, body := frontMatter(t, want)
	if fm["title"] != `Harbour reopens after storm: "a new start"` || fm["source"] != srv.URL+"/news/harbour" || fm["site"] != "The Courier" {
		t.Errorf("front matter: %v", fm)
	}
	if tags, _ := fm["tags"].([]any); len(tags) != 1 || tags[0] != "news" {
		t.Errorf("tags = %v, want [news]", fm["tags"])
	}
	for _, want := range []string{
		"# Harbour reopens after storm: \"a new start\"\n",
		"](" + srv.URL + "/news/storm-damage)",
		"](" + srv.URL + "/img/boats.png)",
		"Boats back in the harbour on Saturday.",
		"The town harbour reopened to fishing boats on Saturday",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("note lacks %q:\n%s", want, body)
		}
	}
	for _, c := range []string{"Subscribe to the Courier", "All rights reserved"} {
		if strings.Contains(body, c) {
			t.Errorf("clutter in the note: %q", c)
		}
	}

	// Saving again updates the same note rather than adding one.
	r = env.run(t, "save", srv.URL+"/news/harbour")
	if r.code != 0 || strings.TrimSpace(r.stdout) != want {
		t.Fatalf("second save: exit %d, printed %q, %s", r.code, r.stdout, r.stderr)
	}
	// Another page with the same title gets -2.
	r = env.run(t, "save", srv.URL+"/news/other-harbour")
	if r.code != 0 || !strings.HasSuffix(strings.TrimSpace(r.stdout), "a-new-start-2.md") {
		t.Fatalf("same title, other page: exit %d, printed %q, %s", r.code, r.stdout, r.stderr)
	}
}

func TestSaveHonoursXDGDocumentsAndConfig(t *testing.T) {
	srv := saveServer(t)
	env := newSaveEnv(t)
	docs := filepath.Join(env.home, "Docs")
	cmd := exec.Command(binary, "save", srv.URL+"/news/harbour")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + env.home, "XDG_DOCUMENTS_DIR=" + docs,
		"XDG_CONFIG_HOME=" + filepath.Join(env.home, "config"), "XDG_DATA_HOME=" + filepath.Join(env.home, "data"),
		"XDG_STATE_HOME=" + filepath.Join(env.home, "state")}
	out, err := cmd.Output()
	if err != nil || !strings.HasPrefix(string(out), filepath.Join(docs, "tidings")+string(filepath.Separator)) {
		t.Fatalf("with XDG_DOCUMENTS_DIR: %v, printed %q", err, out)
	}

	vault := filepath.Join(env.home, "vault", "News")
	if err := os.MkdirAll(filepath.Join(env.home, "config", "tidings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(env.home, "config", "tidings", "config.toml"), []byte("save_dir = \""+vault+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := env.run(t, "save", srv.URL+"/news/harbour")
	if r.code != 0 || !strings.HasPrefix(r.stdout, vault+string(filepath.Separator)) {
		t.Fatalf("with save_dir: exit %d, printed %q, %s", r.code, r.stdout, r.stderr)
	}
}

func TestSaveFileWithURLAndOutput(t *testing.T) {
	env := newSaveEnv(t)
	page := filepath.Join(env.home, "saved-page.html")
	if err := os.WriteFile(page, []byte(savePage), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(env.home, "notes", "harbour.md")
	r := env.run(t, "save", "--url", "https://courier.example/news/harbour", "-o", out, page)
	if r.code != 0 || strings.TrimSpace(r.stdout) != out {
		t.Fatalf("exit %d, printed %q: %s", r.code, r.stdout, r.stderr)
	}
	fm, body := frontMatter(t, out)
	if fm["source"] != "https://courier.example/news/harbour" || !strings.Contains(body, "](https://courier.example/news/storm-damage)") {
		t.Errorf("links not resolved against --url: %v\n%s", fm, body)
	}

	dir := filepath.Join(env.home, "folder")
	r = env.run(t, "save", "-o", dir, page)
	if r.code != 0 || filepath.Dir(strings.TrimSpace(r.stdout)) != dir {
		t.Fatalf("-o DIR: exit %d, printed %q: %s", r.code, r.stdout, r.stderr)
	}
}

// saveDump is the plain text a copy-paste of a news page keeps: menus,
// the story, then teasers and the footer.
const saveDump = `Home | World | Business | Sport | Opinion
Subscribe to our newsletter

Harbour reopens after storm

Jane Smith
23 March, 2024, 08:00 am

The town harbour reopened to fishing boats on Saturday, three months after the winter storm broke its outer wall and left the quays under water for weeks.

Engineers from the regional port authority rebuilt the wall with larger stone blocks, and the damage report they published lists every repair made since January.

By mid-morning more than forty boats had sailed out, and the fish market opened its doors for the first time this year to a queue of buyers from the whole coast.

"We lost the whole winter season, but today feels like a new start," said a skipper who has fished from the harbour for thirty years.

Related News
Ferry timetable changes for spring
Share on Facebook
© 2024 The Courier. All rights reserved.
`

func TestSaveTextDump(t *testing.T) {
	env := newSaveEnv(t)
	dump := filepath.Join(env.home, "dump.txt")
	if err := os.WriteFile(dump, []byte(saveDump), 0o644); err != nil {
		t.Fatal(err)
	}
	// An existing Markdown file given to -o is replaced.
	out := filepath.Join(env.home, "harbour.markdown")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := env.run(t, "save", "--url", "https://courier.example/news/harbour", "-o", out, dump)
	if r.code != 0 || strings.TrimSpace(r.stdout) != out {
		t.Fatalf("exit %d, printed %q: %s", r.code, r.stdout, r.stderr)
	}
	fm, body := frontMatter(t, out)
	if fm["title"] != "Harbour reopens after storm" || fm["source"] != "https://courier.example/news/harbour" {
		t.Errorf("front matter: %v", fm)
	}
	if !strings.Contains(body, "# Harbour reopens after storm\n") || !strings.Contains(body, "queue of buyers from the whole coast") {
		t.Errorf("the story is missing:\n%s", body)
	}
	for _, c := range []string{"Subscribe to our newsletter", "Ferry timetable", "All rights reserved", "Home | World"} {
		if strings.Contains(body, c) {
			t.Errorf("clutter in the note: %q", c)
		}
	}
}

func TestSaveImages(t *testing.T) {
	srv := saveServer(t)
	env := newSaveEnv(t)
	dir := filepath.Join(env.home, "out")
	r := env.run(t, "save", "--images", "-o", dir, srv.URL+"/news/harbour")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	path := strings.TrimSpace(r.stdout)
	assets := strings.TrimSuffix(path, ".md") + ".assets"
	if _, err := os.Stat(filepath.Join(assets, "01-boats.png")); err != nil {
		t.Fatalf("image not saved: %v", err)
	}
	_, body := frontMatter(t, path)
	if !strings.Contains(body, "]("+filepath.Base(assets)+"/01-boats.png)") {
		t.Errorf("note does not link the local image:\n%s", body)
	}
}

func TestSaveFailuresAndUsage(t *testing.T) {
	env := newSaveEnv(t)
	page := filepath.Join(env.home, "p.html")
	if err := os.WriteFile(page, []byte(savePage), 0o644); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(env.home, "blocker")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := env.run(t, "save", "-o", filepath.Join(blocker, "notes"), page)
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "tidings: ") || !strings.Contains(r.stderr, blocker) {
		t.Errorf("unwritable folder: exit %d, stderr %q; want exit 1 and one line naming it", r.code, r.stderr)
	}

	// One bad source among good ones: the good ones are saved, exit 1.
	r = env.run(t, "save", "-o", filepath.Join(env.home, "n"), page, filepath.Join(env.home, "missing.html"))
	if r.code != 1 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stderr, "missing.html") {
		t.Errorf("mixed sources: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	// -o naming the saved page itself (or any file that is not a note)
	// would replace it with the note: refused, the file untouched.
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	r = env.run(t, "save", "-o", page, page)
	if after, _ := os.ReadFile(page); r.code != 2 || !bytes.Equal(after, before) ||
		!strings.HasPrefix(r.stderr, "tidings: -o "+page+" exists and is not a Markdown note, so saving would destroy it: give a .md file or a folder\n") {
		t.Errorf("-o onto the page: exit %d, stderr %q, page kept: %v", r.code, r.stderr, bytes.Equal(after, before))
	}
	// A note written earlier under any name is replaced, as before.
	odd := filepath.Join(env.home, "harbour.txt")
	if r := env.run(t, "save", "--url", "https://courier.example/news/harbour", "-o", odd+".md", page); r.code != 0 {
		t.Fatalf("save to .md: %d %q", r.code, r.stderr)
	}
	if err := os.Rename(odd+".md", odd); err != nil {
		t.Fatal(err)
	}
	if r := env.run(t, "save", "--url", "https://courier.example/news/harbour", "-o", odd, page); r.code != 0 || r.stdout != odd+"\n" {
		t.Errorf("save onto an earlier note named .txt: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	for _, args := range [][]string{
		{"save"},
		{"save", "--starred", page},
		{"save", "-o", filepath.Join(env.home, "x.md"), page, page},
		{"save", "--url", "https://e.example/a", page, page},
		{"save", "--url", "not a url", page},
	} {
		if r := env.run(t, args...); r.code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, r.code, r.stderr)
		}
	}
}

func TestSaveStoryIDAndStarred(t *testing.T) {
	srv := saveServer(t)
	env := newSaveEnv(t)
	db := filepath.Join(env.home, "data", "tidings", "tidings.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f, err := st.AddFeed(ctx, feed.Feed{URL: srv.URL + "/feed.xml", Title: "Courier", Tags: []string{"local news", "sea"}})
	if err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2024, 3, 23, 8, 0, 0, 0, time.UTC)
	_, err = st.SaveFetchResult(ctx, f.ID, store.FetchResult{Stories: []feed.Story{
		{GUID: "1", URL: srv.URL + "/news/harbour", Title: "Harbour reopens", Published: pub},
		{GUID: "2", URL: srv.URL + "/gone", Title: "Offline story", Published: pub,
			Content: "<p>The feed carried the whole story of the lighthouse keeper, who retired on Friday after forty years of climbing the same hundred and twelve steps every night.</p>"},
		{GUID: "3", URL: srv.URL + "/news/other-harbour", Title: "Not starred", Published: pub},
	}})
	if err != nil {
		t.Fatal(err)
	}
	stories, err := st.Stories(ctx, store.Query{})
	if err != nil || len(stories) != 3 {
		t.Fatalf("stories: %v %v", stories, err)
	}
	ids := map[string]int64{}
	for _, s := range stories {
		ids[s.GUID] = s.ID
		if s.GUID != "3" {
			if err := st.SetStarred(ctx, s.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Close()

	r := env.run(t, "save", "--starred")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 2 {
		t.Fatalf("--starred: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// The story whose page is gone is saved from its feed, and the user is
	// told the note is not the page.
	wantWarn := fmt.Sprintf("tidings: story %d: the page could not be used (%s/gone: HTTP 404 Not Found); saved the text its feed carried\n", ids["2"], srv.URL)
	if r.stderr != wantWarn {
		t.Errorf("--starred stderr %q, want %q", r.stderr, wantWarn)
	}
	for _, p := range strings.Fields(r.stdout) {
		fm, body := frontMatter(t, p)
		tags, _ := fm["tags"].([]any)
		if len(tags) != 3 || tags[0] != "local-news" || tags[1] != "sea" || tags[2] != "news" {
			t.Errorf("%s: tags %v, want the feed's tags and news", p, fm["tags"])
		}
		if strings.Contains(p, "offline") && !strings.Contains(body, "lighthouse keeper") {
			t.Errorf("the story whose page is gone was not saved from its feed content:\n%s", body)
		}
	}
	// The feed's text was not cached as the page's article: saved again,
	// the page is tried again (and the user warned again).
	if r := env.run(t, "save", strconv.FormatInt(ids["2"], 10)); r.code != 0 || r.stderr != wantWarn {
		t.Errorf("saving the offline story again: exit %d, stderr %q", r.code, r.stderr)
	}
	// Nothing left to save the second time, and the user is told so
	// rather than left with no output at all.
	if r := env.run(t, "save", "--starred"); r.code != 0 || r.stdout != "" ||
		r.stderr != "Every starred story is saved already (2); 'tidings save ID' saves one again.\n" {
		t.Errorf("second --starred: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// A story by id, and the path the store remembers.
	r = env.run(t, "save", "-o", filepath.Join(env.home, "ids"), strconv.FormatInt(ids["3"], 10))
	if r.code != 0 || !strings.Contains(r.stdout, "harbour-reopens") {
		t.Fatalf("save by id: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	st, err = store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if p, err := st.SavedPath(ctx, srv.URL+"/news/other-harbour"); err != nil || p != strings.TrimSpace(r.stdout) {
		t.Errorf("store remembers %q (%v), want %q", p, err, r.stdout)
	}
	if r := env.run(t, "save", "999999"); r.code != 1 || !strings.Contains(r.stderr, "999999") {
		t.Errorf("unknown id: exit %d, stderr %q", r.code, r.stderr)
	}
	// Nothing starred at all.
	if err := st.SetStarred(ctx, ids["1"], false); err != nil {
		t.Fatal(err)
	}
	if err := st.SetStarred(ctx, ids["2"], false); err != nil {
		t.Fatal(err)
	}
	if r := env.run(t, "save", "--starred"); r.code != 0 || r.stdout != "" ||
		r.stderr != "No starred stories to save: in the reader ('tidings'), * stars a story.\n" {
		t.Errorf("--starred with none: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// sectionPage is a story page whose canonical link names its section, as
// some sites do on every article.
func sectionPage(title, body string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>` + title + ` | The Courier</title>
<link rel="canonical" href="/local">
<meta property="og:url" content="/local">
<meta property="article:published_time" content="2024-03-23T08:00:00+00:00">
</head><body><article><h1>` + title + `</h1>` + body + `</article></body></html>`
}

func TestSaveSharedCanonicalGivesTwoNotes(t *testing.T) {
	pages := map[string]string{
		"/news/harbour": sectionPage("Harbour reopens after storm",
			`<p>The town harbour reopened to fishing boats on Saturday, three months after the winter storm broke its outer wall and left the quays under water.</p>
<p>By mid-morning more than forty boats had sailed out, and the fish market opened its doors for the first time this year.</p>`),
		"/news/school": sectionPage("School hall gets a new roof",
			`<p>The primary school reopened its assembly hall on Monday after builders replaced the roof that the winter storm had torn away in December.</p>
<p>Pupils had eaten their lunches in classrooms for ten weeks, and the head teacher thanked the parents who raised money for the work.</p>`),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	t.Cleanup(srv.Close)
	env := newSaveEnv(t)
	dir := filepath.Join(env.home, "vault")
	harbour, school := srv.URL+"/news/harbour", srv.URL+"/news/school"

	r := env.run(t, "save", "-o", dir, harbour, school)
	paths := strings.Fields(r.stdout)
	if r.code != 0 || len(paths) != 2 || paths[0] == paths[1] {
		t.Fatalf("save -o DIR URL1 URL2: exit %d, printed %q, want two notes; stderr %q", r.code, r.stdout, r.stderr)
	}
	for i, want := range []struct{ source, words, not string }{
		{harbour, "forty boats", "assembly hall"},
		{school, "assembly hall", "forty boats"},
	} {
		fm, body := frontMatter(t, paths[i])
		if fm["source"] != want.source || fm["canonical"] != srv.URL+"/local" || fm["saved_by"] != "tidings" {
			t.Errorf("%s: front matter %v, want source %s, canonical %s/local", paths[i], fm, want.source, srv.URL)
		}
		if !strings.Contains(body, want.words) || strings.Contains(body, want.not) {
			t.Errorf("%s holds the wrong story:\n%s", paths[i], body)
		}
	}
	// Saving both again updates each note in place.
	r = env.run(t, "save", "-o", dir, school, harbour)
	if again := strings.Fields(r.stdout); r.code != 0 || len(again) != 2 || again[0] != paths[1] || again[1] != paths[0] {
		t.Errorf("saving again: exit %d, printed %q, want %q then %q", r.code, r.stdout, paths[1], paths[0])
	}

	// read reports the address it read as url, the page's claim apart.
	r = env.run(t, "read", "--format", "json", school)
	var a map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || a["url"] != school || a["canonical"] != srv.URL+"/local" {
		t.Errorf("read --format json: url %v, canonical %v (%v), want %s and %s/local", a["url"], a["canonical"], err, school, srv.URL)
	}
	file := filepath.Join(env.home, "school.html")
	if err := os.WriteFile(file, []byte(pages["/news/school"]), 0o644); err != nil {
		t.Fatal(err)
	}
	r = env.run(t, "read", "--format", "json", "--url", "https://mirror.example/school", file)
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || a["url"] != "https://mirror.example/school" || a["canonical"] != "https://mirror.example/local" {
		t.Errorf("read --url X: url %v, canonical %v (%v), want X and the page's canonical", a["url"], a["canonical"], err)
	}

	// Starred stories sharing the canonical: two notes, then nothing left.
	db := filepath.Join(env.home, "data", "tidings", "tidings.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f, err := st.AddFeed(ctx, feed.Feed{URL: srv.URL + "/feed.xml", Title: "Courier"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveFetchResult(ctx, f.ID, store.FetchResult{Stories: []feed.Story{
		{GUID: "1", URL: harbour, Title: "Harbour reopens after storm"},
		{GUID: "2", URL: school, Title: "School hall gets a new roof"},
	}}); err != nil {
		t.Fatal(err)
	}
	stories, err := st.Stories(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stories {
		if err := st.SetStarred(ctx, s.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	starredDir := filepath.Join(env.home, "starred")
	r = env.run(t, "save", "--starred", "-o", starredDir)
	if got := strings.Fields(r.stdout); r.code != 0 || len(got) != 2 || got[0] == got[1] {
		t.Fatalf("--starred: exit %d, printed %q, want two notes; stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := env.run(t, "save", "--starred", "-o", starredDir); r.code != 0 || r.stdout != "" ||
		r.stderr != "Every starred story is saved already (2); 'tidings save ID' saves one again.\n" {
		t.Errorf("second --starred: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if n, _ := os.ReadDir(starredDir); len(n) != 2 {
		t.Errorf("%s holds %d files, want 2", starredDir, len(n))
	}
}
