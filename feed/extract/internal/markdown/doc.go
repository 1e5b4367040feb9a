// Package markdown writes the cleaned body of a story as Markdown
// (ToMarkdown) and as plain text (ToText).
package markdown
