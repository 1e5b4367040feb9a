package reader

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/ui/article"
	"github.com/tidings-app/tidings/ui/message"
)

// render asks for the article rendered at the current width, off the
// update loop: Glamour takes milliseconds on long pages.
func (m *Model) render() tea.Cmd {
	if m.article == nil || m.width <= 0 {
		return nil
	}
	m.renderID++
	id := m.renderID
	a, th, notice := m.article, m.theme, m.notice
	opts := article.Options{Width: textWidth(m.width), Dark: th.Dark, NoColor: th.NoColor, Now: m.now(), Theme: &th, Notice: notice}
	return func() tea.Msg {
		s, err := article.Render(a, opts)
		return message.ArticleRendered{ID: id, Content: s, Err: err}
	}
}
