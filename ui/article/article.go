// Package article renders a cleaned article for the terminal: a header with
// the few facts a reader wants (title; site, author or agency, local date and
// age, reading time; tags), then the body rendered by Glamour with an
// explicit style, then the links of the body as numbered references.
//
// It is pure: the reader of the TUI and `tidings read` on a terminal both
// call Render with the width and background they know.
package article

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/cells"
	"github.com/tidings-app/tidings/ui/theme"
)

// MaxWidth is the widest the text is set, whatever the terminal: longer
// lines are hard to read.
const MaxWidth = 100

// MinWidth is the narrowest width Render lays out for; narrower requests
// are treated as this.
const MinWidth = 20

// Options say how to render.
type Options struct {
	// Width is the number of columns available; the text is wrapped to
	// min(Width, MaxWidth). Zero means 80.
	Width int
	// Dark picks the palette and Glamour style for a dark background.
	Dark bool
	// NoColor drops every colour and uses Glamour's "notty" style.
	NoColor bool
	// Now is the moment ages ("3 h ago") are counted from; its location is
	// the local zone dates are shown in. Zero means time.Now().
	Now time.Time
	// Theme, when not nil, is used instead of theme.New(Dark, NoColor), so a
	// running program builds its styles once.
	Theme *theme.Theme
	// Notice is one line shown under the header, e.g. why the feed's own
	// content is shown instead of the page.
	Notice string
	// Whole lays out the whole body however long it is; otherwise a body
	// longer than CutAt is cut there, with a line saying so.
	Whole bool
	// WholeHint ends that line: how to see the whole article where the
	// article is shown ("Press enter to show the whole article.").
	WholeHint string
	// Enclosures are the story's media files (a podcast's episode): listed
	// under the header with their type, size and playing time, and
	// numbered first among the links.
	Enclosures []feed.Enclosure
	// Method is how the terminal counts the columns of text. The zero
	// value, cells.Codepoints (the sum of each code point's width), is how
	// Bubble Tea's renderer and terminals that do not cluster graphemes
	// (tmux, for one) place text; cells.Graphemes is for a terminal
	// that reported grapheme clustering (mode 2027). The two disagree on
	// Indic scripts and emoji sequences: a Bengali line laid out by
	// graphemes is half as wide again on such a screen, and its end is lost.
	Method cells.Method
	// FirstSeen is when tidings first saw the story. An article without a
	// date of its own shows it in the date's place, marked as such
	// ("seen 3 h ago"): a story with no time at all cannot be placed.
	FirstSeen time.Time
}

// TextWidth returns the width the text is set at for a terminal of width
// columns.
func TextWidth(width int) int {
	if width <= 0 {
		width = 80
	}
	return max(MinWidth, min(width, MaxWidth))
}

// Render returns the article as styled terminal text, lines no wider than
// TextWidth(o.Width). Every string of the article is sanitised first, so
// nothing from the network can reach the terminal as an escape sequence.
func Render(a *feed.Article, o Options) (string, error) {
	p, err := Layout(context.Background(), a, o)
	return p.Text, err
}

// Page is an article laid out.
type Page struct {
	// Text is the article as styled terminal text.
	Text string
	// Cut is set when the body was cut at CutAt or CutBlocks: Options.Whole
	// would show more.
	Cut bool
}

// Layout is Render that also says whether the body was cut, and that stops,
// returning ctx's error, as soon as ctx is done: a reader that moved on or
// was resized again does not wait for a layout nobody will see. The time
// it takes is linear in the body's length.
func Layout(ctx context.Context, a *feed.Article, o Options) (Page, error) {
	if a == nil {
		return Page{}, fmt.Errorf("article: nothing to render")
	}
	width := TextWidth(o.Width)
	th := o.Theme
	if th == nil {
		t := theme.New(o.Dark, o.NoColor)
		th = &t
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	st := th.Article

	measure := o.Method
	nb := numberLinks(a, o.Whole, o.Enclosures...)
	var out strings.Builder
	out.WriteString(header(a, width, now, o.FirstSeen, st, measure))
	out.WriteString(enclosureLines(nb.media, width, st, measure))
	if n := sanitize.Line(o.Notice); n != "" {
		out.WriteString(render(st.Notice, wrap(n, width, measure)))
		out.WriteString("\n")
	}
	out.WriteString(st.Rule.Render(strings.Repeat("─", width)))
	out.WriteString("\n\n")

	if nb.leadImage != "" {
		// The lead image is not in the body: show it first, as the page does.
		label := sanitize.Line(a.ImageCaption)
		out.WriteString(render(st.Meta, wrap(imageLabel(label)+fmt.Sprintf(" [%d]", nb.refs.index[nb.leadImage]), width, measure)))
		out.WriteString("\n\n")
	} else if caption := sanitize.Line(a.ImageCaption); sanitize.Line(a.Image) == "" && caption != "" && !strings.Contains(nb.body, caption) {
		// A text dump keeps a photo's caption without the photo.
		out.WriteString(render(st.Meta, wrap(imageLabel(caption), width, measure)))
		out.WriteString("\n\n")
	}

	md, err := renderBody(ctx, nb, width, th.Glamour(), measure)
	if err != nil {
		if ctx.Err() != nil {
			return Page{}, err
		}
		return Page{}, fmt.Errorf("article: rendering the body: %w", err)
	}
	out.WriteString(md)
	if strings.TrimSpace(nb.body) == "" {
		out.WriteString(st.Notice.Render("This article has no text."))
		out.WriteString("\n")
	}
	if nb.cut {
		line := fmt.Sprintf("The article goes on: this is the first %d%% of it.", max(1, 100*len(nb.body)/nb.whole))
		if h := sanitize.Line(o.WholeHint); h != "" {
			line += " " + h
		}
		out.WriteString("\n")
		out.WriteString(render(st.Notice, wrap(line, width, measure)))
		out.WriteString("\n")
	}
	out.WriteString(nb.refs.render(width, st, measure))
	return Page{Text: out.String(), Cut: nb.cut}, nil
}

// header renders title, metadata line(s) and tags.
func header(a *feed.Article, width int, now, firstSeen time.Time, st theme.ArticleStyles, measure cells.Method) string {
	var b strings.Builder
	if t := sanitize.Line(a.Title); t != "" {
		b.WriteString(render(st.Title, wrap(t, width, measure)))
		b.WriteString("\n")
	}
	if meta := meta(a, now, true, firstSeen); len(meta) > 0 {
		b.WriteString(render(st.Meta, joinWrapped(meta, " · ", width, measure)))
		b.WriteString("\n")
	}
	var tags []string
	for _, t := range a.Tags {
		if t = sanitize.Line(t); t != "" {
			tags = append(tags, "#"+strings.ReplaceAll(t, " ", "-"))
		}
	}
	if len(tags) > 0 {
		b.WriteString(render(st.Tag, joinWrapped(tags, "  ", width, measure)))
		b.WriteString("\n")
	}
	return b.String()
}

// Meta returns the parts of the metadata line, sanitised, in reading order:
// site; author(s) and agency; local date and time with the age; reading
// time. Empty parts are left out.
func Meta(a *feed.Article, now time.Time) []string { return meta(a, now, true, time.Time{}) }

// PrintedMeta is Meta for text that outlives the moment it is written
// (tidings read piped to a file or a program): the date in loc without
// its age, which would be wrong by the time anyone reads it.
func PrintedMeta(a *feed.Article, loc *time.Location) []string {
	return meta(a, time.Now().In(loc), false, time.Time{})
}

// meta is Meta; firstSeen, when set, stands in for a missing date.
func meta(a *feed.Article, now time.Time, withAge bool, firstSeen time.Time) []string {
	var parts []string
	site := sanitize.Line(a.Site)
	if site == "" {
		site = host(a.URL)
	}
	if site != "" {
		parts = append(parts, site)
	}
	var who []string
	for _, au := range a.Authors {
		if au = sanitize.Line(au); au != "" {
			who = append(who, au)
		}
	}
	if src := sanitize.Line(a.Source); src != "" && !strings.EqualFold(src, site) && !containsFold(who, src) {
		who = append(who, src)
	}
	if len(who) > 0 {
		parts = append(parts, strings.Join(who, ", "))
	}
	switch {
	case !a.Published.IsZero():
		parts = append(parts, dateText(a.Published, now, withAge))
	case !firstSeen.IsZero():
		parts = append(parts, seenText(firstSeen, now))
	}
	if m := readingMinutes(a); m > 0 {
		parts = append(parts, fmt.Sprintf("%d min read", m))
	}
	return parts
}

// dateLine is the published time in the reader's zone with its age. A
// floating time (the page printed a wall clock without a zone) is shown as
// printed; its age is only told in days, since the hours depend on a zone
// nobody knows.
func dateLine(t, now time.Time) string { return dateText(t, now, true) }

// dateText is dateLine, with or without the age.
func dateText(t, now time.Time, withAge bool) string {
	if feed.IsFloating(t) {
		d := t.Format("Mon 2 Jan 2006 15:04")
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			// A page that gives only the day ("2013-09-29"): midnight
			// would be a time it never said.
			d = t.Format("Mon 2 Jan 2006")
		}
		guess := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, now.Location())
		if age := Age(guess, now); withAge && age != "" && now.Sub(guess) >= 48*time.Hour {
			d += " (" + age + ")"
		}
		return d
	}
	d := t.In(now.Location()).Format("Mon 2 Jan 2006 15:04")
	if age := Age(t, now); withAge && age != "" {
		d += " (" + age + ")"
	}
	return d
}

// seenText says when a story without a date was first seen, marked as
// such: "seen 3 h ago", or "first seen Mon 2 Jan 2006" once the age says
// nothing.
func seenText(t, now time.Time) string {
	if age := Age(t, now); age != "" {
		return "seen " + age
	}
	return "first seen " + t.In(now.Location()).Format("Mon 2 Jan 2006")
}

// Age says how long ago t was, coarsely ("just now", "12 min ago",
// "3 h ago", "2 days ago"); older than a month, or in the future, it is
// empty because the date says enough.
func Age(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero() || d < -5*time.Minute:
		return ""
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	case d < 48*time.Hour:
		return "1 day ago"
	case d < 31*24*time.Hour:
		return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
	}
	return ""
}

// readingMinutes is the article's reading time, computed from its words at
// 230 words a minute when extraction left it out.
func readingMinutes(a *feed.Article) int {
	if a.ReadingMinutes > 0 {
		return a.ReadingMinutes
	}
	words := a.WordCount
	if words == 0 {
		src := a.Text
		if src == "" {
			src = a.Markdown
		}
		words = len(strings.Fields(src))
	}
	if words == 0 {
		return 0
	}
	return max(1, (words+115)/230)
}

func host(raw string) string {
	u, err := url.Parse(sanitize.Line(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// wrap word-wraps s to width columns as measure counts them, breaking
// words longer than a line. Every line also fits span's count.
func wrap(s string, width int, measure cells.Method) string {
	for at := width; ; {
		lines := strings.Split(measure.Hardwrap(measure.Wordwrap(s, at, ""), at, true), "\n")
		widest := 0
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
			widest = max(widest, span(measure, lines[i]))
		}
		if widest <= width || at <= 1 {
			return strings.Join(lines, "\n")
		}
		at = max(1, min(at-1, at-(widest-width)))
	}
}

// span is how many columns s takes in the layout: as measure counts, and,
// counting code points, not fewer than the grapheme clusters that Lip
// Gloss (the reader's viewport) pads and wraps by. An emoji with a
// variation selector ("☀️") is one column to the first and two to the
// second: a title of them, laid out by the first alone, was broken again
// by the viewport in the middle of its words.
func span(measure cells.Method, s string) int {
	w := measure.StringWidth(s)
	if measure == cells.Codepoints {
		w = max(w, cells.Graphemes.StringWidth(s))
	}
	return w
}

// render styles each line of s on its own: Lip Gloss pads a multi-line
// block to its widest line, which would leave trailing blanks.
func render(st lipgloss.Style, s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return strings.Join(lines, "\n")
}

// joinWrapped joins parts with sep, starting a new line instead of cutting
// a part when the line would pass width.
func joinWrapped(parts []string, sep string, width int, measure cells.Method) string {
	var b strings.Builder
	line := 0
	for i, p := range parts {
		w := span(measure, p)
		if i > 0 {
			if line+span(measure, sep)+w > width {
				b.WriteString("\n")
				line = 0
			} else {
				b.WriteString(sep)
				line += span(measure, sep)
			}
		}
		if w > width {
			p = wrap(p, width, measure)
			w = span(measure, p[strings.LastIndexByte(p, '\n')+1:])
			line = 0
		}
		b.WriteString(p)
		line += w
	}
	return b.String()
}

func imageLabel(caption string) string {
	if caption == "" {
		return "Image"
	}
	return "Image: " + caption
}

// resolve makes ref absolute against base; the cleaner already gives
// absolute links, this only catches stragglers.
func resolve(base, ref string) string {
	u, err := url.Parse(ref)
	if err != nil || u.IsAbs() || base == "" {
		return ref
	}
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	return b.ResolveReference(u).String()
}

// resetRun matches a run of style changes ending in a reset: the run does
// nothing but the reset, and Glamour's padding leaves many behind.
// It is compiled on first use: only an article's layout needs it.
var resetRun = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:\x1b\[[0-9;]*m)*\x1b\[0?m`) })

// tidy trims the trailing spaces Glamour pads lines with (they would make
// copied text ragged) and collapses runs of blank lines.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		plain := xansi.Strip(l)
		if w := xansi.StringWidth(strings.TrimRight(plain, " ")); w < xansi.StringWidth(plain) {
			// Glamour pads every line to the wrap width with styled
			// blanks; cut them, keeping the styles of what remains.
			l = xansi.Truncate(l, w, "")
			if strings.Contains(l, "\x1b") {
				l += "\x1b[m"
			}
		}
		if strings.Contains(l, "\x1b") {
			l = resetRun().ReplaceAllString(l, "\x1b[m")
		}
		if strings.TrimSpace(plain) == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
			l = ""
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}
