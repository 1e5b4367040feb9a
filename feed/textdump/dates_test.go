package textdump

import (
	"net/url"
	"strings"
	"testing"
)

// TestDatelines reads the datelines news pages print, keeping the wall
// clock and the zone when one is given.
func TestDatelines(t *testing.T) {
	for _, tc := range []struct {
		in       string
		want     string // 2006-01-02 15:04 and the zone name, "" for none found
		modified bool
		line     bool // a dateline, not a sentence that mentions a date
	}{
		{"23 March, 2024, 09:15 am", "2024-03-23 09:15 local", false, true},
		{"Last modified: 23 March, 2024, 09:19 am", "2024-03-23 09:19 local", true, true},
		{"Published 11:42 PM EDT, June 5, 2024", "2024-06-05 23:42 EDT", false, true},
		{"Updated 12:10 AM EDT, June 6, 2024", "2024-06-06 00:10 EDT", true, true},
		{"2024-03-23T09:19:00+06:00", "2024-03-23 09:19 +06:00", false, true},
		{"2019-11-20T08:00:00Z", "2019-11-20 08:00 UTC", false, true},
		{"Nov. 19, 2019 6:21 AM EST", "2019-11-19 06:21 EST", false, true},
		{"Tuesday, November 19, 2019", "2019-11-19 00:00 local", false, true},
		{"12 April 2024, 14:05 BST", "2024-04-12 14:05 BST", false, true},
		{"20.11.2019 10:43", "2019-11-20 10:43 local", false, true},
		{"11/20/2019 01:14 PM", "2019-11-20 13:14 local", false, true},
		{"2018年8月16日", "2018-08-16 00:00 local", false, true},
		{"Posted on March 3, 2023", "2023-03-03 00:00 local", false, true},
		{"The US embassy in Russia warned on 8 March 2024 that extremists had plans for an attack.", "2024-03-08 00:00 local", false, false},
		{"2 hours ago", "", false, false},
		{"The vote was 77-19.", "", false, false},
		{"Call 03-7619056 before 14:00", "", false, false},
	} {
		got, mod, ok := lineDate(tc.in)
		if tc.want == "" {
			if ok {
				t.Errorf("lineDate(%q) = %v, want no date", tc.in, got)
			}
			continue
		}
		zone := got.Location().String()
		if zone == "" {
			zone = got.Format("-07:00") // a numeric offset has no name
		}
		if s := got.Format("2006-01-02 15:04 ") + zone; !ok || s != tc.want {
			t.Errorf("lineDate(%q) = %q (found %v), want %q", tc.in, s, ok, tc.want)
		}
		if mod != tc.modified {
			t.Errorf("lineDate(%q) modified = %v, want %v", tc.in, mod, tc.modified)
		}
		if l := isDateLine(tc.in); l != tc.line {
			t.Errorf("isDateLine(%q) = %v, want %v", tc.in, l, tc.line)
		}
	}
}

// TestMarkdownEscapes: the page's text never turns into Markdown markup.
func TestMarkdownEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"1. Not a list item, but a sentence that starts with a number.": `1\. Not a list item`,
		"# Not a heading either":                                  `\# Not a heading`,
		"Prices rose *sharply* in [brackets] with <b>tags</b>_ok": `\*sharply\* in \[brackets\] with \<b>tags\</b>\_ok`,
		"> not a quote":                                           `\> not a quote`,
		"• a bullet the page drew":                                `- a bullet the page drew`,
	} {
		if got := markdownOf(para{text: in}); !strings.HasPrefix(got, want) && !strings.Contains(got, want) {
			t.Errorf("markdownOf(%q) = %q, want it to hold %q", in, got, want)
		}
	}
}

// TestSiteName finds the publication's name wherever the page gives it.
func TestSiteName(t *testing.T) {
	story := "\n\nA headline of the story here\n\n" +
		"The council voted on Tuesday to approve the budget, after a long debate that lasted most of the night.\n\n" +
		"Members who opposed it said the plan leaned too heavily on reserves that the city may need next winter.\n\n" +
		"The mayor said the vote showed the council could still agree on hard things when it mattered.\n\n"
	for _, tc := range []struct {
		name, text, url, want string
	}{
		{"follow promo", story + "Keep updated, follow The Harbour Times's Google news channel\n", "", "The Harbour Times"},
		{"comment policy", story + "Comments\n\nPublished comments are readers' own views and Daily Ledger does not endorse any of them.\n", "", "Daily Ledger"},
		{"copyright", story + "© 2019-2024 Ana's Notes. All rights reserved.\n", "", "Ana's Notes"},
		{"host", story, "https://www.example.org/news/a-headline", "example.org"},
	} {
		var u *url.URL
		if tc.url != "" {
			u, _ = url.Parse(tc.url)
		}
		a, err := Parse(tc.text, u)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if a.Site != tc.want {
			t.Errorf("%s: Site = %q, want %q", tc.name, a.Site, tc.want)
		}
	}
}
