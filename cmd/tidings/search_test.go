package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSearchCommand(t *testing.T) {
	srv, _ := feedServer(t)
	e := newFeedsEnv(t, fmt.Sprintf("[[feeds]]\nurl = %q\ntags = [\"world\"]\n\n[[feeds]]\nurl = %q\n", srv.URL+"/world.xml", srv.URL+"/sport.xml"))
	if r := e.run(t, "", "fetch"); r.code != 0 {
		t.Fatalf("fetch: %d %s", r.code, r.stderr)
	}
	// One line per story: date, feed, title, ID.
	r := e.run(t, "", "search", "strike")
	fields := strings.Fields(r.stdout)
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || len(fields) < 5 ||
		fields[0] != "2024-03-23" || !strings.Contains(r.stdout, "Gazette World  Port strike ends") {
		t.Fatalf("search strike: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	id := fields[len(fields)-1]
	if rr := e.run(t, "", "list", "--json"); !strings.Contains(rr.stdout, `"id": `+id+`,`+"\n    \"title\": \"Port strike ends\"") {
		t.Errorf("the ID %s search printed is not the story's:\n%s", id, rr.stdout)
	}
	// Words of several arguments, a feed's name, a filter; --json.
	r = e.run(t, "", "search", "gazette", "tag:world", "--json")
	var stories []storyJSON
	if err := json.Unmarshal([]byte(r.stdout), &stories); err != nil || r.code != 0 || len(stories) != 2 {
		t.Fatalf("search gazette tag:world --json: %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	for _, s := range stories {
		if s.Feed != "Gazette World" {
			t.Errorf("tag:world found %+v", s)
		}
	}
	// Nothing matches: exit 1, said on stderr; a query the syntax refuses
	// is a usage error naming what to type.
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"search", "walrus"}, 1, "tidings: no stories match\n"},
		{[]string{"search", "walrus", "--json"}, 1, "tidings: no stories match\n"},
		{[]string{"search", "is:lost"}, 2, "tidings: search: is:lost is not known: use is:unread, is:read or is:starred\n"},
		{[]string{"search", `NEAR("`, "*"}, 1, "tidings: no stories match\n"},
		{[]string{"search"}, 2, "tidings: expected a query, like 'tidings search ferry strike'\n"},
	} {
		r := e.run(t, "", c.args...)
		if r.code != c.code || !strings.HasPrefix(r.stderr, c.err) {
			t.Errorf("%q: exit %d, stderr %q; want %d %q", c.args, r.code, r.stderr, c.code, c.err)
		}
	}
}
