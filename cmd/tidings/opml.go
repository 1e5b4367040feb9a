package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

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
			ctx := cmd.Context()
			_, st, err := g.openSubscriptionsDefaults(ctx, false)
			if err != nil {
				return err
			}
			defer st.Close()
			added, existing := 0, 0
			for _, f := range feeds {
				if _, err := st.AddFeed(ctx, f); err != nil {
					if errors.Is(err, store.ErrExists) {
						existing++
						continue
					}
					return err
				}
				added++
			}
			msg := fmt.Sprintf("Imported %s from %s", plural(added, "feed"), name)
			if existing > 0 {
				msg += fmt.Sprintf(" (%d already subscribed)", existing)
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg+". 'tidings fetch' downloads their stories.")
			return nil
		},
	}
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
