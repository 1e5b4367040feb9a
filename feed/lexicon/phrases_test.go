package lexicon

import "testing"

// Promotional lines, comment headings and boilerplate headings in the
// languages of the corpora, beside story lines that look like them.
func TestPhrases(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"follow us on twitter", true},
		{"sign up for our newsletter", true},
		{"this article contains affiliate links", true},
		{"advertisement", true},
		{"read more", true},
		{"story continues below advertisement", true},
		{"comentarios moderados: responsabilidad del autor", true},
		{"комментарии проходят модерацию", true},
		{"the minister said she would follow the advice of the committee", false},
		{"shares in the company rose 4% on monday", false},
	} {
		if got := IsPromo(tt.text); got != tt.want {
			t.Errorf("IsPromo(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Comments (12)", true}, {"Leave a Reply", true}, {"Kommentare", true}, {"コメント", true}, {"댓글", true},
		{"Comments on the budget", false},
	} {
		if got := CommentHeading().MatchString(tt.text); got != tt.want {
			t.Errorf("CommentHeading matches %q: %v, want %v", tt.text, got, tt.want)
		}
	}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Related stories", true}, {"You may also like", true}, {"Most read", true}, {"Tags:", true},
		{"関連記事", true}, {"Leia também", true}, {"Читайте также", true}, {"Ähnliche Artikel", true},
		{"The road to the summit", false}, {"Why the vote matters", false}, {"", false},
	} {
		if got := BoilerHeading(tt.text); got != tt.want {
			t.Errorf("BoilerHeading(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
