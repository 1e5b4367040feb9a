package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/parse"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

func newImportCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.opml",
		Short: "Subscribe to every feed of an OPML file (folders become tags)",
		Long: `Subscribe to every feed listed in an OPML file, as exported by newsboat, nom,
Feedly, Inoreader, NetNewsWire and most readers. The folders that enclose a
feed become its tags, as do the entries of its category attribute. Feeds
already subscribed are kept as they are. '-' reads standard input.
Nothing is downloaded: run 'tidings fetch' afterwards.`,
		Example: `  newsboat -e > feeds.opml && tidings import feeds.opml && tidings fetch`,
		Args:    exactArgs(1, "an OPML file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] == "" {
				return usagef("FILE is empty: give an OPML file, or - for standard input")
			}
			ctx := cmd.Context()
			_, st, err := g.openSubscriptionsDefaults(ctx, false)
			if err != nil {
				return err
			}
			defer st.Close()
			// The user is bringing their own feeds: the reader must not
			// add ours later, even when this file turns out unreadable.
			if err := st.DeclineDefaults(ctx); err != nil {
				return err
			}
			var r io.Reader = cmd.InOrStdin()
			name := "standard input"
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], stripPathErr(err))
				}
				defer f.Close()
				r, name = f, args[0]
			}
			feeds, err := parse.ReadOPML(r)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if len(feeds) == 0 {
				return fmt.Errorf("%s: no feeds in it (no outline with an xmlUrl)", name)
			}
			added, existing, skipped := 0, 0, 0
			for _, f := range feeds {
				u, ok := opmlFeedURL(f.URL)
				if !ok {
					// A relative or javascript: address could never be
					// fetched; subscribing to it would only add a feed
					// that fails forever.
					skipped++
					fmt.Fprintf(cmd.ErrOrStderr(), "tidings: %s: skipped %q: %q is not an http(s) URL\n",
						name, sanitize.Line(f.Title), sanitize.Line(f.URL))
					continue
				}
				f.URL = u
				if _, err := st.AddFeed(ctx, f); err != nil {
					if errors.Is(err, store.ErrExists) {
						existing++
						continue
					}
					return err
				}
				added++
			}
			if added == 0 && existing == 0 {
				return fmt.Errorf("%s: no feed in it has an http(s) address", name)
			}
			msg := fmt.Sprintf("Imported %s from %s", plural(added, "feed"), name)
			var notes []string
			if existing > 0 {
				notes = append(notes, fmt.Sprintf("%d already subscribed", existing))
			}
			if skipped > 0 {
				notes = append(notes, fmt.Sprintf("%d skipped", skipped))
			}
			if len(notes) > 0 {
				msg += " (" + strings.Join(notes, ", ") + ")"
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg+". 'tidings fetch' downloads their stories.")
			return nil
		},
	}
}

// opmlFeedURL is the address to subscribe to for an outline's xmlUrl:
// http(s) as given, "feed://" (an old convention of some readers) as
// http, a bare "example.com/rss" with https as 'feeds add' does; false for
// anything else (relative, javascript:, file:…).
func opmlFeedURL(raw string) (string, bool) {
	// Control, bidi and zero-width characters are never part of a real
	// address (and DEL makes one unparsable): imported without them.
	s := strings.TrimSpace(sanitize.Line(raw))
	if rest, ok := strings.CutPrefix(s, "feed://"); ok {
		s = "http://" + rest
	} else if rest, ok := strings.CutPrefix(s, "feed:"); ok && (strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://")) {
		s = rest
	} else if !strings.Contains(s, "://") && !strings.HasPrefix(s, "/") && !hasScheme(s) {
		s = normalizeFeedURL(s)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return s, true
}

// hasScheme reports "javascript:…" or "mailto:…", but not the
// "host:8080" of a bare address.
func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 || (i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9') {
		return false
	}
	return library.IsURL(s[:i] + "://")
}

func newExportCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "Write every subscription as OPML 2.0 on standard output",
		Long: `Write every subscription as an OPML 2.0 document on standard output. A feed's
first tag is its folder and all its tags are in its category attribute, so
readers that know folders see folders and 'tidings import' gives back the
same subscriptions with the same tags.`,
		Example: `  tidings export > subscriptions.opml`,
		Args:    exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			_, st, err := g.openSubscriptions(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			feeds, err := st.Feeds(ctx)
			if err != nil {
				return err
			}
			for i := range feeds {
				feeds[i].Title = sanitize.Line(feeds[i].Title)
				feeds[i].Tags = sanitizeList(feeds[i].Tags)
				// The site link is the feed's own word; the XML encoder
				// passes DEL and C1 controls through as they are.
				feeds[i].URL = sanitize.Line(feeds[i].URL)
				feeds[i].SiteURL = sanitize.Line(feeds[i].SiteURL)
			}
			return parse.WriteOPML(cmd.OutOrStdout(), "tidings subscriptions", feeds, time.Now())
		},
	}
}
