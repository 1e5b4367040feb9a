// Package benchfeed serves many synthetic RSS feeds for the refresh
// benchmarks: realistic items (a title, a link, a GUID, a date, a summary
// and a few hundred words of content:encoded), with an ETag and a
// Last-Modified so a second refresh is all 304s.
package benchfeed

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// lastModified is fixed so every run sees the same validators.
var lastModified = time.Date(2024, 3, 23, 8, 0, 0, 0, time.UTC)

// Handler serves /feed/N.xml for any N, each with items items. It counts
// full and conditional answers.
type Handler struct {
	Items int

	mu       sync.Mutex
	cache    map[int][]byte
	Full     int
	NotModif int
}

// ServeHTTP answers one feed request, or /stats with the counts so far
// ("full N not_modified M").
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/stats" {
		h.mu.Lock()
		fmt.Fprintf(w, "full %d not_modified %d\n", h.Full, h.NotModif)
		h.mu.Unlock()
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, "/feed/")
	n, err := strconv.Atoi(strings.TrimSuffix(name, ".xml"))
	if !ok || err != nil {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"feed-%d-v1"`, n)
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", lastModified.Format(http.TimeFormat))
	if notModified(r, etag) {
		h.mu.Lock()
		h.NotModif++
		h.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.mu.Lock()
	if h.cache == nil {
		h.cache = map[int][]byte{}
	}
	body, ok := h.cache[n]
	if !ok {
		body = Feed(n, h.Items)
		h.cache[n] = body
	}
	h.Full++
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Write(body)
}

// notModified applies RFC 9110: If-None-Match when sent, else
// If-Modified-Since as a date.
func notModified(r *http.Request, etag string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil {
		return !lastModified.After(ims)
	}
	return false
}

// Feed is the RSS document of feed n.
func Feed(n, items int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bench feed %d</title><link>https://bench.example/%d/</link><description>Feed %d</description>
`, n, n, n)
	para := strings.Repeat("The committee met on Tuesday and agreed the budget after a long debate about the port. ", 8)
	for i := range items {
		t := lastModified.Add(-time.Duration(i) * time.Hour)
		fmt.Fprintf(&b, `<item><title>Feed %d story %d: officials agree on the harbour plan</title>
<link>https://bench.example/%d/story/%d</link><guid isPermaLink="false">bench-%d-%d</guid>
<pubDate>%s</pubDate><dc:creator>Reporter %d</dc:creator><category>World</category>
<description>Summary of story %d in feed %d.</description>
<content:encoded><![CDATA[<p>%s</p><p>%s</p><p>%s</p>]]></content:encoded></item>
`, n, i, n, i, n, i, t.Format(time.RFC1123Z), i%7, i, n, para, para, para)
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}
