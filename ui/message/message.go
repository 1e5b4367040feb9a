// Package message holds the messages that cross screens of the tidings
// program: results of the backend's work, coming back to the root model,
// and requests a screen makes of the root (open this story, go back).
// Each result carries its error; results of cancellable work carry the
// request id they answer, so stale ones can be dropped.
package message

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tidings-app/tidings/feed"
)

// StoriesLoaded carries the stories read from the store, newest first.
// Complete is false for the first page read for the first frame: the rest
// is on its way.
type StoriesLoaded struct {
	Stories  []feed.Story
	Complete bool
	// Version is the database's data version read just before the
	// stories: a change after it is one the stories may lack.
	Version string
	Err     error
}

// DataChecked carries the database's data version, read to learn whether
// another process (a cron fetch, `feeds add`, `import`) changed it.
type DataChecked struct {
	Version string
	Err     error
}

// WatchTick is the moment to ask the database whether it changed.
type WatchTick struct{}

// FeedsLoaded carries the feeds read from the store, with their unread
// counts and last errors.
type FeedsLoaded struct {
	Feeds []feed.Feed
	Err   error
}

// LastRefreshLoaded carries when the feeds were last refreshed (zero for
// never), to decide whether a background refresh is due.
type LastRefreshLoaded struct {
	At time.Time
}

// Scope narrows the story list to one feed or one tag; the zero Scope is
// every story.
type Scope struct {
	FeedID int64
	Tag    string
	// Title names the scope in the list's header.
	Title string
}

// IsAll reports whether the scope is every story.
func (s Scope) IsAll() bool { return s.FeedID == 0 && s.Tag == "" }

// StoryChosen is sent by the story list when the user opens a story.
type StoryChosen struct {
	Story feed.Story
}

// SearchRequested asks for the stories that match a full-text query
// (Enter in the list's filter).
type SearchRequested struct {
	Query string
}

// SearchFinished carries a search's stories, best first, or why it
// failed (a query the syntax refuses says so in one line).
type SearchFinished struct {
	Query   string
	Stories []feed.Story
	Err     error
}

// ScopeChosen is sent by the feeds pane when the user picks a feed or a tag.
type ScopeChosen struct {
	Scope Scope
}

// ReaderClosed is sent by the reader when the user goes back to the list.
type ReaderClosed struct{}

// StepRequested is sent by the reader for the next (Delta 1) or previous
// (Delta -1) story of the list, or the next unread one.
type StepRequested struct {
	Delta      int
	UnreadOnly bool
	// Wrap looks from the top of the list when no story after this one
	// will do: reading on past the end of an article (space) reaches every
	// unread story, and says so only when none is left.
	Wrap bool
}

// ArticleLoaded answers a request for a story's article. Notice is set
// when the article is the feed's own content because the page could not
// be used, and says why.
type ArticleLoaded struct {
	ID       uint64
	StoryID  int64
	Article  *feed.Article
	Notice   string
	Err      error
	Prefetch bool
}

// ArticleRendered carries an article rendered for a width and theme. Cut
// says the body was cut for length: the whole of it is one key away.
type ArticleRendered struct {
	ID      uint64
	Content string
	Cut     bool
	Err     error
}

// RefreshProgressed reports that done of total feeds have been refreshed.
type RefreshProgressed struct {
	Done, Total int
	// Next waits for the following report.
	Next tea.Cmd
}

// RefreshFinished reports the end of a refresh: how many feeds were
// refreshed and failed, how many stories are new or changed; Err is set
// when the refresh could not run at all (single feeds' errors are kept on
// the feeds).
type RefreshFinished struct {
	Feeds, Failed, New, Updated int
	// Unreachable counts the failed feeds whose server could not be found
	// or reached.
	Unreachable int
	Err         error
}

// StoryStateSaved reports that a story's read or starred state was
// written; on error the list shows the state the store still has.
type StoryStateSaved struct {
	StoryID int64
	Err     error
}

// ArticleSaved reports where a story was saved as Markdown.
type ArticleSaved struct {
	Path string
	Err  error
}

// BrowserOpened reports the outcome of opening a URL in the browser.
type BrowserOpened struct {
	URL string
	Err error
}

// Kind is the tone of a status-line message.
type Kind int

// Tones of status-line messages.
const (
	Info Kind = iota
	Success
	Error
)

// Notified asks the status line to show a short message for a while.
type Notified struct {
	Text string
	Kind Kind
}

// NoticeExpired clears the status-line message numbered ID, unless a newer
// one replaced it.
type NoticeExpired struct {
	ID int
}

// Tick drives periodic work: age labels and the background refresh.
type Tick struct {
	At time.Time
}

// FeedEditKind names a change to the subscriptions.
type FeedEditKind int

// The changes the feeds pane asks for.
const (
	FeedAdd FeedEditKind = iota + 1
	FeedRemove
	FeedRename
	FeedRetag
	FeedTextSet
)

// FeedEditRequested is sent by the feeds pane to change the subscriptions:
// add a feed, remove, rename or retag one, or say whether its own text is
// shown instead of its pages.
type FeedEditRequested struct {
	Kind FeedEditKind
	// FeedID is the feed changed (none for FeedAdd); Name is its name as
	// the pane shows it, for the status line.
	FeedID int64
	Name   string
	// Address is what FeedAdd subscribes to: a feed or a page that
	// advertises one. Title is FeedRename's new title (empty: the feed's
	// own); Tags FeedRetag's new tags; On FeedTextSet's setting.
	Address, Title string
	Tags           []string
	On             bool
}

// FeedEdited reports a change to the subscriptions: Text says in one line
// what was done, Err why nothing was.
type FeedEdited struct {
	Req  FeedEditRequested
	Text string
	Err  error
}
