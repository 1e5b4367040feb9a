package main

import (
	_ "charm.land/bubbles/v2/viewport"
	_ "charm.land/bubbletea/v2"
	_ "charm.land/glamour/v2"
	_ "charm.land/lipgloss/v2"
	_ "github.com/JohannesKaufmann/html-to-markdown/v2"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/pelletier/go-toml/v2"
	_ "github.com/spf13/cobra"
	_ "golang.org/x/net/html"
	_ "golang.org/x/text/encoding/htmlindex"
	_ "modernc.org/sqlite"
	_ "github.com/andybalholm/cascadia"
	_ "github.com/yuin/goldmark"
	_ "go.yaml.in/yaml/v3"
)

func main() {}
