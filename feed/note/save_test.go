package note

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed"
)

func article(title, url, body string) *feed.Article {
	return &feed.Article{
		Title: title, URL: url, Markdown: body,
		Published: time.Date(2024, 3, 23, 10, 0, 0, 0, time.UTC),
	}
}

func mustSave(t *testing.T, a *feed.Article, o Options) *Result {
	t.Helper()
	res, err := Save(context.Background(), a, o)
	if err != nil {
		t.Fatalf("Save(%q): %v", a.Title, err)
	}
	return res
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// names lists the entries of dir, hidden ones included.
func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestSaveCreatesFolderAndUpdatesInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Documents", "tidings")
	o := Options{Dir: dir, Now: saveTime}
	const story = "The river burst its banks on Monday night and three villages north of the town are under water."
	a := article("Floods in Sylhet", "https://example.com/floods", story+" First version.")
	res := mustSave(t, a, o)
	if want := filepath.Join(dir, "2024-03-23-floods-in-sylhet.md"); res.Path != want || res.Updated {
		t.Fatalf("first save: %+v, want a new note at %s", res, want)
	}

	// The same URL again, even with a new title and a fragment, updates
	// the same file: the body tells the same story.
	b := article("Floods in Sylhet worsen", "https://example.com/floods#update", story+" Second version.")
	later := o
	later.Now = saveTime.AddDate(0, 0, 3)
	res2 := mustSave(t, b, later)
	if res2.Path != res.Path || !res2.Updated {
		t.Fatalf("second save of the same URL: %+v, want an update of %s", res2, res.Path)
	}
	if got := read(t, res.Path); !strings.Contains(got, "Second version.") || strings.Contains(got, "First version.") {
		t.Fatalf("the note was not replaced:\n%s", got)
	}
	if got := read(t, res.Path); !strings.Contains(got, "\ncreated: 2026-11-26\n") {
		t.Errorf("an update changed the day the page was first saved:\n%s", got)
	}

	// Different articles with the same name get -2 and -3.
	for i, want := range []string{"2024-03-23-floods-in-sylhet-2.md", "2024-03-23-floods-in-sylhet-3.md"} {
		c := article("Floods in Sylhet", fmt.Sprintf("https://other.example/%d", i), "Other.")
		if got := filepath.Base(mustSave(t, c, o).Path); got != want {
			t.Errorf("other article %d saved as %s, want %s", i, got, want)
		}
	}
	// And each of them is found again by its URL.
	c := article("Floods in Sylhet", "https://other.example/1", "Other, updated.")
	if got := filepath.Base(mustSave(t, c, o).Path); got != "2024-03-23-floods-in-sylhet-3.md" {
		t.Errorf("re-saving the third article wrote %s", got)
	}
	if n := len(names(t, dir)); n != 3 {
		t.Errorf("folder holds %d entries, want 3 notes and no temporary file: %v", n, names(t, dir))
	}
}

func TestReadHead(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]noteHead{
		"---\nsource: https://a/x\ncreated: 2024-01-02\n---\nbody\n":                           {Source: "https://a/x", Created: "2024-01-02"},
		"---\ntitle: T\nsource: https://a/p\ncanonical: https://a/c\nsaved_by: tidings\n---\n": {Title: "T", Source: "https://a/p", Canonical: "https://a/c", SavedBy: "tidings"},
		"---\r\nsource: https://a/crlf\r\n---\r\n":                                             {Source: "https://a/crlf"},
		"---\nsource: https://a/only\n---":                                                     {Source: "https://a/only"},
		"---\nsource: https://a/t\ncreated: [not, a, date]\n---\n":                             {Source: "https://a/t"},
		"---\nsource: https://a/long\nx: " + strings.Repeat("y", 8000) + "\n---\n":             {Source: "https://a/long"},
		"no front matter\nsource: https://a/no\n":                                              {},
		"---\nsource: [unclosed\n---\n":                                                        {},
		"---\nsource: https://a/never-closed\n":                                                {},
	}
	i := 0
	for content, want := range cases {
		i++
		p := filepath.Join(dir, fmt.Sprintf("%d.md", i))
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := readHead(p); got != want {
			t.Errorf("readHead(%q) = %+v, want %+v", content[:min(len(content), 60)], got, want)
		}
	}
}

func TestSaveUsesSavedPathLookup(t *testing.T) {
	dir := t.TempDir()
	a := article("Story", "https://example.com/s", "v1")
	first := mustSave(t, a, Options{Dir: dir, Now: saveTime})
	// The user renamed the note; the store remembers where it is.
	moved := filepath.Join(dir, "my story.md")
	if err := os.Rename(first.Path, moved); err != nil {
		t.Fatal(err)
	}
	asked := 0
	lookup := func(_ context.Context, u string) (string, error) {
		asked++
		return moved, nil
	}
	a.Markdown = "v2"
	res := mustSave(t, a, Options{Dir: dir, Now: saveTime, SavedPath: lookup})
	if res.Path != moved || asked != 1 || !strings.Contains(read(t, moved), "v2") {
		t.Fatalf("Save with a lookup wrote %s (asked %d times), want %s updated", res.Path, asked, moved)
	}

	// A lookup pointing outside the folder, or at a note of another page,
	// is not trusted.
	outside := filepath.Join(t.TempDir(), "elsewhere.md")
	if err := os.WriteFile(outside, []byte("---\nsource: https://example.com/s\n---\nkeep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = mustSave(t, a, Options{Dir: dir, Now: saveTime, SavedPath: func(context.Context, string) (string, error) { return outside, nil }})
	if res.Path != moved || read(t, outside) != "---\nsource: https://example.com/s\n---\nkeep\n" {
		t.Fatalf("a lookup outside the folder was followed: wrote %s", res.Path)
	}
}

func TestSaveNeverFollowsSymlinks(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim.txt")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A symlink sits at the name the note would get, and another at the
	// name of its assets folder.
	if err := os.Symlink(victim, filepath.Join(dir, "2024-03-23-trap.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "2024-03-23-trap-2.assets")); err != nil {
		t.Fatal(err)
	}
	srv := imageServer(t)
	a := article("Trap", "https://example.com/trap", "![x]("+srv.URL+"/a.png)")
	res := mustSave(t, a, Options{Dir: dir, Now: saveTime, Images: true, Fetch: httpFetch(srv.Client())})
	if filepath.Base(res.Path) != "2024-03-23-trap-2.md" {
		t.Errorf("note saved as %s, want the next free name", res.Path)
	}
	if got := read(t, victim); got != "precious" {
		t.Errorf("the file behind the symlink was changed: %q", got)
	}
	if n := len(names(t, outside)); n != 1 {
		t.Errorf("files were written through the assets symlink: %v", names(t, outside))
	}
	if res.Images != 0 || len(res.ImageErrors) == 0 {
		t.Errorf("images were saved through a symlinked folder: %+v", res)
	}
	if strings.Contains(read(t, res.Path), ".assets/") {
		t.Errorf("the note links local images that were not saved")
	}
	// A symlinked .md with the same source is not taken for the earlier note.
	if err := os.Symlink(res.Path, filepath.Join(dir, "alias.md")); err != nil {
		t.Fatal(err)
	}
	if got := mustSave(t, a, Options{Dir: dir, Now: saveTime}).Path; got != res.Path {
		t.Errorf("re-save wrote %s, want %s", got, res.Path)
	}
}

func TestSaveToFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "mine.md")
	a := article("Anything", "https://example.com/x", "Body.")
	res := mustSave(t, a, Options{File: p, Now: saveTime})
	if res.Path != p || res.Updated {
		t.Fatalf("Save to a file: %+v", res)
	}
	if res = mustSave(t, a, Options{File: p, Now: saveTime}); !res.Updated {
		t.Errorf("second save to the same file not reported as an update")
	}
	if _, err := Save(context.Background(), a, Options{File: filepath.Dir(p), Now: saveTime}); err == nil {
		t.Errorf("saving onto a folder succeeded")
	}
}

func TestSaveUnwritableFolder(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Save(context.Background(), article("A", "https://e.x/a", "b"), Options{Dir: filepath.Join(blocker, "notes"), Now: saveTime})
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), blocker) {
		t.Fatalf("Save into a folder under a file: %v, want one line naming the folder", err)
	}
	if os.Geteuid() == 0 {
		t.Log("running as root: permission bits are not enforced, read-only case skipped")
		return
	}
	ro := t.TempDir()
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(ro, 0o755) })
	_, err = Save(context.Background(), article("A", "https://e.x/a", "b"), Options{Dir: ro, Now: saveTime})
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("Save into a read-only folder: %v, want one line saying permission denied", err)
	}
}

// fullDisk is a temporary file that accepts a few bytes and then fails
// the way a full disk does, leaving a partial temporary file behind.
type fullDisk struct {
	*os.File
	room int
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if len(p) <= f.room {
		f.room -= len(p)
		return f.File.Write(p)
	}
	n, _ := f.File.Write(p[:f.room])
	f.room = 0
	return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
}

func TestSaveFullDiskKeepsEarlierNote(t *testing.T) {
	dir := t.TempDir()
	a := article("Budget", "https://example.com/budget", "The earlier, complete note.")
	first := mustSave(t, a, Options{Dir: dir, Now: saveTime})
	before := read(t, first.Path)

	a.Markdown = strings.Repeat("A much longer new version. ", 500)
	o := Options{Dir: dir, Now: saveTime, createTemp: func(d, pattern string) (tempFile, error) {
		f, err := os.CreateTemp(d, pattern)
		if err != nil {
			return nil, err
		}
		return &fullDisk{File: f, room: 100}, nil
	}}
	_, err := Save(context.Background(), a, o)
	if err == nil || !errors.Is(err, syscall.ENOSPC) && !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("Save on a full disk: %v, want a no-space error", err)
	}
	if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), first.Path) {
		t.Errorf("error %q is not one line naming the note", err)
	}
	if got := read(t, first.Path); got != before {
		t.Errorf("the earlier note changed after a failed save:\n%s", got)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("a failed save left files behind: %v", got)
	}

	// A brand-new note that fails leaves nothing at all.
	_, err = Save(context.Background(), article("New", "https://example.com/new", strings.Repeat("x", 1000)), o)
	if err == nil {
		t.Fatal("Save of a new note on a full disk succeeded")
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("a failed new save left files behind: %v", got)
	}
}

// slowWriter writes the first bytes, tells the parent test it is midway,
// and then hangs until it is killed.
type slowWriter struct {
	*os.File
	started bool
}

func (f *slowWriter) Write(p []byte) (int, error) {
	if !f.started {
		f.started = true
		n, err := f.File.Write(p[:len(p)/2])
		_ = f.File.Sync()
		fmt.Println("midway", f.Name())
		if err != nil {
			return n, err
		}
		select {} // wait to be killed
	}
	return f.File.Write(p)
}

// TestHelperKilledWriter is the child process of TestSaveKilledWriter.
func TestHelperKilledWriter(t *testing.T) {
	dir := os.Getenv("TIDINGS_NOTE_KILL_DIR")
	if dir == "" {
		t.Skip("run by TestSaveKilledWriter")
	}
	a := article("Budget", "https://example.com/budget", strings.Repeat("The new version. ", 2000))
	_, _ = Save(context.Background(), a, Options{Dir: dir, Now: saveTime, createTemp: func(d, pattern string) (tempFile, error) {
		f, err := os.CreateTemp(d, pattern)
		if err != nil {
			return nil, err
		}
		return &slowWriter{File: f}, nil
	}})
	t.Fatal("the writer was not killed")
}

func TestSaveKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	first := mustSave(t, article("Budget", "https://example.com/budget", "The earlier, complete note."), Options{Dir: dir, Now: saveTime})
	before := read(t, first.Path)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKilledWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TIDINGS_NOTE_KILL_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "midway ") {
				done <- strings.TrimPrefix(sc.Text(), "midway ")
				break
			}
		}
		close(done)
		_, _ = io.Copy(io.Discard, out)
	}()
	tmp, ok := <-done
	if !ok {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatal("the child never started writing")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	if got := read(t, first.Path); got != before {
		t.Fatalf("the earlier note changed after the writer was killed:\n%s", got)
	}
	// The half-written data is only in a hidden temporary file, which a
	// later save does not mistake for a note.
	if fi, err := os.Stat(tmp); err != nil || fi.Size() == 0 || !strings.HasPrefix(filepath.Base(tmp), ".") {
		t.Errorf("temporary file %s: %v", tmp, err)
	}
	res := mustSave(t, article("Budget", "https://example.com/budget", "Third version."), Options{Dir: dir, Now: saveTime})
	if res.Path != first.Path || !strings.Contains(read(t, res.Path), "Third version.") {
		t.Errorf("a save after the kill wrote %s", res.Path)
	}
	// Once it is old, the next save removes the leftover temporary file.
	old := saveTime.Add(-2 * time.Hour)
	if err := os.Chtimes(tmp, old, old); err != nil {
		t.Fatal(err)
	}
	mustSave(t, article("Budget", "https://example.com/budget", "Fourth version."), Options{Dir: dir, Now: saveTime})
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("the killed save's temporary file was not cleaned up: %v", got)
	}
}

// imageServer serves a PNG, a JPEG, an HTML page posing as an image and a
// 404, on loopback.
func imageServer(t *testing.T) *httptest.Server {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	jpg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a.png", "/../../evil.png":
			_, _ = w.Write(png)
		case "/photos/Lead Photo.jpeg":
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = w.Write(jpg)
		case "/fake.jpg":
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = w.Write([]byte("<html><script>alert(1)</script></html>"))
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func httpFetch(c *http.Client) func(context.Context, string) ([]byte, string, error) {
	return func(ctx context.Context, u string) ([]byte, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, "", err
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, "", fmt.Errorf("HTTP %s", resp.Status)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return b, resp.Header.Get("Content-Type"), err
	}
}

func TestSaveImages(t *testing.T) {
	srv := imageServer(t)
	dir := t.TempDir()
	a := article("Pictures", srv.URL+"/story", "![One](/a.png)\n\n![Again](/a.png)\n\n"+
		"![Evil]("+srv.URL+"/..%2F..%2Fevil.png)\n\n![Fake](/fake.jpg)\n\n![Gone](/missing.png)\n\nText.")
	a.Image = "/photos/Lead%20Photo.jpeg"
	a.ImageCaption = "The lead"
	res := mustSave(t, a, Options{Dir: dir, Now: saveTime, Images: true, Fetch: httpFetch(srv.Client())})
	if res.Images != 3 || len(res.ImageErrors) != 2 {
		t.Fatalf("saved %d images with errors %v; want 3 saved, the fake and the missing one refused", res.Images, res.ImageErrors)
	}
	assets := filepath.Join(dir, "2024-03-23-pictures.assets")
	got := strings.Join(names(t, assets), " ")
	if got != "01-lead-photo.jpg 02-a.png 03-evil.png" {
		t.Errorf("assets: %s", got)
	}
	note := read(t, res.Path)
	for _, want := range []string{
		"![The lead](2024-03-23-pictures.assets/01-lead-photo.jpg)",
		"![One](2024-03-23-pictures.assets/02-a.png)",
		"![Again](2024-03-23-pictures.assets/02-a.png)",
		"![Evil](2024-03-23-pictures.assets/03-evil.png)",
		"![Fake](" + srv.URL + "/fake.jpg)",
		"![Gone](" + srv.URL + "/missing.png)",
	} {
		if !strings.Contains(note, want) {
			t.Errorf("note lacks %s:\n%s", want, note)
		}
	}
	// Every asset stays inside the assets folder.
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if d.Type()&os.ModeSymlink != 0 {
			t.Errorf("symlink created: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// The image limit is honoured.
	res = mustSave(t, a, Options{Dir: dir, Now: saveTime, Images: true, MaxImages: 1, Fetch: httpFetch(srv.Client())})
	if res.Images != 1 {
		t.Errorf("MaxImages 1 saved %d images", res.Images)
	}
}

// A lead image that the body also shows appears once, with --images as
// without (the body's copy then points to the local file).
func TestSaveImagesLeadShownOnce(t *testing.T) {
	srv := imageServer(t)
	for _, images := range []bool{false, true} {
		dir := t.TempDir()
		a := article("Wall", srv.URL+"/story", "![The wall](/a.png)\n\nThe new wall at dawn.\n\nText.")
		a.Image = srv.URL + "/a.png"
		a.ImageCaption = "The new wall at dawn"
		res := mustSave(t, a, Options{Dir: dir, Now: saveTime, Images: images, Fetch: httpFetch(srv.Client())})
		note := read(t, res.Path)
		if n := strings.Count(note, "!["); n != 1 {
			t.Errorf("images %v: %d images in the note, want 1:\n%s", images, n, note)
		}
	}
}

// When no image can be fetched (offline), the note keeps the web links,
// each failure names its image once, and no empty assets folder is left.
func TestSaveImagesAllFailing(t *testing.T) {
	dir := t.TempDir()
	a := article("Offline", "https://news.example/story", "![One](/a.png)\n\n![Two](/b.png)\n\nText.")
	// As tidings' fetcher does, the error already names the URL.
	offline := func(ctx context.Context, u string) ([]byte, string, error) {
		return nil, "", fmt.Errorf("%s: no such host news.example: check the address", u)
	}
	res := mustSave(t, a, Options{Dir: dir, Now: saveTime, Images: true, Fetch: offline})
	if res.Images != 0 || len(res.ImageErrors) != 2 {
		t.Fatalf("saved %d images with errors %v", res.Images, res.ImageErrors)
	}
	if got, want := res.ImageErrors[0].Error(), "https://news.example/a.png: no such host news.example: check the address"; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	if got := strings.Join(names(t, dir), " "); got != "2024-03-23-offline.md" {
		t.Errorf("folder holds %s, want the note alone", got)
	}
	if note := read(t, res.Path); !strings.Contains(note, "![Two](https://news.example/b.png)") {
		t.Errorf("the web link is not kept:\n%s", note)
	}
}

func TestSaveConcurrentSameName(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	paths := make(chan string, n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			a := article("Same title", fmt.Sprintf("https://example.com/%d", i), fmt.Sprintf("Body %d.", i))
			res, err := Save(context.Background(), a, Options{Dir: dir, Now: saveTime})
			if err != nil {
				errs <- err
				return
			}
			paths <- res.Path
		}(i)
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		select {
		case err := <-errs:
			t.Fatal(err)
		case p := <-paths:
			if seen[p] {
				t.Fatalf("two saves wrote %s", p)
			}
			seen[p] = true
		}
	}
	// Every note holds its own article, whole.
	for p := range seen {
		src := SourceOf(p)
		i := strings.TrimPrefix(src, "https://example.com/")
		if !strings.Contains(read(t, p), "Body "+i+".") {
			t.Errorf("%s (source %s) does not hold its body", p, src)
		}
	}
	if got := names(t, dir); len(got) != n {
		t.Errorf("folder holds %v, want %d notes", got, n)
	}
}

// Two pages that declare the same canonical address (a section, an AMP
// shell) are two stories: each keeps its own note.
func TestSaveSharedCanonicalKeepsBothStories(t *testing.T) {
	dir := t.TempDir()
	o := Options{Dir: dir, Now: saveTime}
	first := article("Harbour reopens", "https://news.example/harbour", "Fishing boats returned to the harbour on Saturday after the storm.")
	first.Canonical = "https://news.example/local"
	second := article("School roof repaired", "https://news.example/school", "The primary school reopened its hall after builders replaced the roof.")
	second.Canonical = "https://news.example/local"

	p1 := mustSave(t, first, o).Path
	res := mustSave(t, second, o)
	if res.Path == p1 || res.Updated {
		t.Fatalf("the second story was written over the first: %+v", res)
	}
	if got := read(t, p1); !strings.Contains(got, "Fishing boats") || strings.Contains(got, "builders") {
		t.Errorf("the first note lost its story:\n%s", got)
	}
	fm := read(t, res.Path)
	if !strings.Contains(fm, "\nsource: https://news.example/school\n") || !strings.Contains(fm, "\ncanonical: https://news.example/local\n") {
		t.Errorf("the note does not name the page it came from and the canonical apart:\n%s", fm)
	}

	// Each story saved again updates its own note, even with the lookup
	// of the store pointing at the other one.
	second.Markdown += " The council paid for the work."
	lookup := func(context.Context, string) (string, error) { return p1, nil }
	again := mustSave(t, second, Options{Dir: dir, Now: saveTime, SavedPath: lookup})
	if again.Path != res.Path || !again.Updated {
		t.Errorf("the second story saved again wrote %+v, want an update of %s", again, res.Path)
	}
	if got := read(t, p1); !strings.Contains(got, "Fishing boats") {
		t.Errorf("the first note was replaced:\n%s", got)
	}
	if n := len(names(t, dir)); n != 2 {
		t.Errorf("folder holds %v, want two notes", names(t, dir))
	}
}

// A note tidings did not write — by hand, or imported — is never
// replaced, even when it names the same source and title; nor is a
// tidings note of another story that a hostile page claims as canonical.
func TestSaveNeverReplacesAnotherNote(t *testing.T) {
	dir := t.TempDir()
	o := Options{Dir: dir, Now: saveTime}
	hand := filepath.Join(dir, "my notes on the harbour.md")
	const handNote = "---\ntitle: Harbour reopens\nsource: https://news.example/harbour\n---\n\nMy own annotations: call the harbour master.\n"
	if err := os.WriteFile(hand, []byte(handNote), 0o644); err != nil {
		t.Fatal(err)
	}
	a := article("Harbour reopens", "https://news.example/harbour", "Fishing boats returned to the harbour on Saturday after the storm.")
	res := mustSave(t, a, Options{Dir: dir, Now: saveTime, SavedPath: func(context.Context, string) (string, error) { return hand, nil }})
	if res.Path == hand || res.Updated {
		t.Fatalf("saving replaced a note tidings did not write: %+v", res)
	}
	if read(t, hand) != handNote {
		t.Fatalf("the hand-written note changed:\n%s", read(t, hand))
	}

	// A hostile page elsewhere claims the story's address as its own.
	hostile := article("Win a prize now", "https://evil.example/p", "Click here to claim the prize that you have won today.")
	hostile.Canonical = "https://news.example/harbour"
	bad := mustSave(t, hostile, o)
	if bad.Path == res.Path || bad.Path == hand || bad.Updated {
		t.Fatalf("the hostile page replaced a note: %+v", bad)
	}
	if got := read(t, res.Path); !strings.Contains(got, "Fishing boats") {
		t.Errorf("the story's note lost its text:\n%s", got)
	}
}
