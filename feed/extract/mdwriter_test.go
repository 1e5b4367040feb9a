package extract

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/tidings-app/tidings/feed/extract/internal/dom"
	"github.com/tidings-app/tidings/feed/extract/internal/markdown"
	"github.com/tidings-app/tidings/feed/extract/internal/metadata"
	"github.com/tidings-app/tidings/feed/extract/internal/prepare"
	"github.com/tidings-app/tidings/feed/extract/internal/readable"

	"github.com/tidings-app/tidings/feed"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fragmentMarkdown renders an HTML fragment as the article body would be.
func fragmentMarkdown(t testing.TB, fragment string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body><article>" + fragment + "</article></body></html>"))
	if err != nil {
		t.Fatalf("parse %q: %v", fragment, err)
	}
	var art *html.Node
	dom.Walk(doc, func(n *html.Node) bool {
		if art == nil && dom.IsElem(n, atom.Article) {
			art = n
		}
		return art == nil
	})
	return markdown.ToMarkdown(art)
}

func TestMarkdownWriter(t *testing.T) {
	cases := []struct{ name, in, want string }{
		// Blocks.
		{"paragraphs", "<p>One  two\nthree.</p>\n<p> Four. </p>", "One two three.\n\nFour."},
		{"headings", "<h1>Title</h1><h3>Part <em>two</em></h3><h6>Small</h6>", "# Title\n\n### Part *two*\n\n###### Small"},
		{"heading break", "<h2>Line<br>next</h2>", "## Line next"},
		{"heading closing hashes", "<h2>Issue #</h2><h2>C#</h2>", "## Issue \\#\n\n## C#"},
		{"empty heading", "<h2> </h2><p>Text.</p>", "Text."},
		{"div text and blocks", "<div>Loose text<p>A paragraph.</p>more text</div>", "Loose text\n\nA paragraph.\n\nmore text"},
		{"hr", "<p>a</p><hr><p>b</p>", "a\n\n* * *\n\nb"},
		{"a star between spaces inside emphasis", "<p><em>\u00a0 * 00</em> and <em>a * </em></p>", "\u00a0 *\\* 00* and *a \\**"},
		{"br", "<p>one<br>two<br/> three</p>", "one  \ntwo  \nthree"},
		{"br at ends", "<p><br>one<br></p>", "one"},
		{"double br", "<p>one<br><br>two</p>", "one\n\ntwo"},
		{"blockquote", "<blockquote><p>Said.</p><p>Again.</p></blockquote>", "> Said.\n>\n> Again."},
		{"nested blockquote", "<blockquote><p>Outer</p><blockquote><p>Inner</p></blockquote></blockquote>", "> Outer\n>\n> > Inner"},
		{"quote with list and code", "<blockquote><ul><li>a</li></ul><pre>x\n\ny</pre></blockquote>", "> - a\n>\n> ```\n> x\n>\n> y\n> ```"},
		{"unordered list", "<ul><li>One</li><li>Two</li></ul>", "- One\n- Two"},
		{"ordered list start", "<ol start=\"9\"><li>Nine</li><li>Ten</li><li>Eleven</li></ol>", "9. Nine\n10. Ten\n11. Eleven"},
		{"bad start", "<ol start=\"x\"><li>a</li></ol>", "1. a"},
		{"nested list", "<ul><li>Fruit<ul><li>Apple</li><li>Pear</li></ul></li><li>Bread</li></ul>", "- Fruit\n  - Apple\n  - Pear\n- Bread"},
		{"nested ordered list needs a blank line", "<ul><li>Steps<ol start=\"3\"><li>c</li></ol></li></ul>", "- Steps\n\n  3. c"},
		{"item with paragraphs", "<ol><li><p>First para.</p><p>Second para.</p></li><li>Next</li></ol>", "1. First para.\n\n   Second para.\n2. Next"},
		{"item with code", "<ul><li>Run:<pre><code>make\nmake test</code></pre></li></ul>", "- Run:\n\n  ```\n  make\n  make test\n  ```"},
		{"empty items skipped", "<ol><li>a</li><li> </li><li>b</li></ol>", "1. a\n2. b"},
		{"stray list content", "<ul><li>a</li><ul><li>nested</li></ul><li>b</li></ul>", "- a\n  - nested\n- b"},
		{"adjacent lists", "<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>", "- a\n\n* b\n\n1. c\n\n1) d"},
		{"pre", "<pre>line 1\n  line 2\n</pre>", "```\nline 1\n  line 2\n```"},
		{"pre language", `<pre><code class="language-go">fmt.Println("x")</code></pre>`, "```go\nfmt.Println(\"x\")\n```"},
		{"pre lang class", `<pre class="lang-rust"><code>let x = 1;</code></pre>`, "```rust\nlet x = 1;\n```"},
		{"pre with fences", "<pre>a ``` b\n````</pre>", "`````\na ``` b\n````\n`````"},
		{"pre with br", "<pre>a<br>b</pre>", "```\na\nb\n```"},
		{"blank pre", "<pre>  \n </pre><p>x</p>", "x"},
		{"figure", `<figure><img src="https://x/a.png" alt="A map"><figcaption>The new routes.</figcaption></figure>`, "![A map](https://x/a.png)\n\nThe new routes."},
		{"definition list", "<dl><dt>Term</dt><dd>Meaning.</dd><dd>Another.</dd><dt>Next</dt><dd>More.</dd></dl>", "Term\n: Meaning.\n: Another.\n\nNext\n: More."},
		{"definition without term", "<p>Para.</p><dl><dd>Orphan.</dd></dl>", "Para.\n\nOrphan."},
		{"unknown elements", "<section><custom-box>Inside <x-y>words</x-y></custom-box></section>", "Inside words"},
		{"skipped elements", "<p>a<script>b()</script><style>c{}</style>d</p>", "ad"},
		{"link around blocks", `<a href="https://x/s"><h2>Story</h2><p>Teaser</p></a>`, "## [Story](https://x/s)\n\n[Teaser](https://x/s)"},

		// Tables.
		{"table", "<table><thead><tr><th>A</th><th>Bee</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
			"| A | Bee |\n|---|-----|\n| 1 | 2   |"},
		{"table header promotion", "<table><tr><td>a</td><td>b</td></tr><tr><td></td><td></td></tr><tr><td>c</td><td>d</td></tr></table>",
			"| a | b |\n|---|---|\n| c | d |"},
		{"table pipes and breaks", "<table><tr><th>x|y</th><th>code</th></tr><tr><td>one<br>two<p>three</p></td><td><code>a|b</code></td></tr></table>",
			"| x\\|y          | code   |\n|---------------|--------|\n| one two three | `a\\|b` |"},
		{"table colspan", `<table><tr><th colspan="2">Wide</th><th>c</th></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>`,
			"| Wide |   | c |\n|------|---|---|\n| 1    | 2 | 3 |"},
		{"table rowspan", `<table><tr><th>a</th><th>b</th></tr><tr><td rowspan="2">x</td><td>1</td></tr><tr><td>2</td></tr></table>`,
			"| a | b |\n|---|---|\n| x | 1 |\n|   | 2 |"},
		{"table huge colspan", `<table><tr><td colspan="100000">a</td><td>b</td></tr></table>`, "| a |" + strings.Repeat("   |", 63) + " b |\n|---|" + strings.Repeat("---|", 64)},
		{"table caption", "<table><caption>Results</caption><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>", "Results\n\n| a | b |\n|---|---|\n| 1 | 2 |"},
		{"layout table", "<table><tr><td><p>Only one cell of text.</p></td></tr></table>", "Only one cell of text."},
		{"table of lists", "<table><tr><th>Founded</th><td>1998</td></tr><tr><th>Products</th><td><ul><li>Firefox</li></ul></td></tr></table>", "Founded 1998\n\nProducts\n\n- Firefox"},

		// Inline.
		{"emphasis", "<p><em>a</em> <strong>b</strong> <del>c</del> <i>d</i> <b>e</b> <s>f</s></p>", "*a* **b** ~~c~~ *d* **e** ~~f~~"},
		{"emphasis spaces moved out", "<p>x<em> y </em>z</p>", "x *y* z"},
		{"empty emphasis", "<p>a<strong> </strong>b<em></em>c</p>", "a bc"},
		{"nested same emphasis", "<p><em>a <i>b</i> c</em></p>", "*a b c*"},
		{"adjacent emphasis merges", "<p><strong>a</strong><strong>b</strong> <em>c</em> <em>d</em></p>", "**ab** *c d*"},
		{"emphasis before a word after punctuation", "<p><em>word.</em>next and <em>.dot</em></p>", "word.next and *.dot*"},
		{"emphasis after a word before punctuation", "<p>x<strong>\"y\"</strong> z</p>", "x\"y\" z"},
		{"emphasis with no-break space", "<p>a <em>b\u00a0</em>c</p>", "a *b*\u00a0c"},
		{"strong in em", "<p><em>a <strong>b</strong></em></p>", "*a **b***"},
		{"inline code", "<p>Run <code>go  test</code> now</p>", "Run `go test` now"},
		{"inline code with backticks", "<p><code>a`b</code> and <code>`x</code></p>", "``a`b`` and `` `x ``"},
		{"empty code", "<p>a<code> </code>b</p>", "a b"},
		{"kbd", "<p>Press <kbd>Ctrl</kbd></p>", "Press `Ctrl`"},
		{"link", `<p>See <a href="https://x/a" title="The A">this page</a>.</p>`, `See [this page](https://x/a "The A").`},
		{"link with spaces inside", `<p>See<a href="https://x/a"> this </a>now</p>`, "See [this](https://x/a) now"},
		{"link url with space and parens", `<p><a href="https://x/a b">one</a> <a href="https://x/(c)">two</a> <a href="https://x/d)">three</a></p>`,
			"[one](<https://x/a b>) [two](https://x/(c)) [three](<https://x/d)>)"},
		{"link title quotes", `<p><a href="https://x" title='say "hi"'>t</a></p>`, `[t](https://x "say \"hi\"")`},
		{"link without text", `<p>a<a href="https://x/"> </a>b<a href="https://y/"></a></p>`, "a b"},
		{"link without href", `<p><a>plain</a> text</p>`, "plain text"},
		{"link text brackets", `<p><a href="https://x">a [b] c</a> <a href="#n1">[1]</a> <a href="https://y">a ] b [c</a></p>`,
			`[a [b] c](https://x) [[1]](#n1) [a \] b \[c](https://y)`},
		{"image", `<p><img src="https://x/i.png" alt="A [big] one" title="T"></p>`, `![A \[big\] one](https://x/i.png "T")`},
		{"image without src", `<p>a<img alt="x">b</p>`, "ab"},
		{"linked image", `<p><a href="https://x/big"><img src="https://x/small" alt=""></a></p>`, "[![](https://x/small)](https://x/big)"},
		{"image glued to credit", `<div><img src="https://x/i.png"><em>(Photo: A)</em></div>`, "![](https://x/i.png)\n*(Photo: A)*"},
		{"sup and sub", "<p>E = mc<sup>2</sup> and H<sub>2</sub>O</p>", "E = mc2 and H2O"},
		{"no-break space kept", "<p>10\u00a0km</p>", "10\u00a0km"},

		// Escaping.
		{"no needless escapes", "<p>Snake_case_name, 5 * 3, (a) [b] c! a-b 1.5 #tag x>y &amp; 100%</p>", "Snake_case_name, 5 * 3, (a) [b] c! a-b 1.5 #tag x>y & 100%"},
		{"emphasis characters", "<p>*not em* _nor this_ and **not bold**</p>", `\*not em* \_nor this\_ and \*\*not bold\**`},
		{"backticks and backslashes", "<p>a `b` c\\d \\* e\\</p>", "a \\`b\\` c\\d \\\\* e\\\\"},
		{"html-like text", "<p>a &lt;b&gt; c &lt;/p&gt; 1 &lt; 2</p>", `a \<b> c \</p> 1 < 2`},
		{"entity-like text", "<p>&amp;copy; &amp;#169; AT&amp;T</p>", `\&copy; \&#169; AT&T`},
		{"link-like text", "<p>[a](b) and [c]: d and ![e] f</p>", `\[a](b) and \[c]: d and \![e] f`},
		{"text ending a block inside a link", `<a href="https://x"><p>back\</p><p>[1]</p></a>`, "[back\\\\](https://x)\n\n[\\[1\\]](https://x)"},
		{"bang before link", `<p>Wow!<a href="https://x">link</a></p>`, `Wow\![link](https://x)`},
		{"line starts", "<p># Not a heading</p><p>&gt; not a quote</p><p>- not a list</p><p>+ nor</p><p>* nor this</p><p>2024. A year</p><p>3) three</p><p>---</p>",
			"\\# Not a heading\n\n\\> not a quote\n\n\\- not a list\n\n\\+ nor\n\n\\* nor this\n\n2024\\. A year\n\n3\\) three\n\n\\---"},
		{"line start after break", "<p>Intro<br>- dash<br>=====<br>1. one</p>", "Intro  \n\\- dash  \n\\=====  \n1\\. one"},
		{"number and dot from two elements", "<p>1<b>.</b> Intro</p><p>2<a href=\"https://x\">)</a> b</p>", "1\\. Intro\n\n2[)](https://x) b"},
		{"no escape mid line", "<p>a # b > c - d + e 1. f</p>", "a # b > c - d + e 1. f"},
		{"task box", "<ul><li>[ ] todo</li><li>[x] done</li></ul>", "- \\[ ] todo\n- \\[x] done"},
		{"tilde", "<p>~5 km, ~~old~~ and fall~</p>", `\~5 km, \~\~old\~~ and fall~`},
		{"underscores", "<p>_a_ __init__ file_name.go</p>", `\_a\_ \_\_init\_\_ file_name.go`},
		{"heading text", "<h2>1. Intro</h2><h3># tag</h3>", "## 1. Intro\n\n### # tag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fragmentMarkdown(t, c.in)
			if got != c.want {
				t.Errorf("Markdown of %q\n got: %q\nwant: %q", c.in, got, c.want)
			}
		})
	}
}

// Deep nesting must neither exhaust the stack nor make lines thousands
// of bytes long.
func TestMarkdownWriterDeepNesting(t *testing.T) {
	for _, tag := range []atom.Atom{atom.Div, atom.Blockquote, atom.Ul, atom.Em, atom.A, atom.Table} {
		root := &html.Node{Type: html.ElementNode, DataAtom: atom.Article, Data: "article"}
		n := root
		for range 10000 {
			c := &html.Node{Type: html.ElementNode, DataAtom: tag, Data: tag.String()}
			if tag == atom.A {
				c.Attr = []html.Attribute{{Key: "href", Val: "https://x/"}}
			}
			n.AppendChild(c)
			if tag == atom.Ul {
				li := &html.Node{Type: html.ElementNode, DataAtom: atom.Li, Data: "li"}
				c.AppendChild(li)
				c = li
			}
			n = c
		}
		n.AppendChild(&html.Node{Type: html.TextNode, Data: "deep text"})
		md := markdown.WriteMarkdown(root)
		if !strings.Contains(md, "deep text") {
			t.Errorf("%s: the text is lost: %.200q", tag, md)
		}
		for _, line := range strings.Split(md, "\n") {
			if len(line) > 200 {
				t.Errorf("%s: a line of %d bytes", tag, len(line))
				break
			}
		}
	}
}

// TestMarkdownRoundTrip renders the Markdown of every corpus article
// back to HTML with goldmark (GFM and definition lists, as Glamour reads
// it) and checks that the words a reader sees are the article's words:
// none lost, none added, no backslash or emphasis marker left showing.
func TestMarkdownRoundTrip(t *testing.T) {
	pages := append(loadZyte(t), loadReadability(t)...)
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
	checked := 0
	for _, p := range pages {
		body := articleBody(p)
		if body == nil {
			continue
		}
		want := shownWords(body)
		src := markdown.ToMarkdown(dom.CloneTree(body))
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out); err != nil {
			t.Fatalf("%s: goldmark: %v", p.name, err)
		}
		doc, err := html.Parse(&out)
		if err != nil {
			t.Fatalf("%s: parsing goldmark's HTML: %v", p.name, err)
		}
		got := shownWords(doc)
		if i := firstDiff(want, got); i >= 0 {
			t.Errorf("%s: word %d differs after rendering the Markdown\n page: %q\n  got: %q",
				p.name, i, window(want, i), window(got, i))
		}
		page, shown := strings.Join(want, " "), strings.Join(got, " ")
		for _, mark := range []string{`\`, "**", "__", "~~", "`"} {
			if strings.Count(shown, mark) > strings.Count(page, mark) {
				t.Errorf("%s: %q shows in the rendered text more often than on the page", p.name, mark)
			}
		}
		checked++
	}
	t.Logf("%d articles round-tripped", checked)
}

// articleBody runs Extract's steps up to the cleaned, sanitised article
// tree that the Markdown is written from.
func articleBody(p corpusPage) *html.Node {
	b, _, err := prepare.DecodeToUTF8(p.html, "")
	if err != nil {
		return nil
	}
	doc, err := prepare.ParseHTML(b)
	if err != nil {
		return nil
	}
	meta := metadata.ExtractMetadata(doc, p.url)
	if meta == nil {
		meta = &feed.Article{}
	}
	body, _ := readable.ExtractBody(doc, b, meta, p.url, nil, false)
	if body != nil {
		markdown.SanitizeTree(body)
	}
	return body
}

// shownWords returns the words of the text under root as a browser
// shows them: blocks, line breaks and pictures separate words.
func shownWords(root *html.Node) []string {
	var b strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode && markdown.MdSkipped(n) {
			return
		}
		apart := dom.IsBlock(n) || dom.IsElem(n, atom.Br, atom.Img, atom.Li, atom.Dd, atom.Dt, atom.Td, atom.Th)
		if apart {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		if apart {
			b.WriteByte(' ')
		}
	}
	visit(root)
	return strings.FieldsFunc(b.String(), unicode.IsSpace)
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func window(w []string, i int) string {
	return strings.Join(w[max(0, i-6):min(len(w), i+6)], " ")
}

// FuzzMarkdownWriter checks, on any fragment, that the writer neither
// panics nor loses, adds or garbles a word once the Markdown is rendered.
func FuzzMarkdownWriter(f *testing.F) {
	for _, s := range []string{
		"<p>a <em>b</em> c</p>", "<ul><li>x<ol><li>y</li></ol></li></ul>", "<blockquote><p>q</p></blockquote>",
		"<table><tr><td>a|b</td><td>c</td></tr></table>", "<p>*a* _b_ `c` [d](e) <f> &amp;g; #h</p>",
		"<pre>x\n\ny</pre>", "<dl><dt>t</dt><dd>d</dd></dl>", `<a href="u"><h2>t</h2><p>p</p></a>`,
		"<p><strong>a.</strong>b <em>\u00a0c</em></p>", "<h2>x #</h2><p>1. a<br>- b<br>===</p>",
	} {
		f.Add(s)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
	f.Fuzz(func(t *testing.T, fragment string) {
		if len(fragment) > 4<<10 {
			return
		}
		doc, err := html.Parse(strings.NewReader("<body><article>" + fragment))
		if err != nil {
			return
		}
		var art *html.Node
		dom.Walk(doc, func(n *html.Node) bool {
			if art == nil && dom.IsElem(n, atom.Article) {
				art = n
			}
			return art == nil
		})
		if art == nil {
			return
		}
		markdown.SanitizeTree(art)
		want := shownWords(art)
		src := markdown.ToMarkdown(art)
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out); err != nil {
			t.Fatal(err)
		}
		rendered, err := html.Parse(&out)
		if err != nil {
			t.Fatal(err)
		}
		if got := shownWords(rendered); firstDiff(want, got) >= 0 {
			t.Errorf("words differ\nMarkdown: %q\n    want: %q\n     got: %q", src, want, got)
		}
	})
}
