package metadata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ldData is what the page's JSON-LD says about the article: the article
// object itself (NewsArticle, BlogPosting, ...), the other objects of the
// page for @id references, and the site (WebSite / Organization) name.
type ldData struct {
	article map[string]any
	byID    map[string]map[string]any
	site    string
	// lang is the first inLanguage of any object (WebSite, WebPage),
	// for pages whose article object does not say.
	lang string
}

// articleTypes are the schema.org types whose object describes the story.
var articleTypes = map[string]int{
	"newsarticle": 0, "reportagenewsarticle": 0, "analysisnewsarticle": 0, "opinionnewsarticle": 0,
	"reviewnewsarticle": 0, "backgroundnewsarticle": 0, "asknewsarticle": 0, "askpublicnewsarticle": 0,
	"article": 1, "blogposting": 1, "liveblogposting": 1, "scholarlyarticle": 1, "techarticle": 1,
	"report": 2, "socialmediaposting": 2, "discussionforumposting": 2,
	"recipe": 3, "howto": 3, "medicalscholarlyarticle": 1,
	// Pages typed only as a web page still describe the article when they
	// carry a headline, an author or a date (checked below).
	"webpage": 4, "medicalwebpage": 4, "itempage": 4, "qapage": 4,
}

// maxLDNodes bounds how many JSON values one page's JSON-LD may make us
// visit, so a hostile page cannot make metadata extraction slow.
const maxLDNodes = 20000

// parseJSONLD reads every ld+json block; broken blocks are skipped (a
// second, lenient attempt fixes raw newlines inside strings and HTML
// comment wrappers, the two common breakages).
//
// pageURLs are the page's own addresses (canonical, requested): among
// article objects of the same kind, the one that names this page wins
// over teasers of other stories listed in the same JSON-LD.
func parseJSONLD(texts []string, pageURLs ...string) ldData {
	d := ldData{byID: map[string]map[string]any{}}
	var objects []map[string]any
	budget := maxLDNodes
	for _, t := range texts {
		for _, v := range decodeLD(t) {
			collectLD(v, &objects, &budget, 0)
		}
	}
	for _, o := range objects {
		if id, ok := o["@id"].(string); ok && id != "" && len(o) > 1 {
			if _, seen := d.byID[id]; !seen {
				d.byID[id] = o
			}
		}
	}
	bestRank := 99
	for _, o := range objects {
		for _, t := range ldTypes(o) {
			r, ok := articleTypes[t]
			if !ok {
				continue
			}
			if r == 4 && ldString(o["headline"]) == "" && o["author"] == nil && ldString(o["datePublished"]) == "" {
				continue
			}
			r *= 4
			// An article object without a headline is usually a stub
			// reference; a full one later in the page is better.
			if ldString(o["headline"]) == "" && ldString(o["name"]) == "" {
				r += 2
			}
			if len(pageURLs) > 0 && !d.namesPage(o, pageURLs) {
				r++
			}
			if r < bestRank {
				d.article, bestRank = o, r
			}
		}
	}
	for _, o := range objects {
		for _, t := range ldTypes(o) {
			if t == "website" && d.site == "" {
				d.site = ldString(o["name"])
			}
		}
		if d.lang == "" {
			d.lang = ldString(o["inLanguage"])
		}
	}
	return d
}

// namesPage reports whether an object's url or mainEntityOfPage is one
// of the page's addresses, or whether it names no address at all.
func (d ldData) namesPage(o map[string]any, pageURLs []string) bool {
	var addrs []string
	for _, k := range []string{"url", "mainEntityOfPage", "@id"} {
		switch v := o[k].(type) {
		case string:
			addrs = append(addrs, v)
		case map[string]any:
			addrs = append(addrs, ldString(v["@id"]), ldString(v["url"]))
		}
	}
	named := false
	for _, a := range addrs {
		a = urlKey(a)
		if a == "" {
			continue
		}
		named = true
		for _, p := range pageURLs {
			if p = urlKey(p); p != "" && (a == p || strings.HasPrefix(a, p+"#")) {
				return true
			}
		}
	}
	return !named
}

// urlKey reduces an address to host and path for comparison: scheme,
// "www.", query and a trailing slash do not make another page.
func urlKey(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	} else {
		return ""
	}
	u = strings.TrimPrefix(u, "www.")
	if i := strings.IndexAny(u, "?"); i >= 0 {
		u = u[:i]
	}
	return strings.TrimSuffix(u, "/")
}

func decodeLD(text string) []any {
	text = strings.TrimSpace(text)
	for _, p := range []string{"<!--", "//<![CDATA[", "<![CDATA["} {
		text = strings.TrimPrefix(text, p)
	}
	for _, p := range []string{"-->", "//]]>", "]]>"} {
		text = strings.TrimSuffix(strings.TrimSpace(text), p)
	}
	if vals := decodeLDStrict(text); len(vals) > 0 {
		return vals
	}
	// Raw control characters inside strings are the commonest breakage.
	fixed := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, text)
	return decodeLDStrict(fixed)
}

func decodeLDStrict(text string) []any {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var out []any
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}

// collectLD flattens arrays, @graph lists and nested objects into one
// list of objects in document order.
func collectLD(v any, out *[]map[string]any, budget *int, depth int) {
	*budget--
	if *budget < 0 || depth > 30 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectLD(e, out, budget, depth+1)
		}
	case map[string]any:
		if _, ok := x["@type"]; ok {
			*out = append(*out, x)
		}
		// Sorted keys keep the order of nested objects stable between runs.
		keys := make([]string, 0, len(x))
		for k := range x {
			if k != "articleBody" && k != "text" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			e := x[k]
			switch e.(type) {
			case []any, map[string]any:
				collectLD(e, out, budget, depth+1)
			}
		}
	}
}

// ldTypes returns the lower-cased local names of an object's @type
// ("http://schema.org/NewsArticle" and ["NewsArticle"] both give
// "newsarticle").
func ldTypes(o map[string]any) []string {
	var out []string
	add := func(s string) {
		if i := strings.LastIndexAny(s, "/#:"); i >= 0 {
			s = s[i+1:]
		}
		if s != "" {
			out = append(out, strings.ToLower(s))
		}
	}
	switch t := o["@type"].(type) {
	case string:
		add(t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				add(s)
			}
		}
	}
	return out
}

// ldString returns a scalar JSON-LD value as text; for an object it
// returns its @value, name or url; for a list, the first usable entry.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return Squash(x)
	case json.Number:
		return x.String()
	case bool:
		return fmt.Sprint(x)
	case map[string]any:
		for _, k := range []string{"@value", "name", "url", "contentUrl"} {
			if s := ldString(x[k]); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// deref replaces a bare {"@id": ...} reference by the object it names.
func (d ldData) deref(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	if id, ok := m["@id"].(string); ok && len(m) <= 2 {
		if full, ok := d.byID[id]; ok {
			return full
		}
	}
	return m
}

// Str is the string value of key on the page's article object, or "".
func (d ldData) Str(key string) string {
	if d.article == nil {
		return ""
	}
	return ldString(d.article[key])
}

func (d ldData) firstString(key string) string {
	if d.article == nil {
		return ""
	}
	return ldString(d.article[key])
}

// ldPerson is one author entry of the article object.
type ldPerson struct {
	name string
	org  bool
}

// authors returns the article's author (and creator) entries, following
// @id references, in order.
func (d ldData) authors() []ldPerson {
	if d.article == nil {
		return nil
	}
	var out []ldPerson
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 5 {
			return
		}
		v = d.deref(v)
		switch x := v.(type) {
		case string:
			out = append(out, ldPerson{name: x})
		case []any:
			for _, e := range x {
				add(e, depth+1)
			}
		case map[string]any:
			name := ldString(x["name"])
			if name == "" {
				name = Squash(ldString(x["givenName"]) + " " + ldString(x["familyName"]))
			}
			if name == "" {
				return
			}
			org := false
			for _, t := range ldTypes(x) {
				if t == "organization" || t == "newsmediaorganization" || strings.HasSuffix(t, "organization") {
					org = true
				}
			}
			out = append(out, ldPerson{name: name, org: org})
		}
	}
	add(d.article["author"], 0)
	if len(out) == 0 {
		add(d.article["creator"], 0)
	}
	return out
}

// publisher returns the name of the article's publisher.
func (d ldData) publisher() string {
	if d.article == nil {
		return ""
	}
	p := d.deref(d.article["publisher"])
	if l, ok := p.([]any); ok && len(l) > 0 {
		p = d.deref(l[0])
	}
	if m, ok := p.(map[string]any); ok {
		return ldString(m["name"])
	}
	if s, ok := p.(string); ok && !strings.Contains(s, "://") {
		return Squash(s)
	}
	return ""
}

// keywords returns the article's keywords, which may be a list or one
// comma-separated string.
func (d ldData) keywords() []string {
	if d.article == nil {
		return nil
	}
	switch x := d.article["keywords"].(type) {
	case string:
		return splitTags([]string{x})
	case []any:
		var out []string
		for _, e := range x {
			if s := ldString(e); s != "" {
				out = append(out, splitTags([]string{s})...)
			}
		}
		return out
	}
	return nil
}

// image returns the article's image URL and its caption.
func (d ldData) image() (string, string) {
	if d.article == nil {
		return "", ""
	}
	v := d.deref(d.article["image"])
	if l, ok := v.([]any); ok && len(l) > 0 {
		v = d.deref(l[0])
	}
	switch x := v.(type) {
	case string:
		return Squash(x), ""
	case map[string]any:
		u := ldString(x["url"])
		if u == "" {
			u = ldString(x["contentUrl"])
		}
		return u, mFirst(ldString(x["caption"]), ldString(x["description"]))
	}
	return "", ""
}
