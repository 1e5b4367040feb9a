package lexicon

import (
	"strings"
	"time"
)

// months are the month names and abbreviations datelines print, lower
// case: English, French, German, Spanish, Portuguese and Italian, and the
// Russian genitive ("23 марта 2024").
var months = lazy[map[string]time.Month]{build: func() map[string]time.Month {
	return map[string]time.Month{
		"jan": 1, "january": 1, "janvier": 1, "januar": 1, "enero": 1, "janeiro": 1, "gennaio": 1, "января": 1,
		"feb": 2, "february": 2, "février": 2, "fevrier": 2, "februar": 2, "febrero": 2, "fevereiro": 2, "febbraio": 2, "февраля": 2,
		"mar": 3, "march": 3, "mars": 3, "märz": 3, "marzo": 3, "março": 3, "марта": 3,
		"apr": 4, "april": 4, "avril": 4, "abril": 4, "aprile": 4, "апреля": 4,
		"may": 5, "mai": 5, "mayo": 5, "maio": 5, "maggio": 5, "мая": 5,
		"jun": 6, "june": 6, "juin": 6, "juni": 6, "junio": 6, "junho": 6, "giugno": 6, "июня": 6,
		"jul": 7, "july": 7, "juillet": 7, "juli": 7, "julio": 7, "julho": 7, "luglio": 7, "июля": 7,
		"aug": 8, "august": 8, "août": 8, "aout": 8, "agosto": 8, "августа": 8,
		"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "setembro": 9, "settembre": 9, "сентября": 9,
		"oct": 10, "october": 10, "octobre": 10, "oktober": 10, "octubre": 10, "outubro": 10, "ottobre": 10, "октября": 10,
		"nov": 11, "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11, "ноября": 11,
		"dec": 12, "december": 12, "décembre": 12, "decembre": 12, "dezember": 12, "diciembre": 12, "dezembro": 12, "dicembre": 12, "декабря": 12,
	}
}}

// englishMonths are the English names and abbreviations among months.
var englishMonths = []string{
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}

// Month returns the month a page names as s, in any case and with or
// without a final dot ("March", "mars", "Sept.", "марта"), and whether s
// is a month name.
func Month(s string) (time.Month, bool) {
	m, ok := months.get()[strings.ToLower(strings.TrimSuffix(s, "."))]
	return m, ok
}

var monthPatternLazy = lazy[string]{build: func() string {
	return alternation(months.get())
}}

// MonthPattern is a regular expression alternation (no group; match it
// with the (?i) flag) of every month name Month knows, longer names first
// so that "march" is not read as "mar".
func MonthPattern() string { return monthPatternLazy.get() }

var englishMonthPatternLazy = lazy[string]{build: func() string {
	set := make(map[string]bool, len(englishMonths))
	for _, m := range englishMonths {
		set[m] = true
	}
	return alternation(set)
}}

// EnglishMonthPattern is MonthPattern for the English names only. Where a
// month is told from a person's name it is the one to use: Julio, Mayo
// and Juli are names in the other languages.
func EnglishMonthPattern() string { return englishMonthPatternLazy.get() }
