package main

// Wiring: the library (feed/library) with the config's settings. The
// reader's backend is the library itself.

import (
	"log/slog"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/store"
	"github.com/tidings-app/tidings/ui"
)

// The library is the reader's backend.
var _ ui.Backend = (*library.Library)(nil)

// newLibrary is the library over st (nil when the command has no
// database) with cfg's settings; log, when not nil, hears the details of
// failures.
func newLibrary(cfg *config.Config, st *store.Store, log *slog.Logger) *library.Library {
	return library.New(st, libraryOptions(cfg, st, log))
}

// libraryOptions are cfg's settings for the library over st.
func libraryOptions(cfg *config.Config, st *store.Store, log *slog.Logger) library.Options {
	dbPath := ""
	if st != nil {
		dbPath = st.Path()
	}
	return library.Options{
		UserAgent:      cfg.UserAgent,
		Timeout:        cfg.Refresh.Timeout,
		CleanSelectors: cfg.CleanSelectors,
		SaveDir:        cfg.SaveDir,
		Refresh: library.RefreshOptions{Workers: cfg.Refresh.Workers, PerHost: cfg.Refresh.PerHost,
			MaxNew: cfg.Refresh.MaxNew, Keep: cfg.KeepStories, KeepDays: cfg.KeepDays, Articles: cfg.Refresh.Articles},
		Sync:     library.SyncOptions{Kind: cfg.Sync.Kind, URL: cfg.Sync.URL, User: cfg.Sync.User, Secret: cfg.Sync.Secret},
		Log:      log,
		Recovery: func(err error) error { return withRecovery(err, dbPath) },
	}
}

// newTUIBackend is the reader's backend: the library over st.
func newTUIBackend(cfg *config.Config, st *store.Store, log *slog.Logger) *library.Library {
	return newLibrary(cfg, st, log)
}
