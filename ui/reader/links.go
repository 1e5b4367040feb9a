package reader

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/article"
	"github.com/tidings-app/tidings/ui/keys"
	"github.com/tidings-app/tidings/ui/message"
)

// LinkChosen asks the program to open link N of the article in the
// browser, or to copy its URL when Copy is set. URL is as the reader
// lists it, sanitised; the program still checks it may be opened.
type LinkChosen struct {
	N    int
	URL  string
	Copy bool
}

// maxLinkDigits bounds the number typed: no article has a million links,
// and a held-down key must not grow it for ever.
const maxLinkDigits = 6

// linkKeys are the keys that finish or undo a link number: enter and the
// OpenBrowser key open the link, CopyURL copies it, Back cancels, and
// backspace takes back a digit. Built from the map, so a remapped key is
// the one that works and the one that is shown.
type linkKeys struct {
	open, copy, cancel, backspace key.Binding
}

func newLinkKeys(k keys.Map) linkKeys {
	open := append([]string{"enter"}, k.OpenBrowser.Keys()...)
	shown := "enter"
	if n := k.OpenBrowser.Help().Key; n != "" {
		shown += "/" + n
	}
	return linkKeys{
		open:      key.NewBinding(key.WithKeys(open...), key.WithHelp(shown, "open")),
		copy:      key.NewBinding(key.WithKeys(k.CopyURL.Keys()...), key.WithHelp(k.CopyURL.Help().Key, "copy")),
		cancel:    key.NewBinding(key.WithKeys(k.Back.Keys()...), key.WithHelp(k.Back.Help().Key, "cancel")),
		backspace: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "remove a digit")),
	}
}

// PickingLink reports whether a link number is being typed: the status
// line then shows LinkPrompt and LinkHints.
func (m Model) PickingLink() bool { return m.linkDigits != "" }

// LinkHints are the keys that finish the number typed, for the status line.
func (m Model) LinkHints() []key.Binding {
	lk := newLinkKeys(m.keys)
	return []key.Binding{lk.open, lk.copy, lk.cancel}
}

// LinkHelp is the help screen's rows for following links by number.
func (m Model) LinkHelp() []key.Binding {
	lk := newLinkKeys(m.keys)
	digits := key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9…", "type a link's number [n], then"))
	lk.open.SetHelp(lk.open.Help().Key, "open link n in the browser")
	lk.copy.SetHelp(lk.copy.Help().Key, "copy link n's URL")
	lk.cancel.SetHelp(lk.cancel.Help().Key, "cancel the number")
	return []key.Binding{digits, lk.open, lk.copy, lk.backspace, lk.cancel}
}

// LinkPrompt says which link the number typed names, and ok is false when
// it names none ("no link 12; links 1–9").
func (m Model) LinkPrompt() (text string, ok bool) {
	if m.linkDigits == "" {
		return "", false
	}
	if m.article == nil {
		return "link " + m.linkDigits + ": waiting for the article…", true
	}
	n, u, found := m.link()
	switch {
	case found:
		return fmt.Sprintf("link %d: %s", n, u), true
	case len(m.links) == 0:
		return fmt.Sprintf("no link %s; this article has no links", m.linkDigits), false
	case len(m.links) == 1:
		return fmt.Sprintf("no link %s; the only link is 1", m.linkDigits), false
	}
	return fmt.Sprintf("no link %s; links 1–%d", m.linkDigits, len(m.links)), false
}

// link returns the link the digits name.
func (m Model) link() (n int, url string, ok bool) {
	n, err := strconv.Atoi(m.linkDigits)
	if err != nil || n < 1 || n > len(m.links) {
		return n, "", false
	}
	return n, sanitize.Line(m.links[n-1]), true
}

// names reports whether the digits typed name one of the article's links.
func (m Model) names() bool {
	_, _, ok := m.link()
	return ok
}

// ensureLinks numbers the article's links once per article, when a number
// is first typed: most stories are read without following one.
func (m *Model) ensureLinks() {
	if m.article != nil && m.linksOf != m.article {
		m.links, m.linksOf = article.Links(m.article, m.whole, m.story.Enclosures...), m.article
	}
}

// HandleLinkKey takes the keys of a link number before anything else sees
// them: a digit starts or extends the number (unless the user bound it
// to an action); while one is typed, backspace takes a digit back, Back
// cancels, enter or OpenBrowser opens the link and CopyURL copies it. Any
// other key cancels the number, and used is false so that the key then
// does what it always does.
func (m Model) HandleLinkKey(msg tea.KeyPressMsg) (_ Model, cmd tea.Cmd, used bool) {
	d, isDigit := digit(msg)
	if m.linkDigits == "" {
		if !isDigit || d == '0' || !m.canPick() || key.Matches(msg, m.keys.All()...) {
			return m, nil, false
		}
		m.linkDigits = string(d)
		m.ensureLinks()
		return m, nil, true
	}
	lk := newLinkKeys(m.keys)
	switch {
	case isDigit:
		switch {
		case m.article != nil && !m.names():
			// More digits only make a number that names no link larger
			// ("no link 9", then 4, "no link 94"): the digit starts a
			// new number instead.
			m.linkDigits = ""
			if d != '0' {
				m.linkDigits = string(d)
			}
		case len(m.linkDigits) < maxLinkDigits:
			m.linkDigits += string(d)
		}
	case key.Matches(msg, lk.backspace):
		m.linkDigits = m.linkDigits[:len(m.linkDigits)-1]
	case key.Matches(msg, lk.cancel):
		m.linkDigits = ""
	case key.Matches(msg, lk.open, lk.copy):
		n, u, ok := m.link()
		if !ok {
			if m.article == nil {
				return m, nil, true // the links are not known yet
			}
			// Nothing to open: drop the number, so that the next digit
			// starts afresh, and say why nothing happened.
			text, _ := m.LinkPrompt()
			m.linkDigits = ""
			failed := message.Notified{Text: strings.ToUpper(text[:1]) + text[1:], Kind: message.Error}
			return m, func() tea.Msg { return failed }, true
		}
		m.linkDigits = ""
		chosen := LinkChosen{N: n, URL: u, Copy: key.Matches(msg, lk.copy)}
		return m, func() tea.Msg { return chosen }, true
	default:
		m.linkDigits = ""
		return m, nil, false
	}
	return m, nil, true
}

// canPick reports whether there is, or soon will be, an article whose
// links can be numbered.
func (m Model) canPick() bool {
	return m.state == Loading || m.state == Rendering || m.state == Ready
}

// digit returns the digit a key types, if it is a bare digit key.
func digit(msg tea.KeyPressMsg) (rune, bool) {
	s := msg.String()
	if len(s) != 1 || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	return rune(s[0]), true
}
