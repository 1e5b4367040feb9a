package extract

import (
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// tbsParagraphs are the eleven paragraphs of the Reuters story on the seed
// page, in order.
var tbsParagraphs = []string{
	"The United States has intelligence confirming Islamic State's claim of responsibility for a deadly shooting at a concert near Moscow, two US officials said on Friday.",
	"The officials said the United States had warned Russia in recent weeks about the possibility of an attack.",
	`"Earlier this month, the US government had information about a planned terrorist attack in Moscow – potentially targeting large gatherings, to include concerts – which prompted the State Department to issue a public advisory to Americans in Russia," said Adrienne Watson, spokesperson for the White House National Security Council. "The US government also shared this information with Russian authorities in accordance with its longstanding 'duty to warn' policy."`,
	"At least 60 people were killed and 145 wounded on Friday when camouflage-clad gunmen opened fire with automatic weapons on concertgoers near Moscow in one of the deadliest attacks on Russia in decades.",
	"The Islamic State, the militant group that once sought control over swathes of Iraq and Syria, claimed responsibility for the attack, the group's Amaq agency said on Telegram.",
	"The death toll made it one of the worst attacks on Russia since the 2004 Beslan school siege, when Islamist militants took more than 1,000 people hostage, including hundreds of children.",
	`"We did warn the Russians appropriately," one of the US officials said, speaking on condition of anonymity.`,
	`The US embassy in Russia warned on 8 March that "extremists" had imminent plans for an attack in Moscow, hours after Russian security services said they had foiled a planned shooting at a synagogue by a cell of Islamic State.`,
	"The embassy, which has repeatedly urged all US citizens to leave Russia immediately, gave no further details about the nature of the threat, but said people should avoid concerts and crowds and be aware of their surroundings.",
	"Russia's invasion of Ukraine in February 2022 has triggered the deepest crisis in Russia's relations with the West since the 1962 Cuban Missile Crisis.",
	"The Kremlin, which accuses the US of fighting against Russia by supporting Ukraine with money, weapons and intelligence, says relations with Washington have probably never been worse.",
}

// tbsClutter is text of the seed page that is not the story.
var tbsClutter = []string{
	"US has intelligence confirming Islamic State responsibility", // the headline
	"World+Biz", "Reuters", "23 March, 2024", "Last modified", "09:15", "Firefighters work near",
	"Google News", "Keep updated", "Advertisement", "USA / Russia", "Moscow attack", "Europe",
	"Comments", "moderation decisions", "does not endorse", "Top Stories", "MOST VIEWED",
	"Most Viewed", "Related News", "Features", "tanneries", "Reverse Osmosis", "ornithophile",
	"tomtom", "1d | Panorama", "Panorama", "More Videos", "Messi", "price of gold", "Passport-free",
	"iftar", "Economy", "Stocks", "E-paper", "Login", "cookies", "Share", "Facebook", "WhatsApp",
	"All rights reserved", "newsletter", "Google Play", "Kremlin says it has no information",
	"Bangladesh Bank", "Garment exports",
}

func loadSeed(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/seed/tbs-article.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSeedBody checks that the reader shows the whole Reuters story of the
// seed page, each paragraph once and in order, and nothing else.
func TestSeedBody(t *testing.T) {
	u, _ := url.Parse("https://www.tbsnews.net/world/usa/us-has-intelligence-confirming-islamic-state-responsibility-russia-attack-officials-say-810286")
	a, err := Extract(strings.NewReader(string(loadSeed(t))), u, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	for _, body := range []struct{ name, text string }{{"Text", a.Text}, {"Markdown", a.Markdown}} {
		pos := 0
		for i, p := range tbsParagraphs {
			want := p
			if body.name == "Markdown" {
				want = p[:40] // Markdown may escape punctuation further on
			}
			at := strings.Index(body.text, want)
			if at < 0 {
				t.Errorf("%s: paragraph %d missing: %.60q", body.name, i+1, p)
				continue
			}
			if at < pos {
				t.Errorf("%s: paragraph %d out of order", body.name, i+1)
			}
			if n := strings.Count(body.text, want); n != 1 {
				t.Errorf("%s: paragraph %d appears %d times", body.name, i+1, n)
			}
			pos = at
		}
		for _, c := range tbsClutter {
			if strings.Contains(body.text, c) {
				t.Errorf("%s holds clutter %q", body.name, c)
			}
		}
	}
	if got := strings.Split(a.Text, "\n\n"); len(got) != len(tbsParagraphs) {
		t.Errorf("Text has %d paragraphs, want %d:\n%s", len(got), len(tbsParagraphs), a.Text)
	}
	if a.WordCount < 300 || a.WordCount > 420 {
		t.Errorf("WordCount = %d, want the story's ~370 words", a.WordCount)
	}
	if a.ReadingMinutes != 2 {
		t.Errorf("ReadingMinutes = %d, want 2", a.ReadingMinutes)
	}
}

// TestSeedMetadata checks the facts a reader sees in the article header.
// It depends on the metadata reader (meta.go).
func TestSeedMetadata(t *testing.T) {
	u, _ := url.Parse("https://www.tbsnews.net/world/usa/us-has-intelligence-confirming-islamic-state-responsibility-russia-attack-officials-say-810286")
	a, err := Extract(strings.NewReader(string(loadSeed(t))), u, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if a.Site == "" && a.Section == "" && a.Published.IsZero() && len(a.Tags) == 0 && a.Lang == "" {
		t.Fatal("the metadata reader filled nothing (no site, section, date, tags or language) on the seed page")
	}
	if want := "US has intelligence confirming Islamic State responsibility for Russia attack, officials say"; a.Title != want {
		t.Errorf("Title = %q, want %q", a.Title, want)
	}
	if a.Site != "The Business Standard" {
		t.Errorf("Site = %q, want The Business Standard", a.Site)
	}
	if a.Source != "Reuters" {
		t.Errorf("Source = %q, want Reuters", a.Source)
	}
	if slices.Contains(a.Authors, "Reuters") {
		t.Errorf("Authors = %q: the agency is the Source, not an author", a.Authors)
	}
	dhaka := time.FixedZone("+06", 6*3600)
	if want := time.Date(2024, 3, 23, 9, 15, 0, 0, dhaka); !a.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", a.Published, want)
	} else if _, off := a.Published.Zone(); off != 6*3600 {
		t.Errorf("Published zone offset = %d s, want +06:00 (the page's own zone)", off)
	}
	if want := time.Date(2024, 3, 23, 9, 19, 0, 0, dhaka); !a.Modified.Equal(want) {
		t.Errorf("Modified = %v, want %v", a.Modified, want)
	}
	if a.Section != "World+Biz" {
		t.Errorf("Section = %q, want World+Biz", a.Section)
	}
	if want := []string{"USA", "Russia", "ISIS", "Moscow attack"}; !slices.Equal(a.Tags, want) {
		t.Errorf("Tags = %q, want %q (deduplicated, in page order)", a.Tags, want)
	}
	if a.Lang != "en" {
		t.Errorf("Lang = %q, want en", a.Lang)
	}
	if !strings.Contains(a.Image, "russia-crocus-shooting.jpg") || !strings.HasPrefix(a.Image, "https://") {
		t.Errorf("Image = %q, want the absolute URL of the lead photo", a.Image)
	}
}

// TestSeedLayoutLead checks the seed site's layout on another of its
// pages (testdata/rules/seed-layout-section-standfirst): the section label
// above the headline goes to Section, never into the body, and the
// standfirst is dropped when the body repeats it, kept once when it says
// more.
func TestSeedLayoutLead(t *testing.T) {
	page, err := os.ReadFile("testdata/rules/seed-layout-section-standfirst/input.html")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://www.tbsnews.net/economy/garment-exporters-loans-790001")
	a, err := Extract(strings.NewReader(string(page)), u, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if a.Section != "World+Biz" {
		t.Errorf("Section = %q, want World+Biz", a.Section)
	}
	if strings.Contains(a.Text, "World+Biz") {
		t.Errorf("the section label is in the body:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "loans taken during") {
		t.Errorf("the standfirst the second paragraph repeats is in the body:\n%s", a.Text)
	}
	// A standfirst that adds to the story stays, once.
	more := "Exporters will have until June to repay the loans, and the bank will review the rule in May"
	page = []byte(strings.Replace(string(page), "<p>Exporters will have until June to repay the loans taken during the power crisis</p>", "<p>"+more+"</p>", 1))
	a, err = Extract(strings.NewReader(string(page)), u, Options{})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if n := strings.Count(a.Text, more); n != 1 {
		t.Errorf("a standfirst that adds information appears %d times, want once:\n%s", n, a.Text)
	}
}
