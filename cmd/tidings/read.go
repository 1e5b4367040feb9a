package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/config"
	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/fetch"
	"github.com/tidings-app/tidings/feed/library"
	"github.com/tidings-app/tidings/feed/link"
	"github.com/tidings-app/tidings/feed/note"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui/article"
	uitheme "github.com/tidings-app/tidings/ui/theme"
)

// readOptions are the flags of `tidings read`.
type readOptions struct {
	format  string
	pageURL string
	timeout time.Duration
}

func newReadCmd(g *globals) *cobra.Command {
	var o readOptions
	cmd := &cobra.Command{
		Use:   "read SOURCE",
		Short: "Show the article of a web page, a saved page or stdin",
		Long: `Read fetches a news page (or reads a saved page or a text dump) and shows
the article alone: its title, site, author or agency, date and reading time,
then its text. SOURCE is an http(s) URL, a file, or - for standard input.

On a terminal the article is rendered; when the output is piped it is
Markdown. --format picks markdown, text or json explicitly. The JSON object
has: title, authors, source, site, section, url, published, modified,
lang, tags, excerpt, image, image_caption, word_count, reading_minutes,
text (the body alone) and markdown.

Exit status: 0 on success; 1 when no article is found or the page cannot
be had (the reason is printed); 2 on a usage error.`,
		Example: `  tidings read https://www.example.com/news/2024/03/23/story
  tidings read --format json https://www.example.com/story | jq -r .text
  tidings read --url https://www.example.com/story saved-page.html
  curl -s https://www.example.com/story | tidings read --url https://www.example.com/story -`,
		Args: exactArgs(1, "one SOURCE (a URL, a file, or -)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRead(cmd, g, o, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "", "output format: markdown, text or json (default: rendered on a terminal, markdown when piped)")
	f.StringVar(&o.pageURL, "url", "", "the page's address, for a file or stdin (resolves links, fills url)")
	f.DurationVar(&o.timeout, "timeout", fetch.DefaultTimeout, "give up on a page that takes longer than this to download")
	return cmd
}

func runRead(cmd *cobra.Command, g *globals, o readOptions, source string) error {
	switch o.format {
	case "", "markdown", "md", "text", "json":
	default:
		return usagef("unknown --format %q: use markdown, text or json", o.format)
	}
	if source == "" {
		return usagef("SOURCE is empty: give a URL, a file, or -")
	}
	if o.timeout <= 0 {
		return usagef("--timeout must be positive, e.g. 30s")
	}
	var base *url.URL
	if o.pageURL != "" {
		u, err := url.Parse(o.pageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--url %q: give an absolute http(s) URL", o.pageURL)
		}
		if library.IsURL(source) {
			return usagef("--url is for a file or stdin; %s is already a URL", source)
		}
		base = u
	}

	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}

	name := library.SourceName(source)
	lo := libraryOptions(cfg, nil, nil)
	lo.Timeout = o.timeout
	a, err := library.New(nil, lo).ReadPage(cmd.Context(), library.Source{Name: source, Stdin: cmd.InOrStdin(), Base: base})
	if err != nil {
		return err
	}

	out := cmd.OutOrStdout()
	format := o.format
	if format == "" {
		format = "markdown"
		if f, ok := out.(*os.File); ok && term.IsTerminal(f.Fd()) {
			format = "rendered"
		}
	}
	var s string
	switch format {
	case "json":
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(a); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s = b.String()
	case "text":
		s = plainText(a, time.Local)
	case "rendered":
		s, err = renderTerminal(a, out.(*os.File), cfg.Theme)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	default:
		s = markdown(a, time.Local)
	}
	_, err = io.WriteString(out, s)
	return err
}

// metaLine is "site · authors, agency · local date · N min read", the
// parts that are known, as the reader's header shows them but without the
// date's age ("3 h ago"): piped output is kept and read later.
func metaLine(a *feed.Article, loc *time.Location) string {
	return strings.Join(article.PrintedMeta(a, loc), " · ")
}

// markdown is the piped form: "# Title", the metadata line, the body.
func markdown(a *feed.Article, loc *time.Location) string {
	var b strings.Builder
	// Every field is escaped: a title such as "<script>…" or
	// "[click](javascript:…)" is text, not HTML or a link.
	if a.Title != "" {
		b.WriteString("# " + note.EscapeInline(a.Title) + "\n\n")
	}
	if m := metaLine(a, loc); m != "" {
		b.WriteString("*" + note.EscapeInline(m) + "*\n\n")
	}
	if u, ok := link.Web(a.URL); ok && !strings.ContainsAny(u, "<> ") {
		b.WriteString("<" + u + ">\n\n")
	} else if a.URL != "" {
		b.WriteString(note.EscapeInline(a.URL) + "\n\n")
	}
	b.WriteString(strings.TrimSpace(a.Markdown))
	b.WriteString("\n")
	return b.String()
}

// plainText is the text form: title, metadata line, then the body's
// Markdown without its markup.
func plainText(a *feed.Article, loc *time.Location) string {
	var b strings.Builder
	if a.Title != "" {
		b.WriteString(a.Title + "\n")
	}
	if m := metaLine(a, loc); m != "" {
		b.WriteString(m + "\n")
	}
	if a.URL != "" {
		b.WriteString(a.URL + "\n")
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	// Character references resolved here must not revive a control
	// character.
	b.WriteString(strings.TrimSpace(sanitize.Text(markdownText(a.Markdown))))
	b.WriteString("\n")
	return b.String()
}

// renderTerminal styles the article for the terminal out, at its width,
// for the configured theme (auto asks the terminal for its background);
// NO_COLOR or TERM=dumb give text without colour, the notty theme text
// without any styling.
func renderTerminal(a *feed.Article, out *os.File, theme string) (string, error) {
	width, _, err := term.GetSize(out.Fd())
	if err != nil || width <= 0 {
		width = 80
	}
	noColor := theme == config.ThemeNoTTY || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb"
	dark := true
	switch {
	case theme == config.ThemeLight:
		dark = false
	case theme == config.ThemeDark || noColor:
	case term.IsTerminal(os.Stdin.Fd()):
		// Only when stdin is a terminal, so that a script feeding it is
		// never read from; the answer is awaited a short while at most.
		dark = hasDarkBackground()
	}
	o := article.Options{Width: width, Dark: dark, NoColor: noColor,
		WholeHint: "Piped (tidings read … | less), all of it comes as Markdown."}
	if theme == config.ThemeNoTTY {
		plain := uitheme.Plain()
		o.Theme = &plain
	}
	return article.Render(a, o)
}
