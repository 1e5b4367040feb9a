package config

import (
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary documents to the loader: it must never panic,
// and every error line must name the file, as the user relies on.
func FuzzParse(f *testing.F) {
	f.Add([]byte(renderDefault(true)))
	f.Add([]byte("theme = \"neon\"\n[refresh]\nworkers = 0\n[keys]\nup = [\"ctrl+K\"]\n"))
	f.Add([]byte("feeds = [{url = \"x\", tags = [\"\"]}]\n[clean]\n\"a.b\" = [\"div[\"]\n"))
	f.Add([]byte("[[feeds]]\nurl = \"https://a.example/\"\nnope = 1\n"))
	f.Add([]byte("a.b.c = [[1, {x = 2}], 3]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := parse("f.toml", data)
		if err == nil {
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "f.toml") {
				t.Fatalf("error line %q does not name the file", line)
			}
		}
	})
}
