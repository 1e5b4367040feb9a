package reader

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed/sanitize"
)

// finder is find in the article: the words typed, where they are in the
// article as laid out, and which of them n and N are at.
type finder struct {
	// typing is set while the words are typed; query is kept after Enter
	// for n and N, until Esc.
	typing bool
	query  string
	hits   []findHit
	cur    int
	// from is the line the reader was at when find opened: the first hit
	// at or below it is the first one shown.
	from int
	// lines is the article as laid out, without the marks of a find;
	// plain the same lines lower-cased without styles, made on first use.
	lines []string
	plain []string
}

// findHit is one place the words are: a line and its columns.
type findHit struct{ line, start, end int }

// maxFindQuery bounds the words typed, as the list's filter is bounded.
const maxFindQuery = 200

// Finding reports whether the words to find are being typed: every key
// goes to the reader then.
func (m Model) Finding() bool { return m.find.typing }

// FindPrompt is the find's line in the status bar: the words, a cursor
// while they are typed, and "3 of 7"; missed is set when the words are
// nowhere, ok is false when there is no find.
func (m Model) FindPrompt() (text string, missed, ok bool) {
	f := m.find
	if !f.typing && f.query == "" {
		return "", false, false
	}
	text = "Find: " + f.query
	if f.typing {
		text += "▏"
	}
	switch {
	case strings.TrimSpace(f.query) == "":
	case len(f.hits) == 0:
		text += " · no match"
		missed = true
	default:
		text += fmt.Sprintf(" · %d of %d", f.cur+1, len(f.hits))
	}
	return text, missed, true
}

// FindHints are the keys that work during a find.
func (m Model) FindHints() []key.Binding {
	if m.find.typing {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop it")),
		}
	}
	return []key.Binding{
		key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next hit")),
		key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous hit")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "end the find")),
	}
}

// startFind opens the line the words are typed in.
func (m Model) startFind() (Model, tea.Cmd) {
	if m.state != Ready {
		return m, nil
	}
	m.find.typing, m.find.query = true, ""
	m.find.from = m.vp.YOffset()
	m.refind()
	return m, nil
}

// findKey edits the words as they are typed; every key moves to the first
// hit of what is typed so far, as less does.
func (m Model) findKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	q := m.find.query
	switch {
	case msg.Code == tea.KeyEnter:
		m.find.typing = false
		if strings.TrimSpace(q) == "" {
			m.endFind()
		}
		return m, nil
	case msg.Code == tea.KeyEscape:
		m.endFind()
		return m, nil
	case msg.Code == tea.KeyBackspace:
		if _, size := utf8.DecodeLastRuneInString(q); size > 0 {
			q = q[:len(q)-size]
		}
	case msg.Mod&tea.ModCtrl != 0 && msg.Code == 'u':
		q = ""
	case msg.Code == tea.KeySpace:
		q += " "
	case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		q += sanitize.Line(msg.Text)
	}
	if len(q) > maxFindQuery {
		q = m.find.query
	}
	if q != m.find.query {
		m.find.query = q
		m.refind()
	}
	return m, nil
}

// activeFindKey handles n, N and Esc while a find is kept; done is false
// for every other key, which acts as usual.
func (m Model) activeFindKey(msg tea.KeyPressMsg) (Model, bool) {
	if m.find.query == "" || m.find.typing {
		return m, false
	}
	switch {
	case msg.String() == "n":
		m.stepFind(1)
	case msg.String() == "N":
		m.stepFind(-1)
	case key.Matches(msg, m.keys.Back):
		m.endFind()
	default:
		return m, false
	}
	return m, true
}

// endFind drops the find and its marks.
func (m *Model) endFind() {
	m.find.typing, m.find.query, m.find.hits = false, "", nil
	m.showFind()
}

// stepFind moves to the next (1) or previous (-1) hit, round the end.
func (m *Model) stepFind(d int) {
	if len(m.find.hits) == 0 {
		return
	}
	m.find.cur = (m.find.cur + d + len(m.find.hits)) % len(m.find.hits)
	m.showFind()
	m.scrollToHit()
}

// setFindLines takes the article as laid out (again: a resize, the whole
// article) and finds the words in it anew.
func (m *Model) setFindLines(content string) {
	m.find.lines = strings.Split(content, "\n")
	m.find.plain = nil
	if m.find.query != "" {
		// The same words in the same text give the same hits, only on
		// other lines: stay on the one n had reached (where the view
		// stands cannot tell apart two hits on one screen).
		cur, n := m.find.cur, len(m.find.hits)
		m.find.from = m.vp.YOffset()
		m.refind()
		if n > 0 && len(m.find.hits) == n && cur != m.find.cur {
			m.find.cur = cur
			m.showFind()
			m.scrollToHit()
		}
	}
}

// refind finds the words in every line and shows the first hit at or
// below where the find started.
func (m *Model) refind() {
	f := &m.find
	f.hits, f.cur = nil, 0
	q := strings.ToLower(strings.TrimSpace(f.query))
	if q != "" {
		if f.plain == nil {
			f.plain = make([]string, len(f.lines))
			for i, l := range f.lines {
				f.plain[i] = foldCase(ansi.Strip(l))
			}
		}
		for i, p := range f.plain {
			for at := 0; ; {
				j := strings.Index(p[at:], q)
				if j < 0 {
					break
				}
				start := at + j
				end := start + len(q)
				col := m.measure.StringWidth(p[:start])
				f.hits = append(f.hits, findHit{line: i, start: col, end: col + m.measure.StringWidth(p[start:end])})
				at = end
			}
		}
		for i, h := range f.hits {
			if h.line >= f.from {
				f.cur = i
				break
			}
		}
	}
	m.showFind()
	if len(f.hits) > 0 {
		m.scrollToHit()
	}
}

// foldCase lower-cases s rune by rune, keeping every rune's length in
// bytes (a rune whose lower case is longer or shorter stays as it is), so
// a byte offset in it is one in s.
func foldCase(s string) string {
	return strings.Map(func(r rune) rune {
		l := unicode.ToLower(r)
		if utf8.RuneLen(l) != utf8.RuneLen(r) {
			return r
		}
		return l
	}, s)
}

// showFind puts the article on screen with its hits marked.
func (m *Model) showFind() {
	f := m.find
	if len(f.lines) == 0 {
		return
	}
	if len(f.hits) == 0 {
		m.vp.SetContent(strings.Join(f.lines, "\n"))
		return
	}
	st := m.theme.Reader
	out := make([]string, len(f.lines))
	copy(out, f.lines)
	for i := 0; i < len(f.hits); {
		line := f.hits[i].line
		var ranges []lipgloss.Range
		for ; i < len(f.hits) && f.hits[i].line == line; i++ {
			style := st.FindHit
			if i == f.cur {
				style = st.FindCurrent
			}
			ranges = append(ranges, lipgloss.NewRange(f.hits[i].start, f.hits[i].end, style))
		}
		out[line] = lipgloss.StyleRanges(out[line], ranges...)
	}
	m.vp.SetContent(strings.Join(out, "\n"))
}

// scrollToHit brings the current hit on screen, a third of the way down
// when it was off it.
func (m *Model) scrollToHit() {
	line := m.find.hits[m.find.cur].line
	if top := m.vp.YOffset(); line < top || line >= top+m.vp.Height() {
		m.vp.SetYOffset(line - m.vp.Height()/3)
	}
}
