// Command readeckcli is the peer of `tidings read --format json FILE` in
// the start-up comparison: readeck/go-readability's article of a saved
// page, printed as JSON, which is what a CLI built on readeck does.
package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	readeck "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: readeckcli URL FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "readeckcli:", err)
		os.Exit(1)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "readeckcli:", os.Args[2]+":", err)
		os.Exit(1)
	}
	u, err := url.Parse(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "readeckcli:", err)
		os.Exit(2)
	}
	parser := readeck.NewParser()
	art, err := parser.ParseAndMutate(doc, u)
	if err != nil || art.Node == nil {
		fmt.Fprintln(os.Stderr, "readeckcli:", os.Args[2]+": no article found")
		os.Exit(1)
	}
	var text strings.Builder
	if err := art.RenderText(&text); err != nil {
		fmt.Fprintln(os.Stderr, "readeckcli:", err)
		os.Exit(1)
	}
	out := map[string]any{
		"title":   art.Title(),
		"authors": []string{art.Byline()},
		"site":    art.SiteName(),
		"excerpt": art.Excerpt(),
		"text":    text.String(),
	}
	if t, err := art.PublishedTime(); err == nil {
		out["published"] = t
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "readeckcli:", err)
		os.Exit(1)
	}
}
