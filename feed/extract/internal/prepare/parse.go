package prepare

import (
	"bytes"

	"golang.org/x/net/html"
)

// ParseHTML parses a page, less the text of its scripts and style sheets
// (StripScripts); one nested deeper than the parser accepts (512 open
// elements) is parsed again with its excess depth flattened, so that the
// reader still shows what text it holds.
func ParseHTML(b []byte) (*html.Node, error) {
	return ParseStripped(StripScripts(b))
}

// ParseStripped is ParseHTML for a page StripScripts has already cut: a
// second scan would find nothing more to cut.
func ParseStripped(b []byte) (*html.Node, error) {
	doc, err := html.Parse(bytes.NewReader(b))
	if err == nil {
		return doc, nil
	}
	return html.Parse(bytes.NewReader(flattenDeep(b, maxDepth)))
}

// maxDepth is the nesting kept by flattenDeep, well under the parser's
// limit since the parser's tree can be deeper than the tags written.
const maxDepth = 200

var voidTags = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	"param": true, "keygen": true,
}

// flattenDeep rewrites b token by token, dropping the start and end tags
// of elements opened past the given depth (their text stays).
func flattenDeep(b []byte, limit int) []byte {
	z := html.NewTokenizer(bytes.NewReader(b))
	var out bytes.Buffer
	out.Grow(len(b))
	type open struct {
		name string
		kept bool
	}
	var stack []open
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.Bytes()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidTags[string(name)] {
				out.Write(z.Raw())
				continue
			}
			kept := len(stack) < limit
			stack = append(stack, open{string(name), kept})
			if kept {
				out.Write(z.Raw())
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == string(name) {
					kept := stack[i].kept
					stack = stack[:i]
					if kept {
						out.Write(z.Raw())
					}
					break
				}
			}
		default:
			out.Write(z.Raw())
		}
	}
}
