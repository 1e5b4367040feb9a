package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// page is one corpus page, decoded once so that every extractor reads the
// same UTF-8 bytes.
type page struct {
	corpus string // the set's folder name: "zyte-dev", "readability", ...
	name   string // the page id, which score.Half splits on
	url    *url.URL
	html   []byte // UTF-8
	truth  string
	// charset is the encoding the page was decoded from.
	charset string
}

// loadBenchmark reads a set in zyte-dev's layout (zyte-dev, naeb-dev,
// wcxb-dev): ground-truth.json and the gzipped pages.
func loadBenchmark(dir string) ([]page, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "ground-truth.json"), err)
	}
	var pages []page
	for id, g := range gt {
		path := filepath.Join(dir, "html", id+".html.gz")
		b, err := gunzip(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		u, err := url.Parse(g.URL)
		if err != nil {
			return nil, fmt.Errorf("%s: url %q: %v", path, g.URL, err)
		}
		utf, cs, err := decode(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		pages = append(pages, page{corpus: filepath.Base(dir), name: id, url: u, html: utf, truth: g.ArticleBody, charset: cs})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	return pages, nil
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// loadReadability reads Mozilla Readability's test pages: source.html and
// the text of expected.html. The pages were saved from
// http://fakehost/test/page.html, which is the URL every extractor gets.
func loadReadability(dir string) ([]page, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse("http://fakehost/test/page.html")
	var pages []page
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			continue
		}
		exp, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected.html"))
		if err != nil {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(exp))
		if err != nil {
			return nil, fmt.Errorf("%s expected.html: %v", e.Name(), err)
		}
		utf, cs, err := decode(src)
		if err != nil {
			return nil, fmt.Errorf("%s source.html: %v", e.Name(), err)
		}
		pages = append(pages, page{corpus: filepath.Base(dir), name: e.Name(), url: u, html: utf, truth: innerText(doc), charset: cs})
	}
	return pages, nil
}

// decode turns a page into UTF-8 once, for every extractor, so no one is
// judged on charset sniffing. Bytes that are valid UTF-8 are taken as
// UTF-8 whatever the page declares (servers and CMSes keep a stale
// "iso-8859-1" or "gb2312" on pages long converted), unless the page
// declares a 7-bit encoding such as ISO-2022-JP that is valid UTF-8 by
// accident. Otherwise x/net/html/charset decides (BOM, <meta> in the first
// 1024 bytes), and where it only guesses, a <meta> declaration further in
// the page wins over its windows-1252 default.
func decode(raw []byte) ([]byte, string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	declared := ""
	if m := metaCharsetRE.FindSubmatch(raw[:min(len(raw), 64<<10)]); m != nil {
		declared = strings.ToLower(string(m[1]))
	}
	if utf8.Valid(raw) && !strings.HasPrefix(declared, "iso-2022") && !strings.HasPrefix(declared, "utf-7") {
		return raw, "utf-8", nil
	}
	enc, name, certain := charset.DetermineEncoding(raw, "")
	if !certain && declared != "" {
		if e, n := charset.Lookup(declared); e != nil {
			enc, name = e, n
		}
	}
	if name == "utf-8" {
		return bytes.ToValidUTF8(raw, []byte("\uFFFD")), name, nil
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return nil, name, fmt.Errorf("decoding from %s: %v", name, err)
	}
	return bytes.TrimPrefix(out, []byte("\ufeff")), name, nil
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)`)

// blockTags are the elements that end a run of text; a line break at each
// keeps "word</p><p>Next" from becoming one token.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Dialog: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hgroup: true, atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Td: true, atom.Th: true, atom.Tr: true, atom.Ul: true,
}

// innerText is all the text under n, with a line break at every block
// boundary and nothing from script, style or template. It is the truth for
// the readability corpus (everything Readability kept, captions included)
// and the neutral text of a peer that only returns a DOM.
func innerText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template:
				return
			}
		case html.CommentNode:
			return
		}
		block := n.Type == html.ElementNode && blockTags[n.DataAtom]
		if block {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte('\n')
		}
	}
	walk(n)
	return b.String()
}
