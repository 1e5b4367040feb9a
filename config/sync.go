package config

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Sync kinds accepted by [sync] kind.
const (
	SyncMiniflux = "miniflux"
	SyncGReader  = "greader"
)

// Sync is the [sync] table: the aggregator tidings syncs with. The secret
// itself is never in the file: it comes from one of PasswordCommand,
// PasswordEnv or TokenFile, each time it is needed.
type Sync struct {
	// Kind is SyncMiniflux or SyncGReader; empty means no sync.
	Kind string
	// URL is the server's address (for the Google Reader API, the one the
	// server gives for such clients).
	URL string
	// User is the user name; for Miniflux it may be empty, and the secret
	// is then an API token.
	User string
	// PasswordCommand is run by the shell; the first line it prints is the
	// secret.
	PasswordCommand string
	// PasswordEnv names the environment variable holding the secret.
	PasswordEnv string
	// TokenFile is a file holding the secret on its first line, readable
	// by its owner alone (0600); "~" expanded.
	TokenFile string
}

// Enabled reports whether sync is configured.
func (s Sync) Enabled() bool { return s.Kind != "" }

type fileSync struct {
	Kind            string `toml:"kind"`
	URL             string `toml:"url"`
	User            string `toml:"user"`
	PasswordCommand string `toml:"password_command"`
	PasswordEnv     string `toml:"password_env"`
	TokenFile       string `toml:"token_file"`
}

func syncFromFile(fs fileSync) (Sync, []*Error) {
	s := Sync(fs)
	var errs []*Error
	if s.TokenFile != "" {
		p, err := expandDir(s.TokenFile)
		if err != nil {
			errs = append(errs, &Error{Key: "sync.token_file", Msg: err.Error()})
		}
		s.TokenFile = p
	}
	return s, errs
}

func (s Sync) validate() []*Error {
	var errs []*Error
	add := func(key, format string, args ...any) {
		errs = append(errs, &Error{Key: "sync." + key, Msg: fmt.Sprintf(format, args...)})
	}
	switch s.Kind {
	case "":
		if s.URL != "" || s.User != "" || s.PasswordCommand != "" || s.PasswordEnv != "" || s.TokenFile != "" {
			add("kind", `is missing: set "miniflux" or "greader" to sync, or remove [sync]`)
		}
		return errs
	case SyncMiniflux, SyncGReader:
	default:
		add("kind", `%q is not a sync kind: use "miniflux" or "greader"`, s.Kind)
	}
	if u, err := url.Parse(s.URL); s.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("url", "must be the server's http:// or https:// address")
	} else if u.User != nil {
		add("url", "must not hold a user or password: use user and one of password_command, password_env, token_file")
	}
	if hasControl(s.User) {
		add("user", "must not contain control characters")
	}
	if s.Kind == SyncGReader && s.User == "" {
		add("user", "is needed for the Google Reader API (its login takes a user and a password)")
	}
	n := 0
	for _, v := range []string{s.PasswordCommand, s.PasswordEnv, s.TokenFile} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		add("password_command", "give the secret in exactly one way: password_command, password_env or token_file")
	}
	return errs
}

// secretTimeout bounds password_command: a command waiting for input
// that never comes must not hang tidings.
const secretTimeout = 30 * time.Second

// Secret gets the password or token from where [sync] says. Its errors
// name the source and never hold the secret.
func (s Sync) Secret(ctx context.Context) (string, error) {
	switch {
	case s.PasswordCommand != "":
		ctx, cancel := context.WithTimeout(ctx, secretTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", s.PasswordCommand)
		cmd.Stdin = nil
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if ctx.Err() == context.DeadlineExceeded {
			return "", fmt.Errorf("sync.password_command did not finish within %s", secretTimeout)
		}
		if err != nil {
			msg := firstLine(stderr.String())
			if msg == "" {
				msg = err.Error()
			}
			return "", fmt.Errorf("sync.password_command failed: %s", msg)
		}
		return nonEmpty(firstLine(string(out)), "sync.password_command printed no secret")
	case s.PasswordEnv != "":
		return nonEmpty(os.Getenv(s.PasswordEnv), fmt.Sprintf("sync.password_env: $%s is empty or not set", s.PasswordEnv))
	case s.TokenFile != "":
		fi, err := os.Stat(s.TokenFile)
		if err != nil {
			return "", fmt.Errorf("sync.token_file %s: %w", s.TokenFile, unwrapPathError(err))
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return "", fmt.Errorf("sync.token_file %s can be read by others (mode %04o): run chmod 600 %s", s.TokenFile, fi.Mode().Perm(), s.TokenFile)
		}
		b, err := os.ReadFile(s.TokenFile)
		if err != nil {
			return "", fmt.Errorf("sync.token_file %s: %w", s.TokenFile, unwrapPathError(err))
		}
		return nonEmpty(firstLine(string(b)), fmt.Sprintf("sync.token_file %s is empty", s.TokenFile))
	}
	return "", errors.New("[sync] gives no secret: set password_command, password_env or token_file")
}

func firstLine(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	if sc.Scan() {
		return strings.TrimSpace(sc.Text())
	}
	return ""
}

func nonEmpty(s, msg string) (string, error) {
	if s == "" {
		return "", errors.New(msg)
	}
	return s, nil
}
