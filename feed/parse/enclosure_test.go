package parse

import (
	"testing"
	"time"
)

const podcastFeed = `<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Harbour Talk</title><link>https://talk.example/</link>
<item><title>Episode 7</title><link>https://talk.example/7</link>
  <enclosure url="/media/ep7.mp3" type="audio/mpeg" length="48000000"/>
  <itunes:duration>1:02:03</itunes:duration>
</item>
<item><title>Clip</title><link>https://talk.example/clip</link>
  <enclosure url="https://cdn.talk.example/cover.jpg" type="image/jpeg" length="2000"/>
  <enclosure url="https://cdn.talk.example/clip.mp4" type="video/mp4"/>
  <media:content url="https://cdn.talk.example/clip.mp4" duration="95"/>
  <itunes:duration>nonsense</itunes:duration>
</item>
</channel></rss>`

func TestEnclosuresKeepTheDurationTheFeedGives(t *testing.T) {
	r, err := Parse([]byte(podcastFeed), "application/rss+xml", "https://talk.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	ep := r.Stories[0].Enclosures
	if len(ep) != 1 || ep[0].URL != "https://talk.example/media/ep7.mp3" || ep[0].Length != 48000000 || ep[0].Duration != time.Hour+2*time.Minute+3*time.Second {
		t.Errorf("episode's enclosure = %+v, want the resolved MP3 of 1:02:03", ep)
	}
	clip := r.Stories[1].Enclosures
	if len(clip) != 2 || clip[0].Duration != 0 || clip[1].Duration != 95*time.Second {
		t.Errorf("clip's enclosures = %+v, want the image without a duration and the video of 95 s", clip)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"3723":      3723 * time.Second,
		"62:03":     62*time.Minute + 3*time.Second,
		"01:02:03":  time.Hour + 2*time.Minute + 3*time.Second,
		" 45.6 ":    46 * time.Second,
		"":          0,
		"1:75":      0, // seconds past 59
		"1e9":       0,
		"Inf":       0,
		"-5":        0,
		"1:2:3:4":   0,
		"999999999": 0, // over a week
		"1.5:00":    0,
	} {
		if got := ParseDuration(in); got != want {
			t.Errorf("ParseDuration(%q) = %v, want %v", in, got, want)
		}
	}
}
