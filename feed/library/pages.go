package library

// Pages: what is a page worth cleaning, and cleaning it with the [clean]
// rules of its site.

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// Extract cleans a page with the extra [clean] selectors for its site,
// so that read, save and the reader give the same article.
// The article's URL is base, the address the page was read from; the
// address the page claims for itself goes to Canonical, since a page may
// name any other (a section, an AMP shell, another site's story).
func (l *Library) Extract(page []byte, ctype string, base *url.URL) (*feed.Article, error) {
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	a, err := extract.Extract(bytes.NewReader(page), base,
		extract.Options{ContentType: ctype, DropSelectors: l.selectors(host)})
	if err != nil || base == nil {
		return a, err
	}
	if read := sanitize.Line(base.String()); a.URL != read {
		a.Canonical, a.URL = a.URL, read
	}
	return a, nil
}

// CheckHTML refuses what is plainly not a page — an image, a PDF, a feed —
// with the type it is, rather than "no article found". The declared type
// is trusted when it says HTML or text; otherwise the bytes decide.
func CheckHTML(page []byte, ctype string) error {
	declared, _, _ := mime.ParseMediaType(ctype)
	if isFeedDocument(page) {
		// Before trusting the declared type: many servers send feeds as
		// text/plain or text/html, and cleaning one as a page gives a
		// paragraph of run-together titles and URLs.
		kind := ""
		if declared != "" {
			kind = " (" + declared + ")"
		}
		return fmt.Errorf("not HTML but a feed%s: subscribe with 'tidings feeds add'", kind)
	}
	switch declared {
	case "text/html", "application/xhtml+xml", "text/plain":
		return nil
	}
	head := page[:min(len(page), 4096)]
	lower := bytes.ToLower(head)
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(page))
	kind := declared
	if kind == "" || kind == "application/octet-stream" {
		kind = sniffed
	}
	switch {
	case bytes.Contains(lower, []byte("<rss")) || bytes.Contains(lower, []byte("<feed")) ||
		bytes.Contains(lower, []byte("<rdf:rdf")) || bytes.Contains(lower, []byte("jsonfeed.org/version")):
		return fmt.Errorf("not HTML but a feed (%s): subscribe with 'tidings feeds add'", kind)
	case sniffed == "text/html" || bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body")):
		return nil
	case declared == "" && strings.HasPrefix(sniffed, "text/"):
		return nil // a saved text dump, or a page in a legacy charset
	}
	if kind == "" {
		kind = "unknown type"
	}
	return fmt.Errorf("not HTML (%s)", kind)
}

// isFeedDocument reports a document whose root is an RSS, Atom or RDF
// element, or a JSON Feed object, whatever its Content-Type said. Only the
// root counts, so a page that merely mentions "<rss" is still a page.
func isFeedDocument(page []byte) bool {
	b := bytes.TrimLeft(page[:min(len(page), 8192)], "\ufeff \t\r\n")
	if len(b) > 0 && b[0] == '{' {
		return bytes.Contains(b, []byte("jsonfeed.org/version"))
	}
	// Skip the XML declaration, processing instructions, comments and a
	// doctype to reach the first element.
	for len(b) > 0 && b[0] == '<' {
		var end []byte
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(b, []byte("<!")):
			end = []byte(">")
		default:
			name := b[1:]
			if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
				name = name[:i]
			}
			switch strings.ToLower(string(name)) {
			case "rss", "feed", "rdf:rdf":
				return true
			}
			return false
		}
		i := bytes.Index(b, end)
		if i < 0 {
			return false
		}
		b = bytes.TrimLeft(b[i+len(end):], " \t\r\n")
	}
	return false
}

// SanitizeArticle makes every string of a safe for a terminal or a file.
func SanitizeArticle(a *feed.Article) *feed.Article {
	c := *a
	line := func(s string) string { return sanitize.Line(s) }
	list := func(in []string) []string {
		var out []string
		for _, s := range in {
			if s = line(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	c.Title, c.Source, c.Site, c.Section = line(a.Title), line(a.Source), line(a.Site), line(a.Section)
	c.URL, c.Lang, c.Excerpt = line(a.URL), line(a.Lang), line(a.Excerpt)
	c.Image, c.ImageCaption = line(a.Image), line(a.ImageCaption)
	c.Authors, c.Tags = list(a.Authors), list(a.Tags)
	c.Markdown, c.Text = sanitize.Text(a.Markdown), sanitize.Text(a.Text)
	return &c
}

// Clean makes the article of a page read from base (nil when unknown)
// with the [clean] rules of its site, refusing what is not a page
// (CheckHTML). When key, the web address asked for, is not empty and the
// library has a store, the article is cached with the page under key.
func (l *Library) Clean(ctx context.Context, key string, body []byte, ctype string, base *url.URL) (*feed.Article, error) {
	if err := CheckHTML(body, ctype); err != nil {
		return nil, err
	}
	a, err := l.Extract(body, ctype, base)
	if err != nil {
		return nil, err
	}
	if key != "" && l.st != nil && base != nil {
		l.cache(ctx, key, a, &store.Page{Body: body, ContentType: ctype, URL: base.String(), Cleaner: l.cleaner(base.String())})
	}
	return a, nil
}
