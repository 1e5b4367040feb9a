package ui

// Wide and combining scripts (issue #14 item 4): every screen is laid out
// with the measure Bubble Tea's renderer draws with, so that no line's end
// falls off the screen. The renderer counts code points (ansi.WcWidth)
// unless the terminal answers that it clusters graphemes (mode 2027), and
// tmux does not answer.

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"

	"github.com/tidings-app/tidings/feed"
)

// bengaliBody is a paragraph whose grapheme width is about two thirds of
// what a screen that sums code points draws.
const bengaliBody = "ঢাকায় আজ সকাল থেকে ভারী বৃষ্টি হচ্ছে। আবহাওয়া অধিদপ্তর জানিয়েছে, আগামী তিন দিন দেশের বিভিন্ন অঞ্চলে " +
	"বৃষ্টিপাত অব্যাহত থাকতে পারে। নিম্নাঞ্চলে জলাবদ্ধতার আশঙ্কা করা হচ্ছে এবং নদীর পানি বিপদসীমার কাছাকাছি প্রবাহিত হচ্ছে। শেষকথা"

// newWideFake returns a backend with a Bengali, a Chinese and an emoji
// feed, two stories each, the newest first.
func newWideFake() *fakeBackend {
	f := &fakeBackend{
		feeds: []feed.Feed{
			{ID: 1, Title: "প্রথম আলো", URL: "https://bn.example/feed", Tags: []string{"বাংলা"}, Total: 2, Unread: 2},
			{ID: 2, Title: "新华网", URL: "https://zh.example/feed", Tags: []string{"中文"}, Total: 2, Unread: 2},
			{ID: 3, Title: "🎉 Emoji Daily", URL: "https://emoji.example/feed", Total: 2, Unread: 2,
				LastError: "https://emoji.example/feed: সার্ভার সাড়া দিচ্ছে না 服务器没有响应"},
		},
		articles: map[string]*feed.Article{}, notices: map[string]string{},
		articleErr: map[string]error{}, gate: map[string]chan struct{}{},
		lastRefresh: clock.Add(-10 * time.Minute),
	}
	stories := []struct {
		feed        int64
		title, body string
	}{
		{1, "ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা, নিম্নাঞ্চলে বন্যার আশঙ্কা করছে আবহাওয়া অধিদপ্তর", bengaliBody},
		{2, "国家统计局：前三季度国内生产总值同比增长百分之五点二，就业形势总体稳定", "国家统计局今天发布的数据显示，今年前三季度国内生产总值同比增长百分之五点二，" +
			"消费对经济增长的贡献率持续提高，就业形势总体稳定。专家表示，随着一系列政策措施落地见效，经济回升向好的态势将进一步巩固。"},
		// An emoji with a variation selector ("☀️") is a column to the
		// renderer, two to Lip Gloss.
		{3, "🎉 Fans ❤️ celebrate ⚽️ the title ✌️ late into the night ☀️ under the ✈️ ❤️ ⚽️ ☀️ ✌️ of the whole city", "Fans celebrated 🎉🎉 the win late into the night 🌙 " +
			"with fireworks 🎆 and songs 🎶 across the city while the team 🏆 paraded through the streets 🚌 and handed out medals 🥇🥈🥉."},
		{1, "সিলেটে পাহাড়ি ঢলে নদীর পানি বিপদসীমার ওপরে, নিম্নাঞ্চল প্লাবিত", bengaliBody},
		{2, "北京今冬首场降雪 气温骤降", "北京今天迎来今冬首场降雪。"},
		{3, "🚀 Launch day 🌍", "The rocket 🚀 lifted off."},
	}
	for i, s := range stories {
		id := int64(i + 1)
		fname := f.feeds[s.feed-1].Title
		url := fmt.Sprintf("https://news.example/wide/%d", id)
		published := clock.Add(-time.Duration(i*3+1) * time.Hour)
		f.stories = append(f.stories, feed.Story{ID: id, FeedID: s.feed, FeedTitle: fname, FeedTags: f.feeds[s.feed-1].Tags,
			URL: url, Title: s.title, Published: published})
		f.articles[url] = &feed.Article{Title: s.title, Site: fname, URL: url, Published: published, Markdown: s.body}
	}
	return f
}

// checkFits fails when a line of view is wider than width as the
// renderer counts by default.
func checkFits(t *testing.T, view string, width int) {
	t.Helper()
	for i, l := range strings.Split(view, "\n") {
		if w := ansi.WcWidth.StringWidth(l); w > width {
			t.Errorf("line %d is %d columns on the screen, past the edge at %d: %q", i+1, w, width, l)
		}
	}
}

// TestWideScriptListRowsEndOnScreen: each row of the list keeps its feed
// name and ends with the story's age inside 80 columns.
func TestWideScriptListRowsEndOnScreen(t *testing.T) {
	f := newWideFake()
	h := newHarness(t, f, Options{})
	v := h.view()
	golden(t, filepath.Join("testdata", "wide-list-80x24.golden"), trimRight(v))
	checkFits(t, v, 80)
	rows := strings.Split(v, "\n")[1:]
	for i, s := range f.stories {
		row := strings.TrimRight(rows[i], " ")
		age := fmt.Sprintf("%dh", i*3+1)
		if !strings.HasSuffix(row, " "+age) {
			t.Errorf("row %d should end with its age %q:\n%s", i+1, age, row)
		}
		if !strings.Contains(row, s.FeedTitle) {
			t.Errorf("row %d should show its feed %q:\n%s", i+1, s.FeedTitle, row)
		}
		if at := ansi.WcWidth.StringWidth(row); at != 80 {
			t.Errorf("row %d ends at column %d, not at the edge (80):\n%s", i+1, at, row)
		}
	}
}

// TestWideScriptReaderKeepsLineEnds: a Bengali, a Chinese and an emoji
// story read at 80 columns lose no word off the end of a line.
func TestWideScriptReaderKeepsLineEnds(t *testing.T) {
	f := newWideFake()
	for i, name := range []string{"bengali", "chinese", "emoji"} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, f, Options{})
			h.key(strings.Split(strings.Repeat("j", i), "")...)
			h.key("enter")
			v := h.view()
			golden(t, filepath.Join("testdata", "wide-reader-"+name+"-80x24.golden"), trimRight(v))
			checkFits(t, v, 80)
			s := f.stories[i]
			body := f.articles[s.URL].Markdown
			got, want := strings.Fields(norm.NFC.String(v)), strings.Fields(norm.NFC.String(body))
			if name == "chinese" {
				// Broken between any two characters: nothing may be lost.
				got, want = []string{strings.Join(got, "")}, []string{strings.Join(want, "")}
			}
			if !strings.Contains(strings.Join(got, " "), strings.Join(want, " ")) {
				t.Errorf("the body lost or split words on screen:\n%s\nwant every word of\n%s", v, body)
			}
			if title := strings.Join(strings.Fields(norm.NFC.String(s.Title)), " "); name != "chinese" &&
				!strings.Contains(strings.Join(strings.Fields(norm.NFC.String(v)), " "), title) {
				t.Errorf("the title lost or split words on screen:\n%s\nwant every word of\n%s", v, s.Title)
			}
		})
	}
}

// TestWideScriptFeedsPaneKeepsItsBorder: beside the list the rule between
// the pane and the list stays in one column whatever the feeds' scripts,
// and alone at 80 columns the counts end in one column.
func TestWideScriptFeedsPaneKeepsItsBorder(t *testing.T) {
	f := newWideFake()
	h := newHarness(t, f, Options{})
	h.key("tab")
	v := h.view()
	golden(t, filepath.Join("testdata", "wide-feeds-80x24.golden"), trimRight(v))
	checkFits(t, v, 80)
	for _, l := range strings.Split(v, "\n")[1:8] {
		// The pane keeps a column of margin on its right.
		if w := ansi.WcWidth.StringWidth(strings.TrimRight(l, " ")); w != 79 {
			t.Errorf("an entry's count should end at column 79, it ends at %d:\n%s", w, l)
		}
	}

	h.send(tea.WindowSizeMsg{Width: 120, Height: 24})
	v = h.view()
	golden(t, filepath.Join("testdata", "wide-feeds-120x24.golden"), trimRight(v))
	checkFits(t, v, 120)
	lines := strings.Split(v, "\n")
	for i, l := range lines[:len(lines)-1] {
		at := strings.Index(l, "│")
		if at < 0 {
			t.Errorf("line %d has no rule:\n%s", i+1, v)
			continue
		}
		if col := ansi.WcWidth.StringWidth(l[:at]); col != 32 {
			t.Errorf("line %d: the rule is at column %d, not 32:\n%s", i+1, col, v)
		}
	}
}

// TestWideScriptFollowsGraphemeClustering: once the terminal says it
// clusters graphemes, Bubble Tea's renderer counts by cluster, and so does
// the layout: the Bengali text uses the room it has on such a screen.
func TestWideScriptFollowsGraphemeClustering(t *testing.T) {
	h := newHarness(t, newWideFake(), Options{})
	h.key("enter")
	before := bengaliLines(h.view())
	h.send(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
	v := h.view()
	for i, l := range strings.Split(v, "\n") {
		if w := ansi.GraphemeWidth.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d clusters wide, past the edge:\n%s", i+1, w, v)
		}
	}
	if after := bengaliLines(v); after >= before {
		t.Errorf("counting by cluster, the Bengali text should take fewer lines than %d, it takes %d:\n%s", before, after, v)
	}
}

// bengaliLines counts the lines of s with Bengali letters in them.
func bengaliLines(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.ContainsFunc(l, func(r rune) bool { return r >= 0x980 && r <= 0x9ff }) {
			n++
		}
	}
	return n
}
