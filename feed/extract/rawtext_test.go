package extract

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tidings-app/tidings/feed/extract/internal/prepare"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestStripScripts(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"script and style text go", `<head><script src="a.js">var a = 1 < 2;</script><style>p{color:red}</style></head><p>Story</p>`,
			`<head><script src="a.js"></script><style></style></head><p>Story</p>`},
		{"JSON-LD stays", `<script type="application/ld+json">{"headline":"H"}</script><script>x()</script>`,
			`<script type="application/ld+json">{"headline":"H"}</script><script></script>`},
		{"upper case tags", `<SCRIPT>x()</SCRIPT ><p>Story</p>`, `<SCRIPT></SCRIPT ><p>Story</p>`},
		{"a quoted '>' does not end the tag", `<script data-x="a>b">x()</script>`, `<script data-x="a>b"></script>`},
		{"a longer end tag name does not end it", `<script>a="</scripts>";b()</script>`, `<script></script>`},
		{"a script in a comment is no script", `<!-- <script> --><p>Story</p><script>x</script>`, `<!-- <script> --><p>Story</p><script></script>`},
		{"a script in a title is text", `<title><script>x</script></title><script>y</script>`, `<title><script>x</script></title><script></script>`},
		{"a script in an attribute value is text", `<a title="<script>">Story</a><script>y</script>`, `<a title="<script>">Story</a><script></script>`},
		{"a script in a textarea is text", `<textarea><script>x</script></textarea>`, `<textarea><script>x</script></textarea>`},
		{"escaped script data stops the cut", `<script>a</script><script><!-- document.write("<script></script>") --></script><script>b</script>`,
			`<script></script><script><!-- document.write("<script></script>") --></script><script>b</script>`},
		{"a plain SVG is skipped whole", `<script>a</script><svg viewBox="0 0 1 1"><title>Logo</title><g><path d="M0"/><style>.c{}</style></g></svg><script>b</script>`,
			`<script></script><svg viewBox="0 0 1 1"><title>Logo</title><g><path d="M0"/><style>.c{}</style></g></svg><script></script>`},
		{"SVG text is markup, not raw text", `<svg><style><![CDATA[ </svg> ]]></style></svg><script>b</script>`, `<svg><style><![CDATA[ </svg> ]]></style></svg><script></script>`},
		{"an HTML tag inside SVG stops the cut", `<svg><p>x</p></svg><script>b</script>`, `<svg><p>x</p></svg><script>b</script>`},
		{"a tag leaving SVG stops the cut", `<svg><p><textarea></svg><script>x</script></textarea>`, `<svg><p><textarea></svg><script>x</script></textarea>`},
		{"markup in an SVG title stops the cut", `<svg><title><b>x</b></title></svg><script>b</script>`, `<svg><title><b>x</b></title></svg><script>b</script>`},
		{"an unmatched end tag inside SVG stops the cut", `<a><svg></a></svg><script>b</script>`, `<a><svg></a></svg><script>b</script>`},
		{"a self-closing SVG", `<svg/><script>b</script>`, `<svg/><script></script>`},
		{"a slash ending an unquoted value does not close", `<svg><path d=M/><script>b</script></path></svg><script>c</script>`, `<svg><path d=M/><script>b</script></path></svg><script></script>`},
		{"MathML", `<math><mi>x</mi><mo>=</mo></math><style>y</style>`, `<math><mi>x</mi><mo>=</mo></math><style></style>`},
		{"select stops the cut", `<select><style>x</style></select>`, `<select><style>x</style></select>`},
		{"unclosed script is left alone", `<p>Story</p><script>x`, `<p>Story</p><script>x`},
		{"comment forms", `<!--><script>a</script><!---><script>b</script><!-- x --!><script>c</script>`, `<!--><script></script><!---><script></script><!-- x --!><script></script>`},
		{"nothing to cut", `<p>Story</p>`, `<p>Story</p>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(prepare.StripScripts([]byte(tc.in))); got != tc.want {
				t.Errorf("stripScripts(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if err := sameTreeLessScripts([]byte(tc.in)); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestStripScriptsCorpus parses every corpus page with and without its
// script text and requires the same tree, the cut text aside.
func TestStripScriptsCorpus(t *testing.T) {
	pages := append(loadZyte(t), loadReadability(t)...)
	if len(pages) == 0 {
		t.Skip("corpus not found (it lives in ../shared beside the repo)")
	}
	var total, cut int
	for _, p := range pages {
		total += len(p.html)
		cut += len(p.html) - len(prepare.StripScripts(p.html))
		if err := sameTreeLessScripts(p.html); err != nil {
			t.Errorf("%s: %v", p.name, err)
		}
	}
	t.Logf("%d pages, %d bytes; script and style text cut: %d bytes (%.0f%%)", len(pages), total, cut, 100*float64(cut)/float64(total))
}

// TestStripScriptsRandomPages builds pages from the pieces that matter to
// the cut (raw-text elements, foreign content and its integration points,
// tags that leave it, comments, CDATA, quoted and unquoted attributes,
// self-closing slashes) and compares the two parses of each. The fuzzer
// seldom puts these together on its own.
func TestStripScriptsRandomPages(t *testing.T) {
	wide := []string{
		"<script>", "</script>", "<script type=application/ld+json>", "<style>", "</style>", "<STYLE>", "</SCRIPT >",
		"<svg>", "</svg>", "<svg/>", "<math>", "</math>", "<mi>", "</mi>", "<title>", "</title>", "<desc>", "</desc>",
		"<foreignObject>", "</foreignObject>", "<g>", "</g>", "<path d=M/>", "<path d='M/'/>", "<path a=1 a=2/>",
		"<p>", "</p>", "<b>", "</b>", "<div>", "</div>", "<table>", "<tr>", "<td>", "</table>", "<select>", "<template>",
		"</template>", "<textarea>", "</textarea>", "<noscript>", "</noscript>", "<iframe>", "</iframe>", "<a title='>'>",
		"</a>", "<!--", "-->", "--!>", "<!-->", "<![CDATA[", "]]>", "<?x>", "</>", "<!DOCTYPE html>", "<font color=red>",
		"text", " ", "a<b", "x=1/", "\n", "<", ">", "/", "'", `"`, "=",
	}
	// Fewer pieces, around foreign content, so that a drawing, a tag
	// leaving it, a raw-text element and a script meet often.
	foreign := []string{
		"<svg>", "</svg>", "<math>", "</math>", "<g>", "</g>", "<path d=M/>", "<path/>", "<mi>", "</mi>", "<title>",
		"</title>", "<desc>", "</desc>", "<p>", "</p>", "<b>", "<table>", "<font color=red>", "<textarea>", "</textarea>",
		"<script>", "</script>", "<style>", "</style>", "<!--", "-->", "x", "<![CDATA[", "]]>",
	}
	rng := rand.New(rand.NewPCG(6, 2026))
	for _, pieces := range [][]string{wide, foreign} {
		for range 20000 {
			var b strings.Builder
			for range 4 + rng.IntN(30) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			if err := sameTreeLessScripts([]byte(b.String())); err != nil {
				t.Fatalf("%q: %v", b.String(), err)
			}
		}
	}
}

// TestStripScriptsHostile feeds the scan the shapes that could make it
// slow or lose its place; each must come back at once and parse the same.
func TestStripScriptsHostile(t *testing.T) {
	many := func(s string, n int) string { return strings.Repeat(s, n) }
	for name, page := range map[string]string{
		"a tag of 100,000 attributes in SVG": "<svg><path " + many("a=1 ", 100000) + "/></svg><script>x</script>",
		"100,000 nested groups":              "<svg>" + many("<g>", 100000) + many("</g>", 100000) + "</svg><script>x</script>",
		"a comment of '>'":                   "<!--" + many("->", 200000) + "<script>x</script>",
		"end tags that almost close":         "<script>" + many("</scrip", 200000) + "</script>",
		"unclosed quotes":                    "<a title='" + many("<script>", 100000),
	} {
		if err := sameTreeLessScripts([]byte(page)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzStripScripts(f *testing.F) {
	for _, s := range []string{
		`<script>a</script><p>b</p>`,
		`<script type=application/ld+json>{}</script>`,
		`<svg><script>a</script></svg><script>b</script>`,
		`<!--<script>--><script>x</script>`,
		`<script><!--<script></script>--></script>`,
		`<a b='>'><script>x</script>`,
		`<title></title ><style>x</style/>`,
		`<table><script>x</script><tr><td>y`,
		`<frameset><script> </script>`,
		`<template><style>x</style></template>`,
		`<p><script/>x</script>`,
		`<noscript><script>x</script></noscript><script>y</script>`,
		`<!DOCTYPE html><?xml ?><scRipt>x</scRIPT	><p>a</p>`,
		`<script>x</script<p>y</script>`,
		`</p <script>><script a="b>c">x</script>`,
		`<math><mi><style>x</style></mi></math><style>y</style>`,
		`<svg><g><g></g><script>x</script></g></svg><script>y</script>`,
		`<svg><title>a</title><desc>b</desc><foreignObject><div><script>x</script></div></foreignObject></svg><style>y</style>`,
		`<svg><path a=1 a=x/><g></g></svg><script>y</script>`,
		`<table><svg><tr><td><script>x</script>`,
		`<svg><![CDATA[<script>]]><script>x</script></svg><script>y</script>`,
		`<xmp><script>x</script></xmp><iframe><style>y</style></iframe>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if err := sameTreeLessScripts(in); err != nil {
			t.Fatal(err)
		}
	})
}

// sameTreeLessScripts parses the page as it is and with its script text
// cut, and reports how the trees differ other than by the text of
// <script> and <style> elements (which the cut page may lack).
func sameTreeLessScripts(in []byte) error {
	want, err := html.Parse(bytes.NewReader(in))
	if err != nil {
		return nil // too deep for the parser either way
	}
	got, err := html.Parse(bytes.NewReader(prepare.StripScripts(in)))
	if err != nil {
		return fmt.Errorf("the cut page does not parse: %v", err)
	}
	return sameNode(want, got, "")
}

func sameNode(want, got *html.Node, path string) error {
	path += "/" + want.Data
	if want.Type != got.Type || want.Data != got.Data || want.Namespace != got.Namespace || fmt.Sprint(want.Attr) != fmt.Sprint(got.Attr) {
		return fmt.Errorf("%s: got %s %q %v, want %s %q %v", path, nodeKind(got), got.Data, got.Attr, nodeKind(want), want.Data, want.Attr)
	}
	if want.Type == html.ElementNode && want.Namespace == "" && (want.DataAtom == atom.Script || want.DataAtom == atom.Style) && got.FirstChild == nil {
		return nil
	}
	w, g := want.FirstChild, got.FirstChild
	for ; w != nil && g != nil; w, g = w.NextSibling, g.NextSibling {
		if err := sameNode(w, g, path); err != nil {
			return err
		}
	}
	if w != nil || g != nil {
		return fmt.Errorf("%s: the children differ in number (%s)", path, strings.TrimSpace(fmt.Sprint(w != nil, g != nil)))
	}
	return nil
}

func nodeKind(n *html.Node) string {
	return [...]string{"error", "text", "document", "element", "comment", "doctype", "raw"}[n.Type]
}
