// Package readable finds the story's body in a prepared page and cleans
// it: candidates are scored by their text, links and class words
// (Readability's method, extended), the page's own structure is surveyed
// for a second opinion, and the chosen container is stripped of the
// teasers, promotions, bylines, captions and comment sections a news site
// puts around and inside a story (ExtractBody).
package readable
