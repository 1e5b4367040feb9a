package reader

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/tidings-app/tidings/feed/sanitize"
)

// View renders the article, or what stands in for it, in height lines.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	switch m.state {
	case Ready:
		return m.fit(m.vp.View())
	case Loading, Rendering:
		return m.placeholder(m.spin.View()+" "+m.theme.Reader.Loading.Render(loadingText(m.state)), "")
	case Failed:
		msg := "The article could not be shown."
		if m.err != nil {
			msg = "Could not show the article: " + sanitize.Line(m.err.Error())
		}
		return m.placeholder(m.theme.Reader.Error.Render(m.wrap(msg, textWidth(m.width))),
			m.theme.Reader.Loading.Render(m.measure.Truncate(m.failedHint(), textWidth(m.width), "…")))
	}
	return strings.Repeat("\n", m.height-1)
}

// failedHint names the ways on from a story that cannot be shown, with
// the keys as bound (they may be remapped).
func (m Model) failedHint() string {
	var parts []string
	for _, b := range []struct {
		key  key.Binding
		desc string
	}{
		{m.keys.OpenBrowser, "opens the page in the browser"},
		{m.keys.Next, "next story"},
		{m.keys.Back, "back"},
	} {
		if k := b.key.Help().Key; k != "" && b.key.Enabled() {
			parts = append(parts, k+" "+b.desc)
		}
	}
	return strings.Join(parts, " · ")
}

func loadingText(s State) string {
	if s == Rendering {
		return "Laying out the article…"
	}
	return "Fetching the article…"
}

// placeholder shows the story's title and feed with a status under them,
// so the reader is never blank while it waits.
func (m Model) placeholder(status, hint string) string {
	w := textWidth(m.width)
	st := m.theme.Article
	var b strings.Builder
	b.WriteString("\n")
	if t := sanitize.Line(m.story.Title); t != "" {
		b.WriteString(st.Title.Render(m.wrap(t, w)))
		b.WriteString("\n")
	}
	if f := sanitize.Line(m.story.FeedTitle); f != "" {
		b.WriteString(st.Meta.Render(m.measure.Truncate(f, w, "…")))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	b.WriteString(status)
	b.WriteString("\n")
	if hint != "" {
		b.WriteString("\n")
		b.WriteString(hint)
		b.WriteString("\n")
	}
	out := indent(b.String(), margin(m.width))
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	for i := range lines {
		lines[i] = m.measure.Truncate(lines[i], m.width, "")
	}
	return strings.Join(lines[:m.height], "\n")
}

// fit cuts the viewport's lines to the width as the screen counts it: the
// viewport pads them by grapheme clusters, which on a screen that sums
// code points runs a Bengali line's padding past the edge.
func (m Model) fit(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if m.measure.StringWidth(l) > m.width {
			lines[i] = m.measure.Truncate(l, m.width, "")
		}
	}
	return strings.Join(lines, "\n")
}

// margin centres the text: what is left of the width beside it, halved.
func margin(width int) int {
	return max(0, (width-textWidth(width))/2)
}

// indent shifts every non-empty line right by n columns.
func indent(s string, n int) string {
	if n <= 0 {
		return s
	}
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

func (m Model) wrap(s string, w int) string {
	return m.measure.Wrap(s, w, "")
}
