package library

// Saving articles as Markdown notes.

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/note"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// SaveOptions adjust a save; the zero value saves in the options'
// SaveDir without images.
type SaveOptions struct {
	// Dir or File override SaveDir.
	Dir, File string
	// Images downloads the images beside the note.
	Images bool
	// Warn, when not nil, is told when a stored story is saved from its
	// feed's content because its page could not be used.
	Warn func(string)
}

// Save writes the story's article as a Markdown note in SaveDir, as
// `tidings save` does, and returns the note's absolute path. a is what
// Article returned for s, already filled from the story and safe to
// write; nil loads it.
func (l *Library) Save(ctx context.Context, s feed.Story, a *feed.Article) (string, error) {
	res, err := l.SaveStory(ctx, s, a, SaveOptions{})
	if err != nil {
		return "", err
	}
	return absPath(res.Path), nil
}

// SaveStory saves a stored story as a note with its feed's tags and
// records where in the store, under the article's URL and the feed's
// link. a is the story's article from Article when the caller has it (the
// reader), else nil to load it.
func (l *Library) SaveStory(ctx context.Context, story feed.Story, a *feed.Article, o SaveOptions) (*note.Result, error) {
	if a == nil {
		var err error
		if a, err = l.articleToSave(ctx, story, o.Warn); err != nil {
			return nil, err
		}
	}
	res, err := l.SaveArticle(ctx, a, story.FeedTags, o)
	if err != nil {
		return nil, err
	}
	if l.st != nil && story.URL != "" && story.URL != note.Key(a) {
		// The page may name itself differently (a canonical URL, shared by
		// other stories); --starred looks the story up by the feed's link.
		_ = l.st.SetSavedPath(ctx, story.URL, absPath(res.Path))
	}
	return res, nil
}

// articleToSave is Article for a save: errors name the story, and warn
// (when not nil) hears why the page itself could not be used when the
// feed's content is saved instead.
func (l *Library) articleToSave(ctx context.Context, story feed.Story, warn func(string)) (*feed.Article, error) {
	a, pageErr, err := l.storyArticle(ctx, story, false)
	if err != nil {
		name := sanitize.Line(story.URL)
		if name == "" {
			name = fmt.Sprintf("story %d", story.ID)
		}
		if errors.Is(err, errNoAddress) {
			err = errors.New("no address and no content to save")
		}
		if strings.HasPrefix(err.Error(), name) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if pageErr != nil && warn != nil {
		warn(fmt.Sprintf("story %d: the page could not be used (%s); saved the text its feed carried",
			story.ID, sanitize.Line(pageErr.Error())))
	}
	return a, nil
}

// SaveArticle saves a as a note in SaveDir (or where o says), with the
// feed's tags, asking the store where the URL was saved before and
// recording where it is now. The store may be nil: a page saved from a
// file needs no database.
func (l *Library) SaveArticle(ctx context.Context, a *feed.Article, tags []string, o SaveOptions) (*note.Result, error) {
	dir := o.Dir
	if dir == "" && o.File == "" {
		dir = l.o.SaveDir
	}
	no := note.Options{Dir: dir, File: o.File, Tags: tags, Images: o.Images}
	if o.Images {
		client := l.Client().WithLimits(0, note.DefaultMaxImageBytes)
		no.Fetch = func(ctx context.Context, u string) ([]byte, string, error) {
			resp, err := client.Get(ctx, u)
			if err != nil {
				return nil, "", err
			}
			return resp.Body, resp.ContentType, nil
		}
	}
	if l.st != nil {
		no.SavedPath = l.st.SavedPath
	}
	res, err := note.Save(ctx, a, no)
	if err != nil {
		return nil, err
	}
	if key := note.Key(a); l.st != nil && key != "" {
		// The note is written; failing to record it only loses the
		// shortcut to find it again, which a scan of the folder replaces.
		_ = l.st.SetSavedPath(ctx, key, absPath(res.Path))
	}
	return res, nil
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// SavePage saves the page at src as a note: as the stored story it is
// when a feed listed its address (with the feed's tags and the story's
// cached article), else as the page read and cleaned now.
func (l *Library) SavePage(ctx context.Context, src Source, o SaveOptions) (*note.Result, error) {
	if IsURL(src.Name) && l.st != nil {
		if story, err := l.st.StoryByURL(ctx, src.Name); err == nil {
			return l.SaveStory(ctx, story, nil, o)
		}
	}
	a, err := l.ReadPage(ctx, src)
	if err != nil {
		return nil, err
	}
	return l.SaveArticle(ctx, a, nil, o)
}

// SaveStoryID saves the stored story with this id (SaveStory).
func (l *Library) SaveStoryID(ctx context.Context, id int64, o SaveOptions) (*note.Result, error) {
	if l.st == nil {
		return nil, fmt.Errorf("story %d: no database to find it in", id)
	}
	story, err := l.st.Story(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("story %d: not in the store (ids are shown by 'tidings list')", id)
	}
	if err != nil {
		return nil, err
	}
	return l.SaveStory(ctx, story, nil, o)
}

// StarredSummary counts what SaveStarred did: of the Starred stories,
// ToSave had no note yet and Failed of them could not be saved.
type StarredSummary struct {
	Starred, ToSave, Failed int
}

// SaveStarred saves every starred story whose note is not there yet,
// telling saved about each one it tried (a note written, or why not); a
// story whose report fails (saved returns an error) counts as failed
// too. The error is for a run that could not go through the stories.
func (l *Library) SaveStarred(ctx context.Context, o SaveOptions, saved func(*note.Result, error) error) (StarredSummary, error) {
	var sum StarredSummary
	stories, err := l.st.Stories(ctx, store.Query{StarredOnly: true})
	if err != nil {
		return sum, err
	}
	sum.Starred = len(stories)
	for _, story := range stories {
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		if p, err := l.st.SavedPath(ctx, story.URL); err == nil && p != "" && note.SourceOf(p) != "" {
			continue
		}
		sum.ToSave++
		var res *note.Result
		full, err := l.st.Story(ctx, story.ID)
		if err == nil {
			res, err = l.SaveStory(ctx, full, nil, o)
		}
		if saved(res, err) != nil {
			sum.Failed++
		}
	}
	return sum, nil
}
