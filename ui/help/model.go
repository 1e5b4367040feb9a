// Package help is the help screen: the key bindings of the screen the user
// came from, grouped, generated from the bindings themselves so that it
// always shows the keys that work, remapped or not.
package help

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/theme"
)

// Group is a titled set of bindings.
type Group struct {
	Title    string
	Bindings []key.Binding
}

// Model is the help screen.
type Model struct {
	keys          keys.Map
	styles        theme.HelpStyles
	title         string
	groups        []Group
	offset        int
	width, height int
	// measure counts columns as the screen draws them.
	measure cells.Method
}

// New returns an empty help screen.
func New(k keys.Map, st theme.HelpStyles) Model { return Model{keys: k, styles: st} }

// SetStyles replaces the styles.
func (m *Model) SetStyles(st theme.HelpStyles) { m.styles = st }

// SetWidthMethod sets how columns are counted, as the renderer counts them.
func (m *Model) SetWidthMethod(measure cells.Method) { m.measure = measure }

// SetSize sets the screen's size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h; m.clamp() }

// SetGroups sets what the screen lists, under title.
func (m *Model) SetGroups(title string, g []Group) {
	m.title, m.groups, m.offset = title, g, 0
}

// Update scrolls the list when it is taller than the screen.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Down):
			m.offset++
		case key.Matches(msg, m.keys.Up):
			m.offset--
		case key.Matches(msg, m.keys.PageDown, m.keys.ReadOn, m.keys.HalfPageDown):
			m.offset += max(1, m.height/2)
		case key.Matches(msg, m.keys.PageUp, m.keys.HalfPageUp):
			m.offset -= max(1, m.height/2)
		case key.Matches(msg, m.keys.Top):
			m.offset = 0
		case key.Matches(msg, m.keys.Bottom):
			m.offset = len(m.lines())
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.offset -= 3
		case tea.MouseWheelDown:
			m.offset += 3
		}
	}
	m.clamp()
	return m, nil
}

// Scroll reports how far down the list is shown (0 to 1) and whether it
// is taller than the screen at all, so the status line can say there is
// more below.
func (m Model) Scroll() (percent float64, scrolls bool) {
	over := len(m.lines()) - m.height
	if m.height <= 0 || over <= 0 {
		return 0, false
	}
	return float64(min(m.offset, over)) / float64(over), true
}

func (m *Model) clamp() {
	m.offset = max(0, min(m.offset, len(m.lines())-m.height))
}

// lines lays the groups out in as many columns as fit.
func (m Model) lines() []string {
	st := m.styles
	keyW := 0
	for _, g := range m.groups {
		for _, b := range g.Bindings {
			if b.Enabled() {
				keyW = max(keyW, m.measure.StringWidth(b.Help().Key))
			}
		}
	}
	var blocks [][]string
	colW := 0
	for _, g := range m.groups {
		block := []string{st.Section.Render(g.Title)}
		for _, b := range g.Bindings {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			k := h.Key + strings.Repeat(" ", keyW-m.measure.StringWidth(h.Key))
			block = append(block, st.Key.Render(k)+"  "+st.Desc.Render(h.Desc))
		}
		if len(block) == 1 {
			continue
		}
		for _, l := range block {
			colW = max(colW, m.measure.StringWidth(l))
		}
		blocks = append(blocks, block)
	}
	colW += 4
	cols := max(1, min(len(blocks), (m.width-2)/max(1, colW)))

	out := []string{st.Title.Render(m.title), ""}
	for i := 0; i < len(blocks); i += cols {
		row := blocks[i:min(len(blocks), i+cols)]
		height := 0
		for _, b := range row {
			height = max(height, len(b))
		}
		for y := range height {
			var line strings.Builder
			for x, b := range row {
				cell := ""
				if y < len(b) {
					cell = b[y]
				}
				if x < len(row)-1 {
					cell += strings.Repeat(" ", max(0, colW-m.measure.StringWidth(cell)))
				}
				line.WriteString(cell)
			}
			out = append(out, line.String())
		}
		out = append(out, "")
	}
	closeKeys := keys.Name(m.keys.Help)
	if b := keys.Name(m.keys.Back); b != "" && b != closeKeys {
		closeKeys += " or " + b
	}
	out = append(out, st.Disabled.Render(closeKeys+" closes this. Remap keys in the [keys] table of the config."))
	return out
}

// View renders the visible part, height lines with a margin of one column.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	all := m.lines()
	var lines []string
	for i := m.offset; i < len(all) && len(lines) < m.height; i++ {
		lines = append(lines, m.measure.Truncate(" "+all[i], m.width, "…"))
	}
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
