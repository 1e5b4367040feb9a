package note

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzAssetName checks that whatever an image's address holds, the file
// saved for it with --images is one safe name inside the assets folder.
func FuzzAssetName(f *testing.F) {
	for _, s := range []string{
		"https://img.example/a.png", "https://img.example/..%2F..%2Fetc%2Fpasswd", "/../../x.jpg",
		"https://img.example/CON.png", "https://img.example/" + strings.Repeat("long", 100) + ".jpg",
		"https://img.example/%00.png", "data:image/png;base64,AAAA", "https://img.example/\u202egpj.exe",
		"https://img.example/a%5Cb.png", "file:///etc/passwd", "",
	} {
		f.Add(1, s, ".png")
	}
	f.Fuzz(func(t *testing.T, n int, raw, ext string) {
		if n < 1 || n > 999 {
			n = 1
		}
		// The extension is always one of imageTypes' own.
		ext = []string{".png", ".jpg", ".gif", ".webp", ".svg", ".avif"}[len(ext)%6]
		name := assetName(n, raw, ext)
		if !IsSafeName(name) {
			t.Fatalf("assetName(%d, %q) = %q: not a safe name", n, raw, name)
		}
		if filepath.Base(name) != name || filepath.Join("/notes/x.assets", name) != "/notes/x.assets/"+name {
			t.Fatalf("assetName(%d, %q) = %q leaves the folder", n, raw, name)
		}
		if !strings.HasSuffix(name, ext) {
			t.Fatalf("assetName(%d, %q) = %q lost its extension", n, raw, name)
		}
	})
}
