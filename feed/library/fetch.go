package library

// `tidings fetch` and `tidings import`: refreshing feeds for a script,
// and subscribing to the feeds of an OPML file.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/parse"
	"github.com/tidings-app/tidings/feed/refresh"
	"github.com/tidings-app/tidings/feed/sanitize"
	"github.com/tidings-app/tidings/feed/store"
)

// FetchReport is what Fetch did.
type FetchReport struct {
	// Results are the feeds fetched, one each.
	Results []refresh.Result
	// Pruned old read stories were deleted.
	Pruned int
	// ServerOnly is set when every feed named is fetched by the sync
	// server, so none was fetched here.
	ServerOnly bool
}

// Fetch fetches feeds (every feed when feeds is nil) within the refresh
// limits, except those the sync server fetches: fetched here too, their
// stories would be stored twice. Named feeds wait for their server's date
// like the others unless force is set. A fetch of every feed is recorded
// as the last refresh; old read stories are pruned. progress, when not
// nil, hears of each feed done.
func (l *Library) Fetch(ctx context.Context, feeds []feed.Feed, force bool, progress func(refresh.Progress)) (FetchReport, error) {
	var rep FetchReport
	all := feeds == nil
	if all {
		var err error
		if feeds, err = l.st.Feeds(ctx); err != nil {
			return rep, err
		}
	}
	named := len(feeds)
	feeds, err := OwnFeeds(ctx, l.st, feeds)
	if err != nil {
		return rep, err
	}
	if len(feeds) == 0 {
		rep.ServerOnly = named > 0
		return rep, nil
	}
	r := l.o.Refresh
	opts := refresh.Options{Workers: r.Workers, PerHost: r.PerHost, Force: force, MaxNew: r.MaxNew, Keep: r.Keep}
	rep.Results = refresh.Run(ctx, l.st, l.Client(), feeds, opts, func(p refresh.Progress) {
		if progress != nil {
			progress(p)
		}
	})
	if all && ctx.Err() == nil {
		if err := l.st.SetLastRefresh(ctx, l.o.Now()); err != nil {
			return rep, err
		}
	}
	rep.Pruned, err = l.st.Prune(ctx, r.KeepDays)
	return rep, err
}

// ImportReport counts what Import did: Added feeds are new, Existing
// ones were subscribed already, and Skipped ones have no address tidings
// could fetch.
type ImportReport struct {
	Added, Existing, Skipped int
}

// Import subscribes to every feed of the OPML file src (a file, or "-"
// for its Stdin); the folders that enclose a feed become its tags.
// skipped, when not nil, hears of each feed left out for its address.
// Nothing is downloaded.
func (l *Library) Import(ctx context.Context, src Source, skipped func(feed.Feed)) (ImportReport, error) {
	var rep ImportReport
	// The user is bringing their own feeds: the reader must not add ours
	// later, even when this file turns out unreadable.
	if err := l.st.DeclineDefaults(ctx); err != nil {
		return rep, err
	}
	r, name := src.Stdin, "standard input"
	if src.Name != "-" {
		f, err := os.Open(src.Name)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return rep, fmt.Errorf("%s: %w", src.Name, err)
		}
		defer f.Close()
		r, name = f, src.Name
	}
	feeds, err := parse.ReadOPML(r)
	if err != nil {
		return rep, fmt.Errorf("%s: %w", name, err)
	}
	if len(feeds) == 0 {
		return rep, fmt.Errorf("%s: no feeds in it (no outline with an xmlUrl)", name)
	}
	for _, f := range feeds {
		u, ok := opmlFeedURL(f.URL)
		if !ok {
			// A relative or javascript: address could never be fetched;
			// subscribing to it would only add a feed that fails forever.
			rep.Skipped++
			if skipped != nil {
				skipped(f)
			}
			continue
		}
		f.URL = u
		if _, err := l.st.AddFeed(ctx, f); err != nil {
			if errors.Is(err, store.ErrExists) {
				rep.Existing++
				continue
			}
			return rep, err
		}
		rep.Added++
	}
	if rep.Added == 0 && rep.Existing == 0 {
		return rep, fmt.Errorf("%s: no feed in it has an http(s) address", name)
	}
	return rep, nil
}

// opmlFeedURL is the address to subscribe to for an outline's xmlUrl:
// http(s) as given, "feed://" (an old convention of some readers) as
// http, a bare "example.com/rss" with https as 'feeds add' does; false for
// anything else (relative, javascript:, file:…).
func opmlFeedURL(raw string) (string, bool) {
	// Control, bidi and zero-width characters are never part of a real
	// address (and DEL makes one unparsable): imported without them.
	s := strings.TrimSpace(sanitize.Line(raw))
	if rest, ok := strings.CutPrefix(s, "feed://"); ok {
		s = "http://" + rest
	} else if rest, ok := strings.CutPrefix(s, "feed:"); ok && (strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://")) {
		s = rest
	} else if !strings.Contains(s, "://") && !strings.HasPrefix(s, "/") && !hasScheme(s) {
		s = NormalizeFeedURL(s)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return s, true
}

// hasScheme reports "javascript:…" or "mailto:…", but not the
// "host:8080" of a bare address.
func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 || (i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9') {
		return false
	}
	return IsURL(s[:i] + "://")
}
