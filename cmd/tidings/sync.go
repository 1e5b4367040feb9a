package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed/remote"
	"github.com/tidings-app/tidings/feed/sanitize"
)

func newSyncCmd(g *globals) *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync subscriptions, stories and read/starred marks with your Miniflux or Google Reader API server",
		Long: `Sync sends what you changed here since the last sync (stories read, unread,
starred or unstarred, feeds added or removed), in the order you did it, and
brings in the server's feeds, new stories and read/starred marks. A mark
changed on the server after you changed it here wins.

The server is set in the config's [sync] table: kind ("miniflux" or
"greader"), url, user, and the secret from password_command, password_env or
a token_file of mode 0600. Without a connection, changes stay queued for the
next sync. Feeds the server fetches are not fetched by tidings itself.`,
		Example: `  tidings sync
  */15 * * * * tidings sync --quiet   # in a crontab`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error { return runSync(cmd, g, quiet) },
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing unless the server refused a change")
	return cmd
}

func runSync(cmd *cobra.Command, g *globals, quiet bool) error {
	ctx := cmd.Context()
	cfg, st, err := g.openSubscriptions(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if !cfg.Sync.Enabled() {
		return fmt.Errorf("%s: no [sync] table: set kind, url, user and a secret to sync (tidings config init shows an example)", cfg.File)
	}
	res, err := newLibrary(cfg, st, nil).Sync(ctx)
	if err != nil {
		return err
	}
	if !quiet || len(res.Rejected) > 0 {
		reportSync(cmd.OutOrStdout(), cfg, res)
	}
	return nil
}

func reportSync(w io.Writer, cfg *config.Config, r remote.Result) {
	parts := []string{plural(r.New, "new story")}
	if r.Changed > 0 {
		parts = append(parts, fmt.Sprintf("%d marked as on the server", r.Changed))
	}
	parts = append(parts, plural(r.Sent, "change")+" sent")
	if r.FeedsAdded > 0 {
		parts = append(parts, plural(r.FeedsAdded, "feed")+" added")
	}
	if r.FeedsRemoved > 0 {
		parts = append(parts, plural(r.FeedsRemoved, "feed")+" removed")
	}
	if len(r.Rejected) > 0 {
		parts = append(parts, fmt.Sprintf("%d refused", len(r.Rejected)))
	}
	fmt.Fprintf(w, "Synced with %s: %s (%s).\n", sanitize.Line(cfg.Sync.URL), strings.Join(parts, ", "), plural(r.Requests, "request"))
	for _, l := range r.Rejected {
		fmt.Fprintln(w, "  refused, dropped: "+sanitize.Line(l))
	}
}
