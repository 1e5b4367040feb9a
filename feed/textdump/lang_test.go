package textdump

import "testing"

// TestGuessLang names the language of a body by its script or its
// commonest words, and abstains when the text is too short to tell.
func TestGuessLang(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The council voted on Tuesday to approve the budget, and the mayor said that it was a good day for the city.", "en"},
		{"Der Stadtrat hat am Dienstag den Haushalt beschlossen, und die Bürgermeisterin sagte, es sei ein guter Tag für die Stadt.", "de"},
		{"Le conseil a voté mardi pour approuver le budget, et la maire a dit que c'est une bonne journée pour la ville.", "fr"},
		{"El consejo votó el martes para aprobar el presupuesto, y la alcaldesa dijo que es un buen día para la ciudad.", "es"},
		{"O conselho votou na terça-feira para aprovar o orçamento, e a prefeita disse que é um bom dia para a cidade e para os moradores.", "pt"},
		{"Dewan kota memberikan suara pada hari Selasa untuk menyetujui anggaran, dan wali kota mengatakan bahwa ini adalah hari yang baik untuk kota dan juga untuk mereka.", "id"},
		{"Городской совет во вторник утвердил бюджет, и мэр сказала, что это хороший день для города.", "ru"},
		{"先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで男性が逮捕されたというニュースを耳にしました。", "ja"},
		{"市议会星期二投票批准了预算，市长说这对城市来说是美好的一天。", "zh"},
		{"Short.", ""},
		{"Apple iPhone Samsung Galaxy Google Pixel OnePlus Nokia Motorola Sony Xperia Huawei", ""},
	} {
		if got := guessLang(tc.in); got != tc.want {
			t.Errorf("guessLang(%.40q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
