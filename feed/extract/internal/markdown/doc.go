// Package markdown writes the cleaned body of a story as Markdown
// (ToMarkdown) and as plain text (ToText).
//
// # The writer's contract
//
// ToMarkdown writes CommonMark with the GitHub extensions Glamour reads
// (tables, strikethrough, autolinks) and definition lists. What it writes
// parses back, with those extensions, to the text and the structure of
// the tree it was given:
//
//   - the same words in the same order, none lost, none added, no escape
//     or emphasis marker left showing: text that looks like Markdown
//     ("*", "_", "#", "1.", "[a](b)", "<tag>", "&amp;") is escaped where,
//     and only where, it would otherwise be read as markup;
//   - the same headings (level and text), list items, quotes, code blocks
//     and code spans, table cells, and links to absolute addresses with
//     their text;
//   - the same emphasis, strong emphasis and strikethrough, with these
//     exceptions, where the words are kept and the emphasis given up:
//     emphasis that touches emphasis of the same kind is joined ("*a*
//     *b*" reads "*a b*"); emphasis inside a word that is itself inside
//     emphasis is dropped, CommonMark having no way to write it that
//     every reader parses alike; and a link whose text is its own
//     address, written as an autolink, ends where GFM ends one (at a
//     backtick, for one).
//
// A few shapes are written as what they show rather than as what they
// are: a table used for layout is written as its blocks, a list put
// straight inside a list (not inside an item) is nested in the item
// before it, a link inside preformatted text keeps only its text (a code
// block holds no links), and elements without words are left out.
//
// The contract is tested (feed/extract's TestMarkdownContract*) on
// fixtures shaped like news pages, on the CommonMark spec's examples for
// escapes, emphasis, links, images, lists, code, quotes, headings, line
// breaks and entities (read at test time from goldmark's copy of the
// spec in the module cache), and on every article of the corpora.
package markdown
