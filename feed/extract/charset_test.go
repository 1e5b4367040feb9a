package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidings-app/tidings/feed/extract/internal/prepare"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Paragraphs in the languages each legacy charset serves; long enough to
// sniff, as a short news item would be.
var charsetTexts = map[string]string{
	"windows-1251": "Президент подписал закон о бюджете на следующий год. Депутаты обсуждали документ почти два месяца, и в итоге большинство проголосовало за него.",
	"koi8-r":       "Жители города вышли на субботник: они убрали парки и набережную, а вечером в центре прошёл концерт местных музыкантов.",
	"gbk":          "国家统计局今天发布的数据显示，今年前三个季度国内生产总值同比增长百分之五，消费对经济增长的贡献率明显提高。",
	"big5":         "行政院今天通過明年度總預算案，其中社會福利支出的比例是歷年來最高，教育與科技研發經費也有增加。",
	"shift_jis":    "気象庁によりますと、台風は今夜にも九州の南に接近する見込みで、大雨や強い風に警戒するよう呼びかけています。",
	"euc-jp":       "東京の株式市場では、午前中から買い注文が広がり、日経平均株価は一時、三万円台を回復しました。",
	"euc-kr":       "정부는 오늘 내년도 예산안을 발표했습니다. 복지와 교육 분야의 지출이 크게 늘어났고, 국방 예산도 소폭 증가했습니다.",
	"iso-8859-2":   "Vláda dnes schválila rozpočet na příští rok. Poslanci o něm budou jednat v září, řekl ministr financí.",
	"windows-1252": "Le gouvernement a présenté mercredi un projet de loi très attendu sur l'énergie; les députés l'examineront à la rentrée. Größere Änderungen sind nicht geplant.",
}

var charsetEncoders = map[string]encoding.Encoding{
	"windows-1251": charmap.Windows1251,
	"koi8-r":       charmap.KOI8R,
	"gbk":          simplifiedchinese.GBK,
	"big5":         traditionalchinese.Big5,
	"shift_jis":    japanese.ShiftJIS,
	"euc-jp":       japanese.EUCJP,
	"euc-kr":       korean.EUCKR,
	"iso-8859-2":   charmap.ISO8859_2,
	"windows-1252": charmap.Windows1252,
}

func encodePage(t *testing.T, enc encoding.Encoding, head, text string) []byte {
	t.Helper()
	page := "<!DOCTYPE html><html><head>" + head + "<title>t</title></head><body><p>" + text + "</p></body></html>"
	b, err := enc.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatalf("encoding fixture: %v", err)
	}
	return b
}

func TestDecodeDeclared(t *testing.T) {
	for name, text := range charsetTexts {
		enc := charsetEncoders[name]
		label := name
		if name == "gbk" {
			label = "gb2312" // the label most Chinese pages carry
		}
		cases := map[string]struct {
			head, contentType string
		}{
			"meta charset":                  {`<meta charset="` + label + `">`, ""},
			"http-equiv":                    {`<meta http-equiv="Content-Type" content="text/html; charset=` + label + `">`, ""},
			"HTTP header":                   {"", "text/html; charset=" + label},
			"header wins":                   {`<meta charset="utf-8">`, `text/html; charset="` + label + `"`},
			"late meta after a long script": {"<script>" + strings.Repeat("var a = 1;\n", 300) + "</script><meta charset=" + label + ">", ""},
			// A server's default that the page's bytes plainly contradict.
			"wrong UTF-8 header": {"", "text/html; charset=UTF-8"},
		}
		for how, c := range cases {
			if how == "wrong UTF-8 header" && name == "iso-8859-2" {
				continue // sniffing cannot tell Central from Western European Latin
			}
			t.Run(name+"/"+how, func(t *testing.T) {
				raw := encodePage(t, enc, c.head, text)
				out, _, err := prepare.DecodeToUTF8(raw, c.contentType)
				if err != nil {
					t.Fatal(err)
				}
				if !utf8.Valid(out) || !bytes.Contains(out, []byte(text)) {
					t.Errorf("decoded page does not hold the text:\n%s", out)
				}
			})
		}
	}
}

// TestDecodeSniffed gives pages that declare nothing: the charset must be
// recognised from the bytes.
func TestDecodeSniffed(t *testing.T) {
	for name, text := range charsetTexts {
		if name == "iso-8859-2" {
			continue // Central European Latin cannot be told from Western without a declaration
		}
		t.Run(name, func(t *testing.T) {
			raw := encodePage(t, charsetEncoders[name], "", text)
			out, got, err := prepare.DecodeToUTF8(raw, "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte(text)) {
				t.Errorf("sniffed %s; decoded page does not hold the text:\n%s", got, out)
			}
		})
	}
}

func TestDecodeBOMAndUTF8(t *testing.T) {
	text := "Zoë’s café — naïve résumé 日本語"
	page := "<html><head><meta charset=\"windows-1252\"></head><body><p>" + text + "</p></body></html>"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(page))
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(page))
	tests := map[string]struct {
		raw         []byte
		contentType string
		want        string
	}{
		// A BOM outranks the header and the <meta>.
		"UTF-8 BOM":    {append([]byte("\xef\xbb\xbf"), page...), "text/html; charset=iso-8859-1", "utf-8"},
		"UTF-16LE BOM": {utf16le, "", "utf-16le"},
		"UTF-16BE BOM": {utf16be, "", "utf-16be"},
		// A stale Latin-1 declaration on UTF-8 bytes.
		"UTF-8 under a windows-1252 meta": {[]byte(page), "", "utf-8"},
		"UTF-8 under a gb2312 header":     {[]byte(page), "text/html; charset=gb2312", "utf-8"},
		"undeclared UTF-8":                {[]byte(strings.Replace(page, `<meta charset="windows-1252">`, "", 1)), "", "utf-8"},
		// One stray Latin-1 byte must not turn a UTF-8 page into mojibake.
		"undeclared UTF-8 with a stray byte": {[]byte(strings.Replace(page, `<meta charset="windows-1252">`, "<p>caf\xe9</p>"+strings.Repeat("<p>"+text+"</p>", 3), 1)), "", "utf-8"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, got, err := prepare.DecodeToUTF8(tc.raw, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("charset = %s, want %s", got, tc.want)
			}
			if !bytes.Contains(out, []byte(text)) {
				t.Errorf("decoded page does not hold the text:\n%q", out)
			}
			if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
				t.Error("the BOM is left in the output")
			}
		})
	}
}

func TestDecodeXMLDeclaration(t *testing.T) {
	text := charsetTexts["windows-1251"]
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="windows-1251"?>` + "\n<html><body><p>" + text + "</p></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	out, name, err := prepare.DecodeToUTF8(b, "")
	if err != nil {
		t.Fatal(err)
	}
	if name != "windows-1251" || !bytes.Contains(out, []byte(text)) {
		t.Errorf("charset %s; decoded page does not hold the text", name)
	}
}

func TestDecodeBadInput(t *testing.T) {
	for name, raw := range map[string][]byte{
		"empty":           nil,
		"binary":          {0, 0xff, 0xfe, 0xfd, 0x80, 0x81, 0, 1, 2},
		"invalid UTF-8":   []byte("<meta charset=utf-8><p>caf\xe9 \xff</p>"),
		"unknown charset": []byte("<meta charset=x-klingon><p>plain</p>"),
		"truncated GBK":   append([]byte("<meta charset=gbk><p>"), 0xd6),
	} {
		t.Run(name, func(t *testing.T) {
			out, _, err := prepare.DecodeToUTF8(raw, "text/html; charset=")
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(out) {
				t.Errorf("output is not valid UTF-8: %q", out)
			}
		})
	}
}

// TestDecodeFixtures reads the committed pages under testdata/charset: a
// Russian page in windows-1251 declared only by http-equiv, a Japanese
// one in Shift_JIS declared by <meta charset>, and an undeclared GBK one.
func TestDecodeFixtures(t *testing.T) {
	tests := map[string]string{
		"ru-windows-1251.html":   "Центральный банк сохранил ключевую ставку",
		"ja-shift_jis.html":      "新しい駅が来月開業します",
		"zh-gbk-undeclared.html": "城市地铁新线路今天开通",
	}
	for file, want := range tests {
		t.Run(file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "charset", file))
			if err != nil {
				t.Fatal(err)
			}
			a := metaFromHTML(t, raw, "", nil)
			if a.Title != want {
				t.Errorf("Title = %q, want %q", a.Title, want)
			}
		})
	}
}

// TestDecodeSniffedByLanguage: single-byte Latin, Greek and Baltic pages
// look alike to the sniffer; an undeclared one is read in the legacy
// charset of the language the page declares, the Windows code page when
// bytes 0x80–0x9F (letters there, control codes in the ISO sets) appear.
func TestDecodeSniffedByLanguage(t *testing.T) {
	tests := []struct {
		name, head, htmlLang, text string
		enc                        encoding.Encoding
		want                       string
	}{
		{"Czech in ISO-8859-2", "", "cs", charsetTexts["iso-8859-2"], charmap.ISO8859_2, "iso-8859-2"},
		{"Polish in Windows-1250", "", "pl-PL", "Świątecznie: źródła podają, że ślub odbędzie się w sobotę w Łodzi. Żadnych szczegółów nie ujawniono.", charmap.Windows1250, "windows-1250"},
		{"Greek in Windows-1253", "", "el", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία, ενώ η αντιπολίτευση ζήτησε εκλογές.", charmap.Windows1253, "windows-1253"},
		{"Turkish in ISO-8859-9", "", "tr", "Hükümet bugün yeni ekonomik önlemleri açıkladı; muhalefet ise erken seçim çağrısında bulundu.", charmap.ISO8859_9, "iso-8859-9"},
		{"Lithuanian in Windows-1257 (meta Content-Language)", `<meta http-equiv="Content-Language" content="lt">`, "", "Vyriausybė šiandien pristatė naują biudžeto projektą; Seimas jį svarstys rudenį, sakė finansų ministrė.", charmap.Windows1257, "windows-1257"},
		{"French stays Windows-1252", "", "fr", charsetTexts["windows-1252"], charmap.Windows1252, "windows-1252"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page := "<!DOCTYPE html><html"
			if tc.htmlLang != "" {
				page += ` lang="` + tc.htmlLang + `"`
			}
			page += "><head>" + tc.head + "<title>t</title></head><body><p>" + tc.text + "</p></body></html>"
			raw, err := tc.enc.NewEncoder().Bytes([]byte(page))
			if err != nil {
				t.Fatalf("encoding fixture: %v", err)
			}
			out, got, err := prepare.DecodeToUTF8(raw, "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte(tc.text)) {
				t.Errorf("read as %s (want %s); the text came out as:\n%s", got, tc.want, out)
			}
		})
	}
}
