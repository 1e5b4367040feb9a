package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidings-app/tidings/feed/extract/internal/metadata"

	"github.com/tidings-app/tidings/feed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// wantDate is a wall-clock time and, when zoned, its UTC offset; an
// unzoned date must come back in the local zone as written.
type wantDate struct {
	wall   string // "2006-01-02 15:04"
	offset int    // seconds east of UTC
	zoned  bool
}

func (w wantDate) check(t *testing.T, field string, got time.Time) {
	t.Helper()
	if w.wall == "" {
		if !got.IsZero() {
			t.Errorf("%s = %v, want none", field, got)
		}
		return
	}
	if g := got.Format("2006-01-02 15:04"); g != w.wall {
		t.Errorf("%s = %s, want %s", field, g, w.wall)
	}
	_, off := got.Zone()
	switch {
	case w.zoned && off != w.offset:
		t.Errorf("%s offset = %d s, want %d s (the page's own zone)", field, off, w.offset)
	case !w.zoned && !feed.IsFloating(got):
		t.Errorf("%s zone = %v, want a floating wall clock (the page gave none)", field, got.Location())
	}
}

type wantMeta struct {
	title, site, source, section, url, lang, excerpt, image, caption string
	authors, tags                                                    []string
	published, modified                                              wantDate
}

func TestMetadataFixtures(t *testing.T) {
	tests := []struct {
		file, pageURL string
		want          wantMeta
	}{
		{
			// Yoast-style @graph: authors and publisher are @id references.
			file: "jsonld-graph.html", pageURL: "https://coastalherald.example/news/local/harbour-bridge-reopens?utm_source=x",
			want: wantMeta{
				title: "Harbour bridge reopens after two-year repair", site: "The Coastal Herald",
				authors: []string{"Ann Okafor", "Li Wei"}, section: "Local",
				url:       "https://coastalherald.example/news/local/harbour-bridge-reopens",
				published: wantDate{"2024-05-06 07:30", 3600, true}, modified: wantDate{"2024-05-06 11:05", 3600, true},
				lang: "en-GB", tags: []string{"bridges", "Transport", "council"},
				excerpt: "Cars and cyclists crossed the harbour again on Monday morning.",
				image:   "https://coastalherald.example/images/bridge-1200.jpg", caption: "The bridge at dawn on Monday.",
			},
		},
		{
			// OpenGraph and article:* only; the site name is a title prefix.
			file: "og-only.html", pageURL: "https://valleytimes.example/farming/late-frost",
			want: wantMeta{
				title: "Farmers count the cost of a late frost", site: "Valley Times",
				authors: []string{"Maria Gonzalez"}, section: "Farming",
				url:       "https://valleytimes.example/farming/late-frost",
				published: wantDate{"2023-04-18 06:00", -5 * 3600, true}, modified: wantDate{"2023-04-18 14:30", -5 * 3600, true},
				lang: "en-US", tags: []string{"frost", "orchards"},
				excerpt: "Orchards lost up to half their blossom in one night.",
				image:   "https://cdn.valleytimes.example/img/frost.jpg",
			},
		},
		{
			// Dublin Core: two creators, a date without time.
			file: "dublin-core.html", pageURL: "https://coastal.example/papers/12",
			want: wantMeta{
				title: "Sediment transport in tidal inlets", site: "Institute of Coastal Studies",
				authors: []string{"Helen Marsh", "Tomás Ruiz"}, section: "Oceanography",
				url: "https://coastal.example/papers/12", published: wantDate{wall: "2022-11-03 00:00"},
				lang: "en", excerpt: "How sand moves through tidal inlets over a season.",
			},
		},
		{
			// schema.org microdata in the page body.
			file: "microdata.html", pageURL: "https://stadtanzeiger.example/verkehr/bahn",
			want: wantMeta{
				title: "Neue Bahnstrecke eröffnet", site: "Stadtanzeiger", authors: []string{"Jonas Weber"},
				section: "Verkehr", url: "https://stadtanzeiger.example/verkehr/bahn",
				published: wantDate{"2024-02-10 08:00", 3600, true}, modified: wantDate{"2024-02-10 09:45", 3600, true},
				lang: "de-DE", tags: []string{"Bahn", "Verkehr", "Nahverkehr"},
				image: "https://stadtanzeiger.example/bilder/bahn.jpg", caption: "Der erste Zug am Samstagmorgen.",
			},
		},
		{
			// Nothing but what a reader sees: the agency byline, the
			// dateline without zone, a kicker, a tag list, a figure. The
			// teaser's date and byline further down must not win.
			file: "visible-only.html", pageURL: "https://www.tbsnews.net/world/usa/us-has-intelligence-810286",
			want: wantMeta{
				title: "US has intelligence confirming Islamic State responsibility for Russia attack, officials say",
				site:  "The Business Standard", source: "Reuters", section: "World+Biz",
				url:       "https://www.tbsnews.net/world/usa/us-has-intelligence-810286",
				published: wantDate{wall: "2024-03-23 09:15"}, modified: wantDate{wall: "2024-03-23 09:19"},
				lang: "en", tags: []string{"USA", "Russia", "ISIS", "Moscow attack"},
				image:   "https://www.tbsnews.net/files/images/2024/03/23/russia-crocus-shooting.jpg",
				caption: "Firefighters work near the burning Crocus City Hall concert venue. REUTERS/Maxim Shemetov",
			},
		},
		{
			// The agency is the meta author; the people are in the byline.
			file: "agency-dateline.html", pageURL: "https://lakesidedaily.example/news/storm",
			want: wantMeta{
				title: "Storm knocks out power to thousands", site: "Lakeside Daily", source: "AP",
				authors: []string{"JANE ROE", "RICK SMITH"}, url: "https://lakesidedaily.example/news/storm",
				published: wantDate{"2024-01-09 18:02", 0, true}, lang: "en",
			},
		},
		{
			// Twitter cards, Parse.ly and Sailthru meta, no OpenGraph: the
			// handle in twitter:creator is not a name.
			file: "twitter-parsely.html", pageURL: "https://railweekly.example/europe/night-trains",
			want: wantMeta{
				title: "Night trains return to the Alps", site: "Rail Weekly", authors: []string{"Sofia Keller"},
				section: "Europe", url: "https://railweekly.example/europe/night-trains",
				// Parse.ly gives UTC, Sailthru the same instant in the
				// newsroom's zone, which is the one shown.
				published: wantDate{"2023-11-02 06:30", 3600, true}, lang: "en-GB",
				tags:    []string{"night trains", "Alps", "sleeper"},
				excerpt: "Three operators restart sleeper services this winter.",
				image:   "https://railweekly.example/img/nightjet.jpg",
			},
		},
		{
			// Section prefix and site suffix both leave the title; the
			// logo <h1> in the masthead is not the headline.
			file: "title-affixes.html", pageURL: "https://harbourgazette.example/opinion/library",
			want: wantMeta{
				title: "Why the library matters", site: "The Harbour Gazette", section: "Opinion",
				url: "https://harbourgazette.example/opinion/library", lang: "en",
			},
		},
		{
			// Broken JSON-LD, impossible dates, a URL as author name, a
			// generic "admin" byline, an invalid lang: all ignored.
			file: "broken.html", pageURL: "https://example.com/council-budget",
			want: wantMeta{
				title: "Council approves budget", url: "https://example.com/council-budget",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "meta", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tc.pageURL)
			a := metaFromHTML(t, raw, "", u)
			w := tc.want
			for _, f := range []struct{ name, got, want string }{
				{"Title", a.Title, w.title}, {"Site", a.Site, w.site}, {"Source", a.Source, w.source},
				{"Section", a.Section, w.section}, {"URL", a.URL, w.url}, {"Lang", a.Lang, w.lang},
				{"Excerpt", a.Excerpt, w.excerpt}, {"Image", a.Image, w.image}, {"ImageCaption", a.ImageCaption, w.caption},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			if !slices.Equal(a.Authors, w.authors) {
				t.Errorf("Authors = %q, want %q", a.Authors, w.authors)
			}
			if !slices.Equal(a.Tags, w.tags) {
				t.Errorf("Tags = %q, want %q", a.Tags, w.tags)
			}
			w.published.check(t, "Published", a.Published)
			w.modified.check(t, "Modified", a.Modified)
		})
	}
}

// metaOf parses an inline page.
func metaOf(t *testing.T, page, pageURL string) *wantMetaResult {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(pageURL)
	a := metadata.ExtractMetadata(doc, u)
	return &wantMetaResult{title: a.Title, site: a.Site, authors: a.Authors, source: a.Source}
}

type wantMetaResult struct {
	title, site, source string
	authors             []string
}

func TestTitleCleaning(t *testing.T) {
	tests := []struct {
		name, head, body, want string
	}{
		{"suffix matching og:site_name", `<title>Rates rise again | Daily Ledger</title><meta property="og:site_name" content="Daily Ledger">`, ``, "Rates rise again"},
		{"prefix matching og:site_name", `<title>Daily Ledger - Rates rise again</title><meta property="og:site_name" content="Daily Ledger">`, ``, "Rates rise again"},
		{"suffix and section", `<title>Rates rise again | Business | Daily Ledger</title><meta property="og:site_name" content="Daily Ledger">`, `<h1>Rates rise again</h1>`, "Rates rise again"},
		{"og:title carries the suffix", `<meta property="og:title" content="Rates rise again – Daily Ledger"><meta property="og:site_name" content="Daily Ledger">`, ``, "Rates rise again"},
		{"host name as suffix", `<title>Rates rise again - Ledger.com</title>`, ``, "Rates rise again"},
		{"a dash inside the headline stays", `<title>Covid-19 - what we know so far</title>`, `<h1>Covid-19 - what we know so far</h1>`, "Covid-19 - what we know so far"},
		{"a dash inside a headline the <h1> repeats stays", `<title>New vaccine rules - what we know so far</title>`, `<h1>New vaccine rules - what we know so far</h1>`, "New vaccine rules - what we know so far"},
		{"unknown trailing parts go when no <h1> says otherwise", `<title>Get your frontend code covered | Code | Jane Doe</title>`, ``, "Get your frontend code covered"},
		{"channel and portal after an underscore", `<title>海外留学生看两会：出国前后关注点大不同_教育频道_中国青年网</title>`, ``, "海外留学生看两会：出国前后关注点大不同"},
		{"a numbered part stays with the headline", `<title>How the council spends your money - Part 2 - Jane Doe</title>`, ``, "How the council spends your money - Part 2"},
		{"a colon inside the headline stays", `<meta property="og:title" content="Brexit: the deal explained"><meta property="og:site_name" content="Daily Ledger">`, ``, "Brexit: the deal explained"},
		{"title part equal to h1", `<title>Rates rise again :: Markets :: Ledger Group</title>`, `<h1>Rates rise again</h1>`, "Rates rise again"},
		{"generic og:title loses to <title> and <h1>", `<title>Ship breaks up over Siberia</title><meta property="og:title" content="Ledger News - Latest News &amp; Headlines">`, `<h1>Ship breaks up over Siberia</h1>`, "Ship breaks up over Siberia"},
		{"truncated headline completed from the h1", `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council approves a budget that raises…"}</script>`, `<h1>Council approves a budget that raises taxes for the first time in a decade</h1>`, "Council approves a budget that raises taxes for the first time in a decade"},
		{"og:title with a section and an unknown site after the <h1>'s headline", `<meta property="og:title" content="Stipends rise to $50,000 for graduate students | News | The Campus Daily">`, `<h1>Stipends rise to $50,000 for graduate students</h1>`, "Stipends rise to $50,000 for graduate students"},
		{"a genre label after the headline", `<meta property="og:title" content="Let kids be kids and leave the labor laws alone | Editorial">`, ``, "Let kids be kids and leave the labor laws alone"},
		{"a genre label before the headline", `<title>Opinion | The bridge is worth its cost | Daily Ledger</title><meta property="og:site_name" content="Daily Ledger">`, ``, "The bridge is worth its cost"},
		{"a genre word inside the headline stays", `<meta property="og:title" content="Live music returns to the harbour">`, ``, "Live music returns to the harbour"},
		{"JSON-LD headline first", `<title>Short | Daily Ledger</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"Short title, long version"}</script>`, ``, "Short title, long version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := metaOf(t, "<html><head>"+tc.head+"</head><body>"+tc.body+"<p>Text.</p></body></html>", "https://www.ledger.com/x/y")
			if got.title != tc.want {
				t.Errorf("title = %q, want %q", got.title, tc.want)
			}
		})
	}
}

func TestBylines(t *testing.T) {
	tests := []struct {
		name, page   string
		authors      []string
		source, site string
	}{
		{"By prefix and two names", `<p class="byline">By Jane Doe and John Roe</p>`, []string{"Jane Doe", "John Roe"}, "", ""},
		{"agency after a comma", `<div class="author">Sam Lee, Reuters</div>`, []string{"Sam Lee"}, "Reuters", ""},
		{"agency alone", `<span class="byline">By AFP</span>`, nil, "AFP", ""},
		{"date glued to the name", `<div class="byline">by Lucas Nolan22 Dec 2016</div>`, []string{"Lucas Nolan"}, "", ""},
		{"role after the name", `<div class="author"><a class="author-link" href="/a/ben">Ben Silverman</a><div class="author-title">Games Editor</div></div>`, []string{"Ben Silverman"}, "", ""},
		{"surname first kept whole", `<meta name="author" content="Jong, Michiel de">`, []string{"Jong, Michiel de"}, "", ""},
		{"profile URL is not a name", `<meta property="article:author" content="https://facebook.com/jane"><p class="byline">By Jane Doe</p>`, []string{"Jane Doe"}, "", ""},
		{"JSON-LD organisation agency", `<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":{"@type":"Organization","name":"Reuters"}}</script>`, nil, "Reuters", ""},
		{"dateline credit", `<article><p>LONDON (Reuters) - Britain's economy grew faster than expected in the third quarter, data showed.</p></article>`, nil, "Reuters", ""},
		{"credit at the end of the story", `<article><p>The ministry said the talks would resume next week in Geneva.</p><p>Source: AFP</p></article>`, nil, "AFP", ""},
		{"credit with an em dash", `<article><p>The ministry said the talks would resume next week in Geneva.</p><p>— Reuters</p></article>`, nil, "Reuters", ""},
		{"a teaser's credit is not the story's", `<article><p>The ministry said the talks would resume next week in Geneva.</p></article><div class="related"><p>Reuters</p></div>`, nil, "", ""},
		{"the site is not an author beside an agency", `<meta property="og:site_name" content="The Lakeside News"><p class="byline">Lakeside News</p><article><p>The ministry said the talks would resume next week in Geneva.</p><p>With inputs from AP</p></article>`, nil, "AP", ""},
		{"an author's name inside the site's is kept", `<meta property="og:site_name" content="The Washington Post"><article><p class="byline">By Ash Lee and Jo Park</p><p>Text of the story goes here, long enough.</p><p>Source: AP</p></article>`, []string{"Ash Lee", "Jo Park"}, "AP", ""},
		{"photo credit is not a source", `<figure><figcaption>REUTERS/Maxim Shemetov</figcaption></figure><p class="byline">By Ann Lee</p>`, []string{"Ann Lee"}, "", ""},
		{"byline in comments ignored", `<div class="comments"><span class="author">troll99</span></div><span class="author-name">Ann Lee</span>`, []string{"Ann Lee"}, "", ""},
		{"place beside an agency", `<div class="article-author"><a class="author__name">Reuters, </a><span class="author__name"> Washington, </span></div>`, nil, "Reuters", ""},
		{"page text under an author class", `<h4 class="author">The Russian and Syrian defense ministries</h4>`, nil, "", ""},
		{"written and edited by", `<p class="byline">Written by Rob Ewaschuk<br>Edited by Betsy Beyer</p>`, []string{"Rob Ewaschuk", "Betsy Beyer"}, "", ""},
		{"affiliation domain dropped", `<meta name="author" content="Amy Lee, NJ.com">`, []string{"Amy Lee"}, "", ""},
		{"particles in names", `<span class="author-name">Ludwig van Beethoven</span>`, []string{"Ludwig van Beethoven"}, "", ""},
		{"co-authors in parentheses", `<span class="author">Martin Untersinger (avec Damien Leloup et Morgane Tual)</span>`, []string{"Martin Untersinger", "Damien Leloup", "Morgane Tual"}, "", ""},
		{"parsely-page JSON", `<meta name="parsely-page" content='{"title":"T","author":"Mia Chen","pub_date":"2020-01-02T03:04:05Z","section":"Tech","tags":["a","b"]}'>`, []string{"Mia Chen"}, "", ""},
		{"a JSON-LD author that is only the site gives way to the byline", `<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":{"@type":"Person","name":", Daily Ledger"},"publisher":{"@type":"Organization","name":"Daily Ledger"}}</script><article><p class="byline">By Kayla Moreno</p></article>`, []string{"Kayla Moreno"}, "", ""},
		{"the site's staff credit when no person is named", `<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":{"@type":"Person","name":"Daily Ledger Staff"},"publisher":{"@type":"Organization","name":"Daily Ledger"}}</script><div class="related"><span class="author">Tom Reed</span></div>`, []string{"Daily Ledger Staff"}, "", ""},
		{"a visible byline naming the site", `<meta property="og:site_name" content="The Citizen"><article><span class="author">The Citizen</span><p>The food drive gave back to the community this week.</p></article>`, []string{"The Citizen"}, "", ""},
		{"a CMS account name gives way to the writer the byline names", `<meta name="author" content="andrew.keaveney"><article><span class="author-name">Denise Everheart</span><p>Text of the story goes here.</p></article>`, []string{"Denise Everheart"}, "", ""},
		{"a one-word author stays when no byline names more", `<meta name="author" content="Krystyna"><article><p>Text of the story goes here.</p></article>`, []string{"Krystyna"}, "", ""},
		{"a byline label beside the headline in plain markup", `<h1>Catering trends</h1><div><p>Last updated</p><time>Aug 04, 2025</time></div><div><p>Written by</p><p>Edzel Tabing</p></div><p>Catering is changing.</p>`, []string{"Edzel Tabing"}, "", ""},
		{"a By line after the headline in plain markup", `<h1>How apps are made</h1><p>Written by <a href="/blog/author/mk">Moses Kim and Kate Shokurova</a></p><p>Apps are made in steps.</p>`, []string{"Moses Kim", "Kate Shokurova"}, "", ""},
		{"a sentence starting with By is no byline", `<h1>Rates rise again</h1><p>By the end of the year the council had spent its budget.</p>`, nil, "", ""},
		{"duplicates merged", `<script type="application/ld+json">{"@type":"Article","headline":"x","author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"ann lee"},"Bo Chen"]}</script>`, []string{"Ann Lee", "Bo Chen"}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := metaOf(t, "<html><head></head><body>"+tc.page+"</body></html>", "https://example.com/a")
			if !slices.Equal(got.authors, tc.authors) {
				t.Errorf("authors = %q, want %q", got.authors, tc.authors)
			}
			if got.source != tc.source {
				t.Errorf("source = %q, want %q", got.source, tc.source)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	dhaka := 6 * 3600
	tests := []struct {
		in     string
		wall   string
		offset int
		zoned  bool
	}{
		{"2024-03-23T09:15:00+06:00", "2024-03-23 09:15:00", dhaka, true},
		{"2024-03-23T09:15:00.123Z", "2024-03-23 09:15:00", 0, true},
		{"2015-04-30T07:19:58+0200", "2015-04-30 07:19:58", 7200, true},
		{"2017-11-03 03:01:00.000000", "2017-11-03 03:01:00", 0, false},
		{"2024-06-25", "2024-06-25 00:00:00", 0, false},
		{"Thu, 21 Dec 2000 16:01:07 +0200", "2000-12-21 16:01:07", 7200, true},
		{"23 March, 2024, 09:15 am", "2024-03-23 09:15:00", 0, false},
		{"Last modified: 23 March, 2024, 09:19 pm", "2024-03-23 21:19:00", 0, false},
		{"March 11, 2015 3:46 PM EDT", "2015-03-11 15:46:00", -4 * 3600, true},
		{"Published 10:43 AM GMT+6, Dec 22, 2016", "2016-12-22 10:43:00", dhaka, true},
		{"Thursday 3 January 2019 07.00 GMT", "2019-01-03 07:00:00", 0, true},
		{"10. Februar 2024, 08:00 Uhr", "2024-02-10 08:00:00", 0, false},
		{"30 avril 2015", "2015-04-30 00:00:00", 0, false},
		{"23/03/2024", "2024-03-23 00:00:00", 0, false},
		{"1711163700", "2024-03-23 03:15:00", 0, true},
	}
	for _, tc := range tests {
		d := metadata.ParseMetaDate(tc.in)
		if !d.Ok {
			t.Errorf("parseMetaDate(%q) failed, want %s", tc.in, tc.wall)
			continue
		}
		if got := d.T.Format("2006-01-02 15:04:05"); got != tc.wall {
			t.Errorf("parseMetaDate(%q) = %s, want %s", tc.in, got, tc.wall)
		}
		if d.Zone != tc.zoned {
			t.Errorf("parseMetaDate(%q) zoned = %v, want %v", tc.in, d.Zone, tc.zoned)
		}
		if _, off := d.T.Zone(); tc.zoned && off != tc.offset {
			t.Errorf("parseMetaDate(%q) offset = %d, want %d", tc.in, off, tc.offset)
		}
	}
	for _, bad := range []string{"", "yesterday", "0000-00-00 00:00:00", "2021-02-30", "03/04/2024", "2024-13-45T99:99:99Z", "Updated 3 hours ago", strings.Repeat("9", 400)} {
		if d := metadata.ParseMetaDate(bad); d.Ok {
			t.Errorf("parseMetaDate(%q) = %v, want no date", bad, d.T)
		}
	}
}

func TestSiteName(t *testing.T) {
	tests := []struct{ name, head, pageURL, want string }{
		{"JSON-LD publisher spells it best", `<meta property="og:site_name" content="usatoday"><script type="application/ld+json">{"@type":"NewsArticle","headline":"x","publisher":{"@type":"Organization","name":"USA TODAY"}}</script>`, "https://www.usatoday.com/story/x", "USA TODAY"},
		{"an agency as publisher is the story's source, not the site", `<meta property="og:site_name" content="Times Union"><script type="application/ld+json">{"@type":"NewsArticle","headline":"x","publisher":{"@type":"Organization","name":"Associated Press"}}</script>`, "https://www.timesunion.com/x", "Times Union"},
		{"the hosting platform is not the site", `<meta property="og:site_name" content="LinkNaija"><script type="application/ld+json">{"@type":"BlogPosting","headline":"x","publisher":{"@type":"Organization","name":"Blogger"}}</script>`, "https://www.linknaija.com/x", "LinkNaija"},
		{"a tagline after the name goes", `<meta property="og:site_name" content="LinkNaija | Nigeria's popular news platform">`, "https://www.linknaija.com/x", "LinkNaija"},
		{"the <title> affix beside the <h1>", `<title>Rates rise | The Daily Ledger</title>`, "https://ledger.example/x", "The Daily Ledger"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head>" + tc.head + "</head><body><h1>Rates rise</h1></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tc.pageURL)
			a := metadata.ExtractMetadata(doc, u)
			if a.Site != tc.want {
				t.Errorf("Site = %q, want %q", a.Site, tc.want)
			}
			if strings.Contains(tc.name, "agency") && a.Source != "AP" {
				t.Errorf("Source = %q, want AP (the publisher named in JSON-LD)", a.Source)
			}
		})
	}
}

func TestLangSources(t *testing.T) {
	tests := []struct{ name, head, want string }{
		{"html lang first", `<meta property="og:locale" content="fr_FR">`, "en"},
		{"JSON-LD of the web site", `<script type="application/ld+json">{"@type":"WebSite","name":"X","inLanguage":"pt-BR"}</script>`, "pt-BR"},
		{"hreflang of this very page", `<link rel="canonical" href="https://example.com/a"><link rel="alternate" hreflang="en-gb" href="https://example.com/uk/a"><link rel="alternate" hreflang="de" href="https://example.com/a">`, "de"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			open := "<html>"
			if tc.name == "html lang first" {
				open = `<html lang="en">`
			}
			doc, err := html.Parse(strings.NewReader(open + "<head>" + tc.head + "</head><body></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse("https://example.com/a?utm=1")
			if a := metadata.ExtractMetadata(doc, u); a.Lang != tc.want {
				t.Errorf("Lang = %q, want %q", a.Lang, tc.want)
			}
		})
	}
}

func TestNormalizeLang(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "EN-us": "en-US", "en_GB": "en-GB", "pt-br, en": "pt-BR", "zh-hant-tw": "zh-Hant-TW",
		"es-419": "es-419", "": "", "x": "", "english": "", "en-": "",
	} {
		if got := metadata.NormalizeLang(in); got != want {
			t.Errorf("normalizeLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMetadataSeed checks the metadata of the project's seed page (The
// Business Standard, a Reuters story) as the body engine's fixture
// reproduces it.
func TestMetadataSeed(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/seed/tbs-article.html")
	if err != nil {
		t.Fatalf("the seed page is part of the repository: %v", err)
	}
	u, _ := url.Parse("https://www.tbsnews.net/world/usa/us-has-intelligence-confirming-islamic-state-responsibility-russia-attack-officials-say-810286")
	a := metaFromHTML(t, raw, "text/html; charset=utf-8", u)
	if want := "US has intelligence confirming Islamic State responsibility for Russia attack, officials say"; a.Title != want {
		t.Errorf("Title = %q, want %q", a.Title, want)
	}
	if a.Site != "The Business Standard" || a.Source != "Reuters" || a.Section != "World+Biz" {
		t.Errorf("Site, Source, Section = %q, %q, %q; want The Business Standard, Reuters, World+Biz", a.Site, a.Source, a.Section)
	}
	if slices.Contains(a.Authors, "Reuters") {
		t.Errorf("Authors = %q: the agency is the Source, not a person", a.Authors)
	}
	wantDate{"2024-03-23 09:15", 6 * 3600, true}.check(t, "Published", a.Published)
	wantDate{"2024-03-23 09:19", 6 * 3600, true}.check(t, "Modified", a.Modified)
	if want := []string{"USA", "Russia", "ISIS", "Moscow attack"}; !slices.Equal(a.Tags, want) {
		t.Errorf("Tags = %q, want %q", a.Tags, want)
	}
}

// TestMetadataHostile feeds pages that must not crash or hang the reader.
func TestMetadataHostile(t *testing.T) {
	ldBomb := `<script type="application/ld+json">` + strings.Repeat(`{"@type":"NewsArticle","author":[`, 3000) + `</script>`
	ldWide := `<script type="application/ld+json">[` + strings.Repeat(`{"@type":"Thing","name":"x"},`, 50000) + `{}]</script>`
	for name, page := range map[string]string{
		"empty": "", "ld bomb": ldBomb, "ld wide": ldWide,
		"binary":    string([]byte{0, 1, 2, 0xff, 0xfe, 0x80}),
		"bad attrs": `<meta property="" content=""><meta name="author"><time datetime=""></time><a rel="author"></a>`,
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			_ = metadata.ExtractMetadata(doc, nil)
		})
	}
	// html.Parse stops at 512 open elements; a tree built by other means
	// (or a future parser) may be deeper, and the walk must still end.
	doc, _ := html.Parse(strings.NewReader("<html><body></body></html>"))
	body := doc.FirstChild.LastChild
	n := body
	for i := 0; i < 20000; i++ {
		c := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div, Attr: []html.Attribute{{Key: "class", Val: "byline date tags"}}}
		n.AppendChild(c)
		n = c
	}
	n.AppendChild(&html.Node{Type: html.TextNode, Data: "By Jane Doe, 23 March 2024"})
	_ = metadata.ExtractMetadata(doc, nil)
	if a := metadata.ExtractMetadata(nil, nil); a == nil {
		t.Error("extractMetadata(nil) = nil, want an empty article")
	}
}

// TestMetadataCleanup covers values that CMSs get wrong in ways a reader
// would notice.
func TestMetadataCleanup(t *testing.T) {
	page := `<html><head>
<meta property="og:site_name" content="CNN">
<meta property="og:title" content="Opinion | Markets &amp;#8216;cool&amp;#8217; as rates rise">
<meta property="article:section" content="Opinion">
<meta name="keywords" content="@river, /article, ctp_video, markets, PG&amp;amp;E">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"","author":[{"@type":"Person","name":"Jill Disis"},{"@type":"Person","name":"CNN Business"}]}</script>
</head><body><h1>Markets ‘cool’ as rates rise</h1></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	a := metadata.ExtractMetadata(doc, nil)
	if want := "Markets ‘cool’ as rates rise"; a.Title != want {
		t.Errorf("Title = %q, want %q (entities decoded, section prefix dropped)", a.Title, want)
	}
	if want := []string{"Jill Disis"}; !slices.Equal(a.Authors, want) {
		t.Errorf("Authors = %q, want %q (the site is not a person)", a.Authors, want)
	}
	if want := []string{"markets", "PG&E"}; !slices.Equal(a.Tags, want) {
		t.Errorf("Tags = %q, want %q (CMS-internal labels dropped)", a.Tags, want)
	}
	for _, bad := range []string{"post", "All", "@pshanley88", "EMAIL ME", "Uncategorized", "nil", "Front Page"} {
		if got := metadata.SectionName(bad); got != "" {
			t.Errorf("sectionName(%q) = %q, want none", bad, got)
		}
	}
	if got := metadata.SectionName("Posted in News"); got != "News" {
		t.Errorf("sectionName(Posted in News) = %q, want News", got)
	}
	if got := metadata.SectionName("Calendario, Stock Car, Slideshow"); got != "Calendario" {
		t.Errorf("sectionName of a list = %q, want its first item", got)
	}
	share := `<html><body><ul class="tags"><li><a href="#">Share this with Facebook</a></li><li><a href="#">Share this with Twitter</a></li></ul></body></html>`
	doc, _ = html.Parse(strings.NewReader(share))
	if a := metadata.ExtractMetadata(doc, nil); len(a.Tags) > 0 {
		t.Errorf("Tags = %q from a share bar, want none", a.Tags)
	}
}

// TestJSONLDShapes covers JSON-LD layouts seen on real sites.
func TestJSONLDShapes(t *testing.T) {
	tests := []struct {
		name, ld  string
		title     string
		published string
		authors   []string
	}{
		{"a page typed only as MedicalWebPage", `{"@context":"https://schema.org","@type":"MedicalWebPage","headline":"15 Tips","datePublished":"2019-11-14T08:00:00.000Z","author":{"@type":"Person","name":"Ana Ruiz"}}`, "15 Tips", "2019-11-14", []string{"Ana Ruiz"}},
		{"article nested in mainEntity", `{"@type":"WebPage","name":"Site","mainEntity":{"@type":"BlogPosting","headline":"Nested post","datePublished":"2021-05-01"}}`, "Nested post", "2021-05-01", nil},
		{"type as a URL and in a list", `[{"@type":"http://schema.org/Organization","name":"X"},{"@type":["Thing","http://schema.org/ReportageNewsArticle"],"headline":"Report","dateCreated":"2020-02-02T10:00:00+02:00"}]`, "Report", "2020-02-02", nil},
		{"raw newline inside a string", "{\"@type\":\"NewsArticle\",\"headline\":\"Line\nbreak\",\"datePublished\":\"2022-03-04\"}", "Line break", "2022-03-04", nil},
		{"HTML comment wrapper", `<!-- {"@type":"NewsArticle","headline":"Wrapped","author":"Kim Lee"} -->`, "Wrapped", "", []string{"Kim Lee"}},
		{"date in the address as a last resort", `{"@type":"BlogPosting","headline":"Post"}`, "Post", "2019-11-20", nil},
		{"the object naming this page beats a teaser listed before it", `[{"@type":"NewsArticle","headline":"Other story","url":"https://blog.example/2019/11/19/other","datePublished":"2019-11-19"},{"@type":"NewsArticle","headline":"This story","mainEntityOfPage":{"@id":"https://www.blog.example/2019/11/20/post/"},"datePublished":"2019-11-20"}]`, "This story", "2019-11-20", nil},
		{"a claim's author is not the article's", `{"@type":"ClaimReview","itemReviewed":{"@type":"CreativeWork","author":{"@type":"Person","name":"Some Claimant"}}}`, "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := `<html><head><script type="application/ld+json">` + tc.ld + `</script></head><body><p>x</p></body></html>`
			doc, err := html.Parse(strings.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse("https://blog.example/2019/11/20/post")
			if tc.published == "" {
				u = nil
			}
			a := metadata.ExtractMetadata(doc, u)
			if a.Title != tc.title {
				t.Errorf("Title = %q, want %q", a.Title, tc.title)
			}
			got := ""
			if !a.Published.IsZero() {
				got = a.Published.Format("2006-01-02")
			}
			if got != tc.published {
				t.Errorf("Published = %q, want %q", got, tc.published)
			}
			if !slices.Equal(a.Authors, tc.authors) {
				t.Errorf("Authors = %q, want %q", a.Authors, tc.authors)
			}
		})
	}
}

// TestImageCaption covers captions written beside the image instead of
// in a <figcaption>, and what is not a caption.
func TestImageCaption(t *testing.T) {
	tests := []struct{ name, page, image, caption string }{
		{"caption div after the image wrapper",
			`<meta property="og:image" content="https://cdn.example.com/styles/social/photo-1.jpg"><article><div class="media"><div class="wrap"><img src="data:image/gif;base64,R0l" data-src="/styles/big/photo-1.jpg"></div><div class="photo-caption">Firefighters work near the venue. REUTERS/Jane Roe</div></div></article>`,
			"https://cdn.example.com/styles/social/photo-1.jpg", "Firefighters work near the venue. REUTERS/Jane Roe"},
		{"screen-reader label dropped",
			`<article><figure><img src="/a.jpg"><figcaption><span class="off-screen">Image caption</span> Scooter Braun has managed many artists</figcaption></figure></article>`,
			"https://example.com/a.jpg", "Scooter Braun has managed many artists"},
		{"the site logo in og:image gives way to the article's figure",
			`<meta property="og:image" content="https://example.com/static/site-logo.png"><article><figure><img src="/photos/river.jpg"><figcaption>The river at dawn on Monday.</figcaption></figure></article>`,
			"https://example.com/photos/river.jpg", "The river at dawn on Monday."},
		{"a bare credit is not a caption",
			`<article><figure><img src="/a.jpg"><figcaption>Shutterstock</figcaption></figure></article>`,
			"https://example.com/a.jpg", ""},
		{"a cookie banner is not a caption",
			`<div class="cookie-consent"><img src="/toggle.png"><span class="caption">Always enabled for all visitors</span></div><article><p>Text</p></article>`,
			"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head></head><body>" + tc.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse("https://example.com/news/x")
			a := metadata.ExtractMetadata(doc, u)
			if a.Image != tc.image {
				t.Errorf("Image = %q, want %q", a.Image, tc.image)
			}
			if a.ImageCaption != tc.caption {
				t.Errorf("ImageCaption = %q, want %q", a.ImageCaption, tc.caption)
			}
		})
	}
}

// TestVisibleDates covers datelines written for people, not machines.
func TestVisibleDates(t *testing.T) {
	tests := []struct{ name, page, published, modified string }{
		{"both dates on one line", `<article><div class="article-dateline">April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm</div></article>`, "2019-04-28 06:01", "2019-04-29 15:33"},
		{"labelled spans", `<article><p class="meta"><span class="date">Published: 3 May 2021 10:00 BST</span> <span class="date">Updated: 4 May 2021 08:30 BST</span></p></article>`, "2021-05-03 10:00", "2021-05-04 08:30"},
		{"time element and an updated label", `<article><time datetime="2022-01-05T07:00:00Z">5 Jan</time> <span class="updated">Updated <time datetime="2022-01-06T09:00:00Z">6 Jan</time></span></article>`, "2022-01-05 07:00", "2022-01-06 09:00"},
		{"a machine copy in the title attribute gives the zone", `<article><li class="date-and-time" title="2015-03-13T21:00:00+11:00"><span>March 13, 2015</span> <span>9:00PM</span></li></article>`, "2015-03-13 21:00 +1100", ""},
		{"a UTC time shown in the zone the page uses elsewhere", `<meta property="article:published_time" content="2019-11-19T03:05:46Z"><meta property="article:modified_time" content="2019-11-18T22:15:39-05:00">`, "2019-11-18 22:05 -0500", "2019-11-18 22:15 -0500"},
		{"a UTC time in the zone of the clock the page shows", `<meta property="article:published_time" content="2023-12-25T22:03:00.000Z"><article><div class="byline"><span class="date">December 26, 2023 - 9:03AM</span></div></article>`, "2023-12-26 09:03 +1100", ""},
		{"a shown clock that is not the same moment leaves UTC alone", `<meta property="article:published_time" content="2023-12-25T22:03:00Z"><article><span class="date">December 26, 2023 - 9:10AM</span></article>`, "2023-12-25 22:03 +0000", ""},
		{"a page that shows only its update is dated by it", `<meta property="article:published_time" content="2015-04-06T13:52:00-04:00"><meta property="article:modified_time" content="2025-09-28T06:58:00-04:00"><article><div class="article-date">Updated September 28, 2025</div></article>`, "2025-09-28 06:58", "2025-09-28 06:58"},
		{"a shown publication date keeps the metadata's", `<meta property="article:published_time" content="2015-04-06T13:52:00-04:00"><meta property="article:modified_time" content="2025-09-28T06:58:00-04:00"><article><span class="date">April 6, 2015</span> <span class="date">Updated September 28, 2025</span></article>`, "2015-04-06 13:52", "2025-09-28 06:58"},
		{"a date printed after the headline in plain markup", `<article><h1>Rates rise again</h1><div><strong>By <a href="/team/ann">Ann Lee</a></strong> - Mar 27, 2024</div><p>The bank raised its rate by a quarter point on Wednesday.</p></article>`, "2024-03-27 00:00", ""},
		{"a labelled date just before the headline", `<div><div>Last updated:</div><div>Dec 12, 2025</div></div><h1>Rates rise again</h1><p>The bank raised its rate by a quarter point on Wednesday.</p>`, "2025-12-12 00:00", ""},
		{"a date in a sentence of the story is not the page's", `<h1>Rates rise again</h1><p>On March 3, 2020, the bank last raised its rate.</p>`, "", ""},
		{"a date in a list of other stories is not the page's", `<h1>Rates rise again</h1><div class="related"><span>Mar 2, 2020</span></div><p>The bank raised its rate by a quarter point on Wednesday.</p>`, "", ""},
		{"relative dates are ignored", `<article><span class="date">3 hours ago</span></article>`, "", ""},
		{"the header's date of today is not the story's", `<header class="masthead"><span class="date">Monday, 1 January 2024</span></header><article><span class="date">30 December 2023</span></article>`, "2023-12-30 00:00", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><body>" + tc.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			a := metadata.ExtractMetadata(doc, nil)
			got := func(x time.Time) string {
				if x.IsZero() {
					return ""
				}
				if len(tc.published) > len("2006-01-02 15:04") {
					// the case states the offset too
					return x.Format("2006-01-02 15:04 -0700")
				}
				return x.Format("2006-01-02 15:04")
			}
			if got(a.Published) != tc.published || got(a.Modified) != tc.modified {
				t.Errorf("Published, Modified = %q, %q; want %q, %q", got(a.Published), got(a.Modified), tc.published, tc.modified)
			}
		})
	}
}

func TestHiddenElementsGiveNoMetadata(t *testing.T) {
	page := `<html><head><title>Rates rise again</title></head><body><article>
<h1>Rates rise again</h1>
<div class="byline" hidden>By Former Editor</div>
<div class="byline">By Jane Doe</div>
<p>The central bank raised rates again on Tuesday, the fourth rise this year, and said more could follow.
As of late 2015<sup class="plainlinks noprint asof-tag update" style="display:none;"><a href="/edit">[update]</a></sup>, prices kept rising.</p>
<div class="tags" style="visibility: hidden"><a rel="tag" href="/t/old">Old tag</a></div>
</article></body></html>`
	u, _ := url.Parse("https://www.ledger.com/x/y")
	a := metaFromHTML(t, []byte(page), "", u)
	if len(a.Tags) != 0 {
		t.Errorf("Tags = %q, want none: hidden lists are not the story's tags", a.Tags)
	}
	if len(a.Authors) != 1 || a.Authors[0] != "Jane Doe" {
		t.Errorf("Authors = %q, want [Jane Doe] (the hidden byline is not shown)", a.Authors)
	}
}
