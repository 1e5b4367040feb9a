package parse

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
)

// maxDuration bounds a playing time a feed may claim: a week is more than
// any recording, and a larger number is a mistake or a trick.
const maxDuration = 7 * 24 * time.Hour

// enclosures converts the item's enclosures, with the playing time the
// feed gives: media:content's duration for its own file, else the item's
// itunes:duration for its first audio or video file (a podcast episode
// has one).
func enclosures(it *gofeed.Item, base *url.URL) []feed.Enclosure {
	var out []feed.Enclosure
	media := mediaDurations(it.Extensions["media"])
	for _, e := range it.Enclosures {
		if e == nil || strings.TrimSpace(e.URL) == "" {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64)
		u := resolve(base, e.URL)
		out = append(out, feed.Enclosure{URL: u, Type: sanitize.Line(e.Type), Length: max(n, 0), Duration: media[strings.TrimSpace(e.URL)]})
	}
	if it.ITunesExt == nil {
		return out
	}
	d := ParseDuration(it.ITunesExt.Duration)
	for i := range out {
		if out[i].Duration == 0 && d > 0 && playable(out[i]) {
			out[i].Duration = d
			break
		}
	}
	return out
}

// playable reports whether an enclosure is sound or film, by its type,
// else by its name when the feed gives no type.
func playable(e feed.Enclosure) bool {
	t := strings.ToLower(e.Type)
	if t != "" {
		return strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/")
	}
	p := strings.ToLower(e.URL)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for _, x := range []string{".mp3", ".m4a", ".ogg", ".opus", ".aac", ".wav", ".flac", ".mp4", ".m4v", ".webm", ".mov"} {
		if strings.HasSuffix(p, x) {
			return true
		}
	}
	return false
}

// mediaDurations maps the URL of each media:content (in media:group too)
// to the duration it states.
func mediaDurations(media map[string][]ext.Extension) map[string]time.Duration {
	out := map[string]time.Duration{}
	var walk func(map[string][]ext.Extension)
	walk = func(m map[string][]ext.Extension) {
		for _, c := range m["content"] {
			if d := ParseDuration(c.Attrs["duration"]); d > 0 {
				out[strings.TrimSpace(c.Attrs["url"])] = d
			}
		}
		for _, g := range m["group"] {
			walk(g.Children)
		}
	}
	walk(media)
	return out
}

// ParseDuration reads a playing time as feeds write it: seconds ("3723",
// "3723.5"), "MM:SS" or "HH:MM:SS". Anything else, or a time over a week,
// is 0: unknown.
func ParseDuration(s string) time.Duration {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0
	}
	var total float64
	for i, p := range parts {
		// Digits only, and a fraction only in the last part: ParseFloat
		// alone would take "1e9", "Inf" and "0x10".
		if p == "" || strings.Trim(p, "0123456789.") != "" || strings.Count(p, ".") > 1 || (i < len(parts)-1 && strings.Contains(p, ".")) {
			return 0
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || (i > 0 && v >= 60) || len(p) > 12 {
			return 0
		}
		total = total*60 + v
	}
	d := time.Duration(total * float64(time.Second)).Round(time.Second)
	if d <= 0 || d > maxDuration {
		return 0
	}
	return d
}
