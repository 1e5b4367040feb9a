// Package note saves a cleaned article as a Markdown note that Obsidian,
// defuddle and plain git repositories understand: YAML front matter, the
// title as a heading, then the body with absolute links. Writes are atomic,
// names are safe on every OS, and saving the same story again updates the
// note tidings wrote for it in place (never a note tidings did not write).
package note

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"go.yaml.in/yaml/v3"
)

// Defaults for Options.MaxImages and Options.MaxImageBytes.
const (
	DefaultMaxImages     = 40
	DefaultMaxImageBytes = 15 << 20
)

// maxSuffix bounds the "-2", "-3"… search for a free name.
const maxSuffix = 999

// Options say where and how to save a note.
type Options struct {
	// Dir is the folder notes go to; it is created when missing.
	Dir string
	// File, when set, is the exact path to write instead of a name chosen
	// in Dir (tidings save -o note.md).
	File string
	// Tags are the tags of the story's feed; DefaultTag is always added.
	Tags []string
	// Now is the time of the save (the "created" date, and the file's date
	// when the article has no published date). Zero means time.Now().
	Now time.Time
	// Images asks for the article's images to be downloaded into
	// "<name>.assets/" beside the note and linked relatively. It needs Fetch.
	Images bool
	// Fetch downloads one image and returns its bytes and Content-Type. It
	// must honour ctx and cap the size it reads.
	Fetch func(ctx context.Context, url string) ([]byte, string, error)
	// MaxImages and MaxImageBytes limit --images; zero means the defaults.
	MaxImages     int
	MaxImageBytes int64
	// SavedPath, when set, tells where the article was saved before (the
	// store remembers it under Key(a)), which is quicker than reading the
	// notes of the folder. A path it returns is trusted only if it is a
	// regular file in the folder that tidings wrote for the same article.
	SavedPath func(ctx context.Context, url string) (string, error)

	// created overrides the "created" date when updating an earlier note.
	created time.Time
	// createTemp opens the temporary file of an atomic write; tests replace
	// it to simulate a full disk.
	createTemp func(dir, pattern string) (tempFile, error)
}

// Result tells what Save did.
type Result struct {
	// Path is the note written.
	Path string
	// Updated is true when an earlier note of the same URL was replaced.
	Updated bool
	// Images is the number of images saved beside the note.
	Images int
	// ImageErrors are the images that could not be saved, one line each;
	// the note links those to their web address instead.
	ImageErrors []error
}

// tempFile is the part of *os.File an atomic write needs.
type tempFile interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

func osCreateTemp(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }

// errNameTaken reports that another file took a new note's name between
// the check and the write.
var errNameTaken = errors.New("name taken")

// Save writes the note for a (see Render) and returns where. Saving an
// article that already has a note in the folder replaces that note, but
// only a note tidings wrote (its front matter says so) for the same
// article: the same address (Key) and the same story (the title, or most
// of the body, agree). Anything else is a new note, and a new note whose
// name is taken gets "-2", "-3"… The write is atomic: a crash or a full
// disk leaves either the earlier note or the new one, never half a file.
// Files are never written through a symlink found in the folder.
func Save(ctx context.Context, a *feed.Article, o Options) (*Result, error) {
	if a == nil {
		return nil, errors.New("no article to save")
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.createTemp == nil {
		o.createTemp = osCreateTemp
	}
	if o.File != "" {
		return saveFile(ctx, a, o)
	}
	if o.Dir == "" {
		return nil, errors.New("no folder to save notes in: set save_dir in the config or pass -o DIR")
	}
	dir := filepath.Clean(o.Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create folder %s: %v", dir, pathErr(err))
	}
	if p := findSaved(ctx, dir, a, o.SavedPath); p != "" {
		return saveAs(ctx, a, o, dir, filepath.Base(p), false)
	}
	base := FileName(a, o.Now)
	for suffix := 1; ; suffix++ {
		name, next, err := freeName(dir, base, suffix)
		if err != nil {
			return nil, err
		}
		suffix = next
		res, err := saveAs(ctx, a, o, dir, name, true)
		if !errors.Is(err, errNameTaken) {
			return res, err
		}
		// Another save took the name between the check and the write.
	}
}

// saveFile saves to the exact path the user chose (-o FILE), replacing the
// file there if any.
func saveFile(ctx context.Context, a *feed.Article, o Options) (*Result, error) {
	dir, name := filepath.Split(filepath.Clean(o.File))
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create folder %s: %v", dir, pathErr(err))
	}
	fi, err := os.Lstat(o.File)
	if err == nil && fi.IsDir() {
		return nil, fmt.Errorf("cannot save to %s: it is a folder", o.File)
	}
	return saveAs(ctx, a, o, filepath.Clean(dir), name, false)
}

// saveAs downloads the images if asked, renders the note and writes it as
// dir/name; fresh means the name must not exist (it was free a moment ago).
func saveAs(ctx context.Context, a *feed.Article, o Options, dir, name string, fresh bool) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Path: filepath.Join(dir, name)}
	if !fresh {
		_, err := os.Lstat(res.Path)
		res.Updated = err == nil
		// An update keeps the day the page was first saved.
		if created, err := time.Parse(dateLayout, readHead(res.Path).Created); err == nil && res.Updated {
			o.created = created
		}
	}
	var local map[string]string
	if o.Images && o.Fetch != nil {
		local = saveImages(ctx, a, o, dir, stem(name), res)
	}
	data, err := render(a, o, local)
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(o.createTemp, dir, name, data, fresh); err != nil {
		return nil, err
	}
	removeStaleTemps(dir, o.Now)
	return res, nil
}

// staleTemp is the age past which a temporary file is left over from a
// save that was killed (no save takes that long), and is removed.
const staleTemp = time.Hour

// removeStaleTemps deletes the hidden temporary files that killed saves
// left in dir. Only regular files named as writeAtomic names them go.
func removeStaleTemps(dir string, now time.Time) {
	matches, _ := filepath.Glob(filepath.Join(dir, ".tidings-*.tmp"))
	for _, m := range matches {
		fi, err := os.Lstat(m)
		if err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > staleTemp {
			_ = os.Remove(m)
		}
	}
}

// stem is the note's name without ".md"; its assets folder is stem+".assets".
func stem(name string) string {
	return strings.TrimSuffix(name, filepath.Ext(name))
}

// freeName returns the first name from base, base-2, base-3… (starting at
// suffix) that nothing in dir uses — not a file, a folder nor a symlink.
func freeName(dir, base string, suffix int) (string, int, error) {
	st := stem(base)
	for ; suffix <= maxSuffix; suffix++ {
		name := base
		if suffix > 1 {
			name = st + "-" + strconv.Itoa(suffix) + ".md"
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); errors.Is(err, fs.ErrNotExist) {
			return name, suffix, nil
		} else if err != nil && !errors.Is(err, fs.ErrExist) {
			return "", suffix, fmt.Errorf("cannot save in %s: %v", dir, pathErr(err))
		}
	}
	return "", suffix, fmt.Errorf("cannot save in %s: %s and %d others like it already exist", dir, base, maxSuffix-1)
}

// writeAtomic writes data to dir/name through a temporary file in dir that
// is synced and then renamed (or, for a fresh name, hard-linked so that a
// file created meanwhile is never overwritten). The folder is synced so
// that the rename survives a crash. On any error the earlier file, if any,
// is untouched and the temporary file is removed.
func writeAtomic(create func(dir, pattern string) (tempFile, error), dir, name string, data []byte, fresh bool) (err error) {
	target := filepath.Join(dir, name)
	mode := fs.FileMode(0o644)
	if fi, err := os.Lstat(target); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	f, err := create(dir, ".tidings-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %v", dir, pathErr(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %v (any earlier version is unchanged)", target, pathErr(err))
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %v (any earlier version is unchanged)", target, pathErr(err))
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v (any earlier version is unchanged)", target, pathErr(err))
	}
	if err = os.Chmod(tmp, mode); err != nil {
		return fmt.Errorf("cannot write %s: %v", target, pathErr(err))
	}
	if fresh {
		err = os.Link(tmp, target)
		switch {
		case err == nil:
			_ = os.Remove(tmp)
			return syncDir(dir)
		case errors.Is(err, fs.ErrExist):
			return errNameTaken
		}
		// Some file systems (FAT, some network shares) have no hard links:
		// check once more and rename.
		if _, lerr := os.Lstat(target); lerr == nil {
			return errNameTaken
		}
	}
	// rename(2) replaces the directory entry itself: a symlink at the
	// target is replaced, never followed.
	if err = os.Rename(tmp, target); err != nil {
		return fmt.Errorf("cannot write %s: %v", target, pathErr(err))
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. File systems that cannot sync a
// folder (some network shares) are not an error: the data itself is synced.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("cannot sync folder %s: %v", dir, pathErr(err))
	}
	return nil
}

// pathErr drops the operation and path of an *fs.PathError, which the
// messages here already name, keeping the reason ("permission denied").
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// sourceKey is the form of a URL compared to find an earlier note: the
// fragment does not make a different page.
func sourceKey(raw string) string {
	s := sanitize.Line(raw)
	if u, err := url.Parse(s); err == nil {
		u.Fragment = ""
		u.RawFragment = ""
		return u.String()
	}
	return s
}

// Key is the address that identifies a's note: the page's canonical
// address when it names one, else the address it was read from. Two pages
// sharing a key are still two notes unless they are the same story.
func Key(a *feed.Article) string {
	if c := canonicalOf(a); c != "" {
		return c
	}
	return sanitize.Line(a.URL)
}

// canonicalOf is a's canonical address when it differs from its URL.
func canonicalOf(a *feed.Article) string {
	if c := sanitize.Line(a.Canonical); c != "" && sourceKey(c) != sourceKey(a.URL) {
		return c
	}
	return ""
}

// noteKey is the address that identifies the note read back as h.
func (h noteHead) key() string {
	if h.Canonical != "" {
		return sourceKey(h.Canonical)
	}
	return sourceKey(h.Source)
}

// findSaved returns the path of the note in dir that Save may replace
// with a (see Save), asking lookup first and reading the notes of the
// folder otherwise, or "" when there is none. Symlinks and anything but
// regular files are skipped.
func findSaved(ctx context.Context, dir string, a *feed.Article, lookup func(context.Context, string) (string, error)) string {
	key := sourceKey(Key(a))
	if key == "" {
		return ""
	}
	replaceable := func(p string) bool {
		h := readHead(p)
		return h.SavedBy == savedBy && h.key() == key && sameStory(p, h, a)
	}
	if lookup != nil {
		if p, err := lookup(ctx, Key(a)); err == nil && p != "" {
			// The store keeps absolute paths; the folder may be relative (-o).
			absDir, _ := filepath.Abs(dir)
			if abs, _ := filepath.Abs(p); filepath.Dir(abs) == absDir && isRegular(abs) && replaceable(abs) {
				return filepath.Join(dir, filepath.Base(abs))
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if ctx.Err() != nil {
			return ""
		}
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if p := filepath.Join(dir, e.Name()); replaceable(p) {
			return p
		}
	}
	return ""
}

// maxNote bounds how much of an earlier note is read to compare its story.
const maxNote = 4 << 20

// sameStory reports whether the note at path (whose front matter is h)
// tells the same story as a: the same title, or mostly the same words in
// the same order. A headline rewritten after publication keeps the body;
// a corrected body keeps the headline; a different story sharing the
// page's canonical address has neither.
func sameStory(path string, h noteHead, a *feed.Article) bool {
	if t := foldSpace(sanitize.Line(a.Title)); t != "" && t == foldSpace(h.Title) {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, maxNote))
	if i := bytes.Index(b[min(3, len(b)):], []byte("\n---")); bytes.HasPrefix(b, []byte("---")) && i >= 0 {
		b = b[3+i+4:]
	}
	return sameWords(string(b), sanitize.Text(a.Markdown))
}

// foldSpace compares titles: case and runs of spaces do not count.
func foldSpace(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// shingleSize is the number of words in a row compared by sameWords; four
// words in a row are rarely shared by two different stories of one site
// except in boilerplate, which the article's body does not hold.
const shingleSize = 4

// sameWords reports whether most runs of shingleSize words of the
// shorter text appear in the other. Annotations added to a note only make
// it longer, so the shorter side is the one compared.
func sameWords(x, y string) bool {
	a, b := shingles(x), shingles(y)
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	shared := 0
	for s := range a {
		if b[s] {
			shared++
		}
	}
	return 2*shared >= len(a)
}

// shingles returns the set of runs of shingleSize words of s, in lower
// case, with Markdown punctuation and link addresses counting as
// separators.
func shingles(s string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	set := map[string]bool{}
	for i := 0; i+shingleSize <= len(words); i++ {
		set[strings.Join(words[i:i+shingleSize], " ")] = true
	}
	if len(words) > 0 && len(words) < shingleSize {
		set[strings.Join(words, " ")] = true
	}
	return set
}

func isRegular(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode().IsRegular()
}

// maxFrontMatter bounds how much of a note is read to find its source.
const maxFrontMatter = 64 << 10

// SourceOf returns the "source" field of the front matter of the note at
// path, or "" when the file has none or cannot be read.
func SourceOf(path string) string { return readHead(path).Source }

// noteHead is what Save reads back from an earlier note.
type noteHead struct {
	Title     string `yaml:"title"`
	Source    string `yaml:"source"`
	Canonical string `yaml:"canonical"`
	Created   string `yaml:"created"`
	SavedBy   string `yaml:"saved_by"`
}

// readHead parses the front matter of the note at path; fields are empty
// when the file has none or cannot be read.
func readHead(path string) (h noteHead) {
	f, err := os.Open(path)
	if err != nil {
		return h
	}
	defer f.Close()
	// Most front matter fits in the first 4 KB; a folder of thousands of
	// notes is scanned at each new save, so read more only when needed.
	head := make([]byte, 4<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if !bytes.HasPrefix(head, []byte("---\n")) && !bytes.HasPrefix(head, []byte("---\r\n")) {
		return h
	}
	if n == len(head) && !bytes.Contains(head[3:], []byte("\n---")) {
		more, _ := io.ReadAll(io.LimitReader(f, maxFrontMatter-int64(n)))
		head = append(head, more...)
	}
	head = bytes.ReplaceAll(head, []byte("\r\n"), []byte("\n"))
	end := bytes.Index(head[3:], []byte("\n---\n"))
	if end < 0 {
		if !bytes.HasSuffix(head, []byte("\n---")) {
			return h
		}
		end = len(head) - 3 - 4 // a note that is only front matter
	}
	err = yaml.Unmarshal(head[4:3+end+1], &h)
	var te *yaml.TypeError
	if err != nil && !errors.As(err, &te) {
		// Not YAML at all; a field of an unexpected type (a user's edit)
		// still leaves the others read.
		return noteHead{}
	}
	return h
}
