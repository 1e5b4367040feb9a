package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/refresh"
	"github.com/tidings-app/tidings/feed/sanitize"
)

func newFetchCmd(g *globals) *cobra.Command {
	var force, quiet, articles bool
	cmd := &cobra.Command{
		Use:   "fetch [FEED...]",
		Short: "Download new stories from every feed (or the feeds named)",
		Long: `Download new stories from every subscription, several feeds at once but at
most 2 requests at a time to any one server ([refresh] workers and per_host in
the config). A feed that has not changed costs one request answered "304 Not
Modified". A server that asks to be left alone (HTTP 429 or 503 with
Retry-After, for at most a day) is left alone until then, also when its feed
is named; --force fetches it anyway.

A progress bar is shown on stderr when it is a terminal, then one summary
line: feeds, new stories, and each failure with its reason. The exit status is
0 when some feeds failed, 1 only when all of them did. Read, unstarred
stories older than keep_days are pruned afterwards.

With --articles (or [refresh] articles = true in the config) the pages of the
new stories are downloaded and cleaned too, within the same limits, so that
they read without the network; the list marks them.

FEED is a number from 'tidings feeds list', a URL or part of a title.`,
		Example: `  tidings fetch
  */30 * * * * tidings fetch --quiet   # in a crontab
  tidings fetch --articles              # before a train ride`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFetch(cmd, g, args, fetchFlags{force: force, quiet: quiet, articles: articles})
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "also fetch feeds whose server asked to wait (Retry-After)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing unless a feed fails (then the summary and the failures)")
	cmd.Flags().BoolVar(&articles, "articles", false, "also download and clean the articles of new stories, to read offline")
	return cmd
}

// fetchFlags are fetch's switches.
type fetchFlags struct {
	force, quiet, articles bool
}

func runFetch(cmd *cobra.Command, g *globals, refs []string, ff fetchFlags) error {
	ctx := cmd.Context()
	force, quiet := ff.force, ff.quiet
	if !quiet {
		// Waiting behind a cron fetch or a reader saving marks looks like
		// a hang unless it is said.
		stderr := cmd.ErrOrStderr()
		g.onWait = func(who string) {
			fmt.Fprintf(stderr, "tidings: waiting while another process writes the database (%s)…\n", sanitize.Line(who))
		}
	}
	cfg, st, err := g.openSubscriptions(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	lib := newLibrary(cfg, st, nil)
	// The stories stored after this one are the fetch's new ones.
	last, err := lib.LastStoryID(ctx)
	if err != nil {
		return err
	}
	var feeds []feed.Feed // nil: every feed
	for _, r := range refs {
		f, err := lib.FindFeed(ctx, r)
		if err != nil {
			return feedRefErr(err)
		}
		feeds = append(feeds, f)
	}
	out := cmd.OutOrStdout()
	var bar *progressBar
	if f, ok := cmd.ErrOrStderr().(*os.File); ok && isTerminal(f) && !quiet {
		bar = &progressBar{w: f, start: time.Now()}
	}
	rep, err := lib.Fetch(ctx, feeds, force, func(p refresh.Progress) {
		if bar != nil {
			bar.update(p)
		}
	})
	if bar != nil {
		bar.clear()
	}
	if err != nil {
		return err
	}
	switch {
	case rep.ServerOnly:
		if !quiet {
			fmt.Fprintln(out, "The sync server fetches these feeds: 'tidings sync' brings their stories.")
		}
		return nil
	case len(rep.Results) == 0:
		fmt.Fprintln(out, noSubscriptions)
		return nil
	}
	err = reportFetch(out, rep.Results, rep.Pruned, quiet)
	if ff.articles || cfg.Refresh.Articles {
		if aerr := fetchArticles(cmd, lib, rep.Results, last, quiet); aerr != nil && err == nil {
			err = aerr
		}
	}
	return err
}

// fetchArticles downloads and cleans the articles of the stories the
// fetch brought (those after the story numbered last), and says how many.
func fetchArticles(cmd *cobra.Command, lib *library.Library, fetched []refresh.Result, last int64, quiet bool) error {
	ctx := cmd.Context()
	ids := make([]int64, len(fetched))
	for i, r := range fetched {
		ids[i] = r.Feed.ID
	}
	var bar *progressBar
	if f, ok := cmd.ErrOrStderr().(*os.File); ok && isTerminal(f) && !quiet {
		bar = &progressBar{w: f, start: time.Now(), what: "articles"}
	}
	sum, err := lib.CacheArticles(ctx, last, ids, func(done, total int) {
		if bar != nil {
			bar.update(refresh.Progress{Done: done, Total: total})
		}
	})
	if bar != nil {
		bar.clear()
	}
	if err != nil {
		return err
	}
	if !quiet {
		line := plural(sum.Cached, "article") + " cached for reading offline"
		if sum.Failed > 0 {
			line += fmt.Sprintf(", %d could not be (their feed's text is shown)", sum.Failed)
		}
		fmt.Fprintln(cmd.OutOrStdout(), line+".")
	}
	return nil
}

// reportFetch prints the summary line and one line per failed feed, and
// returns an error only when every feed failed.
func reportFetch(w io.Writer, results []refresh.Result, pruned int, quiet bool) error {
	var newN, updN, notMod, failed, deferred int
	var failures []string
	for _, r := range results {
		newN += r.New
		updN += r.Updated
		if r.NotModified {
			notMod++
		}
		if r.Err != nil {
			failed++
			var re *refresh.Error
			line := fmt.Sprintf("  %s: %s", library.FeedName(r.Feed), sanitize.Line(errText(r)))
			if errors.As(r.Err, &re) && re.Kind == refresh.KindDeferred {
				deferred++
				line += " (--force fetches it now)"
			}
			failures = append(failures, line)
			continue
		}
		if (r.Skipped > 0 || r.Pruned > 0) && !quiet {
			// Not a failure, but stories the user will not see.
			failures = append(failures, "  "+library.FeedName(r.Feed)+": "+capNote(r.Skipped, r.Pruned))
		}
		if r.MovedTo != "" && !quiet {
			failures = append(failures, fmt.Sprintf("  %s: moved permanently to %s (URL updated)", library.FeedName(r.Feed), sanitize.Line(r.MovedTo)))
		} else if r.MovedToFollowed != "" && !quiet {
			// Otherwise the user reads every story twice without knowing why.
			failures = append(failures, fmt.Sprintf("  %s: moved permanently to %s, which you already follow: 'tidings feeds remove %s' drops this copy",
				library.FeedName(r.Feed), sanitize.Line(r.MovedToFollowed), shellQuote(sanitize.Line(r.Feed.URL))))
		}
	}
	// A feed left alone because its server asked to wait is tidings being
	// polite, not a failure to mail a cron user about every half hour.
	if !quiet || failed > deferred {
		parts := []string{fmt.Sprintf("%d of %s fetched", len(results)-failed, plural(len(results), "feed"))}
		parts = append(parts, plural(newN, "new story"))
		if updN > 0 {
			parts = append(parts, fmt.Sprintf("%d updated", updN))
		}
		if notMod > 0 {
			parts = append(parts, fmt.Sprintf("%d unchanged", notMod))
		}
		if failed > 0 {
			f := fmt.Sprintf("%d failed", failed)
			if deferred > 0 {
				f += fmt.Sprintf(" (%d asked us to wait)", deferred)
			}
			parts = append(parts, f)
		}
		if pruned > 0 {
			parts = append(parts, fmt.Sprintf("%d old read stories pruned", pruned))
		}
		fmt.Fprintln(w, strings.Join(parts, ", ")+".")
		for _, l := range failures {
			fmt.Fprintln(w, l)
		}
	}
	switch {
	case failed == deferred:
		// Nothing went wrong: every feed not fetched is waiting for the
		// date its server gave.
	case failed == len(results) && failed == 1:
		return errors.New("the feed failed")
	case failed == len(results):
		return fmt.Errorf("all %d feeds failed", failed)
	}
	return nil
}

// capNote says what the caps on stories did to a feed at its last fetch,
// for `fetch` and `feeds list`.
func capNote(skipped, pruned int) string {
	var parts []string
	if skipped > 0 {
		parts = append(parts, fmt.Sprintf("%s left out past the cap on new stories per fetch ([refresh] max_new)", plural(skipped, "item")))
	}
	if pruned > 0 {
		parts = append(parts, fmt.Sprintf("%s removed to keep the feed within keep_stories (oldest read first, never starred)", plural(pruned, "old story")))
	}
	return strings.Join(parts, "; ")
}

// errText is a result's error without the URL when the line already names
// the feed by its URL.
func errText(r refresh.Result) string {
	msg := r.Err.Error()
	if s, ok := strings.CutPrefix(msg, sanitize.Line(r.Feed.URL)+": "); ok && library.FeedName(r.Feed) == sanitize.Line(r.Feed.URL) {
		return s
	}
	return msg
}

// progressBar draws "[#####.....] 12/200 feeds  title" on one line of a
// terminal, redrawn in place.
type progressBar struct {
	w     io.Writer
	start time.Time
	last  time.Time
	// what is counted, "feeds" when empty.
	what string
}

func (b *progressBar) update(p refresh.Progress) {
	now := time.Now()
	// Redrawing for every one of hundreds of fast feeds only costs time.
	if p.Done != p.Total && now.Sub(b.last) < 50*time.Millisecond {
		return
	}
	b.last = now
	const width = 30
	filled := width * p.Done / max(p.Total, 1)
	// Kept under 80 columns: a wrapped line cannot be redrawn in place.
	name := truncate(library.FeedName(p.Result.Feed), 28)
	what := b.what
	if what == "" {
		what = "feeds"
	} else {
		name = ""
	}
	fmt.Fprintf(b.w, "\r\x1b[K[%s%s] %d/%d %s  %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.Done, p.Total, what, name)
}

func (b *progressBar) clear() { fmt.Fprint(b.w, "\r\x1b[K") }
