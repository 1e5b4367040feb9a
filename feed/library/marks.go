package library

import (
	"context"

	"github.com/tidings-app/tidings/feed"
	"github.com/tidings-app/tidings/feed/store"
)

// MarkRead marks the stories with these ids read in one transaction and
// returns those that were unread: the ones an undo gives back to
// MarkUnread.
func (l *Library) MarkRead(ctx context.Context, ids []int64) ([]int64, error) {
	if ids == nil {
		ids = []int64{} // none, not every story
	}
	changed, err := l.st.MarkRead(ctx, store.Marks{IDs: ids})
	return changed, l.recovery(err)
}

// MarkAllRead marks every story of every feed read in one transaction and
// returns those that were unread.
func (l *Library) MarkAllRead(ctx context.Context) ([]int64, error) {
	changed, err := l.st.MarkRead(ctx, store.Marks{})
	return changed, l.recovery(err)
}

// MarkUnread marks the stories with these ids unread in one transaction.
func (l *Library) MarkUnread(ctx context.Context, ids []int64) error {
	_, err := l.st.MarkUnread(ctx, ids)
	return l.recovery(err)
}

// View is the reader's view as SaveView last kept it.
func (l *Library) View(ctx context.Context) (feed.View, error) {
	v, err := l.st.View(ctx)
	return v, l.recovery(err)
}

// SaveView keeps the reader's view for its next start.
func (l *Library) SaveView(ctx context.Context, v feed.View) error {
	return l.recovery(l.st.SetView(ctx, v))
}
