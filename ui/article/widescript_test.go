package article

import (
	"strings"
	"testing"
	"time"

	xansi "github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/ui/cells"
)

// Stories in scripts whose width the terminal and Glamour count
// differently: Bengali's vowel signs and conjuncts are one grapheme
// cluster of two or three code points, each a column wide on a screen
// that sums code points (tmux, Bubble Tea's renderer by default).
var (
	bengaliStory = &feed.Article{
		Title: "ঢাকায় টানা বৃষ্টিতে জলাবদ্ধতা, নিম্নাঞ্চলে বন্যার আশঙ্কা করছে আবহাওয়া অধিদপ্তর",
		Site:  "প্রথম আলো", URL: "https://bn.example/story/1",
		Published: time.Date(2024, 3, 23, 4, 0, 0, 0, time.UTC),
		Markdown: "ঢাকায় আজ সকাল থেকে ভারী বৃষ্টি হচ্ছে। আবহাওয়া অধিদপ্তর জানিয়েছে, আগামী তিন দিন দেশের বিভিন্ন অঞ্চলে বৃষ্টিপাত অব্যাহত থাকতে পারে। " +
			"নিম্নাঞ্চলে জলাবদ্ধতার আশঙ্কা করা হচ্ছে এবং নদীর পানি বিপদসীমার কাছাকাছি প্রবাহিত হচ্ছে। শেষকথা\n\n" +
			"- সিলেট ও সুনামগঞ্জে পাহাড়ি ঢলের কারণে নদীর পানি দ্রুত বাড়ছে বলে স্থানীয় প্রশাসন সতর্ক করেছে\n" +
			"- চট্টগ্রামে ভূমিধসের ঝুঁকিতে থাকা পরিবারগুলোকে নিরাপদ আশ্রয়ে সরিয়ে নেওয়া হচ্ছে\n",
	}
	chineseStory = &feed.Article{
		Title: "国家统计局：前三季度国内生产总值同比增长百分之五点二，就业形势总体稳定",
		Site:  "新华网", URL: "https://zh.example/story/2",
		Published: time.Date(2024, 3, 23, 5, 0, 0, 0, time.UTC),
		Markdown: "国家统计局今天发布的数据显示，今年前三季度国内生产总值同比增长百分之五点二，消费对经济增长的贡献率持续提高，" +
			"就业形势总体稳定。专家表示，随着一系列政策措施落地见效，经济回升向好的态势将进一步巩固。",
	}
	emojiStory = &feed.Article{
		Title: "🎉 Fans ❤️ celebrate ⚽️ the title ✌️ late into the night ☀️ under the ✈️ ❤️ ⚽️ ☀️ ✌️ of the whole city",
		Site:  "Emoji Daily", URL: "https://emoji.example/story/3",
		Published: time.Date(2024, 3, 23, 5, 30, 0, 0, time.UTC),
		Markdown: "Fans celebrated 🎉🎉 the win late into the night 🌙 with fireworks 🎆 and songs 🎶 across the city 🏙️ " +
			"while the team 🏆 paraded through the streets 🚌 and the mayor 👩‍💼 handed out medals 🥇🥈🥉 to everyone 🙌 who came.",
	}
)

// words are the words of s, markup and line breaks aside, in NFC as the
// sanitiser leaves them.
func words(s string) []string {
	return strings.Fields(strings.NewReplacer("-", " ", "•", " ").Replace(norm.NFC.String(xansi.Strip(s))))
}

// TestWideScriptsFitTheScreen renders each story at 80 columns as the
// terminal counts them and checks that no line passes the edge and that
// every word of the body is there, in order, none split.
func TestWideScriptsFitTheScreen(t *testing.T) {
	for name, a := range map[string]*feed.Article{"bengali": bengaliStory, "chinese": chineseStory, "emoji": emojiStory} {
		for _, m := range []cells.Method{cells.Codepoints, cells.Graphemes} {
			t.Run(name, func(t *testing.T) {
				out, err := Render(a, Options{Width: 80, Now: now, Method: m})
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range strings.Split(xansi.Strip(out), "\n") {
					if w := m.StringWidth(l); w > 80 {
						t.Errorf("method %d: line %d is %d columns wide, past the edge: %q", m, i+1, w, l)
					}
					// Lip Gloss, which pads the reader's lines, counts
					// clusters: those must fit too.
					if w := cells.Graphemes.StringWidth(l); w > 80 {
						t.Errorf("method %d: line %d is %d clusters wide, past the edge: %q", m, i+1, w, l)
					}
				}
				got := strings.Join(words(out), " ")
				for _, p := range append(strings.Split(a.Markdown, "\n"), a.Title) {
					got, want := got, strings.Join(words(p), " ")
					if !strings.Contains(p, " ") {
						// Chinese is broken between any two characters:
						// only nothing may be lost.
						got, want = strings.Join(words(out), ""), strings.Join(words(p), "")
					}
					if !strings.Contains(got, want) {
						t.Errorf("method %d: the text lost or split words of\n%s\nin\n%s", m, want, xansi.Strip(out))
					}
				}
			})
		}
	}
}
