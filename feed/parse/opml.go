package parse

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/tidings-app/tidings/feed"
)

// opml mirrors the parts of OPML 1.0/2.0 that carry subscriptions.
type opml struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Head    opmlHead    `xml:"head"`
	Body    []opmlOutln `xml:"body>outline"`
}

type opmlHead struct {
	Title       string `xml:"title,omitempty"`
	DateCreated string `xml:"dateCreated,omitempty"`
	Docs        string `xml:"docs,omitempty"`
}

type opmlOutln struct {
	Text     string      `xml:"text,attr"`
	Title    string      `xml:"title,attr,omitempty"`
	Type     string      `xml:"type,attr,omitempty"`
	XMLURL   string      `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string      `xml:"htmlUrl,attr,omitempty"`
	Category string      `xml:"category,attr,omitempty"`
	Outlines []opmlOutln `xml:"outline"`
}

// maxOPMLDepth bounds the recursion over nested outlines, so a hostile
// file cannot exhaust the stack.
const maxOPMLDepth = 64

// ReadOPML reads the subscriptions of an OPML file. Every outline with an
// xmlUrl is a feed; the texts of the outlines that enclose it (folders) and
// the entries of its category attribute ("/a/b,c") become its tags, in
// order and without duplicates. A feed listed twice is kept once, its tags
// merged.
func ReadOPML(r io.Reader) ([]feed.Feed, error) {
	seen := &seenReader{r: r}
	d := xml.NewDecoder(seen)
	d.CharsetReader = charset.NewReaderLabel
	// Many exporters write HTML entities (&amp;nbsp;) and bare ampersands.
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var doc opml
	if err := d.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			if !seen.text {
				return nil, errors.New("not an OPML file: empty")
			}
			// Text without a single XML element: a list of URLs, JSON, a
			// Markdown file picked by mistake.
			return nil, errors.New("not an OPML file: no XML element in it (an OPML export starts with <?xml or <opml>)")
		}
		return nil, fmt.Errorf("not an OPML file: %s", oneLine(err.Error()))
	}
	var out []feed.Feed
	index := map[string]int{}
	var walk func(os []opmlOutln, folders []string, depth int)
	walk = func(os []opmlOutln, folders []string, depth int) {
		if depth > maxOPMLDepth {
			return
		}
		for _, o := range os {
			u := strings.TrimSpace(o.XMLURL)
			if u == "" {
				name := collapse(firstNonEmpty(o.Text, o.Title))
				sub := folders
				if name != "" {
					sub = append(append([]string(nil), folders...), name)
				}
				walk(o.Outlines, sub, depth+1)
				continue
			}
			tags := appendTags(append([]string(nil), folders...), categoryTags(o.Category)...)
			if i, ok := index[u]; ok {
				out[i].Tags = appendTags(out[i].Tags, tags...)
				continue
			}
			index[u] = len(out)
			out = append(out, feed.Feed{
				URL:     u,
				Title:   collapse(firstNonEmpty(o.Title, o.Text)),
				SiteURL: strings.TrimSpace(o.HTMLURL),
				Tags:    tags,
			})
			// Some exporters nest feeds under a feed; keep them.
			walk(o.Outlines, folders, depth+1)
		}
	}
	walk(doc.Body, nil, 0)
	return out, nil
}

// seenReader passes r through, noting whether anything but white space
// went by, so that an empty file and a file of plain text are told apart.
type seenReader struct {
	r    io.Reader
	text bool
}

func (s *seenReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if !s.text && len(bytes.TrimSpace(p[:n])) > 0 {
		s.text = true
	}
	return n, err
}

// categoryTags splits an OPML 2.0 category attribute: comma-separated
// slash-delimited paths, each of whose parts becomes a tag, as nested
// folders do.
func categoryTags(cat string) []string {
	var out []string
	for _, path := range strings.Split(cat, ",") {
		for _, part := range strings.Split(path, "/") {
			if part = collapse(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func appendTags(tags []string, more ...string) []string {
	for _, m := range more {
		dup := false
		for _, t := range tags {
			if strings.EqualFold(t, m) {
				dup = true
				break
			}
		}
		if !dup {
			tags = append(tags, m)
		}
	}
	return tags
}

// WriteOPML writes subscriptions as an OPML 2.0 document. A feed with tags
// goes in the folder of its first tag and lists all its tags in its
// category attribute, so that readers that know only folders see the
// folders and ReadOPML gives back exactly the same tags.
func WriteOPML(w io.Writer, title string, feeds []feed.Feed, now time.Time) error {
	doc := opml{Version: "2.0", Head: opmlHead{
		Title:       title,
		DateCreated: now.UTC().Format(time.RFC1123Z),
		Docs:        "https://opml.org/spec2.opml",
	}}
	folders := map[string]int{}
	for _, f := range feeds {
		o := opmlOutln{
			Text:    firstNonEmpty(f.Title, f.URL),
			Title:   f.Title,
			Type:    "rss",
			XMLURL:  f.URL,
			HTMLURL: f.SiteURL,
		}
		if len(f.Tags) == 0 {
			doc.Body = append(doc.Body, o)
			continue
		}
		cats := make([]string, len(f.Tags))
		for i, t := range f.Tags {
			// A tag holding "/" or "," could not be told apart from
			// several tags on the way back in.
			cats[i] = "/" + strings.NewReplacer("/", "-", ",", " ").Replace(t)
		}
		o.Category = strings.Join(cats, ",")
		folder := strings.TrimPrefix(cats[0], "/")
		i, ok := folders[folder]
		if !ok {
			i = len(doc.Body)
			folders[folder] = i
			doc.Body = append(doc.Body, opmlOutln{Text: folder, Title: folder})
		}
		doc.Body[i].Outlines = append(doc.Body[i].Outlines, o)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}
