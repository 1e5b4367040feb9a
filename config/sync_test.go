package config

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSyncSectionLoads(t *testing.T) {
	home := isolate(t)
	c, err := Load(writeFile(t, `
[sync]
kind = "greader"
url = "http://127.0.0.1:8080/api/greader.php"
user = "me"
token_file = "~/.config/tidings/token"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := Sync{Kind: SyncGReader, URL: "http://127.0.0.1:8080/api/greader.php", User: "me",
		TokenFile: filepath.Join(home, ".config", "tidings", "token")}
	if c.Sync != want || !c.Sync.Enabled() {
		t.Errorf("sync = %+v, want %+v", c.Sync, want)
	}
	if d, err := Load(writeFile(t, "theme = \"dark\"\n")); err != nil || d.Sync.Enabled() {
		t.Errorf("a file without [sync] syncs: %+v, %v", d.Sync, err)
	}
}

func TestSyncSectionMistakesNameTheLineAndKey(t *testing.T) {
	isolate(t)
	cases := []struct{ doc, want string }{
		{"[sync]\nkind = \"newsblur\"\nurl = \"http://127.0.0.1\"\npassword_env = \"X\"\n", `:2: sync.kind: "newsblur" is not a sync kind`},
		{"[sync]\nkind = \"miniflux\"\nurl = \"ftp://127.0.0.1\"\npassword_env = \"X\"\n", ":3: sync.url: must be the server's http:// or https:// address"},
		{"[sync]\nkind = \"miniflux\"\nurl = \"http://127.0.0.1\"\npassword_env = \"X\"\ntoken_file = \"/t\"\n", "exactly one way"},
		{"[sync]\nkind = \"greader\"\nurl = \"http://127.0.0.1\"\npassword_env = \"X\"\n", "sync.user: is needed for the Google Reader API"},
		{"[sync]\nurl = \"http://127.0.0.1\"\n", "sync.kind: is missing"},
		{"[sync]\nkind = \"miniflux\"\nurl = \"http://me:pw@127.0.0.1\"\npassword_env = \"X\"\n", "sync.url: must not hold a user or password"},
	}
	for _, c := range cases {
		_, err := Load(writeFile(t, c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.doc, err, c.want)
		}
	}
}

func TestSyncSecretSources(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(token, []byte("tok-from-file\nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TIDINGS_TEST_SECRET", "from-env")
	for _, c := range []struct {
		s    Sync
		want string
	}{
		{Sync{PasswordCommand: "printf 'from-command\\nsecond line\\n'"}, "from-command"},
		{Sync{PasswordEnv: "TIDINGS_TEST_SECRET"}, "from-env"},
		{Sync{TokenFile: token}, "tok-from-file"},
	} {
		got, err := c.s.Secret(ctx)
		if err != nil || got != c.want {
			t.Errorf("%+v: secret %q, %v; want %q", c.s, got, err, c.want)
		}
	}
}

func TestSyncSecretRefusesAnOpenTokenFileAndNeverShowsTheSecret(t *testing.T) {
	ctx := context.Background()
	token := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(token, []byte("s3cret-value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Sync{TokenFile: token}.Secret(ctx)
	if err == nil || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("a token file others can read: %v; want a chmod 600 hint without the secret", err)
	}
	_, err = Sync{PasswordCommand: "echo s3cret-value; exit 3"}.Secret(ctx)
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("a failing password_command: %v; want an error without what it printed", err)
	}
	t.Setenv("TIDINGS_TEST_EMPTY", "")
	if _, err := (Sync{PasswordEnv: "TIDINGS_TEST_EMPTY"}).Secret(ctx); err == nil || !strings.Contains(err.Error(), "$TIDINGS_TEST_EMPTY") {
		t.Errorf("an empty variable: %v; want it named", err)
	}
}
