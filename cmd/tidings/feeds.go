package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/parse"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/cells"
)

func newFeedsCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "feeds",
		Short: "Add, list and remove subscriptions",
		Long: `The database holds the subscriptions. Feeds listed as [[feeds]] in the config
file are merged into it at every start (added when missing, their title and
tags applied); remove those from the file, not with 'feeds remove'. Feeds added
here or by 'tidings import' live only in the database.`,
	}
	cmd.AddCommand(newFeedsAddCmd(g), newFeedsListCmd(g), newFeedsRemoveCmd(g))
	return cmd
}

func newFeedsAddCmd(g *globals) *cobra.Command {
	var title string
	var tags []string
	cmd := &cobra.Command{
		Use:   "add URL",
		Short: "Subscribe to a feed, or to the feed a web page advertises",
		Long: `Subscribe to a feed. URL may be the feed itself (RSS, Atom or JSON Feed) or a
web page that advertises feeds with <link rel="alternate">: the first one is
added and the others are listed, so you can add another instead.
The feed is downloaded once, so its stories are there at once.`,
		Example: `  tidings feeds add https://www.theguardian.com/world/rss
  tidings feeds add https://blog.example.org/ --title "Example blog" --tag tech --tag weekly`,
		Args: exactArgs(1, "a feed or page URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFeedsAdd(cmd, g, args[0], title, tags)
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "title to show instead of the feed's own")
	cmd.Flags().StringArrayVar(&tags, "tag", nil, "tag for grouping (repeat for several)")
	return cmd
}

func runFeedsAdd(cmd *cobra.Command, g *globals, raw, title string, tags []string) error {
	ctx := cmd.Context()
	u := library.NormalizeFeedURL(raw)
	if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return usagef("%q is not an http(s) URL", sanitize.Line(raw))
	}
	// The same rule as the config's tags: an empty tag would show as a
	// nameless group and export as a nameless OPML folder.
	var clean []string
	for _, t := range tags {
		c := strings.TrimSpace(t)
		if c == "" || sanitize.Line(c) != c {
			return usagef("--tag %q: a tag must be a non-empty word without control characters", t)
		}
		if !slices.Contains(clean, c) {
			clean = append(clean, c)
		}
	}
	cfg, st, err := g.openSubscriptionsDefaults(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	sub, err := newLibrary(cfg, st, nil).Subscribe(ctx, raw, title, clean)
	out := cmd.OutOrStdout()
	if sub != nil && sub.Page != "" {
		// A note, not a warning: it goes with the rest of the report, so
		// that a clean add writes nothing on stderr.
		fmt.Fprintf(out, "%s is a web page; it advertises %s.\n", sanitize.Line(sub.Page), plural(sub.Advertised, "feed"))
	}
	if err != nil {
		if sub != nil {
			printOtherFeeds(out, sub.Others)
		}
		return err
	}
	if sub.Skipped != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "tidings: %s; the next feed it advertises is added instead.\n", sanitize.Line(sub.Skipped.Error()))
	}
	name := sanitize.Line(title)
	if name == "" {
		name = sanitize.Line(sub.Title)
	}
	if name == "" {
		name = sanitize.Line(sub.Feed.URL)
	}
	fmt.Fprintf(out, "Added %q (%s): %s.\n", name, sanitize.Line(sub.Feed.URL), plural(sub.New, "story"))
	printOtherFeeds(out, sub.Others)
	return nil
}

func printOtherFeeds(w io.Writer, others []parse.Link) {
	if len(others) == 0 {
		return
	}
	fmt.Fprintf(w, "The page also advertises %s; add one with:\n", plural(len(others), "other feed"))
	for _, l := range others {
		line := "  tidings feeds add " + shellQuote(sanitize.Line(l.URL))
		if t := sanitize.Line(l.Title); t != "" {
			line += "   # " + t
		}
		fmt.Fprintln(w, line)
	}
}

func newFeedsListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List subscriptions with story counts, last fetch and last error",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cfg, st, err := g.openSubscriptions(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			feeds, err := newLibrary(cfg, st, nil).Subscriptions(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return writeFeedsJSON(cmd.OutOrStdout(), feeds)
			}
			if len(feeds) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), noSubscriptions)
				return nil
			}
			return writeFeedsTable(cmd.OutOrStdout(), cfg, feeds, time.Now())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array instead of a table")
	return cmd
}

func writeFeedsTable(w io.Writer, cfg *config.Config, feeds []library.Listed, now time.Time) error {
	tw := newColumns(w)
	fmt.Fprintln(tw, "#\tTITLE\tTAGS\tSTORIES\tUNREAD\tFETCHED\tURL\tLAST ERROR")
	fromConfig := false
	var capped []string
	for i, f := range feeds {
		if f.CapSkipped > 0 || f.CapPruned > 0 {
			capped = append(capped, fmt.Sprintf("%d %s: at its last fetch, %s.", i+1, truncate(library.FeedName(f.Feed), 40), capNote(f.CapSkipped, f.CapPruned)))
		}
		title := truncate(library.FeedName(f.Feed), 40)
		if f.InConfig {
			title += " (config)"
			fromConfig = true
		}
		// The error names the URL, which is in the column before.
		lastErr := strings.TrimPrefix(f.LastError, f.URL+": ")
		tags := make([]string, len(f.Tags))
		for j, t := range f.Tags {
			tags[j] = sanitize.Line(t)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", i+1, title, strings.Join(tags, ","), f.Total, f.Unread,
			ago(f.LastFetched, now), sanitize.Line(f.URL), truncate(sanitize.Line(lastErr), 80))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if fromConfig {
		fmt.Fprintf(w, "(config) feeds come from %s.\n", cfg.File)
	}
	for _, l := range capped {
		fmt.Fprintln(w, l)
	}
	return nil
}

type feedJSON struct {
	N           int      `json:"n"`
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	SiteURL     string   `json:"site_url"`
	Tags        []string `json:"tags"`
	Stories     int      `json:"stories"`
	Unread      int      `json:"unread"`
	LastFetched string   `json:"last_fetched"`
	LastError   string   `json:"last_error"`
	InConfig    bool     `json:"in_config"`
	// What the caps on stories did at the feed's last fetch.
	CapSkipped int `json:"cap_skipped"`
	CapPruned  int `json:"cap_pruned"`
}

func writeFeedsJSON(w io.Writer, feeds []library.Listed) error {
	out := make([]feedJSON, 0, len(feeds))
	for i, f := range feeds {
		j := feedJSON{N: i + 1, ID: f.ID, Title: sanitize.Line(f.Title), URL: sanitize.Line(f.URL), SiteURL: sanitize.Line(f.SiteURL),
			Tags: sanitizeList(f.Tags), Stories: f.Total, Unread: f.Unread, LastError: sanitize.Line(f.LastError), InConfig: f.InConfig,
			CapSkipped: f.CapSkipped, CapPruned: f.CapPruned}
		if !f.LastFetched.IsZero() {
			j.LastFetched = f.LastFetched.Format(time.RFC3339)
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func newFeedsRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "remove URL|N",
		Aliases: []string{"rm"},
		Short:   "Unsubscribe from a feed (by URL or by its number in 'feeds list') and delete its stories",
		Args:    exactArgs(1, "a feed URL or number"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cfg, st, err := g.openSubscriptions(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			f, err := newLibrary(cfg, st, nil).Unsubscribe(ctx, args[0])
			if errors.Is(err, library.ErrConfigFeed) {
				return fmt.Errorf("%s is defined in the config file %s: remove its [[feeds]] entry there", sanitize.Line(f.URL), cfg.File)
			}
			if err != nil {
				return feedRefErr(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Removed %q (%s) and its %s.\n", library.FeedName(f), sanitize.Line(f.URL), plural(f.Total, "story"))
			return nil
		},
	}
}

func sanitizeList(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = sanitize.Line(s)
	}
	return out
}

// ago says how long ago t was, briefly: "now", "5m ago", "3h ago", "2d ago".
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
}

// truncate cuts s to n columns as a terminal counts them, ending it with an
// ellipsis when cut; a Bengali syllable is never split.
func truncate(s string, n int) string {
	return cells.Codepoints.Truncate(s, n, "…")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=%+,@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
