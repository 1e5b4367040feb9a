package textdump

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

const seedPath = "../../../shared/seed/000_bd349e0b9b030ee0.txt"

func readSeed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("seed dump not found at %s (it lives in ../shared beside the repo); skipping", seedPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// seedStory is how each of the eleven paragraphs of the Reuters story in
// the seed begins, in order.
var seedStory = []string{
	"The United States has intelligence confirming Islamic State's claim",
	"The officials said the United States had warned Russia in recent weeks about the possibility of an attack.",
	`"Earlier this month, the US government had information`,
	"At least 60 people were killed and 145 wounded",
	"The Islamic State, the militant group that once sought control",
	"The death toll made it one of the worst attacks on Russia since the 2004 Beslan",
	`"We did warn the Russians appropriately,"`,
	"The US embassy in Russia warned on 8 March",
	"The embassy, which has repeatedly urged all US citizens to leave Russia",
	"Russia's invasion of Ukraine in February 2022",
	"The Kremlin, which accuses the US of fighting against Russia",
}

const seedCaption = "Firefighters work near the burning Crocus City Hall concert venue following a shooting incident, outside Moscow, Russia, March 22, 2024. REUTERS/Maxim Shemetov"

// TestSeed is issue 7's acceptance on the dump the project started from.
func TestSeed(t *testing.T) {
	seed := readSeed(t)
	if !Looks([]byte(seed)) {
		t.Fatal("Looks(seed) = false, want true: the seed is a text dump")
	}
	a, err := Parse(seed, nil)
	if err != nil {
		t.Fatalf("Parse(seed): %v", err)
	}
	if want := "US has intelligence confirming Islamic State responsibility for Russia attack, officials say"; a.Title != want {
		t.Errorf("Title = %q, want %q", a.Title, want)
	}
	checkWall := func(name string, got time.Time, hh, mm int) {
		t.Helper()
		if got.Year() != 2024 || got.Month() != time.March || got.Day() != 23 || got.Hour() != hh || got.Minute() != mm {
			t.Errorf("%s = %v, want 2024-03-23 %02d:%02d as printed", name, got, hh, mm)
		}
		if !IsFloating(got) {
			t.Errorf("%s zone = %v, want the floating local zone (the page gives none)", name, got.Location())
		}
	}
	checkWall("Published", a.Published, 9, 15)
	checkWall("Modified", a.Modified, 9, 19)
	if a.Lang != "en" {
		t.Errorf("Lang = %q, want en", a.Lang)
	}
	if a.Source != "Reuters" {
		t.Errorf("Source = %q, want Reuters", a.Source)
	}
	if len(a.Authors) != 0 {
		t.Errorf("Authors = %q, want none (the agency is the Source)", a.Authors)
	}
	if a.Site != "The Business Standard" {
		t.Errorf("Site = %q, want The Business Standard", a.Site)
	}
	if a.Section != "World+Biz" {
		t.Errorf("Section = %q, want World+Biz", a.Section)
	}
	if want := []string{"USA", "Russia", "ISIS", "Moscow attack"}; !slices.Equal(a.Tags, want) {
		t.Errorf("Tags = %q, want %q", a.Tags, want)
	}
	if a.ImageCaption != seedCaption {
		t.Errorf("ImageCaption = %q, want the photo caption once", a.ImageCaption)
	}
	if want := "The officials said the United States had warned Russia in recent weeks about the possibility of an attack"; a.Excerpt != want {
		t.Errorf("Excerpt = %q, want the standfirst %q", a.Excerpt, want)
	}

	paras := strings.Split(a.Text, "\n\n")
	if len(paras) != len(seedStory) {
		t.Errorf("body has %d paragraphs, want the %d of the story:\n%s", len(paras), len(seedStory), a.Text)
	}
	seedLines := strings.Split(seed, "\n")
	for i, p := range paras {
		if i < len(seedStory) && !strings.HasPrefix(p, seedStory[i]) {
			t.Errorf("paragraph %d = %.80q…, want it to begin %q", i+1, p, seedStory[i])
		}
		if !slices.Contains(seedLines, p) {
			t.Errorf("paragraph %d is not a whole line of the seed: %.80q", i+1, p)
		}
	}
	if last := paras[len(paras)-1]; !strings.HasSuffix(last, "says relations with Washington have probably never been worse.") {
		t.Errorf("last paragraph = %q, want the Kremlin paragraph", last)
	}
	for _, clutter := range []string{
		"Google News", "Keep updated", "Related News", "Comments", "moderation", "Top Stories",
		"MOST VIEWED", "Features", "Panorama", "More Videos", "Videos", "Buriganga", "Messi",
		"USA / Russia", "Last modified", "World+Biz", "Firefighters", "REUTERS/",
		"US has intelligence confirming Islamic State responsibility",
	} {
		if strings.Contains(a.Text, clutter) || strings.Contains(a.Markdown, clutter) {
			t.Errorf("body holds clutter %q", clutter)
		}
	}
	if strings.Count(a.Markdown, "\n\n") != len(seedStory)-1 {
		t.Errorf("Markdown has %d paragraph breaks, want %d", strings.Count(a.Markdown, "\n\n"), len(seedStory)-1)
	}
	if a.WordCount < 300 || a.WordCount > 400 {
		t.Errorf("WordCount = %d, want the story's ~350 words", a.WordCount)
	}
	if a.ReadingMinutes != 2 {
		t.Errorf("ReadingMinutes = %d, want 2 at ~230 words a minute", a.ReadingMinutes)
	}
}
