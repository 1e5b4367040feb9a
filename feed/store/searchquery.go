package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// SearchQuery is a search as ParseSearch reads it: an FTS5 expression for
// the words and filters on the story's other fields. Every word the user
// typed reaches FTS5 as a quoted string, so no input can make FTS5 syntax
// (NEAR, OR, column filters, parentheses) or an SQL error.
type SearchQuery struct {
	// Match is the FTS5 expression the stories must match: the words,
	// with site: and author: as column filters ("" when neither).
	Match string
	// Ranked reports that the query has words of its own, so the results
	// are ordered by how well they match rather than by date.
	Ranked bool
	// Exclude is the FTS5 expression of the words a story must not have
	// (-word), "" for none.
	Exclude string
	// Feeds are lower-case parts of the feed's name or URL (feed:), Tags
	// the feed's tags (tag:), lower case; all must hold.
	Feeds, Tags []string
	// Unread, Read and Starred keep only such stories (is:).
	Unread, Read, Starred bool
	// Before and After bound the story's date: Before excludes its day,
	// After includes its own. Zero means no bound.
	Before, After time.Time
}

// Limits on a query, so a pasted page cannot make one search slow.
const (
	maxSearchBytes = 1000
	maxSearchTerms = 32
)

// searchColumns are the columns plain words are looked for in.
const searchColumns = `{title feed author body}`

// ErrEmptySearch is returned for a query with nothing to look for.
var ErrEmptySearch = errors.New("search: type words to look for, or a filter like is:unread")

// ParseSearch reads a query in the search syntax:
//
//	word      a story with the word (in its title, feed, author or text)
//	word*     a word that starts so
//	"a b"     the words together, in that order
//	-word     a story without the word
//	site:bbc.co.uk  author:name  feed:name  tag:name
//	is:unread  is:read  is:starred
//	before:2024-05-01  after:2024-05  (also a year, today, yesterday, 7d, 2w)
//
// Words are all required. A key that is none of the above (http:, title:)
// is read as words. now anchors today, yesterday and 7d. The error says, in
// one line, what to type instead.
func ParseSearch(input string, now time.Time) (*SearchQuery, error) {
	if len(input) > maxSearchBytes {
		return nil, fmt.Errorf("search: the query is too long (%d bytes): keep it under %d", len(input), maxSearchBytes)
	}
	input = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return ' '
		}
		return r
	}, input)
	q := &SearchQuery{}
	var words, without, filters []string
	for _, t := range splitSearch(input) {
		if len(words)+len(without)+len(filters) >= maxSearchTerms {
			return nil, fmt.Errorf("search: too many words: at most %d", maxSearchTerms)
		}
		if !t.quoted {
			if key, value, ok := strings.Cut(t.text, ":"); ok && isSearchKey(key) {
				if t.negated {
					return nil, fmt.Errorf("search: %s: cannot be negated: only words can be left out with -", strings.ToLower(key))
				}
				if t.value != nil {
					value = *t.value
				}
				f, err := q.filter(strings.ToLower(key), value, now)
				if err != nil {
					return nil, err
				}
				if f != "" {
					filters = append(filters, f)
				}
				continue
			}
		}
		term := ftsTerm(t.text)
		switch {
		case term == "":
		case t.negated:
			without = append(without, term)
		default:
			words = append(words, term)
		}
	}
	var match []string
	if len(words) > 0 {
		q.Ranked = true
		match = append(match, searchColumns+` : (`+strings.Join(words, ` `)+`)`)
	}
	match = append(match, filters...)
	q.Match = strings.Join(match, ` AND `)
	if len(without) > 0 {
		q.Exclude = searchColumns + ` : (` + strings.Join(without, ` OR `) + `)`
	}
	if q.Match == "" && q.Exclude == "" && len(q.Feeds) == 0 && len(q.Tags) == 0 &&
		!q.Unread && !q.Read && !q.Starred && q.Before.IsZero() && q.After.IsZero() {
		return nil, ErrEmptySearch
	}
	return q, nil
}

func isSearchKey(k string) bool {
	switch strings.ToLower(k) {
	case "site", "author", "feed", "tag", "is", "before", "after":
		return true
	}
	return false
}

// filter applies key:value to q; for site: and author: it returns the
// FTS5 column filter to add to the match instead.
func (q *SearchQuery) filter(key, value string, now time.Time) (string, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return "", fmt.Errorf("search: %s: needs a value, like %s", key, searchExample(key))
	}
	switch key {
	case "site":
		v := strings.ToLower(value)
		if i := strings.Index(v, "://"); i >= 0 {
			v = v[i+3:]
		}
		v, _, _ = strings.Cut(v, "/")
		term := ftsTerm(strings.TrimPrefix(v, "www."))
		if term == "" {
			return "", fmt.Errorf("search: site: needs a site's name, like %s", searchExample(key))
		}
		return `site : ` + term, nil
	case "author":
		term := ftsTerm(value)
		if term == "" {
			return "", fmt.Errorf("search: author: needs a name, like %s", searchExample(key))
		}
		return `author : ` + term, nil
	case "feed":
		q.Feeds = append(q.Feeds, strings.ToLower(value))
	case "tag":
		q.Tags = append(q.Tags, strings.ToLower(value))
	case "is":
		switch strings.ToLower(value) {
		case "unread":
			q.Unread = true
		case "read":
			q.Read = true
		case "starred":
			q.Starred = true
		default:
			return "", fmt.Errorf("search: is:%s is not known: use is:unread, is:read or is:starred", value)
		}
	case "before", "after":
		t, err := searchDate(value, now)
		if err != nil {
			return "", fmt.Errorf("search: %s:%s is not a date: use %s", key, value, searchExample(key))
		}
		if key == "before" {
			q.Before = t
		} else {
			q.After = t
		}
	}
	return "", nil
}

func searchExample(key string) string {
	switch key {
	case "site":
		return "site:bbc.co.uk"
	case "author":
		return `author:"Jane Doe"`
	case "is":
		return "is:unread"
	case "before", "after":
		return key + ":2024-05-01 (or 2024-05, 2024, today, yesterday, 7d, 2w)"
	}
	return key + ":name"
}

// searchDate reads a day (2024-05-01), a month, a year, today, yesterday
// or a count of days or weeks ago (7d, 2w) as the start of that day, month
// or year in local time.
func searchDate(v string, now time.Time) (time.Time, error) {
	now = now.In(time.Local)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
	switch v = strings.ToLower(v); v {
	case "today":
		return today, nil
	case "yesterday":
		return today.AddDate(0, 0, -1), nil
	}
	if len(v) < 2 {
		return time.Time{}, errors.New("not a date")
	}
	if n, err := strconv.Atoi(v[:len(v)-1]); err == nil && n >= 0 && n < 100000 {
		switch v[len(v)-1] {
		case 'd':
			return today.AddDate(0, 0, -n), nil
		case 'w':
			return today.AddDate(0, 0, -7*n), nil
		}
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a date")
}

// searchToken is one space-separated part of a query.
type searchToken struct {
	text    string
	quoted  bool
	negated bool
	// value is a key's quoted value (author:"Jane Doe"), nil when the
	// value is in text.
	value *string
}

// splitSearch splits a query at spaces, keeping "quoted phrases" whole
// (an unclosed quote runs to the end) and a * right after a phrase.
func splitSearch(s string) []searchToken {
	var out []searchToken
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return out
		}
		var t searchToken
		if len(s) > 1 && s[0] == '-' && !unicode.IsSpace(rune(s[1])) {
			t.negated, s = true, s[1:]
		}
		if s[0] == '"' {
			t.quoted = true
			t.text, s = quotedPart(s[1:])
			if strings.HasPrefix(s, "*") {
				t.text += "*"
				s = s[1:]
			}
			out = append(out, t)
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(s)
		}
		t.text, s = s[:end], s[end:]
		if strings.HasSuffix(t.text, ":") && strings.HasPrefix(s, `"`) && isSearchKey(strings.TrimSuffix(t.text, ":")) {
			var v string
			v, s = quotedPart(s[1:])
			t.value = &v
		}
		out = append(out, t)
	}
}

// quotedPart splits s after a quote at its closing quote, or its end.
func quotedPart(s string) (inside, rest string) {
	if i := strings.IndexByte(s, '"'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// ftsTerm is a word or phrase as an FTS5 string, with a trailing * kept as
// a prefix query; "" when it holds nothing FTS5 would index (punctuation,
// a * alone).
func ftsTerm(s string) string {
	prefix := strings.HasSuffix(s, "*")
	s = strings.TrimRight(s, "*")
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
		return ""
	}
	t := `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	if prefix {
		t += ` *`
	}
	return t
}
