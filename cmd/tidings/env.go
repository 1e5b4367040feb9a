package main

// Helpers every subcommand shares: find and load the configuration, resolve
// the database, open the log file.

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed/store"
)

// logRotateSize is the size past which the log is rotated to tidings.log.1 when
// it is opened, so that a long-used install never grows it without bound.
const logRotateSize = 8 << 20

// loadConfig resolves the configuration file (--config > TIDINGS_CONFIG >
// default) and loads it. It also checks that the database and log paths can
// be resolved, so that after it succeeds databasePath never fails.
func (g *globals) loadConfig() (*config.Config, error) {
	cfg, err := config.Find(g.configPath)
	if err != nil {
		return nil, firstProblem(err)
	}
	if _, err := cfg.Paths(g.dbPath); err != nil {
		return nil, err
	}
	return cfg, nil
}

// configProblems is a configuration file with several problems, shown as
// the first one and a count: errors are printed on one line, and
// `tidings config check` lists them all.
type configProblems struct {
	errs []error
}

func (e *configProblems) Error() string {
	return fmt.Sprintf("%v (and %d more: tidings config check lists them all)", e.errs[0], len(e.errs)-1)
}

func (e *configProblems) Unwrap() []error { return e.errs }

// firstProblem shortens a joined error of several problems to its first.
func firstProblem(err error) error {
	if errs := problems(err); len(errs) > 1 {
		return &configProblems{errs: errs}
	}
	return err
}

// problems splits an errors.Join error into its parts.
func problems(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// databasePath is the SQLite file to use: --db > TIDINGS_DB >
// $XDG_DATA_HOME/tidings/tidings.db. Empty only when no home folder can be
// found, which loadConfig has already reported.
func (g *globals) databasePath(cfg *config.Config) string {
	p, err := cfg.Paths(g.dbPath)
	if err != nil {
		return ""
	}
	return p.Database
}

// resolvedDatabase is the database file in use, as well as it can be told
// after a failure: from the config, else the flag or environment.
func (g *globals) resolvedDatabase() string {
	if cfg, err := config.Find(g.configPath); err == nil {
		if p := g.databasePath(cfg); p != "" {
			return p
		}
	}
	return g.dbPath
}

// withRecovery adds to an error about a damaged database file which file
// it is and the ways out: the integrity check shows what is lost, a
// backup copy restores it, and moving it aside or --db starts afresh.
func withRecovery(err error, path string) error {
	if !errors.Is(err, store.ErrDamaged) {
		return err
	}
	if path == "" {
		path = "the database"
	}
	return fmt.Errorf("%w: %s: see what is lost with: sqlite3 %s 'PRAGMA integrity_check'; then restore a backup copy of it, "+
		"or move it aside (tidings starts a new one), or use another file with --db FILE", err, path, shellQuote(path))
}

// logPath is the log file, $XDG_STATE_HOME/tidings/tidings.log.
func (g *globals) logPath(cfg *config.Config) string {
	p, err := cfg.Paths(g.dbPath)
	if err != nil {
		return ""
	}
	return p.Log
}

// openLog opens the log file for appending (creating its folder) and
// returns a logger writing to it; the screen never gets log lines. Close the
// returned Closer when done. TIDINGS_LOG=debug logs more.
func openLog(path string) (*slog.Logger, io.Closer, error) {
	if path == "" {
		return nil, nil, errors.New("no log file: set $XDG_STATE_HOME or $HOME")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("%s: cannot create the log folder: %w", filepath.Dir(path), stripPathErr(err))
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() > logRotateSize {
		// Best effort: if the rename fails we keep appending to the old file.
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: cannot open the log: %w", path, stripPathErr(err))
	}
	level := slog.LevelInfo
	if strings.EqualFold(os.Getenv("TIDINGS_LOG"), "debug") {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: level}))
	return logger, f, nil
}

// stripPathErr drops an *fs.PathError's repetition of the path.
func stripPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
