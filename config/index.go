package config

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// lineIndex maps each key path of a TOML document, written as [Error.Key]
// writes it, to the line where it appears. Validation works on decoded
// values; the index lets it point the user at the line to fix.
type lineIndex struct {
	lines map[string]int
	// order keeps paths in document order, for lookups by line.
	order []string
}

// indexLines scans a TOML document with go-toml's parser. It is only called
// on documents the decoder accepted, so a parse error merely ends the scan.
func indexLines(data []byte) lineIndex {
	idx := lineIndex{lines: map[string]int{}}
	var p unstable.Parser
	p.Reset(data)
	tables := map[string]int{} // array-of-tables path -> entries seen
	current := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			path, line := keyOf(&p, e)
			if e.Kind == unstable.ArrayTable {
				idx.add(path, line)
				n := tables[path]
				tables[path] = n + 1
				path = fmt.Sprintf("%s[%d]", path, n)
			}
			idx.add(path, line)
			current = path
		case unstable.KeyValue:
			path, line := keyOf(&p, e)
			idx.keyValue(&p, e, join(current, path), line)
		}
	}
	return idx
}

// keyValue records a key and, recursively, the elements of its value.
func (idx *lineIndex) keyValue(p *unstable.Parser, e *unstable.Node, path string, line int) {
	idx.add(path, line)
	idx.value(p, e.Value(), path, line)
}

// value records array elements ("path[i]") and inline-table keys.
func (idx *lineIndex) value(p *unstable.Parser, v *unstable.Node, path string, line int) {
	switch v.Kind {
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			el := it.Node()
			elPath := fmt.Sprintf("%s[%d]", path, i)
			elLine := line
			if el.Raw.Length > 0 {
				elLine = p.Shape(el.Raw).Start.Line
			}
			idx.add(elPath, elLine)
			idx.value(p, el, elPath, elLine)
		}
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			k, kLine := keyOf(p, kv)
			idx.keyValue(p, kv, join(path, k), kLine)
		}
	}
}

func (idx *lineIndex) add(path string, line int) {
	if _, ok := idx.lines[path]; ok {
		return
	}
	idx.lines[path] = line
	idx.order = append(idx.order, path)
}

// line returns the line of key, else of its closest enclosing key that
// appears in the document (a missing feeds[2].url points at its [[feeds]]),
// else 0.
func (idx lineIndex) line(key string) int {
	for key != "" {
		if l, ok := idx.lines[key]; ok {
			return l
		}
		key = parentKey(key)
	}
	return 0
}

// keyAt returns the indexed path on line whose last part is name, so that
// go-toml's "feeds.tagz" becomes "feeds[1].tagz"; fallback when none is.
func (idx lineIndex) keyAt(line int, name, fallback string) string {
	for _, path := range idx.order {
		if idx.lines[path] == line && (path == name || strings.HasSuffix(path, "."+name)) {
			return path
		}
	}
	return fallback
}

// parentKey drops the last part of a key path: feeds[2].url -> feeds[2] ->
// feeds -> "".
func parentKey(key string) string {
	if strings.HasSuffix(key, "]") {
		if i := strings.LastIndexByte(key, '['); i > 0 {
			return key[:i]
		}
	}
	// Walk back over the last part, which may be a quoted key holding dots.
	if strings.HasSuffix(key, `"`) {
		for i := len(key) - 2; i >= 0; i-- {
			if key[i] == '"' && (i == 0 || key[i-1] != '\\') {
				return strings.TrimSuffix(key[:i], ".")
			}
		}
		return ""
	}
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return ""
}

// keyOf returns a table header's or key/value's key path and its line.
func keyOf(p *unstable.Parser, e *unstable.Node) (string, int) {
	var parts []string
	line := 0
	it := e.Key()
	for it.Next() {
		k := it.Node()
		if line == 0 && k.Raw.Length > 0 {
			line = p.Shape(k.Raw).Start.Line
		}
		parts = append(parts, string(k.Data))
	}
	return joinKey(parts), line
}

// bareKey reports whether TOML lets one write k without quotes: a
// non-empty run of ASCII letters, digits, '_' and '-'.
func bareKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return k != ""
}

// quoteKey writes one key part as TOML would need it.
func quoteKey(k string) string {
	if bareKey(k) {
		return k
	}
	return fmt.Sprintf("%q", k)
}

// joinKey writes key parts as a dotted path, quoting where needed.
func joinKey(parts []string) string {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = quoteKey(p)
	}
	return strings.Join(quoted, ".")
}

func join(prefix, path string) string {
	if prefix == "" {
		return path
	}
	return prefix + "." + path
}
