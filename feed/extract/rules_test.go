package extract

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected.md of the rule fixtures from the current output")

// TestRules runs every cleaning rule's fixture: testdata/rules/<rule>/
// input.html must give exactly expected.md, or, for a page that holds no
// article, the error in expected-error.txt. Run with -update to rewrite
// the expected files after a deliberate change, then review the diff.
func TestRules(t *testing.T) {
	dirs, err := filepath.Glob("testdata/rules/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no rule fixtures in testdata/rules: %v", err)
	}
	u, _ := url.Parse("https://news.example.com/2024/03/council-buses.html")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, "input.html"))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(strings.NewReader(string(in)), u, Options{})
			if want, rerr := os.ReadFile(filepath.Join(dir, "expected-error.txt")); rerr == nil {
				// A page that holds no article: Extract must say so.
				if err == nil || err.Error() != strings.TrimSpace(string(want)) {
					t.Fatalf("Extract error = %v, want %q", err, strings.TrimSpace(string(want)))
				}
				return
			}
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			got := a.Markdown + "\n"
			path := filepath.Join(dir, "expected.md")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestRules -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Markdown differs from %s\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
}
