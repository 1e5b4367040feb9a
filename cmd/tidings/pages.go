package main

import (
	"bytes"
	"net/url"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/extract"
)

// extractPage cleans a page with the config's extra [clean] selectors for
// its site, so that read, save and the reader give the same article.
func extractPage(cfg *config.Config, page []byte, ctype string, base *url.URL) (*feed.Article, error) {
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	return extract.Extract(bytes.NewReader(page), base,
		extract.Options{ContentType: ctype, DropSelectors: cfg.CleanSelectors(host)})
}
