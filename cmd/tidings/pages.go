package main

import (
	"bytes"
	"net/url"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
	"github.com/tidings-app/tidings/feed/sanitize"
)

// extractPage cleans a page with the config's extra [clean] selectors for
// its site, so that read, save and the reader give the same article.
// The article's URL is base, the address the page was read from; the
// address the page claims for itself goes to Canonical, since a page may
// name any other (a section, an AMP shell, another site's story).
func extractPage(cfg *config.Config, page []byte, ctype string, base *url.URL) (*feed.Article, error) {
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	a, err := extract.Extract(bytes.NewReader(page), base,
		extract.Options{ContentType: ctype, DropSelectors: cfg.CleanSelectors(host)})
	if err != nil || base == nil {
		return a, err
	}
	if read := sanitize.Line(base.String()); a.URL != read {
		a.Canonical, a.URL = a.URL, read
	}
	return a, nil
}
