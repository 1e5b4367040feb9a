package reader

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/ui/article"
	"github.com/tidings-app/tidings/ui/message"
)

// render asks for the article rendered at the current width, off the
// update loop: Glamour takes milliseconds on long pages. The layout asked
// for before, if still running, is cancelled: only the last size (or
// story) is laid out.
func (m *Model) render() tea.Cmd {
	m.stopRender()
	if m.article == nil || m.width <= 0 {
		return nil
	}
	m.renderID++
	id := m.renderID
	ctx, cancel := context.WithCancel(context.Background())
	m.cancelRender = cancel
	a, th, notice := m.article, m.theme, m.notice
	opts := article.Options{
		Width: textWidth(m.width), Dark: th.Dark, NoColor: th.NoColor, Now: m.now(), Theme: &th, Notice: notice,
		Whole: m.whole, WholeHint: m.wholeHint(), Enclosures: m.story.Enclosures, Method: m.measure,
		FirstSeen: m.story.FirstSeen,
	}
	return func() tea.Msg {
		p, err := article.Layout(ctx, a, opts)
		if ctx.Err() != nil {
			return nil // the reader moved on; nobody waits for this
		}
		cancel()
		return message.ArticleRendered{ID: id, Content: p.Text, Cut: p.Cut, Err: err}
	}
}

// stopRender cancels the layout under way, if any.
func (m *Model) stopRender() {
	if m.cancelRender != nil {
		m.cancelRender()
		m.cancelRender = nil
	}
}

// wholeHint says which key shows the whole of a cut article.
func (m *Model) wholeHint() string {
	if k := m.keys.Open.Keys(); len(k) > 0 {
		return "Press " + k[0] + " to show the whole article."
	}
	return ""
}
