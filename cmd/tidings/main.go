// Command tidings is a terminal news reader: it follows feeds and shows the
// story itself — the article's own text and the facts that matter, without
// the clutter of the page it came from.
//
// This file holds the root command, the global flags and the exit-code
// policy; each subcommand lives in its own file and is registered here
// with one line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// globals holds the values of the global flags, filled in by cobra before
// any subcommand runs. Subcommands receive it at construction.
type globals struct {
	// configPath is --config (or TIDINGS_CONFIG); empty means the default.
	configPath string
	// dbPath is --db (or TIDINGS_DB); empty means the default.
	dbPath string
	// onWait, when set, is told when the database is opened for this
	// command and a write of it waits for another process's write lock.
	onWait func(who string)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and turns its error into an exit code and
// one line on stderr.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	g := &globals{}
	root := newRootCmd(g)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// Ctrl-C: the shell's convention, 128 + SIGINT, and no cause to explain.
		fmt.Fprintln(stderr, "tidings: interrupted")
		return 130
	}
	code := exitCode(err)
	if errors.Is(err, store.ErrDamaged) && !strings.Contains(err.Error(), "integrity_check") {
		err = withRecovery(err, g.resolvedDatabase())
	}
	fmt.Fprintln(stderr, "tidings: "+sanitize.Line(err.Error()))
	if code == 2 && cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

func newRootCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "tidings",
		Short: "Read the news in your terminal: the story itself, without the clutter",
		Long: `tidings is a terminal news reader. It follows RSS, Atom and JSON feeds and
shows each story as its own clean text — no menus, promotions, teasers or
comment sections — with the facts that matter: site, author or agency, date
and reading time.`,
		Version:       fetch.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErr(err) })
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", os.Getenv("TIDINGS_CONFIG"),
		"config file (env TIDINGS_CONFIG; default $XDG_CONFIG_HOME/tidings/config.toml)")
	pf.StringVar(&g.dbPath, "db", os.Getenv("TIDINGS_DB"),
		"database file (env TIDINGS_DB; default $XDG_DATA_HOME/tidings/tidings.db)")

	root.RunE = func(cmd *cobra.Command, _ []string) error { return runTUI(cmd, g) }
	root.Args = cobra.NoArgs
	root.AddCommand(newReadCmd(g))
	root.AddCommand(newConfigCmd(g))
	root.AddCommand(newSaveCmd(g))
	root.AddCommand(newFeedsCmd(g), newFetchCmd(g), newListCmd(g), newMarkReadCmd(g), newImportCmd(g), newExportCmd(g))
	root.AddCommand(newSyncCmd(g))
	root.AddCommand(newSearchCmd(g))
	return root
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErr marks err as a usage error.
func usageErr(err error) error { return &usageError{err} }

// usagef is a usage error with a formatted message.
func usagef(format string, a ...any) error { return &usageError{fmt.Errorf(format, a...)} }

// exactArgs is cobra.ExactArgs whose failure is a usage error.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("expected %s, got %d argument(s)", what, len(args))
		}
		return nil
	}
}

// exitCode maps an error to the exit status: 2 for usage errors (cobra's
// own included), 1 for everything else.
func exitCode(err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	msg := err.Error()
	for _, p := range []string{"unknown command ", "unknown flag", "unknown shorthand flag",
		"required flag", "invalid argument ", "accepts ", "requires at least "} {
		if strings.HasPrefix(msg, p) {
			return 2
		}
	}
	return 1
}
