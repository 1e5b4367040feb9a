package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/sanitize"
)

type markReadOptions struct {
	feed, tag, before string
	all               bool
}

func newMarkReadCmd(g *globals) *cobra.Command {
	var o markReadOptions
	cmd := &cobra.Command{
		Use:   "mark-read",
		Short: "Mark stored stories read: a feed's, a tag's, those before a date, or all",
		Long: `Mark the unread stories that the flags select read, in one transaction, and
print how many were marked. The flags narrow together: --feed 3 --before 7d
is feed 3's stories older than a week.

--before takes a date (2026-12-01, local midnight), a local time
(2026-12-01T18:00), an RFC 3339 time, or an age: 7d, 12h, 90m (stories older
than that). A story's date is its published date, else when tidings first
saw it.

Without --feed, --tag or --before every story is meant: on a terminal
mark-read asks first; elsewhere (a script, cron) it wants --all. With [sync]
set, the marks are sent to the server at the next sync.`,
		Example: `  tidings mark-read --feed 3
  tidings mark-read --tag sport --before 2d
  tidings mark-read --all`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMarkRead(cmd, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.feed, "feed", "", "only this feed: its number in 'feeds list', its URL or part of its title")
	f.StringVar(&o.tag, "tag", "", "only feeds with this tag")
	f.StringVar(&o.before, "before", "", "only stories dated before DATE (2026-12-01, 2026-12-01T18:00, RFC 3339) or older than an age (7d, 12h)")
	f.BoolVar(&o.all, "all", false, "every story: needed without --feed, --tag or --before when not asked on a terminal")
	return cmd
}

func runMarkRead(cmd *cobra.Command, g *globals, o markReadOptions) error {
	ctx := cmd.Context()
	var sel library.Selection
	if o.before != "" {
		t, err := parseBefore(o.before, time.Now())
		if err != nil {
			return err
		}
		sel.Before = t
	}
	cfg, st, err := g.openSubscriptions(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	lib := newLibrary(cfg, st, nil)
	// A misspelt tag would otherwise mark nothing, silently: the library
	// refuses a tag no feed carries.
	sel.Feed, sel.Tag = o.feed, o.tag
	if o.feed == "" && o.tag == "" && o.before == "" && !o.all {
		ok, err := confirmMarkAll(ctx, cmd, lib)
		if err != nil || !ok {
			return err
		}
	}
	n, err := lib.MarkSelectionRead(ctx, sel)
	if err != nil {
		return feedRefErr(err)
	}
	fmt.Fprintln(cmd.OutOrStdout(), markedRead(n))
	return nil
}

// confirmMarkAll asks on a terminal whether every unread story is to be
// marked read; a script must say --all, since nobody can answer it.
func confirmMarkAll(ctx context.Context, cmd *cobra.Command, lib *library.Library) (bool, error) {
	in, inOK := cmd.InOrStdin().(*os.File)
	out, outOK := cmd.ErrOrStderr().(*os.File)
	if !inOK || !outOK || !isTerminal(in) || !isTerminal(out) {
		return false, usagef("mark-read without --feed, --tag or --before marks every story: add --all to mean it")
	}
	unread, feeds, err := lib.Unread(ctx)
	if err != nil {
		return false, err
	}
	if unread == 0 {
		return true, nil // nothing to lose: "Marked 0 stories read."
	}
	fmt.Fprintf(out, "Mark all %d unread stories of %d feeds read? [y/N] ", unread, feeds)
	if !yes(in) {
		fmt.Fprintln(cmd.OutOrStdout(), "Nothing marked.")
		return false, nil
	}
	return true, nil
}

// yes reads one line and reports whether it says yes.
func yes(r io.Reader) bool {
	line, _ := bufio.NewReader(r).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(sanitize.Line(line))) {
	case "y", "yes":
		return true
	}
	return false
}

// markedRead says how many stories a bulk mark changed.
func markedRead(n int) string {
	if n == 1 {
		return "Marked 1 story read."
	}
	return fmt.Sprintf("Marked %d stories read.", n)
}

// parseBefore reads --before: a date or local time in the local zone, an
// RFC 3339 time, or an age counted back from now.
func parseBefore(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if age, ok := parseAge(s); ok {
		return now.Add(-age), nil
	}
	return time.Time{}, usagef("--before %q: write a date (2026-12-01), a local time (2026-12-01T18:00), an RFC 3339 time or an age (7d, 12h, 90m)",
		sanitize.Line(s))
}

// parseAge reads "7d", "12h" or "90m".
func parseAge(s string) (time.Duration, bool) {
	if len(s) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 100*366*24*60 {
		return 0, false
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}[s[len(s)-1]]
	if unit == 0 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}
