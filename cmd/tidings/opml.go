package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/sanitize"
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
			cfg, st, err := g.openSubscriptionsDefaults(ctx, false)
			if err != nil {
				return err
			}
			defer st.Close()
			name := "standard input"
			if args[0] != "-" {
				name = args[0]
			}
			rep, err := newLibrary(cfg, st, nil).Import(ctx, library.Source{Name: args[0], Stdin: cmd.InOrStdin()}, func(f feed.Feed) {
				fmt.Fprintf(cmd.ErrOrStderr(), "tidings: %s: skipped %q: %q is not an http(s) URL\n",
					name, sanitize.Line(f.Title), sanitize.Line(f.URL))
			})
			if err != nil {
				return err
			}
			added, existing, skipped := rep.Added, rep.Existing, rep.Skipped
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
			cfg, st, err := g.openSubscriptions(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			return newLibrary(cfg, st, nil).ExportOPML(ctx, cmd.OutOrStdout(), "tidings subscriptions", time.Now())
		},
	}
}
