// Package reader is the reading screen: one story's cleaned article,
// rendered off the update loop and scrolled in a viewport, with a spinner
// while it is fetched and the reason when it could not be.
package reader

import (
	"context"
	"math"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/article"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

// State is what the reader is showing.
type State int

// The reader's states.
const (
	Empty     State = iota // no story open
	Loading                // waiting for the article
	Rendering              // article here, rendering for this width
	Ready                  // article shown
	Failed                 // no article: the error is shown
)

// Model is the reader.
type Model struct {
	keys  keys.Map
	theme theme.Theme

	vp   viewport.Model
	spin spinner.Model

	state   State
	story   feed.Story
	article *feed.Article
	notice  string
	err     error

	// linkDigits is the link number being typed ("" when none); links
	// are the article's link targets, numbered for linksOf.
	linkDigits string
	links      []string
	linksOf    *feed.Article

	// renderID numbers render requests; an ArticleRendered for an older
	// one (the window was resized again, another story opened) is dropped.
	renderID     uint64
	cancelRender context.CancelFunc
	// cut is set when the article shown was cut for length; whole when
	// the reader asked to see all of it.
	cut, whole    bool
	width, height int
	now           func() time.Time
	// measure counts columns as the screen draws them; the article is laid
	// out to it.
	measure cells.Method
	// find is find in the article (ctrl+f or /).
	find finder
}

// New returns a reader with nothing open. now gives the moment ages are
// counted from.
func New(k keys.Map, th theme.Theme, now func() time.Time) Model {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	vp.MouseWheelDelta = 3
	// The root owns the keys; the viewport must not act on them twice.
	vp.KeyMap = viewport.KeyMap{}
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(th.Reader.Spinner))
	if now == nil {
		now = time.Now
	}
	return Model{keys: k, theme: th, vp: vp, spin: sp, now: now}
}

// State returns what the reader shows.
func (m Model) State() State { return m.state }

// Story returns the story open.
func (m Model) Story() feed.Story { return m.story }

// Article returns the article shown, nil while loading or on failure.
func (m Model) Article() *feed.Article { return m.article }

// Notice returns the line saying why the feed's content is shown, if so.
func (m Model) Notice() string { return m.notice }

// Err returns why the article could not be shown.
func (m Model) Err() error { return m.err }

// ScrollPercent returns how far down the article the view is, 0 to 1.
func (m Model) ScrollPercent() float64 {
	if m.state != Ready {
		return 0
	}
	return m.vp.ScrollPercent()
}

// AtEnd reports whether the whole article has been seen: its last line
// is on screen, or there is no article to page through (it failed).
func (m Model) AtEnd() bool {
	switch m.state {
	case Ready:
		return m.vp.AtBottom() // a short article is there at once
	case Failed:
		return true
	}
	return false
}

// Open starts showing story, waiting for its article.
func (m *Model) Open(s feed.Story) tea.Cmd {
	m.story, m.article, m.notice, m.err = s, nil, "", nil
	m.linkDigits = ""
	m.find = finder{}
	m.state = Loading
	m.cut, m.whole = false, false
	m.stopRender()
	m.renderID++
	m.vp.SetContent("")
	m.vp.GotoTop()
	return m.spin.Tick
}

// SetArticle shows the article of the story open; notice, when not empty,
// says why it is the feed's own content.
func (m *Model) SetArticle(a *feed.Article, notice string) tea.Cmd {
	m.article, m.notice, m.err = a, notice, nil
	m.state = Rendering
	if m.PickingLink() {
		m.ensureLinks() // typed while the article was on its way
	}
	return m.render()
}

// SetError shows why the story's article could not be had.
func (m *Model) SetError(err error) {
	m.stopRender()
	m.article, m.err = nil, err
	m.linkDigits = ""
	m.state = Failed
}

// SetSize sets the reader's size and renders again for a new width.
func (m *Model) SetSize(width, height int) tea.Cmd {
	widthChanged := width != m.width
	m.width, m.height = width, height
	m.vp.SetWidth(width)
	m.vp.SetHeight(height)
	if widthChanged && m.article != nil {
		return m.render()
	}
	return nil
}

// SetWidthMethod sets how columns are counted, as the renderer counts
// them, and lays the article out again when that changes.
func (m *Model) SetWidthMethod(measure cells.Method) tea.Cmd {
	if measure == m.measure {
		return nil
	}
	m.measure = measure
	if m.article != nil {
		return m.render()
	}
	return nil
}

// SetTheme changes the styles and renders again.
func (m *Model) SetTheme(th theme.Theme) tea.Cmd {
	m.theme = th
	m.spin.Style = th.Reader.Spinner
	if m.article != nil {
		return m.render()
	}
	return nil
}

// textWidth is the width the text is set at: the window less a margin of
// two columns on each side, at most article.MaxWidth.
func textWidth(width int) int {
	return article.TextWidth(width - 4)
}

// Close stops the work for the story shown: the reader is left.
func (m *Model) Close() {
	m.stopRender()
}

// Cut reports whether the article shown was cut for length.
func (m Model) Cut() bool { return m.cut && !m.whole }

// Update handles scrolling, leaving, stepping to the next story, rendered
// articles and the spinner.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case message.ArticleRendered:
		return m.handleRendered(msg), nil
	case spinner.TickMsg:
		if m.state != Loading && m.state != Rendering {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m Model) handleRendered(msg message.ArticleRendered) Model {
	if msg.ID != m.renderID || m.article == nil {
		return m // a render for an older width or story
	}
	if msg.Err != nil {
		m.SetError(msg.Err)
		return m
	}
	off, total, atEnd := m.vp.YOffset(), m.vp.TotalLineCount(), m.vp.AtBottom() && m.vp.YOffset() > 0
	first := m.state != Ready
	m.cancelRender = nil
	m.cut = msg.Cut
	content := indent(msg.Content, margin(m.width))
	m.vp.SetContent(content)
	switch {
	case first:
		m.vp.GotoTop()
	case atEnd:
		m.vp.GotoBottom()
	case total > 0:
		// Narrower text wraps into more lines: keep the place in the
		// text, not the line number, or a resize throws the reader back
		// (or forward) by pages.
		m.vp.SetYOffset(int(math.Round(float64(off) * float64(m.vp.TotalLineCount()) / float64(total))))
	}
	m.state = Ready
	m.setFindLines(content)
	return m
}

func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if m.find.typing {
		return m.findKey(msg)
	}
	if mm, done := m.activeFindKey(msg); done {
		return mm, nil
	}
	switch {
	case key.Matches(msg, k.Find, k.Filter):
		return m.startFind()
	case key.Matches(msg, k.Back):
		return m, func() tea.Msg { return message.ReaderClosed{} }
	case key.Matches(msg, k.Next):
		return m, func() tea.Msg { return message.StepRequested{Delta: 1} }
	case key.Matches(msg, k.Prev):
		return m, func() tea.Msg { return message.StepRequested{Delta: -1} }
	case key.Matches(msg, k.NextUnread):
		return m, func() tea.Msg { return message.StepRequested{Delta: 1, UnreadOnly: true} }
	case key.Matches(msg, k.Open) && m.Cut():
		// The article was cut for length: lay out all of it, here.
		m.whole = true
		m.linksOf = nil
		return m, m.render()
	case key.Matches(msg, k.Up):
		m.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		m.vp.ScrollDown(1)
	case key.Matches(msg, k.Top):
		m.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.vp.GotoBottom()
	case key.Matches(msg, k.HalfPageDown):
		m.vp.HalfPageDown()
	case key.Matches(msg, k.HalfPageUp):
		m.vp.HalfPageUp()
	case key.Matches(msg, k.ReadOn) && m.AtEnd():
		return m, func() tea.Msg { return message.StepRequested{Delta: 1, UnreadOnly: true, Wrap: true} }
	case key.Matches(msg, k.PageDown, k.ReadOn):
		m.vp.PageDown()
	case key.Matches(msg, k.PageUp):
		m.vp.PageUp()
	}
	return m, nil
}
