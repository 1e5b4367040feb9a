package lexicon

import "testing"

// Wire services by every name a byline gives them, and names that are not
// agencies.
func TestAgency(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"Reuters", "Reuters", true}, {"reuters staff", "Reuters", true}, {"Thomson Reuters", "Reuters", true},
		{"AP", "AP", true}, {"The Associated Press", "AP", true}, {"Associated Press", "AP", true},
		{"AFP", "AFP", true}, {"Agence France-Presse", "AFP", true},
		{"PA Media", "PA", true}, {"dpa", "dpa", true}, {"DPA", "dpa", true},
		{"UNB", "UNB", true}, {"Bangladesh Sangbad Sangstha", "BSS", true},
		{"Xinhua News Agency", "Xinhua", true}, {"Kyodo News", "Kyodo", true}, {"Jiji Press", "Jiji Press", true},
		{"Anadolu", "Anadolu Agency", true}, {"EFE", "EFE", true}, {"Efe", "EFE", true},
		{"CP", "The Canadian Press", true}, {"Sputnik", "Sputnik", true}, {"Télam", "Télam", true},
		{"Agencies", "Agencies", true}, {"wire services", "Agencies", true},
		{"By Reuters", "", false}, {"Jane Doe", "", false}, {"The Guardian", "", false}, {"", "", false},
	} {
		got, ok := Agency(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Agency(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
