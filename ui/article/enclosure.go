package article

import (
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/theme"
)

// media is an enclosure that can be offered, with the number its link
// has among the article's references.
type media struct {
	e feed.Enclosure
	n int
}

// numberEnclosures gives the story's enclosures the first reference
// numbers: a podcast's episode is [1], the file a listener came for. One
// that is no http(s) address is left out, as a body link would be.
func (nb *numbered) numberEnclosures(encs []feed.Enclosure) {
	for _, e := range encs {
		u, ok := offerable(nb.base, sanitize.Line(e.URL))
		if !ok || strings.HasPrefix(u, "mailto:") {
			continue
		}
		nb.media = append(nb.media, media{e: e, n: nb.refs.add(u)})
	}
}

// enclosureLines renders one line per enclosure for the header: what it
// is, its size and playing time when the feed gave them, and its number
// ("Audio (audio/mpeg) · 45.8 MB · 1:02:03 [1]").
func enclosureLines(ms []media, width int, st theme.ArticleStyles, measure cells.Method) string {
	var b strings.Builder
	for _, m := range ms {
		parts := []string{EnclosureKind(m.e)}
		if s := Size(m.e.Length); s != "" {
			parts = append(parts, s)
		}
		if d := Duration(m.e.Duration); d != "" {
			parts = append(parts, d)
		}
		b.WriteString(render(st.Meta, wrap(strings.Join(parts, " · ")+fmt.Sprintf(" [%d]", m.n), width, measure)))
		b.WriteString("\n")
	}
	return b.String()
}

// EnclosureKind names an enclosure for a reader: its kind and the type
// the feed gave ("Audio (audio/mpeg)"), or "Attachment" when it gave none.
func EnclosureKind(e feed.Enclosure) string {
	t := strings.ToLower(sanitize.Line(e.Type))
	if mt, _, err := mime.ParseMediaType(t); err == nil {
		t = mt
	} else {
		t = ""
	}
	kind := "Attachment"
	switch {
	case strings.HasPrefix(t, "audio/"):
		kind = "Audio"
	case strings.HasPrefix(t, "video/"):
		kind = "Video"
	case strings.HasPrefix(t, "image/"):
		kind = "Image"
	}
	if t == "" {
		return kind
	}
	return kind + " (" + t + ")"
}

// Size writes a byte count the way people read it ("45.8 MB"), empty for
// an unknown one.
func Size(n int64) string {
	switch {
	case n <= 0:
		return ""
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.0f kB", float64(n)/1e3)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// Duration writes a playing time as players show it ("1:02:03", "4:05"),
// empty for an unknown one.
func Duration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
