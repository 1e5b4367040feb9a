// Package theme is the one place that builds Lip Gloss styles and picks the
// Glamour style. Every screen of tidings, and `tidings read` on a terminal,
// takes its styles from a Theme built for a known background (dark or light)
// and colour choice, so that a change of palette is made here once.
package theme

import (
	"image/color"
	"reflect"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
)

// Palette is the small set of semantic colours the styles are made from.
// With NoColor every entry is lipgloss.NoColor and styles rely on bold,
// faint and reverse video alone.
type Palette struct {
	Text      color.Color // body text
	Strong    color.Color // titles, unread rows
	Muted     color.Color // metadata, read rows, hints
	Accent    color.Color // headings, the selection bar, key names
	Tag       color.Color // tags and feed names
	Star      color.Color // the star of starred stories
	Error     color.Color // errors in the status line and the feeds pane
	Success   color.Color // confirmations ("Copied")
	Border    color.Color // rules and separators
	Selection color.Color // background of the selected row
	BarBg     color.Color // background of the status line
	BarFg     color.Color // text of the status line
}

// NewPalette returns the palette for a dark or light background; ANSI 256
// colours keep it close to the same on every terminal that has them.
func NewPalette(dark, noColor bool) Palette {
	if noColor {
		n := lipgloss.NoColor{}
		return Palette{n, n, n, n, n, n, n, n, n, n, n, n}
	}
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return Palette{
		Text:      ld(c("236"), c("252")),
		Strong:    ld(c("232"), c("255")),
		Muted:     ld(c("243"), c("245")),
		Accent:    ld(c("25"), c("75")),
		Tag:       ld(c("30"), c("73")),
		Star:      ld(c("166"), c("214")),
		Error:     ld(c("160"), c("203")),
		Success:   ld(c("28"), c("114")),
		Border:    ld(c("250"), c("238")),
		Selection: ld(c("254"), c("236")),
		BarBg:     ld(c("253"), c("235")),
		BarFg:     ld(c("238"), c("250")),
	}
}

// Theme holds every style of the program, grouped by the component that
// uses it.
type Theme struct {
	// Dark and NoColor are the choices the theme was built for; Plain is
	// set on the theme of theme = "notty" (see Plain).
	Dark, NoColor, Plain bool
	Palette              Palette

	Article ArticleStyles
	List    ListStyles
	Feeds   FeedStyles
	Reader  ReaderStyles
	Status  StatusStyles
	Help    HelpStyles
}

// ArticleStyles style the header and references of a rendered article.
type ArticleStyles struct {
	Title, Meta, Tag, Rule, Notice lipgloss.Style
	RefHeading, RefNumber, RefURL  lipgloss.Style
}

// ListStyles style the rows of the story list.
type ListStyles struct {
	Unread, Read, Selected, Cursor      lipgloss.Style
	Feed, Age, Star, Empty, Header, Dim lipgloss.Style
	FilterPrompt, FilterText, Match     lipgloss.Style
}

// FeedStyles style the feeds pane.
type FeedStyles struct {
	Name, NameUnread, Selected, Cursor, Count lipgloss.Style
	Group, Error, Border                      lipgloss.Style
}

// ReaderStyles style the reader's chrome around the article.
type ReaderStyles struct {
	Spinner, Loading, Error lipgloss.Style
	// FindHit marks the words found in the article, FindCurrent the one
	// n and N are at.
	FindHit, FindCurrent lipgloss.Style
}

// StatusStyles style the status line.
type StatusStyles struct {
	Bar, Position, Hint, Key, Info, Error, Success lipgloss.Style
}

// HelpStyles style the help screen.
type HelpStyles struct {
	Title, Section, Key, Desc, Disabled lipgloss.Style
}

// New builds the theme for a dark or light background. noColor (NO_COLOR,
// or theme = "none" in the config) keeps emphasis but drops every colour.
func New(dark, noColor bool) Theme {
	p := NewPalette(dark, noColor)
	s := lipgloss.NewStyle
	t := Theme{Dark: dark, NoColor: noColor, Palette: p}

	t.Article = ArticleStyles{
		Title:      s().Bold(true).Foreground(p.Strong),
		Meta:       s().Foreground(p.Muted),
		Tag:        s().Foreground(p.Tag),
		Rule:       s().Foreground(p.Border),
		Notice:     s().Foreground(p.Muted).Italic(true),
		RefHeading: s().Bold(true).Foreground(p.Accent),
		RefNumber:  s().Foreground(p.Muted),
		RefURL:     s().Foreground(p.Tag),
	}

	selected := s().Background(p.Selection)
	if noColor {
		selected = s().Reverse(true)
	}
	t.List = ListStyles{
		Unread:       s().Bold(true).Foreground(p.Strong),
		Read:         s().Foreground(p.Muted),
		Selected:     selected,
		Cursor:       s().Foreground(p.Accent).Bold(true),
		Feed:         s().Foreground(p.Tag),
		Age:          s().Foreground(p.Muted),
		Star:         s().Foreground(p.Star),
		Empty:        s().Foreground(p.Muted).Italic(true),
		Header:       s().Bold(true).Foreground(p.Accent),
		Dim:          s().Foreground(p.Muted),
		FilterPrompt: s().Foreground(p.Accent).Bold(true),
		FilterText:   s().Foreground(p.Strong),
		Match:        s().Underline(true),
	}
	t.Feeds = FeedStyles{
		Name:       s().Foreground(p.Text),
		NameUnread: s().Bold(true).Foreground(p.Strong),
		Selected:   selected,
		Cursor:     s().Foreground(p.Accent).Bold(true),
		Count:      s().Foreground(p.Muted),
		Group:      s().Bold(true).Foreground(p.Accent),
		Error:      s().Foreground(p.Error),
		Border:     s().Foreground(p.Border),
	}
	t.Reader = ReaderStyles{
		Spinner: s().Foreground(p.Accent),
		Loading: s().Foreground(p.Muted),
		Error:   s().Foreground(p.Error),

		FindHit:     s().Underline(true).Bold(true),
		FindCurrent: s().Reverse(true).Bold(true),
	}
	bar := s().Background(p.BarBg).Foreground(p.BarFg)
	if noColor {
		bar = s().Reverse(true)
	}
	t.Status = StatusStyles{
		Bar:      bar,
		Position: bar.Bold(true),
		Hint:     bar.Faint(!noColor),
		Key:      bar.Foreground(p.Accent).Bold(true),
		Info:     bar,
		Error:    bar.Foreground(p.Error).Bold(true),
		Success:  bar.Foreground(p.Success),
	}
	t.Help = HelpStyles{
		Title:    s().Bold(true).Foreground(p.Strong),
		Section:  s().Bold(true).Foreground(p.Accent),
		Key:      s().Bold(true).Foreground(p.Accent),
		Desc:     s().Foreground(p.Text),
		Disabled: s().Foreground(p.Muted).Faint(true),
	}
	return t
}

// Plain is the theme of theme = "notty": no colour and no emphasis either
// (no bold, faint, italic, underline or reverse video), for terminals and
// screen readers that show attributes badly or not at all. Nothing is lost:
// the selected row keeps its ▌ mark and unread stories their ●.
func Plain() Theme {
	t := New(true, true)
	t.Plain = true
	for _, group := range []any{&t.Article, &t.List, &t.Feeds, &t.Reader, &t.Status, &t.Help} {
		v := reflect.ValueOf(group).Elem()
		for i := range v.NumField() {
			if f := v.Field(i); f.Type() == reflect.TypeFor[lipgloss.Style]() {
				f.Set(reflect.ValueOf(lipgloss.NewStyle()))
			}
		}
	}
	return t
}

// GlamourName is the name of the standard Glamour style the theme's
// Markdown style derives from: "dark" or "light" (without colour, "dark"
// with its colours taken out). It is never "auto": inside a running
// program Glamour's own terminal query would leak into the screen.
func (t Theme) GlamourName() string {
	switch {
	case t.NoColor, t.Dark:
		return styles.DarkStyle
	}
	return styles.LightStyle
}

// Glamour returns the Markdown style for article bodies: the standard style
// named by GlamourName without its document margin, because the reader lays
// out and centres the body itself.
//
// Without colour it is the dark style with every colour taken out, not
// Glamour's "notty": that one spells emphasis as Markdown, and the
// converter's nested bold (a link inside a bold lead) came out as
// "**text ****link**** more**". Bold, italic and underline are not colour
// and stay, as NO_COLOR intends.
func (t Theme) Glamour() ansi.StyleConfig {
	var cfg ansi.StyleConfig
	switch {
	case t.NoColor:
		cfg = styles.DarkStyleConfig
		withoutColour(reflect.ValueOf(&cfg).Elem(), t.Plain)
	case t.Dark:
		cfg = styles.DarkStyleConfig
	default:
		cfg = styles.LightStyleConfig
	}
	// The configs are package variables of glamour holding pointers: only
	// ever assign fresh pointers to the copy, never write through them.
	zero := uint(0)
	cfg.Document.Margin = &zero
	cfg.Document.BlockPrefix = ""
	cfg.Document.BlockSuffix = ""
	// Inline code sits in the sentence as it is: the padding Glamour puts
	// around it read as double spaces and was copied with the text.
	cfg.Code.Prefix, cfg.Code.Suffix = "", ""
	return cfg
}

// withoutColour clears, in a style config held by value, every foreground
// and background colour and the syntax-highlighting theme of code blocks
// (code is then printed plain); with plain, every text attribute too. It
// only assigns to fields of the copy: the pointers it drops still belong
// to glamour's package variables.
func withoutColour(v reflect.Value, plain bool) {
	t := v.Type()
	for i := range v.NumField() {
		f := v.Field(i)
		switch name := t.Field(i).Name; {
		case name == "Color" || name == "BackgroundColor" || name == "Chroma":
			f.SetZero()
		case plain && attributes[name] && f.Type() == reflect.TypeFor[*bool]():
			f.SetZero()
		case name == "Theme" && f.Kind() == reflect.String:
			f.SetString("")
		case f.Kind() == reflect.Struct:
			withoutColour(f, plain)
		}
	}
}

// attributes are the text attributes of Glamour's StylePrimitive that the
// plain theme drops; Upper, Lower and Title change letters, not looks, and
// stay.
var attributes = map[string]bool{
	"Bold": true, "Faint": true, "Italic": true, "Underline": true, "CrossedOut": true,
	"Inverse": true, "Blink": true, "Conceal": true,
}
