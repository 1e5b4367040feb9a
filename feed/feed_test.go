package feed

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestArticleJSONRoundTrip(t *testing.T) {
	dhaka := time.FixedZone("", 6*3600)
	in := Article{
		Title:     "Q&A: <US> has intelligence",
		Published: time.Date(2024, 3, 23, 9, 15, 0, 0, dhaka),
		Modified:  time.Date(2024, 3, 23, 9, 19, 0, 0, FloatingZone()),
	}
	// As tidings read --format json prints it.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	s := string(b)
	for _, want := range []string{`"published":"2024-03-23T09:15:00+06:00"`, `"modified":"2024-03-23T09:19:00"`, `"authors":[]`, `"tags":[]`, `"title":"Q&A: <US> has intelligence"`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s: %s", want, s)
		}
	}
	var out Article
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !out.Published.Equal(in.Published) || !IsFloating(out.Modified) || out.Modified.Hour() != 9 || out.Modified.Minute() != 19 {
		t.Errorf("round trip: published %v modified %v", out.Published, out.Modified)
	}
}
