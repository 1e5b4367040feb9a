// Package dom holds the helpers over golang.org/x/net/html trees that
// every room of the extractor uses: attributes, element tests, walks, and
// the text under a node, collapsed (Text) or with its blocks marked
// (BlockText). They are iterative where a page can nest deeply, so that
// 10,000 nested elements cost time, not the stack.
package dom
