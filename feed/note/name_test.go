package note

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed"
)

func TestSlug(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Reuters: Biden signs $1.2 trillion spending bill", "reuters-biden-signs-1-2-trillion-spending-bill"},
		{"Héllo Wörld: Straße & Co — “quoted”", "hello-world-strasse-and-co-quoted"},
		{"Don't panic", "dont-panic"},
		{"Привет, мир! Щука", "privet-mir-shchuka"},
		{"Україна: їжак і ґанок", "ukrayina-yizhak-i-ganok"},
		{"Καλημέρα κόσμε", "kalimera-kosme"},
		{"東京で地震 速報", "東京で地震-速報"},
		{"नमस्ते दुनिया", "नमस्ते-दुनिया"},
		{"서울 뉴스", "서울-뉴스"},
		{"İstanbul ﬁne ＡＢＣ", "istanbul-fine-abc"},
		{"../../etc/passwd", "etc-passwd"},
		{`C:\Windows\System32`, "c-windows-system32"},
		{"\x1b]52;c;aGk=\x07Title\x1b[31m red", "title-red"},
		{"   ---   ", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.title); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestSlugLength(t *testing.T) {
	long := strings.Repeat("word ", 40)
	s := Slug(long)
	if n := utf8.RuneCountInString(s); n > maxSlugRunes {
		t.Fatalf("slug has %d characters, want at most %d", n, maxSlugRunes)
	}
	if strings.HasSuffix(s, "-") || strings.HasSuffix(s, "-wor") {
		t.Fatalf("slug %q is not cut at a word boundary", s)
	}
	cjk := Slug(strings.Repeat("漢", 300))
	if len(cjk) > maxSlugBytes || !utf8.ValidString(cjk) {
		t.Fatalf("CJK slug is %d bytes (valid %v), want at most %d", len(cjk), utf8.ValidString(cjk), maxSlugBytes)
	}
}

func TestFileName(t *testing.T) {
	now := time.Date(2026, 11, 26, 21, 0, 0, 0, time.UTC)
	dhaka := time.FixedZone("BST", 6*3600)
	tests := []struct {
		name string
		a    *feed.Article
		want string
	}{
		{"published date in the page's zone", &feed.Article{Title: "Dhaka wakes", Published: time.Date(2024, 3, 24, 1, 30, 0, 0, dhaka)}, "2024-03-24-dhaka-wakes.md"},
		{"today without a date", &feed.Article{Title: "No date"}, "2026-11-26-no-date.md"},
		{"URL when no title", &feed.Article{URL: "https://example.com/world/asia/floods-in-sylhet.html"}, "2026-11-26-floods-in-sylhet.md"},
		{"URL with numeric id", &feed.Article{URL: "https://example.com/news/quake-hits/123456"}, "2026-11-26-quake-hits.md"},
		{"reserved title", &feed.Article{Title: "CON"}, "2026-11-26-con.md"},
		{"nothing usable", &feed.Article{Title: "?!"}, "2026-11-26-article.md"},
		{"nil article", nil, "2026-11-26-article.md"},
	}
	for _, tt := range tests {
		if got := FileName(tt.a, now); got != tt.want {
			t.Errorf("%s: FileName = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestIsSafeName(t *testing.T) {
	for _, bad := range []string{"", ".", "..", ".hidden", "a/b", `a\b`, "nul", "CON.md", "com1.jpg", "Lpt9", "a\x00b", "a\nb", "trail.", "trail ", "a:b", strings.Repeat("a", 256)} {
		if IsSafeName(bad) {
			t.Errorf("IsSafeName(%q) = true", bad)
		}
	}
	for _, good := range []string{"2024-03-24-dhaka.md", "01-photo.jpg", "東京.md", "console.md"} {
		if !IsSafeName(good) {
			t.Errorf("IsSafeName(%q) = false", good)
		}
	}
}

// FuzzFileName checks that whatever a page's title and URL hold, the note's
// name stays one safe element of the folder.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"Hello", "../..", "CON", "\x1b]8;;x\x07", "東京", ".", "a/b\\c", "—", "\u202eexe.md"} {
		f.Add(s, "https://example.com/"+s)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, url string) {
		name := FileName(&feed.Article{Title: title, URL: url}, now)
		if !IsSafeName(name) {
			t.Fatalf("FileName(%q, %q) = %q: not a safe name", title, url, name)
		}
		if !strings.HasPrefix(name, "2026-01-02-") || !strings.HasSuffix(name, ".md") {
			t.Fatalf("FileName(%q) = %q: not YYYY-MM-DD-slug.md", title, name)
		}
		if filepath.Join("/notes", name) != "/notes/"+name || filepath.Base(name) != name {
			t.Fatalf("FileName(%q) = %q escapes the folder", title, name)
		}
		slug := strings.TrimSuffix(strings.TrimPrefix(name, "2026-01-02-"), ".md")
		if slug == "" || utf8.RuneCountInString(slug) > maxSlugRunes || len(name) > 255-len("-999.assets") {
			t.Fatalf("FileName(%q) = %q: slug empty or too long", title, name)
		}
		if strings.Contains(slug, "--") || strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") {
			t.Fatalf("FileName(%q) = %q: stray dashes", title, name)
		}
	})
}
