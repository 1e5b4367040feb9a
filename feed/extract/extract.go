// Package extract turns a news page into a feed.Article: the story's own
// text as Markdown and plain text, and the metadata a reader cares about,
// with navigation, promotions, teasers, comments and the other clutter of
// a news site left out.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/markdown"
	"github.com/tidings-app/tidings/feed/extract/internal/metadata"
	"github.com/tidings-app/tidings/feed/extract/internal/prepare"
	"github.com/tidings-app/tidings/feed/extract/internal/readable"

	"github.com/andybalholm/cascadia"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/lexicon"
	"github.com/tidings-app/tidings/feed/textdump"
	"golang.org/x/net/html"
)

// Options tunes one extraction.
type Options struct {
	// ContentType is the HTTP Content-Type header of the page, if any; its
	// charset parameter wins over what the page declares.
	ContentType string
	// DropSelectors are extra CSS selectors whose elements are removed
	// before the body is chosen (the config's [clean] section).
	DropSelectors []string
}

// ErrNoArticle is returned when nothing article-like is on the page (a
// home page, a login wall, an empty or binary document).
var ErrNoArticle = errors.New("no article found")

// MaxInput is the largest page Extract reads; past it Extract fails rather
// than spend minutes and gigabytes on a page no reader would show.
const MaxInput = 50 << 20

// Extract reads an HTML page (or a plain-text dump of one) and returns its
// article. pageURL, when not nil, resolves relative links and fills URL.
// It returns ErrNoArticle when the page holds no article.
func Extract(r io.Reader, pageURL *url.URL, opts Options) (*feed.Article, error) {
	raw, err := readCapped(r)
	if err != nil {
		return nil, fmt.Errorf("reading page: %w", err)
	}
	if len(raw) > MaxInput {
		return nil, fmt.Errorf("page is larger than %d MB: too large to extract", MaxInput>>20)
	}
	drop, err := compileSelectors(opts.DropSelectors)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 || looksBinary(raw) {
		return nil, ErrNoArticle
	}
	b, _, err := prepare.DecodeToUTF8(raw, opts.ContentType)
	if err != nil {
		return nil, fmt.Errorf("decoding page: %w", err)
	}
	if textdump.Looks(b) {
		a, err := textdump.Parse(string(b), pageURL)
		if errors.Is(err, textdump.ErrNoArticle) {
			return nil, ErrNoArticle
		}
		return a, err
	}
	b, cut := capPage(prepare.StripScripts(b), MaxElements, MaxText)
	doc, err := prepare.ParseStripped(b)
	if err != nil {
		return nil, fmt.Errorf("parsing page: %w", err)
	}
	meta := metadata.ExtractMetadata(doc, pageURL)
	if meta == nil {
		meta = &feed.Article{}
	}
	return finish(doc, b, meta, pageURL, drop, false, cut)
}

// Fragment cleans an HTML fragment, such as a feed item's content:encoded,
// with the same engine as Extract. It is the reader's fallback when the
// page itself cannot be fetched: the fragment is all article, so only
// promotions, share bars and the like are removed from it.
func Fragment(htmlFragment string, pageURL *url.URL) (*feed.Article, error) {
	if len(htmlFragment) > MaxInput {
		return nil, fmt.Errorf("fragment is larger than %d MB: too large to extract", MaxInput>>20)
	}
	if strings.TrimSpace(htmlFragment) == "" {
		return nil, ErrNoArticle
	}
	src, cut := capPage(prepare.StripScripts([]byte("<!DOCTYPE html><html><head></head><body><article>"+htmlFragment+"</article></body></html>")), MaxElements, MaxText)
	doc, err := prepare.ParseStripped(src)
	if err != nil {
		return nil, fmt.Errorf("parsing fragment: %w", err)
	}
	meta := &feed.Article{}
	if pageURL != nil {
		meta.URL = pageURL.String()
	}
	return finish(doc, src, meta, pageURL, nil, true, cut)
}

// finish runs the body engine on a parsed page and fills the body fields
// of meta; cut, when not nil, says the page was read only in part.
func finish(doc *html.Node, src []byte, meta *feed.Article, pageURL *url.URL, drop []cascadia.Sel, fragment bool, cut *pageCut) (*feed.Article, error) {
	body, fallbackTitle := readable.ExtractBody(doc, src, meta, pageURL, drop, fragment)
	if meta.Title == "" {
		meta.Title = fallbackTitle
	}
	if body == nil {
		return nil, ErrNoArticle
	}
	dropHeadline(body, meta.Title)
	// Control and escape bytes go before any rendering: the Markdown
	// converter drops a BEL that ends a planted OSC sequence, and the
	// sequence left open would swallow the story text after it once the
	// output is sanitized downstream.
	markdown.SanitizeTree(body)
	leadInBody(body, meta)
	// Bytes the charset decoder could not map must not reach a terminal or
	// a JSON encoder as invalid UTF-8.
	meta.Text = strings.ToValidUTF8(markdown.ToText(body), "\uFFFD")
	meta.Markdown = strings.ToValidUTF8(markdown.ToMarkdown(body), "\uFFFD") // last: it consumes body
	meta.WordCount = lexicon.WordCount(meta.Text)
	if meta.WordCount == 0 {
		return nil, ErrNoArticle
	}
	meta.ReadingMinutes = lexicon.ReadingMinutes(meta.WordCount)
	if cut != nil {
		md, text := cut.notice()
		meta.Markdown = strings.TrimRight(meta.Markdown, "\n") + "\n\n" + md + "\n"
		meta.Text = strings.TrimRight(meta.Text, "\n") + "\n\n" + text + "\n"
	}
	return meta, nil
}

// readCapped reads r up to MaxInput+1 bytes, in one allocation when r
// knows its length (a file or an in-memory page).
func readCapped(r io.Reader) ([]byte, error) {
	lr := io.LimitReader(r, MaxInput+1)
	if l, ok := r.(interface{ Len() int }); ok && l.Len() <= MaxInput {
		buf := bytes.NewBuffer(make([]byte, 0, l.Len()+bytes.MinRead))
		_, err := buf.ReadFrom(lr)
		return buf.Bytes(), err
	}
	return io.ReadAll(lr)
}

func compileSelectors(list []string) ([]cascadia.Sel, error) {
	var sels []cascadia.Sel
	for _, s := range list {
		if strings.TrimSpace(s) == "" {
			continue
		}
		sel, err := cascadia.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("drop selector %q: %v: fix it in the [clean] section of the config", s, err)
		}
		sels = append(sels, sel)
	}
	return sels, nil
}

// looksBinary reports whether b is not text at all (an image, a PDF, a
// zip): NUL bytes (more than one in 64 bytes) or a high share of control
// bytes in its first 4 KB, or many bytes that are not UTF-8. UTF-16 pages
// carry a BOM and are left to the charset decoder. A stray NUL or two in
// a page (issue 15) does not make it binary: the parser drops them.
func looksBinary(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return false
	}
	head := b[:min(len(b), 4096)]
	ctl, nul := 0, 0
	for _, c := range head {
		switch {
		case c == 0:
			if nul++; nul*64 > len(head) {
				return true
			}
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b:
			ctl++
		}
	}
	if ctl*10 > len(head) {
		return true
	}
	// Pages declared in a legacy charset are not valid UTF-8 but are text;
	// only a page that is neither UTF-8 nor mostly ASCII-ish is suspicious.
	if !utf8.Valid(head) {
		high := 0
		for _, c := range head {
			if c >= 0x80 {
				high++
			}
		}
		return high*10 > len(head)*7
	}
	return false
}
