package note

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
)

// imageTypes maps the image media types a note may keep to their file
// extension. Anything else (HTML error pages, scripts) is refused.
var imageTypes = map[string]string{
	"image/jpeg":    ".jpg",
	"image/png":     ".png",
	"image/gif":     ".gif",
	"image/webp":    ".webp",
	"image/avif":    ".avif",
	"image/bmp":     ".bmp",
	"image/svg+xml": ".svg",
}

// imageURLs lists the absolute web addresses of the article's images: the
// lead image, then those of the body, without duplicates.
func imageURLs(a *feed.Article) []string {
	base, _ := url.Parse(sanitize.Line(a.URL))
	var out []string
	seen := map[string]bool{}
	add := func(raw string) {
		u := absolute(base, raw)
		if isWebURL(u) && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	if a.Image != "" {
		add(sanitize.Line(a.Image))
	}
	for _, d := range imageDestinations(sanitize.Text(a.Markdown)) {
		add(d)
	}
	return out
}

// saveImages downloads the article's images into dir/stem.assets and
// returns, for each one saved, its web address mapped to the relative path
// the note links. Failures are recorded in res and leave the web address.
func saveImages(ctx context.Context, a *feed.Article, o Options, dir, stem string, res *Result) map[string]string {
	urls := imageURLs(a)
	if len(urls) == 0 {
		return nil
	}
	maxN, maxBytes := o.MaxImages, o.MaxImageBytes
	if maxN <= 0 {
		maxN = DefaultMaxImages
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxImageBytes
	}
	if len(urls) > maxN {
		res.ImageErrors = append(res.ImageErrors, fmt.Errorf("%d images not saved: more than %d in the article", len(urls)-maxN, maxN))
		urls = urls[:maxN]
	}
	assets := stem + ".assets"
	adir := filepath.Join(dir, assets)
	if err := ensureDir(adir); err != nil {
		res.ImageErrors = append(res.ImageErrors, err)
		return nil
	}
	local := map[string]string{}
	for i, u := range urls {
		if ctx.Err() != nil {
			res.ImageErrors = append(res.ImageErrors, fmt.Errorf("%s: %v", u, ctx.Err()))
			break
		}
		data, ctype, err := o.Fetch(ctx, u)
		if err != nil {
			msg := sanitize.Line(err.Error())
			if !strings.HasPrefix(msg, u) {
				// tidings' fetcher names the URL already; others may not.
				msg = u + ": " + msg
			}
			res.ImageErrors = append(res.ImageErrors, errors.New(msg))
			continue
		}
		if int64(len(data)) > maxBytes {
			res.ImageErrors = append(res.ImageErrors, fmt.Errorf("%s: larger than %d MB", u, maxBytes>>20))
			continue
		}
		ext := imageExt(data, ctype)
		if ext == "" {
			res.ImageErrors = append(res.ImageErrors, fmt.Errorf("%s: not an image", u))
			continue
		}
		name := assetName(i+1, u, ext)
		if err := writeAtomic(o.createTemp, adir, name, data, false); err != nil {
			res.ImageErrors = append(res.ImageErrors, err)
			continue
		}
		local[u] = assets + "/" + name
		res.Images++
	}
	if len(local) == 0 {
		// Every image failed: no empty folder beside the note. Remove
		// refuses a folder that still holds an earlier save's images.
		_ = os.Remove(adir)
	}
	return local
}

// ensureDir creates the assets folder, or accepts it when it already is a
// real folder; a symlink or file at that name is refused, so that images are
// never written outside the notes folder.
func ensureDir(p string) error {
	fi, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Mkdir(p, 0o755); err != nil {
			return fmt.Errorf("cannot create folder %s: %v", p, pathErr(err))
		}
		return nil
	case err != nil:
		return fmt.Errorf("cannot use folder %s: %v", p, pathErr(err))
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("images not saved: %s is a symlink", p)
	case !fi.IsDir():
		return fmt.Errorf("images not saved: %s is not a folder", p)
	}
	return nil
}

// imageExt returns the extension for an image, trusting the bytes over the
// server's Content-Type, or "" when the data is no image a note may keep.
func imageExt(data []byte, ctype string) string {
	sniffed := http.DetectContentType(data)
	if ext, ok := imageTypes[sniffed]; ok {
		return ext
	}
	declared := strings.ToLower(strings.TrimSpace(strings.Split(ctype, ";")[0]))
	switch declared {
	case "image/svg+xml":
		// Sniffing sees SVG as XML or text.
		if bytes.Contains(data[:min(len(data), 1024)], []byte("<svg")) {
			return ".svg"
		}
	case "image/avif":
		if len(data) > 12 && string(data[4:8]) == "ftyp" {
			return ".avif"
		}
	}
	return ""
}

// assetName builds "NN-slug.ext" from the image URL's file name: numbered
// so that two images called "image.jpg" do not collide, slugged so that
// the name is safe on every OS.
func assetName(n int, raw, ext string) string {
	s := "image"
	if u, err := url.Parse(raw); err == nil {
		b := path.Base(u.Path)
		if sl := Slug(strings.TrimSuffix(b, path.Ext(b))); sl != "" {
			s = sl
		}
	}
	if r := []rune(s); len(r) > 40 {
		s = strings.Trim(string(r[:40]), "-")
	}
	name := fmt.Sprintf("%02d-%s%s", n, s, ext)
	if !IsSafeName(name) {
		name = fmt.Sprintf("%02d-image%s", n, ext)
	}
	return name
}
