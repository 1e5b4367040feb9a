package ui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenViews pins the three screens, colours stripped, at a small and
// a large terminal. Run `go test ./ui -update` after a deliberate change
// and read the diff.
func TestGoldenViews(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{"list", nil},
		{"reader", []string{"enter"}},
		{"help", []string{"?"}},
		{"feeds", []string{"tab"}},
	}
	for _, size := range [][2]int{{80, 24}, {140, 40}} {
		for _, sc := range screens {
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, newFake(), Options{})
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				h.key(sc.keys...)
				golden(t, filepath.Join("testdata", name+".golden"), trimRight(h.view()))
			})
		}
	}
}

// trimRight drops trailing blanks of each line: they carry no meaning and
// editors strip them from golden files.
func trimRight(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (check, then go test -update):\n--- got\n%s--- want\n%s", path, got, want)
	}
}
