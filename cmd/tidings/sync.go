package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/remote"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
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
	res, err := syncNow(ctx, cfg, st)
	if err != nil {
		return err
	}
	if !quiet || len(res.Rejected) > 0 {
		reportSync(cmd.OutOrStdout(), cfg, res)
	}
	return nil
}

// syncNow gets the secret and syncs once.
func syncNow(ctx context.Context, cfg *config.Config, st *store.Store) (remote.Result, error) {
	secret, err := cfg.Sync.Secret(ctx)
	if err != nil {
		return remote.Result{}, err
	}
	b, err := syncBackend(cfg.Sync, secret)
	if err != nil {
		return remote.Result{}, err
	}
	res, err := remote.Sync(ctx, st, b)
	if err != nil && !errors.Is(err, context.Canceled) {
		// The secret never reaches an error, but a server could echo it.
		err = errors.New(strings.ReplaceAll(err.Error(), secret, "…"))
	}
	return res, err
}

// syncBackend makes the back-end of the configured server; secret may be
// empty when only its Account is needed.
func syncBackend(s config.Sync, secret string) (remote.Backend, error) {
	switch s.Kind {
	case config.SyncGReader:
		return remote.NewGReader(s.URL, s.User, secret, nil)
	default:
		return remote.NewMiniflux(s.URL, s.User, secret, nil)
	}
}

// beginSync tells the store which server it syncs with, so that changes
// made before the first sync are queued too. Nothing is sent.
func beginSync(ctx context.Context, cfg *config.Config, st *store.Store) error {
	if !cfg.Sync.Enabled() {
		return nil
	}
	b, err := syncBackend(cfg.Sync, "")
	if err != nil {
		return err
	}
	return st.BeginSync(ctx, b.Account())
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

// ownFeeds leaves out of feeds those the sync server fetches: their
// stories come with the sync, and fetching them here as well would store
// each story twice.
func ownFeeds(ctx context.Context, st *store.Store, feeds []feed.Feed) ([]feed.Feed, error) {
	synced, err := st.SyncedFeedIDs(ctx)
	if err != nil || len(synced) == 0 {
		return feeds, err
	}
	out := feeds[:0:0]
	for _, f := range feeds {
		if !synced[f.ID] {
			out = append(out, f)
		}
	}
	return out, nil
}
