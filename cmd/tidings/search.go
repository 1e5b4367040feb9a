package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// errNoMatch is search's answer when nothing matches: exit status 1, so a
// script can tell.
var errNoMatch = errors.New("no stories match")

func newSearchCmd(g *globals) *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search every stored story and cached article",
		Long: `Search the titles, feeds, authors and text of the stored stories (the cleaned
article's text when it is cached, else the feed's own), best matches first.
One line per story: date, feed, title and ID ('tidings read ID'). Exit status 1
with "no stories match" when none does.

The query: words a story must all have; word* for words that start so;
"two words" for the words together; -word for stories without it. Filters:
site:bbc.co.uk, author:name, feed:name (part of its title or URL), tag:name,
is:unread, is:read, is:starred, before:DATE and after:DATE (2024-05-01, 2024-05,
2024, today, yesterday, 7d, 2w; before excludes the day, after includes it).
A query of filters alone lists its stories newest first.

--json prints an array of {id, title, url, feed, feed_id, tags, authors,
published, read, starred}, as 'tidings list --json' does.`,
		Example: `  tidings search ferry strike
  tidings search '"central bank" after:2024-05 is:unread'
  tidings search author:smith site:bbc.co.uk --json | jq -r '.[].url'`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("expected a query, like 'tidings search ferry strike'")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usagef("--limit must be 0 (the default, %d) or more, not %d", store.DefaultSearchLimit, limit)
			}
			query := strings.Join(args, " ")
			// A query the syntax refuses is the user's to fix: a usage error.
			if _, err := store.ParseSearch(query, time.Now()); err != nil {
				return usageErr(err)
			}
			ctx := cmd.Context()
			cfg, st, err := g.openSubscriptions(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			stories, err := newLibrary(cfg, st, nil).Search(ctx, query, limit)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if err := writeStoriesJSON(out, stories); err != nil {
					return err
				}
			} else {
				tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				now := time.Now()
				for _, s := range stories {
					date := s.Published
					if date.IsZero() {
						date = s.FirstSeen
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", storyDate(date, now), truncate(sanitize.Line(s.FeedTitle), 24),
						truncate(sanitize.Line(s.Title), 100), s.ID)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if len(stories) == 0 {
				return errNoMatch
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVarP(&limit, "limit", "n", 0, fmt.Sprintf("at most this many stories (default %d)", store.DefaultSearchLimit))
	f.BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
}
