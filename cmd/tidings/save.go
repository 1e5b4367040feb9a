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

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/fetch"
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
	s := &saver{cfg: cfg, target: target, images: o.images, out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr()}
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
	cfg         *config.Config
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
	page, ctype, final, err := loadSourceWith(cmd, feedClient(s.cfg), src)
	if err != nil {
		return err
	}
	if final != nil {
		base = final
	}
	if err := checkHTML(page, ctype); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	a, err := extractPage(s.cfg, page, ctype, base)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if isURL(src) && s.st != nil && base != nil {
		// A cache; failing to fill it loses nothing.
		_ = s.st.PutArticlePage(ctx, src, a, &store.Page{Body: page, ContentType: ctype, URL: base.String(), Cleaner: cleanerID(s.cfg, base.String())})
	}
	return s.write(ctx, sanitizeArticle(a), nil)
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
	res, err := saveStoryNote(ctx, s.cfg, s.st, story, nil, saveArticleOptions{Images: s.images, Dir: s.target.dir, File: s.target.file, Warn: warn})
	if err != nil {
		return err
	}
	return s.report(res)
}

// saveStoryNote saves a stored story as a note with its feed's tags and
// records where in the store, under the article's URL and the feed's
// link. a is the story's cleaned article when the caller has it (the
// reader), else nil to load it. The TUI's save key calls this through its
// backend: Backend.Save(ctx, s, a) is saveStoryNote(ctx, cfg, st, s, a,
// saveArticleOptions{}) returning res.Path.
func saveStoryNote(ctx context.Context, cfg *config.Config, st *store.Store, story feed.Story, a *feed.Article, o saveArticleOptions) (*note.Result, error) {
	if a == nil {
		var err error
		if a, err = storyArticle(ctx, st, cfg, story, o.Warn); err != nil {
			return nil, err
		}
	} else {
		a = sanitizeArticle(fillFromStory(a, story))
	}
	res, err := saveArticle(ctx, cfg, st, a, story.FeedTags, o)
	if err != nil {
		return nil, err
	}
	if st != nil && story.URL != "" && story.URL != note.Key(a) {
		// The page may name itself differently (a canonical URL, shared by
		// other stories); --starred looks the story up by the feed's link.
		_ = st.SetSavedPath(ctx, story.URL, absPath(res.Path))
	}
	return res, nil
}

// storyArticle returns the cleaned article of a stored story, caching it
// when st is not nil.
//
// warn, when not nil, hears why the page itself could not be used when the
// feed's content is saved instead.
func storyArticle(ctx context.Context, st *store.Store, cfg *config.Config, story feed.Story, warn func(string)) (*feed.Article, error) {
	name := sanitize.Line(story.URL)
	if name == "" {
		name = fmt.Sprintf("story %d", story.ID)
	}
	if st != nil && story.URL != "" {
		if a, ok, err := st.Article(ctx, story.URL); err == nil && ok {
			return sanitizeArticle(fillFromStory(a, story)), nil
		}
	}
	u, _ := url.Parse(story.URL)
	var a *feed.Article
	var page *store.Page
	var fetchErr error
	fromFeed := false
	if story.URL != "" {
		resp, err := feedClient(cfg).Get(ctx, story.URL)
		if err == nil {
			if err = checkHTML(resp.Body, resp.ContentType); err == nil {
				final, _ := url.Parse(resp.URL)
				a, err = extractPage(cfg, resp.Body, resp.ContentType, final)
				page = &store.Page{Body: resp.Body, ContentType: resp.ContentType, URL: resp.URL, Cleaner: cleanerID(cfg, resp.URL)}
			}
		}
		fetchErr = err
	}
	if a == nil && story.Content == "" && story.Summary == "" && st != nil && story.ID != 0 {
		// Lists load stories without their content; the fallback needs it.
		if full, err := st.Story(ctx, story.ID); err == nil {
			story.Content, story.Summary = full.Content, full.Summary
		}
	}
	if a == nil && (story.Content != "" || story.Summary != "") {
		// Offline or a broken page: what the feed carried is still worth keeping.
		content := story.Content
		if content == "" {
			content = story.Summary
		}
		if fa, err := extract.Fragment(content, u); err == nil {
			if warn != nil && fetchErr != nil {
				warn(fmt.Sprintf("story %d: the page could not be used (%s); saved the text its feed carried",
					story.ID, sanitize.Line(fetchErr.Error())))
			}
			a, fetchErr, fromFeed = fa, nil, true
		}
	}
	if a == nil {
		if fetchErr == nil {
			fetchErr = errors.New("no address and no content to save")
		}
		if strings.HasPrefix(fetchErr.Error(), name) {
			return nil, fetchErr
		}
		return nil, fmt.Errorf("%s: %w", name, fetchErr)
	}
	if st != nil && story.URL != "" && !fromFeed {
		// Only the page's own article is cached: the feed's text in its
		// place would hide the page for good once it is back.
		_ = st.PutArticlePage(ctx, story.URL, a, page)
	}
	a = fillFromStory(a, story)
	if fromFeed {
		// As the reader shows it: the feed names the site and the item's
		// categories are its tags.
		a = fillFromFeed(a, story)
	}
	return sanitizeArticle(a), nil
}

// fillFromStory completes an article's metadata with what the feed said.
func fillFromStory(a *feed.Article, story feed.Story) *feed.Article {
	c := *a
	if c.Title == "" {
		c.Title = story.Title
	}
	if len(c.Authors) == 0 {
		c.Authors = story.Authors
	}
	if c.Published.IsZero() {
		c.Published = story.Published
	}
	if c.URL == "" {
		c.URL = story.URL
	}
	if c.Image == "" {
		c.Image = story.Image
	}
	return &c
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
	res, err := saveArticle(ctx, s.cfg, s.st, a, tags, saveArticleOptions{Images: s.images, Dir: s.target.dir, File: s.target.file})
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

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// saveArticleOptions adjust saveArticle; the zero value saves in save_dir
// without images.
type saveArticleOptions struct {
	// Dir or File override the config's save_dir.
	Dir, File string
	Images    bool
	// Warn, when not nil, is told when a stored story is saved from its
	// feed's content because its page could not be used.
	Warn func(string)
}

// saveArticle saves a as a note where the config says (or o overrides),
// with the feed's tags, asking the store where the URL was saved before
// and recording where it is now. The TUI's save key goes through here too.
func saveArticle(ctx context.Context, cfg *config.Config, st *store.Store, a *feed.Article, tags []string, o saveArticleOptions) (*note.Result, error) {
	dir := o.Dir
	if dir == "" && o.File == "" {
		dir = cfg.SaveDir
	}
	no := note.Options{Dir: dir, File: o.File, Tags: tags, Images: o.Images}
	if o.Images {
		client := fetch.New(fetch.Options{UserAgent: cfg.UserAgent, MaxBytes: note.DefaultMaxImageBytes})
		no.Fetch = func(ctx context.Context, u string) ([]byte, string, error) {
			resp, err := client.Get(ctx, u)
			if err != nil {
				return nil, "", err
			}
			return resp.Body, resp.ContentType, nil
		}
	}
	if st != nil {
		no.SavedPath = st.SavedPath
	}
	res, err := note.Save(ctx, a, no)
	if err != nil {
		return nil, err
	}
	if key := note.Key(a); st != nil && key != "" {
		// The note is written; failing to record it only loses the
		// shortcut to find it again, which a scan of the folder replaces.
		_ = st.SetSavedPath(ctx, key, absPath(res.Path))
	}
	return res, nil
}
