package note

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/link"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"
)

// DefaultTag is added to the tags of every note so that saved news can be
// found together in a vault.
const DefaultTag = "news"

// frontMatter is the YAML header of a note, in the order Obsidian Web
// Clipper and defuddle users know; empty fields are left out.
type frontMatter struct {
	Title       string   `yaml:"title,omitempty"`
	Source      string   `yaml:"source,omitempty"`
	Canonical   string   `yaml:"canonical,omitempty"`
	Author      []string `yaml:"author,omitempty"`
	Published   day      `yaml:"published,omitempty"`
	Created     day      `yaml:"created,omitempty"`
	Site        string   `yaml:"site,omitempty"`
	Description string   `yaml:"description,omitempty"`
	Tags        []string `yaml:"tags,omitempty"`
	Language    string   `yaml:"language,omitempty"`
	WordCount   int      `yaml:"word_count,omitempty"`
	// SavedBy marks a note tidings wrote: only such a note is ever
	// replaced by a later save, never one a person wrote or imported.
	SavedBy string `yaml:"saved_by,omitempty"`
}

// savedBy is the value of the marker field saved_by.
const savedBy = "tidings"

// day is a YYYY-MM-DD date written as a plain YAML timestamp
// (published: 2024-03-23), as Obsidian Web Clipper writes it, rather than
// the quoted string a Go string would become.
type day string

// MarshalYAML implements yaml.Marshaler.
func (d day) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: string(d)}, nil
}

// dateLayout is the property format Obsidian shows as a date.
const dateLayout = "2006-01-02"

// Render returns the note for a: YAML front matter, "# Title", then the
// cleaned Markdown body with links made absolute and the lead image (with
// its caption) when the body does not show it already. Every string is
// sanitised, so the note holds no control character or escape sequence.
// Images are not downloaded here; Save does that when asked.
func Render(a *feed.Article, o Options) ([]byte, error) {
	if a == nil {
		return nil, fmt.Errorf("no article to save")
	}
	return render(a, o, nil)
}

// render does Render, replacing image URLs by the local paths in local.
func render(a *feed.Article, o Options, local map[string]string) ([]byte, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	created := now
	if !o.created.IsZero() {
		created = o.created
	}
	title := sanitize.Line(a.Title)
	fm := frontMatter{
		Title:       title,
		Source:      webAddress(a.URL),
		Canonical:   webAddress(canonicalOf(a)),
		Author:      authors(a),
		Published:   day(dateOf(a.Published)),
		Created:     day(created.Format(dateLayout)),
		Site:        sanitize.Line(a.Site),
		Description: sanitize.Line(a.Excerpt),
		Tags:        Tags(o.Tags),
		Language:    sanitize.Line(a.Lang),
		WordCount:   a.WordCount,
		SavedBy:     savedBy,
	}
	var buf bytes.Buffer
	if err := writeFrontMatter(&buf, &fm); err != nil {
		return nil, err
	}

	if title != "" {
		buf.WriteString("# ")
		buf.WriteString(EscapeInline(title))
		buf.WriteString("\n\n")
	}

	base, _ := url.Parse(fm.Source)
	body := strings.TrimSpace(sanitize.Text(a.Markdown))
	// Before the rewrite below: with --images the body's copy of the lead
	// image points to its local file, no longer to the URL compared.
	lead := leadImage(a, base, body)
	body = rewriteDestinations(body, func(dest string) string {
		abs := absolute(base, dest)
		if p, ok := local[abs]; ok {
			return p
		}
		if unsafeLink(abs) {
			// The text stays; a click in the vault runs nothing.
			return ""
		}
		return abs
	})
	body = defuseAutolinks(body)

	if img := lead; img != "" {
		dest := img
		if p, ok := local[img]; ok {
			dest = p
		}
		caption := sanitize.Line(a.ImageCaption)
		fmt.Fprintf(&buf, "![%s](%s)\n", EscapeInline(caption), destination(dest))
		if caption != "" {
			fmt.Fprintf(&buf, "*%s*\n", EscapeInline(caption))
		}
		buf.WriteString("\n")
	} else if caption := sanitize.Line(a.ImageCaption); caption != "" && a.Image == "" && !strings.Contains(body, caption) {
		// A text dump keeps the photo's caption but not the photo: the
		// caption still belongs to the story, where the photo stood.
		fmt.Fprintf(&buf, "*%s*\n\n", EscapeInline(caption))
	}
	if body != "" {
		buf.WriteString(body)
		buf.WriteString("\n")
	}
	return buf.Bytes(), nil
}

// writeFrontMatter writes fm as YAML between "---" lines.
func writeFrontMatter(buf *bytes.Buffer, fm *frontMatter) error {
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	buf.WriteString("---\n\n")
	return nil
}

// Tags returns the note tags for the given feed tags: each made a valid
// Obsidian tag (no spaces or punctuation other than "-", "_" and "/"),
// deduplicated case-insensitively, with DefaultTag last when missing.
func Tags(feedTags []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if t == "" || seen[strings.ToLower(t)] {
			return
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	for _, t := range feedTags {
		add(tagOf(t))
	}
	add(DefaultTag)
	return out
}

// tagOf turns a free-form feed tag into an Obsidian tag, which may hold
// letters, digits, "-", "_" and "/" and must not be only digits.
func tagOf(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.TrimPrefix(sanitize.Line(s), "#") {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '/':
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		default:
			sep = true
		}
	}
	t := strings.Trim(b.String(), "/")
	if strings.TrimFunc(t, unicode.IsDigit) == "" {
		return ""
	}
	return t
}

// authors are the people credited, else the agency (Reuters, AP) the page
// credits, which is who a reader would cite.
func authors(a *feed.Article) []string {
	if l := cleanList(a.Authors); len(l) > 0 {
		return l
	}
	if s := sanitize.Line(a.Source); s != "" {
		return []string{s}
	}
	return nil
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = sanitize.Line(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// leadImage returns the absolute URL of the article's lead image when the
// body does not already show it.
func leadImage(a *feed.Article, base *url.URL, body string) string {
	raw := sanitize.Line(a.Image)
	if raw == "" {
		return ""
	}
	img := absolute(base, raw)
	if !isWebURL(img) {
		return ""
	}
	for _, d := range imageDestinations(body) {
		if absolute(base, d) == img {
			return ""
		}
	}
	return img
}

// absolute resolves a link destination against the page URL. Fragments
// and destinations that already carry a scheme are left alone.
func absolute(base *url.URL, dest string) string {
	if base == nil || dest == "" || strings.HasPrefix(dest, "#") {
		return dest
	}
	u, err := url.Parse(dest)
	if err != nil || u.IsAbs() {
		return dest
	}
	return base.ResolveReference(u).String()
}

// unsafeLink reports links a note must not keep as links: anything but
// http, https, mailto and references without a scheme (feed/link's one
// check), so nothing clicked in a note viewer runs code or opens a local
// file.
func unsafeLink(s string) bool {
	return !link.Active(s)
}

// webAddress is s when it is an http or https URL, else empty: a note's
// source: and canonical: are clickable in note viewers, and a story whose
// link is javascript:, data: or file: must not leave one there.
func webAddress(s string) string {
	s = sanitize.Line(s)
	if _, ok := link.Web(s); !ok {
		return ""
	}
	return s
}

// defuseAutolinks turns autolinks with an unsafe scheme
// (<javascript:alert(1)>) into plain text.
func defuseAutolinks(body string) string {
	src := []byte(body)
	var bad []string
	_ = ast.Walk(parseMarkdown(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if al, ok := n.(*ast.AutoLink); ok && entering && unsafeLink(string(al.URL(src))) {
			bad = append(bad, string(al.URL(src)))
		}
		return ast.WalkContinue, nil
	})
	for _, u := range bad {
		body = strings.ReplaceAll(body, "<"+u+">", `\<`+u+`\>`)
	}
	return body
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// destination formats a link destination so that CommonMark reads it back
// whole, whatever characters it holds.
func destination(d string) string {
	if d == "" || strings.ContainsAny(d, " <>()\\\n") {
		r := strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "")
		return "<" + r.Replace(d) + ">"
	}
	return d
}

// EscapeInline escapes the characters that would make a line of plain text
// (a title, a caption) turn into Markdown emphasis, links, HTML, code or a
// different block when rendered. Ordinary punctuation such as apostrophes,
// colons and full stops is left readable.
func EscapeInline(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '~':
			b.WriteByte('\\')
		case '!':
			if strings.HasPrefix(s[i:], "![") {
				b.WriteByte('\\')
			}
		case '&':
			if looksLikeEntity(s[i:]) {
				b.WriteByte('\\')
			}
		case '#', '+', '-', '=':
			// A line that starts with these may become a heading, list or
			// setext underline; a trailing "#" closes an ATX heading.
			if i == 0 || strings.TrimRight(s[i:], "#") == "" {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1. Title" would become an ordered list.
			if strings.Trim(s[:i], "0123456789") == "" && i > 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// looksLikeEntity reports whether s starts with an HTML character
// reference such as "&amp;" or "&#38;".
func looksLikeEntity(s string) bool {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 32 {
		return false
	}
	for _, r := range s[1:end] {
		if !(r == '#' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// parseMarkdown parses a body with goldmark, the CommonMark parser the
// tests also read notes with.
func parseMarkdown(src []byte) ast.Node {
	return goldmark.New().Parser().Parse(text.NewReader(src))
}

// imageDestinations lists the destinations of the images of a Markdown
// body, in order, without duplicates.
func imageDestinations(body string) []string {
	var out []string
	seen := map[string]bool{}
	_ = ast.Walk(parseMarkdown([]byte(body)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			d := string(img.Destination)
			if d != "" && !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// rewriteDestinations replaces the destination of every inline link and
// image of body by fn(destination), leaving code spans and code blocks
// alone. Goldmark finds the links; the source is then rewritten at the
// "](" that introduces each destination. Each one is searched for just
// after the link's text, so that the work stays linear in the body even
// when a destination cannot be found as written (an escape in it).
func rewriteDestinations(body string, fn func(string) string) string {
	src := []byte(body)
	type change struct {
		from, to string
		// at is where the link's text ends in body (-1: empty text);
		// slack is how far past it the destination may start.
		at, slack int
	}
	var changes []change
	// Changes are collected when leaving a node, so that an image inside a
	// link comes before the link, as its destination does in the source.
	_ = ast.Walk(parseMarkdown(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch v := n.(type) {
		case *ast.Link:
			dest = v.Destination
		case *ast.Image:
			dest = v.Destination
		default:
			return ast.WalkContinue, nil
		}
		if d := string(dest); d != "" {
			if nd := fn(d); nd != d {
				at, slack := textEnd(n)
				changes = append(changes, change{from: d, to: nd, at: at, slack: slack})
			}
		}
		return ast.WalkContinue, nil
	})
	if len(changes) == 0 {
		return body
	}
	var b strings.Builder
	cursor := 0
	for _, c := range changes {
		from, limit := cursor, len(body)
		if c.at >= 0 {
			from = max(cursor, c.at)
			limit = min(len(body), from+c.slack+len(c.from)+8)
		}
		// The destination follows "](" directly, possibly in angle brackets.
		for _, form := range []string{"](" + c.from, "](<" + c.from + ">"} {
			i := indexDestination(body, from, limit, form)
			if i < 0 {
				continue
			}
			b.WriteString(body[cursor:i])
			b.WriteString("](")
			b.WriteString(destination(c.to))
			cursor = i + len(form)
			break
		}
	}
	b.WriteString(body[cursor:])
	return b.String()
}

// textEnd returns where the text of a link or image ends in the source,
// and how many bytes may separate it from the "](" of its destination:
// closing emphasis markers, and the whole of any image inside a link.
// It returns -1 when the text is empty.
func textEnd(n ast.Node) (at, slack int) {
	at, slack = -1, 32
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			at = max(at, v.Segment.Stop)
		case *ast.Image:
			slack += len(v.Destination) + len(v.Title) + 32
		}
		return ast.WalkContinue, nil
	})
	return at, slack
}

// indexDestination finds form ("](dest") in s[from:limit] where the
// destination ends right after it, so that "](/a" does not match inside
// "](/ab)". It returns the index in s, or -1.
func indexDestination(s string, from, limit int, form string) int {
	for from < limit {
		i := strings.Index(s[from:limit], form)
		if i < 0 {
			return -1
		}
		end := from + i + len(form)
		if strings.HasSuffix(form, ">") || end == len(s) || strings.ContainsRune(") \t\n", rune(s[end])) {
			return from + i
		}
		from = end
	}
	return -1
}
