package lexicon

import "strings"

// agencies maps the lower-cased ways a byline or a credit line names a
// news agency to the name tidings shows. Only wire services and
// syndicators are here: a newspaper crediting itself is not a source.
var agencies = lazy[map[string]string]{build: func() map[string]string {
	return map[string]string{
		"reuters": "Reuters", "thomson reuters": "Reuters", "reuters staff": "Reuters", "reuters news agency": "Reuters",
		"ap": "AP", "associated press": "AP", "the associated press": "AP", "ap news": "AP",
		"afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP", "france-presse": "AFP",
		"bloomberg": "Bloomberg", "bloomberg news": "Bloomberg",
		"pa": "PA", "pa media": "PA", "press association": "PA", "pa news agency": "PA",
		"dpa": "dpa", "deutsche presse-agentur": "dpa",
		"unb": "UNB", "united news of bangladesh": "UNB",
		"bss": "BSS", "bangladesh sangbad sangstha": "BSS",
		"ani": "ANI", "asian news international": "ANI",
		"pti": "PTI", "press trust of india": "PTI",
		"ians": "IANS", "xinhua": "Xinhua", "xinhua news agency": "Xinhua",
		"tass": "TASS", "ria novosti": "RIA Novosti", "interfax": "Interfax", "sputnik": "Sputnik",
		"kyodo": "Kyodo", "kyodo news": "Kyodo", "yonhap": "Yonhap", "yonhap news agency": "Yonhap",
		"jiji": "Jiji Press", "jiji press": "Jiji Press", "nikkei": "Nikkei",
		"efe": "EFE", "agencia efe": "EFE", "ansa": "ANSA", "anadolu": "Anadolu Agency", "anadolu agency": "Anadolu Agency", "aa": "Anadolu Agency",
		"upi": "UPI", "united press international": "UPI", "bernama": "Bernama", "antara": "Antara",
		"apa": "APA", "ap/dpa": "AP", "afp/reuters": "AFP", "europa press": "Europa Press", "wam": "WAM", "kuna": "KUNA",
		"spa": "SPA", "irna": "IRNA", "kna": "KNA", "belga": "Belga", "ntb": "NTB", "tt": "TT",
		"lusa": "Lusa", "notimex": "Notimex", "télam": "Télam",
		"cna": "CNA", "aap": "AAP", "australian associated press": "AAP",
		"cp": "The Canadian Press", "canadian press": "The Canadian Press", "the canadian press": "The Canadian Press",
		"agencies": "Agencies", "news agencies": "Agencies", "wire services": "Agencies",
	}
}}

// Agency returns the name tidings shows for an agency credited as s
// ("Reuters", "the associated press", "PA Media"), and whether s names
// one. s must be the credit alone, trimmed: "By AFP" is not an agency.
func Agency(s string) (string, bool) {
	a, ok := agencies.get()[strings.ToLower(s)]
	return a, ok
}
