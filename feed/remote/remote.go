// Package remote syncs tidings with a feed aggregator the user already
// runs — Miniflux through its REST API, or any server of the Google Reader
// API (FreshRSS, Miniflux, Inoreader, The Old Reader…) — so the same
// stories are read and starred on every machine.
//
// The store stays what the reader shows, at once and offline. Local
// changes wait in the store's outbox, queued in the transaction that made
// them; Sync sends them in order and takes the server's new entries and
// states, one request at a time, a page at a time. Every step is
// idempotent, so a sync cut short (cancelled, offline, killed) is simply
// run again.
package remote

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tidings-app/tidings/feed/store"
)

// Backend is one sync server's API.
type Backend interface {
	// Account names the server and the user ("miniflux https://host
	// user"), never the secret: the store forgets what it synced when
	// this changes.
	Account() string
	// Feeds lists the user's subscriptions on the server.
	Feeds(ctx context.Context) ([]store.SyncFeed, error)
	// Subscribe subscribes to a feed URL (an existing subscription is
	// returned as it is) and returns it.
	Subscribe(ctx context.Context, url string) (store.SyncFeed, error)
	// Unsubscribe drops a subscription; one already gone is no error.
	Unsubscribe(ctx context.Context, feedID string) error
	// Pull gives page the entries new or changed since cursor ("" for
	// all), a bounded page at a time, and returns the cursor for the next
	// sync. unknown filters a list of entry ids down to those the store
	// lacks. A server that gives states as whole lists rather than with
	// times returns them in States.
	Pull(ctx context.Context, cursor string, unknown func([]string) ([]string, error), page func([]store.SyncEntry) error) (next string, states *States, err error)
	// Mark applies a read, unread, star or unstar change to entries.
	Mark(ctx context.Context, kind store.OpKind, entryIDs []string) error
	// Requests is how many HTTP requests the backend has sent.
	Requests() int
}

// States are the server's complete lists of unread and starred entries.
type States struct {
	Unread, Starred map[string]bool
}

// Result tells what a sync did.
type Result struct {
	store.SyncStats
	// Sent counts local changes the server took.
	Sent int
	// Rejected describes each local change the server refused for good
	// (it is dropped, not retried).
	Rejected []string
	// Requests is how many HTTP requests the sync made.
	Requests int
}

// batch caps the entries of one mark request and the changes read from
// the outbox at a time.
const batch = 200

// Sync sends the outbox's changes to the server and brings its feeds,
// entries and states into the store. Subscriptions go first, so a feed
// subscribed here brings its entries in this same sync; read and star
// changes go after the server's states are taken in, so that a change
// the server made later than a queued one wins over it.
func Sync(ctx context.Context, st *store.Store, b Backend) (res Result, err error) {
	start := b.Requests()
	defer func() { res.Requests = b.Requests() - start }()
	if err := st.BeginSync(ctx, b.Account()); err != nil {
		return res, err
	}
	if err := push(ctx, st, b, &res, true); err != nil {
		return res, err
	}
	feeds, err := b.Feeds(ctx)
	if err != nil {
		return res, err
	}
	fs, err := st.ApplySyncFeeds(ctx, feeds)
	if err != nil {
		return res, err
	}
	res.FeedsAdded, res.FeedsRemoved = fs.FeedsAdded, fs.FeedsRemoved
	cursor, err := st.SyncCursor(ctx)
	if err != nil {
		return res, err
	}
	next, states, err := b.Pull(ctx, cursor, func(ids []string) ([]string, error) {
		return st.UnknownRemoteIDs(ctx, ids)
	}, func(entries []store.SyncEntry) error {
		s, err := st.ApplySyncEntries(ctx, entries, "")
		res.New += s.New
		res.Changed += s.Changed
		return err
	})
	if err != nil {
		return res, err
	}
	if states != nil {
		n, err := st.ApplySyncStates(ctx, states.Unread, states.Starred)
		if err != nil {
			return res, err
		}
		res.Changed += n
	}
	if err := push(ctx, st, b, &res, false); err != nil {
		return res, err
	}
	// Last, so that a sync that failed before here pulls the same
	// changes again rather than skipping them.
	if err := st.SetSyncCursor(ctx, next); err != nil {
		return res, err
	}
	return res, nil
}

// push sends the outbox: the subscription changes when feeds is true,
// else the read and star changes, in the order they were made, runs of
// one kind in one request.
func push(ctx context.Context, st *store.Store, b Backend, res *Result, feeds bool) error {
	for {
		todo, err := st.Outbox(ctx, feeds, batch)
		if err != nil {
			return err
		}
		if len(todo) == 0 {
			return nil
		}
		for i := 0; i < len(todo); {
			j := i + 1
			if !feeds {
				for j < len(todo) && todo[j].Kind == todo[i].Kind {
					j++
				}
			}
			run := todo[i:j]
			err := send(ctx, st, b, run)
			var rej *Error
			switch {
			case err == nil:
				res.Sent += len(run)
			case errors.As(err, &rej) && rej.Rejected():
				res.Rejected = append(res.Rejected, fmt.Sprintf("%s %s: %s", run[0].Kind, opTarget(run), rej.Message()))
				if err := st.DoneOps(ctx, opIDs(run)); err != nil {
					return err
				}
			default:
				return err
			}
			i = j
		}
	}
}

// send applies one run of changes of one kind on the server and clears
// them from the outbox.
func send(ctx context.Context, st *store.Store, b Backend, run []store.Op) error {
	switch run[0].Kind {
	case store.OpSubscribe:
		f, err := b.Subscribe(ctx, run[0].URL)
		if err != nil {
			return err
		}
		return st.Subscribed(ctx, run[0].ID, run[0].URL, f.RemoteID)
	case store.OpUnsubscribe:
		if err := b.Unsubscribe(ctx, run[0].RemoteID); err != nil {
			return err
		}
	default:
		ids := make([]string, 0, len(run))
		seen := map[string]bool{}
		for _, o := range run {
			if !seen[o.RemoteID] {
				seen[o.RemoteID] = true
				ids = append(ids, o.RemoteID)
			}
		}
		if err := b.Mark(ctx, run[0].Kind, ids); err != nil {
			return err
		}
	}
	return st.DoneOps(ctx, opIDs(run))
}

func opIDs(run []store.Op) []int64 {
	ids := make([]int64, len(run))
	for i, o := range run {
		ids[i] = o.ID
	}
	return ids
}

func opTarget(run []store.Op) string {
	if run[0].URL != "" {
		return run[0].URL
	}
	if len(run) == 1 {
		return "entry " + run[0].RemoteID
	}
	return fmt.Sprintf("%d entries", len(run))
}

// Error is a sync server's refusal or failure, one line naming the server
// and what to do. It never holds the secret.
type Error struct {
	// Server is the server's base URL.
	Server string
	// Status is the HTTP status, 0 when no answer came.
	Status int
	// What the server said, or the transport's error.
	Detail string
}

func (e *Error) Error() string {
	switch {
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		return fmt.Sprintf("%s: the server refused the user name or secret (HTTP %d): check [sync] in the config and the secret it names", e.Server, e.Status)
	case e.Status == 0:
		return fmt.Sprintf("%s: %s: is the server running? local changes stay queued for the next sync", e.Server, e.Detail)
	}
	return fmt.Sprintf("%s: %s", e.Server, e.Message())
}

// Message is what the server said, with its HTTP status.
func (e *Error) Message() string {
	msg := fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	if d := strings.TrimSpace(e.Detail); d != "" {
		msg += " (" + d + ")"
	}
	return msg
}

// Rejected reports a refusal of the request itself, which sending it
// again would not change.
func (e *Error) Rejected() bool {
	switch e.Status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusGone, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// timeout bounds one request to the server.
const timeout = 60 * time.Second
