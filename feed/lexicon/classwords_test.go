package lexicon

import "testing"

// Each list of class words, by role, on the classes and ids of real
// themes: the part it names is found, the story's container is not.
func TestClassWords(t *testing.T) {
	lists := []struct {
		name string
		in   func(string) bool
		yes  []string
		no   []string
	}{
		{"UnlikelyClass", UnlikelyClass().In, []string{"site-footer", "sidebar-left", "taboola-below", "most-viewed"}, []string{"article-body", "entry-content"}},
		{"MaybeClass", MaybeClass().In, []string{"article-body", "main-column"}, []string{"site-footer"}},
		{"PositiveClass", PositiveClass().In, []string{"entry-content", "h-entry", "story"}, []string{"site-footer", "nav"}},
		{"NegativeClass", NegativeClass, []string{"share-tools", "hid", "x hid y", "widget-area"}, []string{"article-body", "hidalgo-profile"}},
		{"CaptionClass", CaptionClass().In, []string{"wp-caption", "photo-credit"}, []string{"article-body"}},
		{"CreditClass", CreditClass().In, []string{"image-credit", "copyright"}, []string{"photo"}},
		{"AuthorHref", AuthorHref().In, []string{"/author/jane-doe", "https://x.example/@jane", "/staff/jd"}, []string{"/2024/03/story"}},
		{"PlaceholderImage", PlaceholderImage().In, []string{"/img/placeholder.png", "spacer.gif", "lazy-load.svg"}, []string{"/img/harbour-at-dawn.jpg"}},
		{"ClutterClass", ClutterClass().In, []string{"cookie-banner", "most-read", "site_footer"}, []string{"cookiecutter", "article-body"}},
		{"TagsClass", TagsClass().In, []string{"post-tags", "tag-list", "entry tags"}, []string{"stage", "tagline"}},
		{"SectionClass", SectionClass().In, []string{"breadcrumbs", "kicker"}, []string{"article-body"}},
		{"ArticleClass", ArticleClass().In, []string{"post-12", "story-body"}, []string{"site-footer"}},
		{"BylineClass", func(s string) bool { return ContainsAny(s, BylineClass) }, []string{"byline", "author-name"}, []string{"dateline"}},
		{"NotBylineClass", func(s string) bool { return ContainsAny(s, NotBylineClass) }, []string{"author-avatar", "author-bio"}, []string{"author-name"}},
		{"DateClass", func(s string) bool { return ContainsAny(s, DateClass) }, []string{"published-date", "post-meta"}, []string{"author-name"}},
	}
	for _, l := range lists {
		for _, s := range l.yes {
			if !l.in(s) {
				t.Errorf("%s misses %q", l.name, s)
			}
		}
		for _, s := range l.no {
			if l.in(s) {
				t.Errorf("%s takes %q", l.name, s)
			}
		}
	}
	for _, tok := range []string{"share", "newsletter", "adslot", "breadcrumb", "sronly"} {
		if !BoilerTokens()[tok] {
			t.Errorf("BoilerTokens misses %q", tok)
		}
	}
	for _, tok := range []string{"article", "prose", "embed"} {
		if !KeepTokens()[tok] || BoilerTokens()[tok] {
			t.Errorf("%q is not a content token only", tok)
		}
	}
}
