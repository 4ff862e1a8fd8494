package media

import (
	"context"
	"sync"

	"github.com/lectern/lectern/internal/events"
	"github.com/lectern/lectern/internal/store"
)

// Event is a change of a video that its owner's editor shows live.
type Event struct {
	Video *store.Video
}

// Broker fans video events out to the owner's open event streams. It is
// in-process: on several nodes a shared channel (PostgreSQL NOTIFY or
// Redis) must feed Publish on every node.
type Broker struct {
	mu   sync.Mutex
	subs map[int64]map[chan Event]struct{}
}

// NewBroker makes an empty broker.
func NewBroker() *Broker { return &Broker{subs: map[int64]map[chan Event]struct{}{}} }

// Subscribe returns a channel of ownerID's events and a function that ends
// the subscription. A slow reader misses intermediate events, never the
// stream: progress is a level, not a log.
func (b *Broker) Subscribe(ownerID int64) (<-chan Event, func()) {
	ch := make(chan Event, 16)
	b.mu.Lock()
	if b.subs[ownerID] == nil {
		b.subs[ownerID] = map[chan Event]struct{}{}
	}
	b.subs[ownerID][ch] = struct{}{}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs[ownerID], ch)
		if len(b.subs[ownerID]) == 0 {
			delete(b.subs, ownerID)
		}
		b.mu.Unlock()
	}
}

// Publish sends e to every subscriber of the video's owner.
func (b *Broker) Publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[e.Video.OwnerID] {
		select {
		case ch <- e:
		default: // full: drop this one; the next update carries the level
		}
	}
}

// publish tells the owner of a video about a change, on whichever node
// their event stream is open.
func (p *Pipeline) publish(ctx context.Context, videoID int64) {
	if p.Bus != nil {
		p.Bus.Publish(ctx, events.Event{Kind: events.VideoChanged, ID: videoID})
		return
	}
	p.PublishLocal(ctx, videoID)
}

// PublishLocal reads a video and tells its owner's streams on this node.
func (p *Pipeline) PublishLocal(ctx context.Context, videoID int64) {
	if p.Events == nil {
		return
	}
	v, err := p.DB.VideoByID(context.WithoutCancel(ctx), videoID)
	if err != nil {
		return
	}
	p.Events.Publish(Event{Video: v})
}
