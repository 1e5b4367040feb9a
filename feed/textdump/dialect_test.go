package textdump

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// dialectPage is one page written in Markdown with inline links, the
// source of the same page in the other dialects: its menus, a teaser box
// of links, the story with links and emphasis in its paragraphs and a
// list, and a footer.
const dialectPage = `Harbour reopens after the storm - Portwell Courier
[Skip to content](#main)
* [News](https://courier.example/news)
* [Sport](https://courier.example/sport)
* [Business](https://courier.example/business)
* [](https://courier.example/)
[Subscribe](https://courier.example/subscribe) [Log in](https://courier.example/login)

# Harbour reopens after the storm

By [Ann Teller](https://courier.example/authors/ann-teller)
March 4, 2024
![The quay at dawn](https://courier.example/img/quay.jpg)

The harbour of Portwell reopened to fishing boats on Saturday, three weeks after [the storm](https://courier.example/storm) that sank two trawlers and closed the quay.

Engineers from the county worked through the nights to repair *the sea wall*, the harbour master said, and the first boats left before dawn on **Saturday**.

## What the repairs cost

The repairs cost the county more than it had set aside:
* new stone for the *sea wall*
* two cranes hired from the port of Ashby
* night shifts for forty workers

"We did not think we would be back before the spring," said one skipper, who has fished from Portwell for thirty years and whose boat was [among the first](https://courier.example/boats "The boats") to leave.

The fish market opened on Sunday with a catch the auctioneers called the best of the winter.

## More from the Courier
[
Council votes on the new ferry timetable after months of delay
](https://courier.example/ferry)
[
School roof repaired before the start of term in the spring
](https://courier.example/school)
[Lifeboat crew honoured at a ceremony in the town hall on Friday night](https://courier.example/lifeboat)

[Privacy policy](https://courier.example/privacy) [Terms of use](https://courier.example/terms)
© 2024 Portwell Courier
`

// dialectStory is the story as plain text, paragraph by paragraph.
var dialectStory = []string{
	"The harbour of Portwell reopened to fishing boats on Saturday, three weeks after the storm that sank two trawlers and closed the quay.",
	"Engineers from the county worked through the nights to repair the sea wall, the harbour master said, and the first boats left before dawn on Saturday.",
	"What the repairs cost",
	"The repairs cost the county more than it had set aside:",
	"• new stone for the sea wall",
	"• two cranes hired from the port of Ashby",
	"• night shifts for forty workers",
	`"We did not think we would be back before the spring," said one skipper, who has fished from Portwell for thirty years and whose boat was among the first to leave.`,
	"The fish market opened on Sunday with a catch the auctioneers called the best of the winter.",
}

var (
	testImageRE = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	testLinkRE  = regexp.MustCompile(`(?s)\[([^\]]*)\]\(([^)]*)\)`)
	testEmphRE  = regexp.MustCompile(`\*\*?([^*\n]+?)\*\*?`)
)

// dialects writes dialectPage as each converter would.
func dialects() map[string]string {
	md := dialectPage
	plain := testImageRE.ReplaceAllString(md, "")
	plain = testLinkRE.ReplaceAllString(plain, "$1")
	plain = regexp.MustCompile(`(?m)^#+ `).ReplaceAllString(plain, "")
	plain = regexp.MustCompile(`(?m)^\* ?`).ReplaceAllString(plain, "• ")
	plain = testEmphRE.ReplaceAllString(plain, "$1")
	// Reference links, as html2text writes them: images as their alt text
	// in brackets, links numbered, the targets listed at the end.
	var targets []string
	refs := testImageRE.ReplaceAllStringFunc(md, func(m string) string {
		return "[" + m[2:strings.Index(m, "]")] + "]"
	})
	refs = testLinkRE.ReplaceAllStringFunc(refs, func(m string) string {
		sm := testLinkRE.FindStringSubmatch(m)
		targets = append(targets, strings.Fields(sm[2])[0])
		return fmt.Sprintf("[%s][%d]", sm[1], len(targets))
	})
	refs += "\n"
	for i, u := range targets {
		refs += fmt.Sprintf("[%d]: %s\n", i+1, u)
	}
	// Layout text: indented by depth, as inscriptis keeps it.
	var layout strings.Builder
	for _, l := range strings.Split(plain, "\n") {
		indent := "      "
		if strings.HasPrefix(l, "• ") {
			indent = "          "
			l = "* " + l[len("• "):]
		}
		layout.WriteString(indent + l + "\n")
	}
	return map[string]string{
		"plain":               plain,
		"layout":              layout.String(),
		"markdown inline":     md,
		"markdown references": refs,
		"markdown wrapped":    hardWrap(refs, 60),
	}
}

// TestDialects: the same page in each dialect gives the same story, with
// no link, image or emphasis syntax left, and the menus, the teaser box
// (a block of link text) and the footer left out.
func TestDialects(t *testing.T) {
	for name, dump := range dialects() {
		t.Run(name, func(t *testing.T) {
			if !Looks([]byte(dump)) {
				t.Fatalf("Looks = false for the dump:\n%s", dump)
			}
			a, err := Parse(dump, nil)
			if err != nil {
				t.Fatalf("Parse: %v\n%s", err, dump)
			}
			if a.Title != "Harbour reopens after the storm" {
				t.Errorf("Title = %q", a.Title)
			}
			if a.Site != "Portwell Courier" {
				t.Errorf("Site = %q, want the page title's suffix", a.Site)
			}
			if len(a.Authors) != 1 || a.Authors[0] != "Ann Teller" {
				t.Errorf("Authors = %q, want Ann Teller", a.Authors)
			}
			if a.Published.Year() != 2024 || a.Published.Day() != 4 {
				t.Errorf("Published = %v, want 2024-03-04", a.Published)
			}
			if strings.ContainsAny(a.Text, "*_") {
				t.Errorf("emphasis markers in the text:\n%s", a.Text)
			}
			if got, want := a.Text, strings.Join(dialectStory, "\n\n"); got != want {
				t.Errorf("Text =\n%s\n\nwant\n%s", got, want)
			}
			mds := []string{"\n- two cranes hired from the port of Ashby\n- night", "forty workers\n\n", "### What the repairs cost\n\n"}
			if strings.HasPrefix(name, "markdown") {
				// The dump's emphasis, kept for display.
				mds = append(mds, "repair *the sea wall*, the", "dawn on **Saturday**.", "- new stone for the *sea wall*\n")
			}
			for _, md := range mds {
				if !strings.Contains(a.Markdown, md) {
					t.Errorf("Markdown lacks %q:\n%s", md, a.Markdown)
				}
			}
			for _, bad := range []string{"](", "][", "[1", "The quay at dawn", "Council votes", "Lifeboat", "Privacy", "https://", "\uE000", "\uE001"} {
				if strings.Contains(a.Text, bad) || strings.Contains(a.Markdown, bad) {
					t.Errorf("body holds %q:\n%s", bad, a.Markdown)
				}
			}
		})
	}
}

// A Japanese story hard-wrapped at 80 columns (40 wide characters a line),
// as text browsers and html2text wrap it, reads as its paragraphs again.
func TestUnwrapWideCharacters(t *testing.T) {
	paras := []string{
		strings.Repeat("港は三週間ぶりに漁船の出入りを再開し、漁師たちは夜明け前に海へ出た。", 4),
		strings.Repeat("県の技術者は夜通し防波堤の修理を続け、港長は作業の早さに感謝した。", 4),
		strings.Repeat("日曜日には魚市場も開かれ、競りの人々は今冬一番の水揚げだと話した。", 4),
	}
	var dump strings.Builder
	dump.WriteString("港の再開\n\n")
	for _, p := range paras {
		r := []rune(p)
		for len(r) > 40 {
			dump.WriteString(string(r[:40]) + "\n")
			r = r[40:]
		}
		dump.WriteString(string(r) + "\n\n")
	}
	a, err := Parse(dump.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Text, strings.Join(paras, "\n\n"); got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
}
