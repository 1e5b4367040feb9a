package library

// Reading a page from where the user has it: the web, a file or stdin.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/sanitize"
)

// Source is where a page is read from.
type Source struct {
	// Name is an http(s) URL (any scheme counts as one, so that fetch
	// refuses it clearly), a file, or "-" for Stdin.
	Name  string
	Stdin io.Reader
	// Base is the page's address when it is read from a file or stdin:
	// it resolves the page's links and fills the article's URL.
	Base *url.URL
}

// ReadPage reads the page at src and cleans it down to its article with
// the [clean] rules of its site, refusing what is not a page (an image,
// a PDF, a feed) with what it is. A page fetched from the web is cached
// with its article when the library has a store. Errors name the source.
func (l *Library) ReadPage(ctx context.Context, src Source) (*feed.Article, error) {
	page, ctype, final, err := l.load(ctx, src)
	if err != nil {
		return nil, err
	}
	base := src.Base
	if final != nil {
		base = final
	}
	key := ""
	if IsURL(src.Name) {
		key = src.Name
	}
	a, err := l.Clean(ctx, key, page, ctype, base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", SourceName(src.Name), err)
	}
	return SanitizeArticle(a), nil
}

// IsURL reports whether source is meant as a web address rather than a
// file: it has a scheme (any scheme, so that ftp:// gets fetch's clear
// "only http and https" rather than "no such file").
func IsURL(source string) bool {
	i := strings.Index(source, "://")
	if i <= 0 {
		return false
	}
	for _, r := range source[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// SourceName is how errors name the source.
func SourceName(source string) string {
	if source == "-" {
		return "stdin"
	}
	return sanitize.Line(source)
}

// load reads the page from the network, stdin or a file. For a URL it
// also returns the Content-Type and the final address after redirects.
func (l *Library) load(ctx context.Context, src Source) (page []byte, ctype string, final *url.URL, err error) {
	source := src.Name
	switch {
	case source == "-":
		if src.Stdin == nil {
			return nil, "", nil, errors.New("stdin: nothing to read")
		}
		page, err = io.ReadAll(io.LimitReader(src.Stdin, extract.MaxInput+1))
		if err != nil {
			return nil, "", nil, fmt.Errorf("stdin: %w", err)
		}
		if len(page) > extract.MaxInput {
			return nil, "", nil, fmt.Errorf("stdin: page larger than %d MiB", extract.MaxInput>>20)
		}
		return page, "", nil, nil
	case IsURL(source):
		resp, err := l.Client().Get(ctx, source)
		if err != nil {
			return nil, "", nil, err // fetch's errors already name the URL
		}
		u, _ := url.Parse(resp.URL)
		return resp.Body, resp.ContentType, u, nil
	default:
		return readFile(source)
	}
}

func readFile(path string) ([]byte, string, *url.URL, error) {
	name := sanitize.Line(path)
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		if errors.Is(err, fs.ErrNotExist) && looksLikeHost(path) {
			return nil, "", nil, fmt.Errorf("%s: no such file (for a web page, give the full URL: https://%s)", name, name)
		}
		return nil, "", nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, "", nil, fmt.Errorf("%s: is a directory", name)
	}
	page, err := io.ReadAll(io.LimitReader(f, extract.MaxInput+1))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, "", nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(page) > extract.MaxInput {
		return nil, "", nil, fmt.Errorf("%s: page larger than %d MiB", name, extract.MaxInput>>20)
	}
	return page, "", nil, nil
}

// looksLikeHost tells "www.example.com/story" (a URL without its scheme)
// from a file name, for a helpful hint.
func looksLikeHost(path string) bool {
	host, _, _ := strings.Cut(path, "/")
	return strings.Count(host, ".") >= 1 && !strings.HasSuffix(host, ".html") &&
		!strings.HasSuffix(host, ".htm") && !strings.HasSuffix(host, ".txt") &&
		!strings.HasPrefix(path, ".") && !strings.HasPrefix(path, "/")
}
