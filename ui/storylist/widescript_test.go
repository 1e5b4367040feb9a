package storylist

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/theme"
)

// A filter that matches part of a Bengali syllable (the consonant ট of
// টা) underlines the whole syllable: a style change between a consonant
// and its vowel sign would tear the glyph apart on screen.
func TestFilterHighlightKeepsSyllablesWhole(t *testing.T) {
	m := New(keys.Default(), theme.New(true, false).List)
	m.SetSize(80, 10)
	m.SetStories([]feed.Story{{ID: 1, Title: "ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা", FeedTitle: "প্রথম আলো"}}, true)
	m.query = "ট"
	m.refilter()
	v := m.View()
	if !strings.Contains(v, "\x1b[") {
		t.Fatalf("no styles in the view, nothing to check:\n%s", v)
	}
	for _, loc := range regexp.MustCompile(`\x1b\[[0-9;:]*m`).FindAllStringIndex(v, -1) {
		r, _ := utf8.DecodeRuneInString(v[loc[1]:])
		if unicode.Is(unicode.M, r) {
			t.Errorf("a style change splits a syllable before %q:\n%q", string(r), v)
		}
	}
}
