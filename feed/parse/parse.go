// Package parse turns the bytes of a fetched feed (RSS 0.9x/1.0/2.0, Atom
// 0.3/1.0, JSON Feed 1.0/1.1) into tidings' domain types, finds the feeds an
// HTML page advertises, and reads and writes OPML subscription lists.
//
// It does no network I/O: the caller fetches (feed/fetch) and hands the
// body over, so that limits, timeouts and conditional GET live in one place.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
)

// ErrNotFeed is returned when the bytes are not a feed of a known format;
// IsHTML tells whether they are a web page worth running Discover on.
var ErrNotFeed = errors.New("not an RSS, Atom or JSON feed")

// Result is one parsed feed: its own metadata and its items, in feed order.
type Result struct {
	// Title and SiteURL come from the feed itself; Format names the
	// format and version as detected ("rss 2.0", "atom 1.0", "json 1.1").
	Title       string
	SiteURL     string
	Description string
	Format      string
	// Stories carry no store state (IDs, read, starred, first seen).
	Stories []feed.Story
}

// Parse parses a feed body. contentType is the response's Content-Type
// (it may name the charset of a feed that does not declare one) and
// baseURL the URL the body came from, against which relative links are
// resolved. Both may be empty.
func Parse(data []byte, contentType, baseURL string) (*Result, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrNotFeed)
	}
	if IsHTML(data, contentType) {
		return nil, fmt.Errorf("%w: got an HTML page", ErrNotFeed)
	}
	if trimmed[0] == '<' {
		data = toUTF8XML(data, contentType)
	}

	p := gofeed.NewParser()
	// The parser's content image scan parses every item's HTML a second
	// time; we look for images ourselves only where the feed names one.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	gf, err := p.Parse(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, ErrNotFeed
		}
		return nil, fmt.Errorf("malformed feed: %s", oneLine(err.Error()))
	}
	return convert(gf, baseURL), nil
}

// IsHTML reports whether a body is a web page rather than a feed, from its
// Content-Type or its first bytes.
func IsHTML(data []byte, contentType string) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		// Some servers label feeds text/html; trust the bytes over the label.
		return !looksLikeFeed(data)
	}
	head := bytes.ToLower(firstBytes(bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf"), 512))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		(bytes.Contains(head, []byte("<html")) && !looksLikeFeed(data))
}

func looksLikeFeed(data []byte) bool {
	head := bytes.ToLower(firstBytes(data, 4096))
	return bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) ||
		bytes.Contains(head, []byte("<rdf:rdf")) || bytes.Contains(head, []byte("jsonfeed.org/version"))
}

func firstBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// xmlDeclEncoding matches an XML declaration's encoding. Like the other
// patterns here it is compiled on first use, so that commands that parse
// no feed (read, --version) do not pay for it at start-up.
var xmlDeclEncoding = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
})

// toUTF8XML makes an XML body parseable when it does not say its own
// encoding correctly. A declared non-UTF-8 encoding is left to the XML
// decoder, which converts it; otherwise the charset of the Content-Type is
// applied, and a body that is still not UTF-8 is read as Windows-1252 (the
// usual truth behind an undeclared "Latin-1" feed) or, when nearly all of it
// is UTF-8, has its few stray bytes replaced.
func toUTF8XML(data []byte, contentType string) []byte {
	declared := ""
	if m := xmlDeclEncoding().FindSubmatch(firstBytes(data, 256)); m != nil {
		declared = strings.ToLower(string(m[1]))
	}
	if declared != "" && declared != "utf-8" && declared != "utf8" {
		if _, name := charset.Lookup(declared); name != "" {
			return data
		}
		// An encoding the decoder does not know would fail the whole feed;
		// drop the declaration and guess like for an undeclared one.
		data = xmlDeclEncoding().ReplaceAllFunc(data, func(b []byte) []byte {
			return bytes.Replace(b, []byte(declared), []byte("utf-8"), 1)
		})
		declared = ""
	}
	if declared == "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "utf8" {
				if enc, _ := charset.Lookup(cs); enc != nil {
					if out, err := enc.NewDecoder().Bytes(data); err == nil {
						return out
					}
				}
			}
		}
	}
	if utf8.Valid(data) {
		return data
	}
	if declared == "" && invalidRatio(data) > 0.001 {
		if out, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			return out
		}
	}
	return bytes.ToValidUTF8(data, []byte("\uFFFD"))
}

// invalidRatio is the share of bytes that are not part of valid UTF-8.
func invalidRatio(b []byte) float64 {
	bad := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		}
		i += n
	}
	return float64(bad) / float64(len(b))
}

func convert(gf *gofeed.Feed, baseURL string) *Result {
	base, _ := url.Parse(baseURL)
	if gf.Link != "" {
		// Relative item links are relative to the feed document, but a
		// feed that gives an absolute site link is a better base than an
		// unknown one.
		if base == nil || base.Host == "" {
			base, _ = url.Parse(gf.Link)
		}
	}
	res := &Result{
		Title:       cleanTitle(gf.Title),
		SiteURL:     resolve(base, gf.Link),
		Description: sanitize.Text(strings.TrimSpace(gf.Description)),
		Format:      format(gf),
		Stories:     make([]feed.Story, 0, len(gf.Items)),
	}
	for _, it := range gf.Items {
		if it == nil {
			continue
		}
		res.Stories = append(res.Stories, convertItem(it, base))
	}
	return res
}

func format(gf *gofeed.Feed) string {
	v := gf.FeedVersion
	if gf.FeedType == "json" {
		// JSON Feed names its version by URL.
		v = strings.TrimPrefix(v[strings.LastIndex(v, "/")+1:], "version")
		if !strings.Contains(v, ".") {
			v += ".0"
		}
	}
	return strings.TrimSpace(gf.FeedType + " " + v)
}

func convertItem(it *gofeed.Item, base *url.URL) feed.Story {
	s := feed.Story{
		GUID:    strings.TrimSpace(it.GUID),
		URL:     resolve(base, itemLink(it)),
		Title:   cleanTitle(it.Title),
		Summary: sanitize.Text(strings.TrimSpace(it.Description)),
		Content: sanitize.Text(strings.TrimSpace(it.Content)),
	}
	if it.PublishedParsed != nil {
		s.Published = it.PublishedParsed.UTC()
	} else if it.Published != "" {
		s.Published = parseLooseDate(it.Published)
	}
	if it.UpdatedParsed != nil {
		s.Updated = it.UpdatedParsed.UTC()
	} else if it.Updated != "" {
		s.Updated = parseLooseDate(it.Updated)
	}
	if s.Published.IsZero() {
		s.Published = s.Updated
	}
	if s.Title == "" {
		// Titleless items (common in microblog feeds) need something to
		// show in a list: the start of their text.
		s.Title = firstWords(stripTags(firstNonEmpty(s.Summary, s.Content)), 80)
	}
	s.Authors = authors(it)
	s.Categories = categories(it)
	s.Enclosures = enclosures(it, base)
	s.Image = resolve(base, itemImage(it))
	return s
}

func itemLink(it *gofeed.Item) string {
	if l := strings.TrimSpace(it.Link); l != "" {
		return l
	}
	for _, l := range it.Links {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	// RSS items often use a permalink GUID as their only link.
	if g := strings.TrimSpace(it.GUID); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return g
	}
	return ""
}

func itemImage(it *gofeed.Item) string {
	if it.Image != nil && strings.TrimSpace(it.Image.URL) != "" {
		return strings.TrimSpace(it.Image.URL)
	}
	if media, ok := it.Extensions["media"]; ok {
		if u := mediaImage(media); u != "" {
			return u
		}
	}
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(e.Type, "image/") {
			return strings.TrimSpace(e.URL)
		}
	}
	return ""
}

// mediaImage finds an image in Media RSS: media:thumbnail, an image
// media:content, either of them inside media:group.
func mediaImage(media map[string][]ext.Extension) string {
	for _, c := range media["content"] {
		if u := strings.TrimSpace(c.Attrs["url"]); u != "" && (strings.Contains(c.Attrs["type"], "image") || c.Attrs["medium"] == "image" || hasImageExt(u)) {
			return u
		}
	}
	for _, t := range media["thumbnail"] {
		if u := strings.TrimSpace(t.Attrs["url"]); u != "" {
			return u
		}
	}
	for _, g := range media["group"] {
		if u := mediaImage(g.Children); u != "" {
			return u
		}
	}
	return ""
}

func hasImageExt(u string) bool {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.ToLower(u)
	for _, e := range []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"} {
		if strings.HasSuffix(u, e) {
			return true
		}
	}
	return false
}

func authors(it *gofeed.Item) []string {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		name = collapse(name)
		if name == "" || seen[strings.ToLower(name)] {
			return
		}
		seen[strings.ToLower(name)] = true
		out = append(out, name)
	}
	for _, p := range it.Authors {
		if p == nil {
			continue
		}
		if p.Name != "" {
			add(p.Name)
		} else {
			add(p.Email)
		}
	}
	if len(out) == 0 && it.Author != nil {
		add(firstNonEmpty(it.Author.Name, it.Author.Email))
	}
	if it.DublinCoreExt != nil {
		for _, c := range it.DublinCoreExt.Creator {
			add(c)
		}
	}
	return out
}

func categories(it *gofeed.Item) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range it.Categories {
		c = collapse(c)
		if c == "" || seen[strings.ToLower(c)] {
			continue
		}
		seen[strings.ToLower(c)] = true
		out = append(out, c)
	}
	return out
}

// parseLooseDate reads the dates gofeed's own parser gives up on: a few
// common shapes seen in the wild. Unknown shapes give the zero time, which
// the store replaces with the time it first saw the story.
func parseLooseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{
		time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05",
		"2006-01-02", "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04 -0700", "2 Jan 2006 15:04:05 -0700",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		// Control characters make a link unparsable; whatever it is, it
		// must not carry them to a terminal or a note.
		return sanitize.Line(ref)
	}
	if base != nil && !u.IsAbs() {
		return base.ResolveReference(u).String()
	}
	return u.String()
}

// collapse trims and joins every whitespace run into one space: titles and
// names in feeds are often wrapped over several lines. What a terminal
// would obey (escape sequences, control and bidi characters) goes: a
// story is clean when it leaves the parser.
func collapse(s string) string { return strings.Join(strings.Fields(sanitize.Line(s)), " ") }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

var tagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })

// inlineTagRE matches the markup feeds put in titles (type="html" Atom
// titles, double-escaped RSS): only known inline tags, so a title that
// talks about "<div>" keeps its words.
var inlineTagRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)</?(?:a|abbr|b|br|cite|code|em|i|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>`)
})

// cleanTitle makes a title plain one-line text: entities left escaped by
// the feed are decoded and inline markup is dropped.
func cleanTitle(s string) string {
	if strings.ContainsAny(s, "&<") {
		s = html.UnescapeString(inlineTagRE().ReplaceAllString(s, ""))
	}
	return collapse(s)
}

func stripTags(s string) string {
	if strings.IndexByte(s, '<') >= 0 {
		s = tagRE().ReplaceAllString(s, " ")
	}
	return html.UnescapeString(s)
}

func firstWords(s string, max int) string {
	s = collapse(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut, n := 0, 0
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndex(s[:cut], " "); sp > max/2 {
		cut = sp
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

func oneLine(s string) string { return collapse(s) }
