// Package link is tidings' one check of a link's address before it leaves
// the program: written into Markdown (`read`, notes), listed as a
// reference in the reader, opened in a browser or copied to the clipboard.
//
// The address is read the way a browser reads it (tabs and line breaks
// inside it dropped, control characters and spaces at its ends trimmed,
// character references such as "&colon;" decoded, as a Markdown reader
// would) and then parsed by net/url, which lowercases the scheme. Only
// http, https and mailto are active; javascript:, vbscript:, data:,
// file: and every other scheme are not, however they are spelt.
package link

import (
	"html"
	"net/url"
	"strings"
)

// Active reports whether a link to raw may be kept as a link: an http,
// https or mailto URL, or a reference without a scheme (it takes the
// page's). Anything net/url cannot parse is not.
func Active(raw string) bool {
	u, ok := parse(raw)
	if !ok {
		return false
	}
	switch u.Scheme {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// Absolute returns raw, normalised, when it is an absolute http, https or
// mailto URL: an address that may be copied or handed on as it is.
func Absolute(raw string) (string, bool) {
	u, ok := parse(raw)
	if !ok {
		return "", false
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" {
			return "", false
		}
	default:
		return "", false
	}
	return u.String(), true
}

// Web returns raw, normalised, when it is an absolute http or https URL: a
// page a browser may be given.
func Web(raw string) (string, bool) {
	s, ok := Absolute(raw)
	if !ok || strings.HasPrefix(s, "mailto:") {
		return "", false
	}
	return s, true
}

// parse reads raw as a browser and a Markdown reader would, then with
// net/url. Both the address as written and with its character references
// decoded must parse, to the same scheme: a link reader decodes them, a
// browser given the address may not.
func parse(raw string) (*url.URL, bool) {
	u, ok := parseOne(raw)
	if !ok {
		return nil, false
	}
	if strings.IndexByte(raw, '&') >= 0 {
		d, ok := parseOne(html.UnescapeString(raw))
		if !ok || d.Scheme != u.Scheme {
			return nil, false
		}
	}
	return u, true
}

func parseOne(raw string) (*url.URL, bool) {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1 // browsers drop them anywhere in an address
		}
		return r
	}, raw)
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	u, err := url.Parse(s)
	if err != nil {
		return nil, false
	}
	return u, true
}
