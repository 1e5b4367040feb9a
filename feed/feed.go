// Package feed holds the domain types shared by every part of tidings that
// gets and cleans news: feeds, the stories they list, and the cleaned
// articles behind those stories. It does no I/O; the sub-packages do.
package feed

import (
	"bytes"
	"encoding/json"
	"time"
)

// Article is a news page cleaned down to the story and the few facts a
// reader cares about. Extraction fills it; the store caches it; the reader
// shows it; the note writer saves it.
//
// An Article is clean on the way in: extract (and feed/library, which
// hands articles on) gives one-line fields without control characters,
// escape sequences or bidi overrides, a body (Markdown, Text) with none
// either, and absolute URL, Canonical and Image. The screen and the note
// writer still guard what leaves the program, for articles cached by an
// older tidings.
type Article struct {
	Title string
	// Authors are the people credited, in page order, without "By".
	Authors []string
	// Source is the agency or outlet credited for the story when it is not
	// the site itself (e.g. "Reuters", "AP").
	Source  string
	Site    string
	Section string
	// URL is the address the page was read from (after redirects), or the
	// page's own canonical address when it was read from a file without one.
	URL string
	// Canonical is the address the page names as its own (rel=canonical,
	// og:url) when it differs from URL. Pages are not trusted to tell the
	// truth here: many point every article at a section or an AMP shell.
	Canonical string
	// Published and Modified keep the zone the page gave them in.
	Published time.Time
	Modified  time.Time
	Lang      string
	Tags      []string
	Excerpt   string
	// Image is the absolute URL of the lead image; ImageCaption its caption.
	Image        string
	ImageCaption string
	// Markdown is the cleaned body (no title, byline or date) as Markdown
	// with absolute links; Text is the same body as plain text.
	Markdown       string
	Text           string
	WordCount      int
	ReadingMinutes int
}

// articleJSON is the stable wire shape scripts depend on (tidings read
// --format json); times are RFC 3339, or the wall clock alone for a
// floating time, or empty.
type articleJSON struct {
	Title          string   `json:"title"`
	Authors        []string `json:"authors"`
	Source         string   `json:"source"`
	Site           string   `json:"site"`
	Section        string   `json:"section"`
	URL            string   `json:"url"`
	Canonical      string   `json:"canonical"`
	Published      string   `json:"published"`
	Modified       string   `json:"modified"`
	Lang           string   `json:"lang"`
	Tags           []string `json:"tags"`
	Excerpt        string   `json:"excerpt"`
	Image          string   `json:"image"`
	ImageCaption   string   `json:"image_caption"`
	WordCount      int      `json:"word_count"`
	ReadingMinutes int      `json:"reading_minutes"`
	Text           string   `json:"text"`
	Markdown       string   `json:"markdown"`
}

// FloatingZoneName names the location of a wall-clock time printed without
// a zone ("23 March, 2024, 09:15 am" in a page's text). It is the time of
// the page's own place, which the page does not tell, so it is kept and
// shown exactly as printed, never converted to another zone.
const FloatingZoneName = "local"

// floatingLayout is how a floating time is written: RFC 3339 without the
// offset, which would claim a zone the page never gave.
const floatingLayout = "2006-01-02T15:04:05"

// FloatingZone returns the location for wall-clock times without a zone.
func FloatingZone() *time.Location { return time.FixedZone(FloatingZoneName, 0) }

// IsFloating reports whether t is a wall-clock time without a known zone.
func IsFloating(t time.Time) bool {
	return !t.IsZero() && t.Location().String() == FloatingZoneName
}

func formatTime(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case IsFloating(t):
		return t.Format(floatingLayout)
	}
	return t.Format(time.RFC3339)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation(floatingLayout, s, FloatingZone()); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MarshalJSON writes the article in the documented JSON shape. '&', '<'
// and '>' stay as they are: the JSON is read by people and scripts, not
// embedded in HTML.
func (a Article) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(articleJSON{
		Title: a.Title, Authors: nonNil(a.Authors), Source: a.Source, Site: a.Site,
		Section: a.Section, URL: a.URL, Canonical: a.Canonical, Published: formatTime(a.Published),
		Modified: formatTime(a.Modified), Lang: a.Lang, Tags: nonNil(a.Tags),
		Excerpt: a.Excerpt, Image: a.Image, ImageCaption: a.ImageCaption,
		WordCount: a.WordCount, ReadingMinutes: a.ReadingMinutes,
		Text: a.Text, Markdown: a.Markdown,
	})
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
}

// UnmarshalJSON reads the shape MarshalJSON writes, so cached articles
// round-trip through the store.
func (a *Article) UnmarshalJSON(b []byte) error {
	var j articleJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	pub, err := parseTime(j.Published)
	if err != nil {
		return err
	}
	mod, err := parseTime(j.Modified)
	if err != nil {
		return err
	}
	*a = Article{
		Title: j.Title, Authors: j.Authors, Source: j.Source, Site: j.Site,
		Section: j.Section, URL: j.URL, Canonical: j.Canonical, Published: pub, Modified: mod,
		Lang: j.Lang, Tags: j.Tags, Excerpt: j.Excerpt, Image: j.Image,
		ImageCaption: j.ImageCaption, WordCount: j.WordCount,
		ReadingMinutes: j.ReadingMinutes, Text: j.Text, Markdown: j.Markdown,
	}
	return nil
}

// Feed is one subscription.
type Feed struct {
	ID      int64
	URL     string
	Title   string
	SiteURL string
	Tags    []string
	// HTTP validators from the last successful fetch, for conditional GET.
	ETag         string
	LastModified string
	LastFetched  time.Time
	// LastError is the one-line reason the last refresh failed, or empty.
	LastError string
	Total     int
	Unread    int
	// CapSkipped is how many items the last fetch that saved stories left
	// out because it had added as many new stories as one fetch may;
	// CapPruned how many stories it removed to keep the feed under the
	// number one feed may keep. Both are zero for a feed within its caps.
	CapSkipped, CapPruned int
	// FeedText is set for a feed whose own text is shown instead of its
	// pages: one that carries the full text, or whose pages defeat
	// cleaning. Its pages are never fetched.
	FeedText bool
	// InConfig is set for a feed the config file defines: it is changed
	// there, not in the reader or with `feeds remove`.
	InConfig bool
}

// Enclosure is a media file attached to a story (podcast audio, image).
type Enclosure struct {
	URL string
	// Type is the MIME type the feed gives ("audio/mpeg"), or empty.
	Type string
	// Length is the size in bytes the feed gives, 0 when unknown.
	Length int64
	// Duration is the playing time the feed gives (itunes:duration,
	// media:content duration), 0 when unknown.
	Duration time.Duration
}

// Story is one item of a feed, as the feed gave it, plus the reader's state.
// A Story is clean on the way in: feed/parse gives one-line Title,
// Authors and Categories without control characters, escape sequences or
// bidi overrides, Summary and Content (HTML) without them either, and
// absolute URL, Image and enclosure addresses. The screen and the note
// writer still guard what leaves the program, for stories stored by an
// older tidings.
type Story struct {
	ID        int64
	FeedID    int64
	FeedTitle string
	// FeedTags are the tags of the story's feed, for grouping and notes.
	FeedTags []string
	// GUID is the feed's identifier for the item; when the feed gives none,
	// the store derives one from the link, else title and date.
	GUID      string
	URL       string
	Title     string
	Authors   []string
	Published time.Time
	Updated   time.Time
	Summary   string
	// Content is the item's full HTML when the feed carries it
	// (content:encoded, Atom content, JSON Feed content_html).
	Content    string
	Image      string
	Categories []string
	Enclosures []Enclosure
	Read       bool
	Starred    bool
	FirstSeen  time.Time
	// Cached is set when the story's cleaned article is in the store, so
	// it reads without the network.
	Cached bool
}

// RefreshSummary counts what a refresh of the feeds did.
type RefreshSummary struct {
	// Feeds were refreshed, Failed of them failed; New stories arrived and
	// Updated ones changed.
	Feeds, Failed, New, Updated int
	// Unreachable of the Failed feeds failed because their server could
	// not be found or reached at all: when it is every feed, the network
	// is the likely cause, not the addresses.
	Unreachable int
}

// View is how the reader was last left, kept so that it opens the same
// way after a restart: only unread stories or all, the feeds pane open or
// not, and the feed (FeedID) or tag the list is narrowed to, with the
// name the list's header gives it (Title).
type View struct {
	UnreadOnly bool   `json:"unread_only,omitempty"`
	FeedsPane  bool   `json:"feeds_pane,omitempty"`
	FeedID     int64  `json:"feed_id,omitempty"`
	Tag        string `json:"tag,omitempty"`
	Title      string `json:"title,omitempty"`
}

// Added is what subscribing to a feed did.
type Added struct {
	// Title and URL name the feed subscribed to; New counts its stories.
	Title, URL string
	New        int
	// Others are the other feeds the page advertises, when the address
	// was a page: any of them can be added instead.
	Others []string
}
