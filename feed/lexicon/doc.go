// Package lexicon is tidings' knowledge of news pages, in one place: the
// news agencies a byline credits, the time zones and month names a
// dateline prints, how words are counted for the reading time, the class
// and id words by the role of the page part they name, and the headings
// and promotional phrases that are never the story, in the languages of
// the pages tidings reads.
//
// Both cleaners read it: feed/extract (HTML pages) and feed/textdump
// (pages already turned to text). It imports nothing of tidings, and
// costs nothing at start-up: its regular expressions are compiled the
// first time they are used, and its word lists are plain data.
package lexicon
