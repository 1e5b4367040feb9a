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

	"github.com/tidings-app/tidings/feed"
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
	case o.pageURL != "" && (len(sources) != 1 || isURL(sources[0])):
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
	target := saveTarget{dir: cfg.SaveDir}
	if o.out != "" {
		if isNoteFile(o.out) {
			if o.starred || len(sources) > 1 {
				return usagef("-o %s is a file: give a folder to save several notes", o.out)
			}
			if clobbersNonNote(o.out) {
				return usagef("-o %s exists and is not a Markdown note, so saving would destroy it: give a .md file or a folder", o.out)
			}
			target = saveTarget{file: o.out}
		} else {
			target = saveTarget{dir: o.out}
		}
	}

	ctx := cmd.Context()
	s := &saver{target: target, images: o.images, out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr()}
	// The store is needed for story ids and --starred; otherwise it is
	// used only when it already exists, so that saving a file does not
	// create a database.
	dbPath := g.databasePath(cfg)
	needStore := o.starred
	for _, src := range sources {
		if isStoryID(src) {
			needStore = true
		}
	}
	if _, err := os.Stat(dbPath); needStore || err == nil {
		st, err := store.Open(dbPath)
		if err != nil {
			if needStore {
				return err
			}
		} else {
			defer st.Close()
			s.st = st
		}
	}

	s.lib = newLibrary(cfg, s.st, nil)
	if o.starred {
		return s.saveStarred(ctx)
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

// saver saves articles for one run of the command.
type saver struct {
	lib         *library.Library
	st          *store.Store // nil when there is no database
	target      saveTarget
	images      bool
	out, errOut io.Writer
}

// saveSource saves one SOURCE of the command line.
func (s *saver) saveSource(cmd *cobra.Command, src string, base *url.URL) error {
	ctx := cmd.Context()
	if isStoryID(src) {
		id, _ := strconv.ParseInt(src, 10, 64)
		story, err := s.st.Story(ctx, id)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("story %d: not in the store (ids are shown by 'tidings list')", id)
			}
			return err
		}
		return s.saveStory(ctx, story)
	}
	if isURL(src) {
		if story, ok := s.storyByURL(ctx, src); ok {
			return s.saveStory(ctx, story)
		}
	}
	name := sourceName(src)
	page, ctype, final, err := loadSourceWith(cmd, s.lib.Client(), src)
	if err != nil {
		return err
	}
	if final != nil {
		base = final
	}
	key := ""
	if isURL(src) {
		key = src
	}
	a, err := s.lib.Clean(ctx, key, page, ctype, base)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return s.write(ctx, library.SanitizeArticle(a), nil)
}

// storyByURL finds the stored story whose link is u, for its feed's tags.
func (s *saver) storyByURL(ctx context.Context, u string) (feed.Story, bool) {
	if s.st == nil {
		return feed.Story{}, false
	}
	stories, err := s.st.Stories(ctx, store.Query{})
	if err != nil {
		return feed.Story{}, false
	}
	for _, st := range stories {
		if st.URL == u {
			full, err := s.st.Story(ctx, st.ID)
			if err != nil {
				return st, true
			}
			return full, true
		}
	}
	return feed.Story{}, false
}

// saveStory saves a stored story: its cached article, else the page
// fetched and cleaned now, else the content its feed carried.
func (s *saver) saveStory(ctx context.Context, story feed.Story) error {
	warn := func(msg string) { fmt.Fprintln(s.errOut, "tidings: "+msg) }
	res, err := s.lib.SaveStory(ctx, story, nil, library.SaveOptions{Images: s.images, Dir: s.target.dir, File: s.target.file, Warn: warn})
	if err != nil {
		return err
	}
	return s.report(res)
}

// saveStarred saves every starred story whose note is not there yet.
func (s *saver) saveStarred(ctx context.Context) error {
	stories, err := s.st.Stories(ctx, store.Query{StarredOnly: true})
	if err != nil {
		return err
	}
	failed, todo := 0, 0
	for _, story := range stories {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if p, err := s.st.SavedPath(ctx, story.URL); err == nil && p != "" && note.SourceOf(p) != "" {
			continue
		}
		todo++
		full, err := s.st.Story(ctx, story.ID)
		if err == nil {
			err = s.saveStory(ctx, full)
		}
		if err != nil {
			failed++
			fmt.Fprintln(s.errOut, "tidings: "+sanitize.Line(err.Error()))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d starred stories not saved", failed, todo)
	}
	// Nothing printed on stdout would otherwise look like a silent failure.
	switch {
	case len(stories) == 0:
		fmt.Fprintln(s.errOut, "No starred stories to save: in the reader ('tidings'), * stars a story.")
	case todo == 0:
		fmt.Fprintf(s.errOut, "Every starred story is saved already (%d); 'tidings save ID' saves one again.\n", len(stories))
	}
	return nil
}

// write saves an article that is not a stored story and reports it.
func (s *saver) write(ctx context.Context, a *feed.Article, tags []string) error {
	res, err := s.lib.SaveArticle(ctx, a, tags, library.SaveOptions{Images: s.images, Dir: s.target.dir, File: s.target.file})
	if err != nil {
		return err
	}
	return s.report(res)
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
