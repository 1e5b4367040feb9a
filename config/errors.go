package config

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	toml "github.com/pelletier/go-toml/v2"
)

// Error is one problem in a configuration file: where it is and what is
// wrong. Its text is one line, "FILE:LINE: KEY: MESSAGE".
type Error struct {
	// File is the configuration file; empty when validating a Config built
	// in code.
	File string
	// Line is the 1-based line of the key in File, 0 when unknown.
	Line int
	// Key is the dotted key path, e.g. "refresh.workers", "feeds[2].url",
	// `clean."example.com"[0]` (array indexes count from 0).
	Key string
	// Msg says what is wrong and, where it helps, what to write instead.
	Msg string
}

// Error returns "FILE:LINE: KEY: MESSAGE", leaving out the parts not known.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// locate fills in file and line for each error and joins them, sorted by
// line so the user reads them top to bottom.
func locate(file string, idx lineIndex, errs []*Error) error {
	for _, e := range errs {
		e.File = file
		if e.Line == 0 {
			e.Line = idx.line(e.Key)
		}
	}
	slices.SortStableFunc(errs, func(a, b *Error) int { return a.Line - b.Line })
	joined := make([]error, len(errs))
	for i, e := range errs {
		joined[i] = e
	}
	return errors.Join(joined...)
}

// tomlKind pulls the TOML type out of go-toml's "cannot decode TOML string
// into ..." message.
// It is compiled on first use: only a config file with an error needs it,
// and every command starts by loading the config.
var tomlKind = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`TOML (\w+)`) })

// decodeError turns go-toml's syntax, type and unknown-key errors into
// [*Error]s naming the file, line and key.
func decodeError(file string, data []byte, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		errs := unknownKeyErrors(file, data, strict)
		joined := make([]error, len(errs))
		for i, e := range errs {
			joined[i] = e
		}
		return errors.Join(joined...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		key := de.Key()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if len(key) > 0 && strings.Contains(msg, "cannot decode") {
			got := "a value of another type"
			if m := tomlKind().FindStringSubmatch(msg); m != nil {
				got = article(m[1]) + " " + m[1]
			}
			msg = fmt.Sprintf("must be %s, not %s", expectedType(key), got)
		}
		return &Error{File: file, Line: line, Key: joinKey(key), Msg: msg}
	}
	return &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}

// unknownKeyErrors is one [*Error] per unknown key, with its line and a
// "did you mean" hint.
func unknownKeyErrors(file string, data []byte, strict *toml.StrictMissingError) []*Error {
	idx := indexLines(data)
	var errs []*Error
	for i := range strict.Errors {
		de := &strict.Errors[i]
		line, _ := de.Position()
		parts := de.Key()
		key := joinKey(parts)
		if len(parts) > 0 {
			key = idx.keyAt(line, quoteKey(parts[len(parts)-1]), key)
		}
		errs = append(errs, &Error{File: file, Line: line, Key: key, Msg: unknownKeyMsg(parts)})
	}
	return errs
}

// missingFileError is a configuration file that is not there. It is
// fs.ErrNotExist for errors.Is, without repeating "file does not exist"
// after a message that already says so.
type missingFileError string

func (e missingFileError) Error() string {
	return string(e) + ": no such file (tidings config init writes one)"
}

func (e missingFileError) Is(target error) bool { return target == fs.ErrNotExist }

// article is "an" before a vowel, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// schema lists the known keys of each table, for "did you mean" hints and
// type names in error messages.
func schema() map[string]map[string]string {
	return map[string]map[string]string{
		"": {
			"feeds": "an array of tables ([[feeds]])", "save_dir": "a string",
			"theme": "a string", "user_agent": "a string", "keep_days": "an integer",
			"keep_stories": "an integer",
			"refresh":      "a table ([refresh])", "keys": "a table ([keys])",
			"clean": "a table ([clean])",
		},
		"feeds": {"url": "a string", "title": "a string", "tags": "an array of strings", "feed_text": "a boolean (true or false)"},
		"refresh": {
			"workers": "an integer", "per_host": "an integer",
			"timeout": `a duration string such as "30s"`, "interval": `a duration string such as "30m"`,
			"max_new": "an integer", "articles": "a boolean (true or false)",
		},
	}
}

// expectedType names the type a key wants.
func expectedType(key []string) string {
	switch {
	case len(key) == 2 && (key[0] == "keys" || key[0] == "clean"):
		return `an array of strings, e.g. ["x"]`
	case len(key) >= 2 && key[0] == "feeds" && key[len(key)-1] == "tags":
		return "an array of strings"
	}
	table := ""
	if len(key) > 1 {
		table = key[0]
	}
	if t, ok := schema()[table][key[len(key)-1]]; ok {
		return t
	}
	return "of another type"
}

// unknownKeyMsg says a key is unknown and suggests the closest known one.
func unknownKeyMsg(key []string) string {
	if len(key) == 0 {
		return "unknown key"
	}
	table := ""
	if len(key) > 1 {
		table = key[0]
	}
	known := schema()[table]
	if len(key) > 2 {
		known = nil
	}
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	slices.Sort(names)
	if hint := suggest(key[len(key)-1], names); hint != "" {
		return "unknown key" + hint
	}
	if len(names) > 0 {
		return "unknown key (known here: " + strings.Join(names, ", ") + ")"
	}
	return "unknown key"
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
