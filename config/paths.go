package config

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Environment variables that override the default locations.
const (
	EnvConfig = "TIDINGS_CONFIG"
	EnvDB     = "TIDINGS_DB"
)

// Paths are the files and folders tidings uses.
type Paths struct {
	// Config is the configuration file; ConfigExists says whether it exists.
	Config       string
	ConfigExists bool
	// Database is the SQLite store.
	Database string
	// Log is the log file; the screen never gets logs.
	Log string
	// SaveDir is where saved articles go.
	SaveDir string
}

// ConfigFile resolves the configuration file: the flag, else $TIDINGS_CONFIG,
// else the default location. explicit reports that the user named the file,
// so that its absence is an error rather than "use the defaults".
func ConfigFile(flag string) (path string, explicit bool, err error) {
	if flag != "" {
		return envHome(flag), true, nil
	}
	if env := os.Getenv(EnvConfig); env != "" {
		return envHome(env), true, nil
	}
	dir, err := configHome()
	if err != nil {
		return "", false, err
	}
	return filepath.Join(dir, "tidings", "config.toml"), false, nil
}

// DatabaseFile resolves the database: the flag, else $TIDINGS_DB, else
// $XDG_DATA_HOME/tidings/tidings.db (fallback ~/.local/share/tidings/).
func DatabaseFile(flag string) (string, error) {
	if flag != "" {
		return envHome(flag), nil
	}
	if env := os.Getenv(EnvDB); env != "" {
		return envHome(env), nil
	}
	dir, err := xdgDir("XDG_DATA_HOME", ".local", "share")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "tidings", "tidings.db"), nil
}

// LogFile is $XDG_STATE_HOME/tidings/tidings.log (fallback
// ~/.local/state/tidings/).
func LogFile() (string, error) {
	dir, err := xdgDir("XDG_STATE_HOME", ".local", "state")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "tidings", "tidings.log"), nil
}

// Paths reports the files in use with this configuration; dbFlag is the
// --db flag ("" when not given).
func (c *Config) Paths(dbFlag string) (Paths, error) {
	db, err := DatabaseFile(dbFlag)
	if err != nil {
		return Paths{}, err
	}
	log, err := LogFile()
	if err != nil {
		return Paths{}, err
	}
	return Paths{Config: c.File, ConfigExists: c.FileExists, Database: db, Log: log, SaveDir: c.SaveDir}, nil
}

// configHome is $XDG_CONFIG_HOME, else os.UserConfigDir().
func configHome() (string, error) {
	if dir := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(dir) {
		return dir, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		// os.UserConfigDir refuses a relative $XDG_CONFIG_HOME, which the
		// XDG spec says to ignore: fall back to its default.
		if home, herr := os.UserHomeDir(); herr == nil && home != "" {
			return filepath.Join(home, ".config"), nil
		}
		return "", fmt.Errorf("cannot find the configuration folder: set $XDG_CONFIG_HOME or $HOME, or pass --config")
	}
	return dir, nil
}

// xdgDir is $env when it is an absolute path (the XDG spec says to ignore
// relative ones), else ~/<fallback...>.
func xdgDir(env string, fallback ...string) (string, error) {
	if dir := os.Getenv(env); filepath.IsAbs(dir) {
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the home folder for $%s: set $HOME or $%s", env, env)
	}
	return filepath.Join(append([]string{home}, fallback...)...), nil
}

// defaultSaveDir is <documents>/tidings, where documents is
// $XDG_DOCUMENTS_DIR, else XDG_DOCUMENTS_DIR from user-dirs.dirs, else
// ~/Documents. Empty when there is no home folder to start from.
func defaultSaveDir() string {
	home, _ := os.UserHomeDir()
	docs := os.Getenv("XDG_DOCUMENTS_DIR")
	if docs != "" {
		docs = expandHome(docs, home)
	}
	if !filepath.IsAbs(docs) {
		docs = userDirsDocuments(home)
	}
	if !filepath.IsAbs(docs) {
		if home == "" {
			return ""
		}
		docs = filepath.Join(home, "Documents")
	}
	return filepath.Join(docs, "tidings")
}

// userDirsDocuments reads XDG_DOCUMENTS_DIR from xdg-user-dirs' file,
// $XDG_CONFIG_HOME/user-dirs.dirs (else ~/.config/user-dirs.dirs). Its lines
// look like XDG_DOCUMENTS_DIR="$HOME/Documents"; only $HOME is expanded,
// as xdg-user-dirs does. Empty when the file or the line is missing.
func userDirsDocuments(home string) string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(dir) {
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	f, err := os.Open(filepath.Join(dir, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		value, ok := strings.CutPrefix(line, "XDG_DOCUMENTS_DIR=")
		if !ok {
			continue
		}
		value = strings.Trim(value, `"`)
		if rest, ok := strings.CutPrefix(value, "$HOME"); ok {
			if home == "" {
				return ""
			}
			value = home + rest
		}
		return filepath.Clean(value)
	}
	return ""
}

// expandDir makes a save_dir value absolute: "~" and "~/x" are relative to
// the home folder; anything else must already be absolute.
func expandDir(s string) (string, error) {
	if s == "" {
		return "", errors.New(`must not be empty (leave the key out for the default)`)
	}
	if s == "~" || strings.HasPrefix(s, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("cannot expand ~: $HOME is not set")
		}
		return expandHome(s, home), nil
	}
	if strings.HasPrefix(s, "~") {
		return "", fmt.Errorf("%q: only ~ and ~/ are expanded, not ~user", s)
	}
	if !filepath.IsAbs(s) {
		return "", fmt.Errorf("%q must be an absolute path or start with ~/", s)
	}
	return filepath.Clean(s), nil
}

// envHome expands a leading "~/" in a path from the environment or a
// flag. A shell does that for an unquoted word, but not in
// TIDINGS_DB="~/x.db", a crontab or a systemd unit, where a literal "~"
// folder would otherwise appear in the working directory.
func envHome(s string) string {
	if s == "~" || strings.HasPrefix(s, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return expandHome(s, home)
		}
	}
	return s
}

// expandHome replaces a leading ~ with home.
func expandHome(s, home string) string {
	if home != "" && (s == "~" || strings.HasPrefix(s, "~/")) {
		return filepath.Join(home, s[1:])
	}
	return s
}
