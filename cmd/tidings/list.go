package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/sanitize"
)

type listOptions struct {
	unread, starred, asJSON bool
	feed, tag               string
	limit                   int
}

func newListCmd(g *globals) *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List stored stories, newest first",
		Long: `List the stories in the database, newest first, without touching the network
('tidings fetch' downloads new ones). Unread stories are marked with *, starred
ones with a star. The ID opens or saves a story ('tidings save ID').

--json prints an array of {id, title, url, feed, feed_id, tags, authors,
published, read, starred}; published is RFC 3339 or empty.`,
		Example: `  tidings list --unread
  tidings list --feed 3 --json | jq -r '.[].url'`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd, g, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.unread, "unread", false, "only unread stories")
	f.BoolVar(&o.starred, "starred", false, "only starred stories")
	f.StringVar(&o.feed, "feed", "", "only this feed: its number in 'feeds list', its URL or part of its title")
	f.StringVar(&o.tag, "tag", "", "only feeds with this tag")
	f.IntVarP(&o.limit, "limit", "n", 0, "at most this many stories (default: all; 50 on a terminal without --json)")
	f.BoolVar(&o.asJSON, "json", false, "print a JSON array")
	return cmd
}

func runList(cmd *cobra.Command, g *globals, o listOptions) error {
	ctx := cmd.Context()
	cfg, st, err := g.openSubscriptions(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if o.limit < 0 {
		return usagef("--limit must be 0 (all) or more, not %d", o.limit)
	}
	sel := library.Selection{UnreadOnly: o.unread, StarredOnly: o.starred, Feed: o.feed, Tag: o.tag, Limit: o.limit}
	out := cmd.OutOrStdout()
	capped := false
	if f, ok := out.(*os.File); ok && sel.Limit == 0 && !o.asJSON && isTerminal(f) {
		// A screenful on a terminal; pipes and scripts get everything.
		sel.Limit, capped = terminalListLimit+1, true
	}
	list, err := newLibrary(cfg, st, nil).ListStories(ctx, sel)
	if err != nil {
		return feedRefErr(err)
	}
	stories := list.Stories
	if o.asJSON {
		return writeStoriesJSON(out, stories)
	}
	if len(stories) == 0 {
		if list.NoFeeds {
			// Nothing to fetch either: say how to follow something.
			fmt.Fprintln(out, noSubscriptions)
			return nil
		}
		fmt.Fprintln(out, noStoriesMessage(o, list.FeedTitle))
		return nil
	}
	more := capped && len(stories) > terminalListLimit
	if more {
		stories = stories[:terminalListLimit]
	}
	if err := writeStoriesTable(out, stories, time.Now()); err != nil {
		return err
	}
	if more {
		fmt.Fprintf(out, "(the newest %d; --limit N shows more, a pipe shows all)\n", terminalListLimit)
	}
	return nil
}

// noSubscriptions is what the commands that list feeds or stories say
// when there are no feeds at all.
const noSubscriptions = "No subscriptions: add one with 'tidings feeds add URL' or 'tidings import FILE.opml', " +
	"or open the reader ('tidings') once to start with a few well-known news feeds."

// noStoriesMessage says which stories there are none of, so that
// "--starred" with nothing starred does not read as an empty database, and
// what would bring some.
func noStoriesMessage(o listOptions, feedTitle string) string {
	var b strings.Builder
	b.WriteString("No ")
	if o.unread {
		b.WriteString("unread ")
	}
	if o.starred {
		b.WriteString("starred ")
	}
	b.WriteString("stories")
	if feedTitle != "" {
		fmt.Fprintf(&b, " in %q", sanitize.Line(feedTitle))
	}
	if o.tag != "" {
		fmt.Fprintf(&b, " tagged %q", o.tag)
	}
	if o.starred {
		b.WriteString(": in the reader ('tidings'), * stars a story.")
	} else {
		b.WriteString(": 'tidings fetch' downloads new ones.")
	}
	return b.String()
}

// terminalListLimit is how many stories list shows on a terminal by default.
const terminalListLimit = 50

func writeStoriesTable(w io.Writer, stories []feed.Story, now time.Time) error {
	tw := newColumns(w)
	fmt.Fprintln(tw, "ID\t\tDATE\tFEED\tTITLE")
	for _, s := range stories {
		mark := " "
		if !s.Read {
			mark = "*"
		}
		if s.Starred {
			mark += "★"
		}
		date := s.Published
		if date.IsZero() {
			date = s.FirstSeen
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", s.ID, mark, storyDate(date, now), truncate(sanitize.Line(s.FeedTitle), 24),
			truncate(sanitize.Line(s.Title), 100))
	}
	return tw.Flush()
}

// storyDate is a short local date: the time for today, the day otherwise.
func storyDate(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	t, now = t.Local(), now.Local()
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("Jan _2")
	default:
		return t.Format("2006-01-02")
	}
}

type storyJSON struct {
	ID        int64    `json:"id"`
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Feed      string   `json:"feed"`
	FeedID    int64    `json:"feed_id"`
	Tags      []string `json:"tags"`
	Authors   []string `json:"authors"`
	Published string   `json:"published"`
	Read      bool     `json:"read"`
	Starred   bool     `json:"starred"`
}

func writeStoriesJSON(w io.Writer, stories []feed.Story) error {
	out := make([]storyJSON, 0, len(stories))
	for _, s := range stories {
		j := storyJSON{ID: s.ID, Title: sanitize.Line(s.Title), URL: sanitize.Line(s.URL), Feed: sanitize.Line(s.FeedTitle),
			FeedID: s.FeedID, Tags: sanitizeList(s.FeedTags), Authors: sanitizeList(s.Authors), Read: s.Read, Starred: s.Starred}
		if !s.Published.IsZero() {
			j.Published = s.Published.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
