package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// configEnv gives a test its own home and clears the variables tidings reads.
func configEnv(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_DOCUMENTS_DIR", "TIDINGS_CONFIG", "TIDINGS_DB", "TIDINGS_LOG"} {
		t.Setenv(v, "")
	}
	return home
}

// execTidings runs the command line as main does and returns what the user
// sees: stdout, stderr and the exit status.
func execTidings(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	root := newRootCmd(&globals{})
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	if _, err := root.ExecuteContextC(context.Background()); err != nil {
		errOut.WriteString("tidings: " + err.Error() + "\n")
		code = exitCode(err)
	}
	return out.String(), errOut.String(), code
}

func TestConfigInitWritesOnceAndLoads(t *testing.T) {
	home := configEnv(t)
	want := filepath.Join(home, ".config", "tidings", "config.toml")

	out, errOut, code := execTidings(t, "config", "init")
	if code != 0 || out != "wrote "+want+"\n" {
		t.Fatalf("config init: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	written, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}

	// A second init changes nothing and says where the file is.
	_, errOut, code = execTidings(t, "config", "init")
	if code != 1 || errOut != "tidings: "+want+" already exists; edit it, or move it away to write a fresh one\n" {
		t.Errorf("second config init: code %d, stderr %q", code, errOut)
	}
	if again, _ := os.ReadFile(want); !bytes.Equal(again, written) {
		t.Error("second config init changed the file")
	}

	// What init wrote is what every command then loads.
	out, errOut, code = execTidings(t, "config", "check")
	if code != 0 || !strings.HasPrefix(out, "ok: "+want) {
		t.Errorf("config check of the written file: code %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestConfigInitHonoursFlagAndEnv(t *testing.T) {
	home := configEnv(t)
	envPath := filepath.Join(home, "env", "c.toml")
	flagPath := filepath.Join(home, "flag", "c.toml")
	t.Setenv("TIDINGS_CONFIG", envPath)

	if _, errOut, code := execTidings(t, "config", "init"); code != 0 {
		t.Fatalf("config init with TIDINGS_CONFIG: %s", errOut)
	}
	if _, err := os.Stat(envPath); err != nil {
		t.Errorf("TIDINGS_CONFIG not honoured: %v", err)
	}
	if _, errOut, code := execTidings(t, "--config", flagPath, "config", "init"); code != 0 {
		t.Fatalf("config init --config: %s", errOut)
	}
	if _, err := os.Stat(flagPath); err != nil {
		t.Errorf("--config not honoured over TIDINGS_CONFIG: %v", err)
	}
}

func TestConfigPath(t *testing.T) {
	home := configEnv(t)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	out, errOut, code := execTidings(t, "config", "path")
	want := "config    " + filepath.Join(home, ".config/tidings/config.toml") + "  (not found: defaults in use; tidings config init writes one)\n" +
		"database  " + filepath.Join(home, "data/tidings/tidings.db") + "\n" +
		"log       " + filepath.Join(home, ".local/state/tidings/tidings.log") + "\n" +
		"save_dir  " + filepath.Join(home, "Documents/tidings") + "\n"
	if code != 0 || out != want {
		t.Errorf("config path: code %d stderr %q\n got %q\nwant %q", code, errOut, out, want)
	}

	// --db and a save_dir in the file show up; one name prints one path.
	cfg := filepath.Join(home, "c.toml")
	os.WriteFile(cfg, []byte("save_dir = \"~/News\"\n"), 0o644)
	for _, tc := range []struct{ name, want string }{
		{"database", filepath.Join(home, "x.db")},
		{"save_dir", filepath.Join(home, "News")},
		{"config", cfg},
	} {
		out, errOut, code := execTidings(t, "--config", cfg, "--db", filepath.Join(home, "x.db"), "config", "path", tc.name)
		if code != 0 || out != tc.want+"\n" {
			t.Errorf("config path %s: code %d stdout %q stderr %q, want %q", tc.name, code, out, errOut, tc.want)
		}
	}

	if _, errOut, code := execTidings(t, "config", "path", "cache"); code != 2 ||
		!strings.HasPrefix(errOut, `tidings: no path named "cache": give one of config, database, log, save_dir, or none for all four`+"\n") {
		t.Errorf("config path cache: code %d (stderr %q), want usage error 2 naming the bad NAME", code, errOut)
	}
}

// TestConfigErrorsReachTheUser checks the lines a user with a broken file
// sees: every command shows the first problem and a count; check lists all.
func TestConfigErrorsReachTheUser(t *testing.T) {
	home := configEnv(t)
	cfg := filepath.Join(home, "c.toml")
	os.WriteFile(cfg, []byte("theme = \"neon\"\n[refresh]\nworkers = 0\n"), 0o644)

	out, errOut, code := execTidings(t, "--config", cfg, "config", "check")
	want := "tidings: " + cfg + `:1: theme: "neon" is not a theme: use auto, dark, light or notty` + "\n" +
		"tidings: " + cfg + ":3: refresh.workers: must be between 1 and 64, not 0\n" +
		"tidings: " + cfg + ": 2 problems\n"
	if code != 1 || errOut != want || out != "" {
		t.Errorf("config check: code %d stdout %q\n got %q\nwant %q", code, out, errOut, want)
	}

	g := &globals{configPath: cfg}
	_, err := g.loadConfig()
	wantOne := cfg + `:1: theme: "neon" is not a theme: use auto, dark, light or notty (and 1 more: tidings config check lists them all)`
	if err == nil || err.Error() != wantOne {
		t.Errorf("loadConfig error\n got %v\nwant %s", err, wantOne)
	}

	// config path still prints the paths, then the problem.
	out, errOut, code = execTidings(t, "--config", cfg, "config", "path")
	if code != 1 || !strings.Contains(out, cfg+"  (has errors, see below)") || !strings.Contains(errOut, "1 more") {
		t.Errorf("config path with a broken file: code %d stdout %q stderr %q", code, out, errOut)
	}

	// A file named explicitly must exist.
	_, errOut, code = execTidings(t, "--config", filepath.Join(home, "missing.toml"), "config", "check")
	if code != 1 || errOut != "tidings: "+filepath.Join(home, "missing.toml")+": no such file (tidings config init writes one)\n" {
		t.Errorf("missing --config: code %d stderr %q", code, errOut)
	}
}

func TestOpenLogWritesToFileOnly(t *testing.T) {
	home := configEnv(t)
	g := &globals{}
	cfg, err := g.loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	path := g.logPath(cfg)
	if want := filepath.Join(home, ".local/state/tidings/tidings.log"); path != want {
		t.Fatalf("log path %q, want %q", path, want)
	}
	logger, closer, err := openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	logger.Info("fetched", "feeds", 3)
	logger.Debug("not at info level")
	closer.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "msg=fetched feeds=3") || strings.Contains(string(b), "not at info level") {
		t.Errorf("log file holds %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("log file mode %v, want 0600 (it may hold URLs the user reads)", fi.Mode().Perm())
	}

	// An oversized log is rotated when opened.
	os.WriteFile(path, bytes.Repeat([]byte("x"), logRotateSize+1), 0o600)
	_, closer, err = openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	closer.Close()
	if fi, err := os.Stat(path + ".1"); err != nil || fi.Size() != logRotateSize+1 {
		t.Errorf("old log not rotated to .1: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Errorf("new log has %d bytes, want 0", fi.Size())
	}
}

func TestDatabasePathPrecedence(t *testing.T) {
	home := configEnv(t)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	g := &globals{}
	cfg, err := g.loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g.databasePath(cfg), filepath.Join(home, "data/tidings/tidings.db"); got != want {
		t.Errorf("databasePath = %q, want %q", got, want)
	}
	g.dbPath = filepath.Join(home, "flag.db")
	if got := g.databasePath(cfg); got != g.dbPath {
		t.Errorf("databasePath with --db = %q, want %q", got, g.dbPath)
	}
}
