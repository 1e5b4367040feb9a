package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/note"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// saveOptions are the flags of `tidings save`.
type saveOptions struct {
	out     string
	pageURL string
	images  bool
	starred bool
}

func newSaveCmd(g *globals) *cobra.Command {
	var o saveOptions
	cmd := &cobra.Command{
		Use:   "save SOURCE…",
		Short: "Save articles as Markdown notes (Obsidian-style front matter)",
		Long: `Save cleans each SOURCE down to its article and writes it as a Markdown note:
YAML front matter (title, source, author, published, created, site,
description, tags, language, word_count), the title as a heading, then the
text with absolute links and the images with their captions.

SOURCE is an http(s) URL, a file (a saved page or a text dump), - for
standard input, or the id of a stored story. Notes go to save_dir from the
config (default ~/Documents/tidings, honouring XDG_DOCUMENTS_DIR), named
YYYY-MM-DD-title.md. Saving the same story again updates its note in
place; a note tidings did not write, or one of another story that the
page claims as its canonical address, is never replaced.

--starred saves every starred story that has no note yet. --images
downloads the images into <note>.assets/ beside the note so that it reads
offline. The path of each note written is printed, one per line.

Exit status: 0 when every source was saved; 1 when one could not be (the
others are still saved); 2 on a usage error.`,
		Example: `  tidings save https://www.example.com/news/2024/03/23/story
  tidings save -o ~/vault/News --images https://www.example.com/story
  tidings save --url https://www.example.com/story -o story.md saved-page.html
  tidings save 1234            # a story from 'tidings list'
  tidings save --starred`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSave(cmd, g, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "", "folder to save in, or a .md file for a single source (default: save_dir)")
	f.StringVar(&o.pageURL, "url", "", "the page's address, for a file or stdin (resolves links, fills source)")
	f.BoolVar(&o.images, "images", false, "download the images into <note>.assets/ and link them relatively")
	f.BoolVar(&o.starred, "starred", false, "save every starred story not saved yet")
	return cmd
}

// saveTarget is where notes go: a folder, or one exact file.
type saveTarget struct {
	dir, file string
}

func runSave(cmd *cobra.Command, g *globals, o saveOptions, sources []string) error {
	switch {
	case o.starred && len(sources) > 0:
		return usagef("--starred saves the starred stories; give no SOURCE with it")
	case !o.starred && len(sources) == 0:
		return usagef("expected at least one SOURCE (a URL, a file, - or a story id), or --starred")
	case o.pageURL != "" && (len(sources) != 1 || library.IsURL(sources[0])):
		return usagef("--url is for a single file or stdin source")
	case slices.Contains(sources, ""):
		return usagef("a SOURCE is empty: give a URL, a file, - or a story id")
	}
	var base *url.URL
	if o.pageURL != "" {
		u, err := url.Parse(o.pageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--url %q: give an absolute http(s) URL", o.pageURL)
		}
		base = u
	}
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	target, err := saveTargetOf(o, cfg.SaveDir, len(sources))
	if err != nil {
		return err
	}
	st, err := openSaveStore(g.databasePath(cfg), o.starred || slices.ContainsFunc(sources, isStoryID))
	if err != nil {
		return err
	}
	if st != nil {
		defer st.Close()
	}
	s := &saver{lib: newLibrary(cfg, st, nil), out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr()}
	s.opts = library.SaveOptions{Images: o.images, Dir: target.dir, File: target.file,
		Warn: func(msg string) { fmt.Fprintln(s.errOut, "tidings: "+msg) }}
	if o.starred {
		return s.saveStarred(cmd.Context())
	}
	failed := 0
	for _, src := range sources {
		if err := s.saveSource(cmd, src, base); err != nil {
			failed++
			if len(sources) == 1 {
				return err
			}
			fmt.Fprintln(s.errOut, "tidings: "+sanitize.Line(err.Error()))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sources not saved", failed, len(sources))
	}
	return nil
}

// saveTargetOf is where -o puts the notes of n sources (or the starred
// stories), else saveDir.
func saveTargetOf(o saveOptions, saveDir string, n int) (saveTarget, error) {
	switch {
	case o.out == "":
		return saveTarget{dir: saveDir}, nil
	case !isNoteFile(o.out):
		return saveTarget{dir: o.out}, nil
	case o.starred || n > 1:
		return saveTarget{}, usagef("-o %s is a file: give a folder to save several notes", o.out)
	case clobbersNonNote(o.out):
		return saveTarget{}, usagef("-o %s exists and is not a Markdown note, so saving would destroy it: give a .md file or a folder", o.out)
	}
	return saveTarget{file: o.out}, nil
}

// openSaveStore opens the database when needed (story ids, --starred);
// otherwise only when it already exists, so that saving a file does not
// create a database. It is nil when there is none to use.
func openSaveStore(path string, need bool) (*store.Store, error) {
	if _, err := os.Stat(path); !need && err != nil {
		return nil, nil
	}
	st, err := store.Open(path)
	if err != nil && !need {
		return nil, nil
	}
	return st, err
}

// isNoteFile tells -o FILE from -o DIR: what exists is what it is, and a
// new name ending in .md or .markdown is a file.
func isNoteFile(p string) bool {
	if fi, err := os.Stat(p); err == nil {
		return !fi.IsDir()
	}
	if strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator)) {
		return false
	}
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".md" || ext == ".markdown"
}

// clobbersNonNote reports an -o file that exists but is neither named
// as Markdown nor a note tidings wrote: most likely the saved page being
// saved ("tidings save -o page.html page.html"), which must survive.
func clobbersNonNote(p string) bool {
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".md", ".markdown":
		return false
	}
	return note.SourceOf(p) == ""
}

// isStoryID reports a source that names a stored story rather than a file:
// all digits and no such file.
func isStoryID(src string) bool {
	if _, err := strconv.ParseInt(src, 10, 64); err != nil {
		return false
	}
	_, err := os.Stat(src)
	return errors.Is(err, fs.ErrNotExist)
}

// saver saves articles for one run of the command and prints what it did.
type saver struct {
	lib         *library.Library
	opts        library.SaveOptions
	out, errOut io.Writer
}

// saveSource saves one SOURCE of the command line.
func (s *saver) saveSource(cmd *cobra.Command, src string, base *url.URL) error {
	ctx := cmd.Context()
	var res *note.Result
	var err error
	if isStoryID(src) {
		id, _ := strconv.ParseInt(src, 10, 64)
		res, err = s.lib.SaveStoryID(ctx, id, s.opts)
	} else {
		res, err = s.lib.SavePage(ctx, library.Source{Name: src, Stdin: cmd.InOrStdin(), Base: base}, s.opts)
	}
	if err != nil {
		return err
	}
	return s.report(res)
}

// saveStarred saves every starred story whose note is not there yet.
func (s *saver) saveStarred(ctx context.Context) error {
	sum, err := s.lib.SaveStarred(ctx, s.opts, func(res *note.Result, err error) error {
		if err == nil {
			err = s.report(res)
		}
		if err != nil {
			fmt.Fprintln(s.errOut, "tidings: "+sanitize.Line(err.Error()))
		}
		return err
	})
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d starred stories not saved", sum.Failed, sum.ToSave)
	}
	// Nothing printed on stdout would otherwise look like a silent failure.
	switch {
	case sum.Starred == 0:
		fmt.Fprintln(s.errOut, "No starred stories to save: in the reader ('tidings'), * stars a story.")
	case sum.ToSave == 0:
		fmt.Fprintf(s.errOut, "Every starred story is saved already (%d); 'tidings save ID' saves one again.\n", sum.Starred)
	}
	return nil
}

// report prints the path of the note written, and on stderr the images
// that could not be saved.
func (s *saver) report(res *note.Result) error {
	for _, e := range res.ImageErrors {
		fmt.Fprintln(s.errOut, "tidings: image not saved: "+sanitize.Line(e.Error()))
	}
	_, err := fmt.Fprintln(s.out, res.Path)
	return err
}
