package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed/sanitize"
)

func newConfigCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Write, check or locate the configuration file",
		Long: `The configuration file is TOML, at $XDG_CONFIG_HOME/tidings/config.toml
(else ~/.config/tidings/config.toml); --config or TIDINGS_CONFIG name another.
Without a file tidings runs on its defaults.`,
		Args: exactArgs(0, "a subcommand: init, path or check"),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newConfigInitCmd(g), newConfigPathCmd(g), newConfigCheckCmd(g))
	return cmd
}

func newConfigInitCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Write a commented configuration file with every default",
		Long: `Init writes the configuration file, documenting every key with its default
value, at the path in use (see tidings config path). It never overwrites:
if the file exists, it says so and changes nothing.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, _, err := config.ConfigFile(g.configPath)
			if err != nil {
				return err
			}
			if err := config.WriteDefault(path); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", path)
			return nil
		},
	}
}

// pathNames are the names `config path NAME` accepts, in display order.
func pathNames() []string { return []string{"config", "database", "log", "save_dir"} }

func newConfigPathCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "path [config|database|log|save_dir]",
		Short: "Print the files and folders tidings uses",
		Long: `Path prints the configuration file, the database, the log file and the folder
where articles are saved, as resolved from flags, environment and the
configuration. With a NAME it prints that one path alone, for scripts:

  $EDITOR "$(tidings config path config)"`,
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) > 1:
				return usagef("give at most one NAME (%s), not %d", strings.Join(pathNames(), ", "), len(args))
			case len(args) == 1 && !slices.Contains(pathNames(), args[0]):
				return usagef("no path named %q: give one of %s, or none for all four", args[0], strings.Join(pathNames(), ", "))
			}
			return nil
		},
		ValidArgs: pathNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			return runConfigPath(cmd.OutOrStdout(), g, name)
		},
	}
}

// runConfigPath prints the paths. A configuration file with errors still
// gets its paths printed (the user needs them to fix it) before the error.
func runConfigPath(w io.Writer, g *globals, name string) error {
	cfg, loadErr := config.Find(g.configPath)
	if loadErr != nil {
		loadErr = firstProblem(loadErr)
		path, _, err := config.ConfigFile(g.configPath)
		if err != nil {
			return err
		}
		cfg = config.Default()
		cfg.File = path
	}
	p, err := cfg.Paths(g.dbPath)
	if err != nil {
		return err
	}
	values := map[string]string{"config": p.Config, "database": p.Database, "log": p.Log, "save_dir": p.SaveDir}
	if name != "" {
		fmt.Fprintln(w, values[name])
		return loadErr
	}
	note := ""
	switch {
	case loadErr != nil:
		note = "  (has errors, see below)"
	case !p.ConfigExists:
		note = "  (not found: defaults in use; tidings config init writes one)"
	}
	fmt.Fprintf(w, "config    %s%s\n", p.Config, note)
	fmt.Fprintf(w, "database  %s\n", p.Database)
	fmt.Fprintf(w, "log       %s\n", p.Log)
	saveNote := ""
	if loadErr != nil {
		saveNote = "  (default; the file may set another)"
	}
	fmt.Fprintf(w, "save_dir  %s%s\n", p.SaveDir, saveNote)
	return loadErr
}

func newConfigCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the configuration file and report every problem",
		Long: `Check loads the configuration file as tidings does at start and prints
every problem with its file, line and key, or "ok" and a summary.
Exit status 1 when there are problems.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Find(g.configPath)
			if err != nil {
				errs := problems(err)
				if len(errs) == 1 {
					return err
				}
				for _, e := range errs {
					fmt.Fprintln(cmd.ErrOrStderr(), "tidings: "+sanitize.Line(e.Error()))
				}
				path, _, _ := config.ConfigFile(g.configPath)
				return fmt.Errorf("%s: %d problems", path, len(errs))
			}
			if _, err := cfg.Paths(g.dbPath); err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if !cfg.FileExists {
				fmt.Fprintf(w, "ok: no file at %s, defaults in use\n", cfg.File)
				return nil
			}
			fmt.Fprintf(w, "ok: %s (%s, %s, %s with extra cleaning)\n", cfg.File,
				nounCount(len(cfg.Feeds), "feed"), nounCount(len(cfg.Keys), "remapped action"), nounCount(len(cfg.Clean), "site"))
			return nil
		},
	}
}

// nounCount writes "1 feed", "2 feeds".
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
