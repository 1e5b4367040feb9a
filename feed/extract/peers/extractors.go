package main

import (
	"bytes"
	"errors"
	"strings"

	readeck "codeberg.org/readeck/go-readability/v2"
	shiori "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"github.com/tidings-app/tidings/feed/extract"
	"golang.org/x/net/html"
)

// extractor turns one page into its body text. Every run starts from the
// page's UTF-8 bytes, so parsing is inside the time of each extractor.
type extractor struct {
	name string
	run  func(p *page) (string, error)
	// floor marks the bare parse, which has no text to score.
	floor bool
}

// extractors lists the contenders in table order. The peers get the page
// parsed by x/net/html (what their Reader APIs do too, minus a chardet
// guess that could mangle bytes already decoded) and the page URL.
//
// Each is scored on its own plain-text output (tidings' Text,
// go-trafilatura's ContentText, readeck's RenderText), except go-shiori:
// see runShiori.
func extractors(fallback bool) []extractor {
	list := []extractor{
		{name: "tidings", run: runTidings},
		{name: "go-trafilatura", run: func(p *page) (string, error) { return runTrafilatura(p, false) }},
	}
	if fallback {
		list = append(list, extractor{name: "go-trafilatura +fallback", run: func(p *page) (string, error) { return runTrafilatura(p, true) }})
	}
	return append(list,
		extractor{name: "readeck/go-readability", run: runReadeck},
		extractor{name: "go-shiori/go-readability", run: runShiori},
		extractor{name: "x/net/html Parse (floor)", run: runParse, floor: true},
	)
}

// runTidings is what cmd/tidings does with a fetched page, minus the
// Content-Type header the corpora do not record.
func runTidings(p *page) (string, error) {
	a, err := extract.Extract(bytes.NewReader(p.html), p.url, extract.Options{})
	if errors.Is(err, extract.ErrNoArticle) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return a.Text, nil
}

// runTrafilatura uses go-trafilatura's defaults (comments are returned
// apart and not scored), optionally with its Readability and DOM
// Distiller fallback.
func runTrafilatura(p *page, fallback bool) (string, error) {
	doc, err := html.Parse(bytes.NewReader(p.html))
	if err != nil {
		return "", err
	}
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{OriginalURL: p.url, EnableFallback: fallback})
	if err != nil {
		// go-trafilatura reports "text and comments are not long
		// enough" and the like as errors: an empty extraction.
		return "", nil
	}
	return res.ContentText, nil
}

// runReadeck uses readeck's own plain-text rendering of the article.
func runReadeck(p *page) (string, error) {
	doc, err := html.Parse(bytes.NewReader(p.html))
	if err != nil {
		return "", err
	}
	parser := readeck.NewParser()
	art, err := parser.ParseAndMutate(doc, p.url)
	if err != nil || art.Node == nil {
		return "", nil
	}
	var b strings.Builder
	if err := art.RenderText(&b); err != nil {
		return "", nil
	}
	return b.String(), nil
}

// runShiori renders go-shiori's article node with innerText. Its own
// TextContent is the DOM's textContent, which glues the last word of a
// block to the first of the next ("end.</p><p>Next" is fine, "<li>one</li>
// <li>two</li>" without spaces is not) and costs it about 0.005 F1.
func runShiori(p *page) (string, error) {
	doc, err := html.Parse(bytes.NewReader(p.html))
	if err != nil {
		return "", err
	}
	art, err := shiori.FromDocument(doc, p.url)
	if err != nil || art.Node == nil {
		return "", nil
	}
	return innerText(art.Node), nil
}

// runParse is the floor: the parse every DOM-based extractor pays.
func runParse(p *page) (string, error) {
	_, err := html.Parse(bytes.NewReader(p.html))
	return "", err
}
