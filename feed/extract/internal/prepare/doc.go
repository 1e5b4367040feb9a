// Package prepare turns the bytes of a page into a tree the engines can
// read: it decodes the page's charset to UTF-8 (DecodeToUTF8), cuts the
// text of scripts and style sheets before the parser sees it
// (StripScripts), parses it (ParseHTML), and readies the tree for the body
// engine (Prepare): hidden and junk elements out, lazy images given their
// real address, links made absolute.
package prepare
