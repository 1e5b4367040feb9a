package main

// The root command without a subcommand: the full-screen reader.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/ui"
)

// runTUI opens the store and runs the reader until the user quits.
func runTUI(cmd *cobra.Command, g *globals) error {
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		return errors.New("the reader needs a terminal: use 'tidings list' or 'tidings read URL' in scripts")
	}
	ctx := cmd.Context()
	cfg, st, firstRun, err := g.openReaderSubscriptions(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	logger, closer, err := openLog(g.logPath(cfg))
	if err != nil {
		// The reader works without a log; the screen must not get one.
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	} else {
		defer closer.Close()
	}

	noColor := os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb"
	m, err := ui.New(ui.Options{
		Backend:         newTUIBackend(cfg, st, logger),
		Keys:            cfg.Keys,
		Theme:           cfg.Theme,
		NoColor:         noColor,
		RefreshInterval: cfg.Refresh.Interval,
		OpenURL:         openBrowser,
		TerminalBrowser: terminalBrowser,
		Logf:            func(f string, a ...any) { logger.Warn(fmt.Sprintf(f, a...)) },
		FirstRun:        firstRun,
		ConfigName:      filepath.Base(cfg.File),
	})
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.File, err)
	}
	defer m.Close()
	_, err = tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if err != nil && ctx.Err() != nil {
		return ctx.Err() // Ctrl-C from outside: run reports "interrupted"
	}
	return err
}

// openBrowser opens an http(s) URL in $BROWSER (a list separated by colons,
// each entry a command, with %s standing for the URL), else xdg-open or
// open. The browser's output is discarded: it must not write over the
// screen. Only http and https URLs are ever opened. A browser that runs in
// the terminal is not started here but by the reader (terminalBrowser).
func openBrowser(ctx context.Context, u string) error {
	u, err := browsableURL(u)
	if err != nil {
		return err
	}
	candidates := browserCandidates(u)
	switch runtime.GOOS {
	case "darwin":
		candidates = append(candidates, []string{"open", u})
	case "windows":
		candidates = append(candidates, []string{"rundll32", "url.dll,FileProtocolHandler", u})
	default:
		candidates = append(candidates, []string{"xdg-open", u})
	}
	var tried []string
	for _, c := range candidates {
		path, err := exec.LookPath(c[0])
		if err != nil {
			tried = append(tried, c[0])
			continue
		}
		// Not CommandContext: a browser started here outlives the request.
		p := exec.Command(path, c[1:]...)
		p.Stdin, p.Stdout, p.Stderr = nil, nil, nil
		if err := p.Start(); err != nil {
			return fmt.Errorf("%s: %w", c[0], err)
		}
		go p.Wait() // reap it; its exit status is no concern of the reader
		return nil
	}
	return fmt.Errorf("no browser found (tried %s): set $BROWSER", strings.Join(tried, ", "))
}

// terminalBrowser returns the command that shows u in the browser $BROWSER
// names first (of those installed), whatever it is, and nil when $BROWSER
// names none. The reader hands it the terminal and takes the screen back
// when it exits: a terminal browser (w3m, lynx) or a wrapper script around
// one, started in the background, got no terminal and quit or hung
// unseen, and no name tells a wrapper from a graphical browser. A
// graphical one hands the page to its window and returns. Without
// $BROWSER, openBrowser runs xdg-open or open in the background.
func terminalBrowser(u string) *exec.Cmd {
	u, err := browsableURL(u)
	if err != nil {
		return nil
	}
	for _, c := range browserCandidates(u) {
		if path, err := exec.LookPath(c[0]); err == nil {
			return exec.Command(path, c[1:]...)
		}
	}
	return nil
}

// browsableURL cleans u and refuses anything but http and https.
func browsableURL(u string) (string, error) {
	u = sanitize.Line(u)
	l := strings.ToLower(u)
	if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
		return "", fmt.Errorf("%s: only http and https addresses are opened", u)
	}
	return u, nil
}

// browserCandidates are the commands $BROWSER lists for u, in order.
func browserCandidates(u string) [][]string {
	var candidates [][]string
	env := os.Getenv("BROWSER")
	if env == "" {
		return nil
	}
	for _, entry := range strings.Split(env, ":") {
		f := strings.Fields(entry)
		if len(f) == 0 {
			continue
		}
		replaced := false
		for i := range f {
			if strings.Contains(f[i], "%s") {
				f[i] = strings.ReplaceAll(f[i], "%s", u)
				replaced = true
			}
		}
		if !replaced {
			f = append(f, u)
		}
		candidates = append(candidates, f)
	}
	return candidates
}
