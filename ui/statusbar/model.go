// Package statusbar is the line at the bottom of the screen: where the
// user is (position or %), refresh progress, a transient message, and the
// hints of the keys that work now.
package statusbar

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/message"
	"github.com/tidings-app/tidings/ui/theme"
)

// NoticeTTL is how long a transient message stays.
const NoticeTTL = 4 * time.Second

// Model is the status line.
type Model struct {
	styles   theme.StatusStyles
	width    int
	position string
	hints    []key.Binding

	detail     string
	prompt     string
	promptKind message.Kind
	notice     string
	kind       message.Kind
	noticeID   int
	// pathAt, when not negative, is where a file's path starts in the
	// notice: a line too narrow cuts its folders, not its name.
	pathAt     int
	done, all  int
	refreshing bool
	// measure counts columns as the screen draws them.
	measure cells.Method
}

// New returns an empty status line.
func New(st theme.StatusStyles) Model { return Model{styles: st} }

// SetStyles replaces the styles.
func (m *Model) SetStyles(st theme.StatusStyles) { m.styles = st }

// SetWidth sets the width of the line.
func (m *Model) SetWidth(w int) { m.width = w }

// SetWidthMethod sets how columns are counted: as the renderer counts
// them, or a message in a wide script pushes the hints off the line.
func (m *Model) SetWidthMethod(measure cells.Method) { m.measure = measure }

// SetPosition sets where the user is ("12/340", "45%").
func (m *Model) SetPosition(s string) { m.position = s }

// SetHints sets the key hints shown at the right.
func (m *Model) SetHints(b []key.Binding) { m.hints = b }

// SetProgress shows a refresh at done of total feeds.
func (m *Model) SetProgress(done, total int) {
	m.refreshing, m.done, m.all = true, done, total
}

// ClearProgress hides the refresh progress.
func (m *Model) ClearProgress() { m.refreshing = false }

// SetDetail shows a lasting error about what is under the cursor (a
// feed's last error); empty hides it.
func (m *Model) SetDetail(s string) { m.detail = sanitize.Line(s) }

// SetPrompt shows what the user is typing and what it will do ("link 12:
// https://…") until it is set to "": it stands in place of messages, and
// is cut with an ellipsis so that the hints (the keys that finish or
// cancel it) stay in view. kind Error says that what was typed leads
// nowhere.
func (m *Model) SetPrompt(s string, kind message.Kind) {
	m.prompt, m.promptKind = sanitize.Line(s), kind
}

// Prompt returns the prompt shown, if any.
func (m Model) Prompt() string { return m.prompt }

// Notice returns the transient message shown, if any.
func (m Model) Notice() (string, message.Kind) { return m.notice, m.kind }

// Notify shows text for NoticeTTL; the returned command clears it then
// (unless a newer message replaced it).
func (m *Model) Notify(text string, kind message.Kind) tea.Cmd {
	m.noticeID++
	m.notice, m.kind = sanitize.Line(text), kind
	m.pathAt = -1
	id := m.noticeID
	return tea.Tick(NoticeTTL, func(time.Time) tea.Msg { return message.NoticeExpired{ID: id} })
}

// NotifyPath is Notify for lead followed by a file's path. When the line
// is too narrow, the path loses its folders from the left ("Saved to
// …/notes/story.md"): the file's name says what was written, the end of a
// cut folder says nothing.
func (m *Model) NotifyPath(lead, path string, kind message.Kind) tea.Cmd {
	lead, path = sanitize.Line(lead), sanitize.Line(path)
	cmd := m.Notify(lead+" "+path, kind)
	if lead == "" {
		m.notice, m.pathAt = path, 0
	} else {
		m.notice, m.pathAt = lead+" "+path, len(lead)+1
	}
	return cmd
}

// fitPath cuts the path in text (from byte at) to room columns, as measure
// counts them: whole
// folders first, behind an ellipsis, then the start of the name.
func fitPath(measure cells.Method, text string, at, room int) string {
	if measure.StringWidth(text) <= room {
		return text
	}
	lead, path := text[:at], text[at:]
	avail := room - measure.StringWidth(lead) - 1 // the ellipsis
	if avail < 1 {
		return measure.Truncate(text, max(0, room), "…")
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '/' && path[i] != '\\' {
			continue
		}
		if measure.StringWidth(path[i:]) <= avail {
			return lead + "…" + path[i:]
		}
	}
	name := path[strings.LastIndexAny(path, `/\`)+1:]
	return lead + "…" + measure.TruncateLeft(name, measure.StringWidth(name)-avail, "")
}

// ClearNotice hides the transient message now: it spoke of what was on
// the screen before (a "Marked unread" must not sit under the next story,
// which opening has just marked read).
func (m *Model) ClearNotice() {
	m.noticeID++
	m.notice = ""
}

// Update clears expired messages.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if e, ok := msg.(message.NoticeExpired); ok && e.ID == m.noticeID {
		m.notice = ""
	}
	return m, nil
}

// View renders the line, exactly width columns.
func (m Model) View() string {
	if m.width <= 0 {
		return ""
	}
	st := m.styles
	left := st.Position.Render(" " + m.position + " ")
	mid := ""
	if m.refreshing {
		mid = st.Info.Render(fmt.Sprintf(" Refreshing %d/%d ", m.done, m.all))
	}
	if m.prompt != "" {
		return m.promptView(left, mid)
	}
	if m.detail != "" && m.notice == "" {
		mid += st.Error.Render(" " + m.detail + " ")
	}
	if m.notice != "" {
		s := st.Info
		switch m.kind {
		case message.Error:
			s = st.Error
		case message.Success:
			s = st.Success
		}
		text := m.notice
		if m.pathAt >= 0 {
			text = fitPath(m.measure, text, m.pathAt, m.width-m.measure.StringWidth(left)-m.measure.StringWidth(mid)-2)
		}
		mid += s.Render(" " + text + " ")
	}
	used := m.measure.StringWidth(left) + m.measure.StringWidth(mid)
	hints := renderHints(m.measure, st, m.hints, m.width-used-1)
	gap := m.width - used - m.measure.StringWidth(hints)
	if gap < 0 {
		// Too narrow: the message matters more than the hints.
		hints = ""
		gap = m.width - used
	}
	line := left + mid + st.Bar.Render(strings.Repeat(" ", max(0, gap))) + hints
	return m.measure.Truncate(line, m.width, "")
}

// minPrompt is how many columns of a prompt are kept, however narrow the
// line, before the hints give way: "link 12: https://ex…" still says
// which link.
const minPrompt = 24

// promptView lays out the prompt between the position (and any progress)
// and the hints. The whole prompt comes first (a URL cut short cannot be
// checked) with as many hints as fit beside it, but at least the first
// hint (the key that finishes it) while the prompt keeps minPrompt
// columns; past that the prompt is cut with an ellipsis.
func (m Model) promptView(left, progress string) string {
	st := m.styles
	kind := st.Info
	if m.promptKind == message.Error {
		kind = st.Error
	}
	used := m.measure.StringWidth(left) + m.measure.StringWidth(progress)
	hints := renderHints(m.measure, st, m.hints, m.width-used-m.measure.StringWidth(m.prompt)-3)
	if hints == "" && len(m.hints) > 0 {
		hints = renderHints(m.measure, st, m.hints[:1], m.width-used-minPrompt-3)
	}
	room := m.width - used - m.measure.StringWidth(hints) - 2
	if room < 1 {
		return m.measure.Truncate(left+progress, m.width, "")
	}
	p := kind.Render(" " + m.measure.Truncate(m.prompt, room, "…") + " ")
	gap := m.width - used - m.measure.StringWidth(p) - m.measure.StringWidth(hints)
	line := left + progress + p + st.Bar.Render(strings.Repeat(" ", max(0, gap))) + hints
	return m.measure.Truncate(line, m.width, "")
}

// renderHints fits as many of hints as the room allows, in order.
func renderHints(measure cells.Method, st theme.StatusStyles, hints []key.Binding, room int) string {
	var out string
	w := 0
	for _, b := range hints {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		piece := st.Key.Render(h.Key) + st.Hint.Render(" "+h.Desc+" ")
		pw := measure.StringWidth(piece) + 1
		if w+pw > room {
			break
		}
		out += st.Bar.Render(" ") + piece
		w += pw
	}
	return out
}
