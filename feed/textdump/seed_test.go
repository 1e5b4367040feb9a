package textdump

import (
	"errors"
	"os"
	"testing"
)

const seedPath = "../../../shared/seed/000_bd349e0b9b030ee0.txt"

func readSeed(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("seed dump not found at %s (it lives in ../shared beside the repo); skipping", seedPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSeedDebug(t *testing.T) {
	s := readSeed(t)
	a, err := Parse(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("title=%q\nauthors=%q source=%q site=%q section=%q\npub=%v mod=%v\ntags=%q\nexcerpt=%q\ncaption=%q\nwords=%d min=%d\n---\n%s\n---\n%s", a.Title, a.Authors, a.Source, a.Site, a.Section, a.Published, a.Modified, a.Tags, a.Excerpt, a.ImageCaption, a.WordCount, a.ReadingMinutes, a.Text, a.Markdown)
}
