package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed"
)

// The reload key fetches and cleans the open story's page again, past
// the caches, and shows the result; it can be remapped, and help lists it.
func TestReloadFetchesTheArticleAgain(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys map[string][]string
		key  string
	}{
		{"default key", nil, "ctrl+r"},
		{"remapped", map[string][]string{"reload": {"L"}}, "L"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			h := newHarness(t, f, Options{Keys: tc.keys})
			h.key("enter")
			url := h.m.reader.Story().URL
			if !strings.Contains(fullContent(h), "Body of story 1.") {
				t.Fatalf("story 1 not shown:\n%s", h.view())
			}
			f.mu.Lock()
			f.articles[url] = &feed.Article{Title: "US has intelligence confirming", URL: url, Markdown: "The page as it reads now, cleaned again."}
			f.mu.Unlock()
			h.key(tc.key)
			if got := f.calls(&f.reloadCalls); !slices.Equal(got, []string{url}) {
				t.Errorf("reload requests = %v, want [%s]", got, url)
			}
			if c := fullContent(h); !strings.Contains(c, "cleaned again") || strings.Contains(c, "Body of story 1.") {
				t.Errorf("the reader shows the old article after a reload:\n%s", h.view())
			}
			h.key("?")
			if v := h.view(); !strings.Contains(v, "reload the article") || !strings.Contains(v, tc.key) {
				t.Errorf("help does not list the reload key %q:\n%s", tc.key, v)
			}
		})
	}
}
