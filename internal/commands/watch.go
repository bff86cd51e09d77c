package commands

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// Watches stores watches for new coverage; *schedule.Watcher satisfies it.
type Watches interface {
	AddWatch(ctx context.Context, w schedule.Watch) (schedule.Watch, error)
	ListWatches(ctx context.Context, guildID string) ([]schedule.Watch, error)
	RemoveWatch(ctx context.Context, guildID, id string) error
	// ResumeWatch enables again a disabled watch, for the articles that
	// arrive from now on.
	ResumeWatch(ctx context.Context, guildID, id string) (schedule.Watch, error)
}

// Watch answers /watch add|list|remove|resume, which manage a server's watches:
// newly indexed articles that match a watch's query are posted to its
// channel (see schedule.Watcher). Like /schedule it is for members with
// Manage Server, in a server; the router enforces both.
type Watch struct {
	Watches Watches
	// Channels, when set, is asked before a watch is added or resumed.
	Channels ChannelChecker
	// GroupWindow and HourlyCap are the watcher's, for the reply to add
	// (the schedule package's defaults when zero).
	GroupWindow time.Duration
	HourlyCap   int
	// Now is the clock for list output (default time.Now), as Schedule's.
	Now func() time.Time
}

// now is the time list lines are written at.
func (c *Watch) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Definition describes /watch.
func (c *Watch) Definition() Definition {
	return manageDefinition("watch", "Post new articles about a story to a channel",
		Option{Description: "Post new articles that match a query", Options: []Option{
			{Type: OptionString, Name: "query", Description: "The story to watch, e.g. Moscow attack", Required: true, MaxLength: schedule.MaxWatchQuery},
			{Type: OptionChannel, Name: "channel", Description: "Where to post (default: this channel)", ChannelTypes: []int{0, 5}},
		}},
		"List this server's watches", "Stop a watch", "Resume a watch disabled because its channel refused posts")
}

// Handle runs the chosen subcommand.
func (c *Watch) Handle(ctx context.Context, req Request) (Response, error) {
	return manage(ctx, req, "watch", c.add, c.list, c.resume, c.Watches.RemoveWatch)
}

// resume enables again a watch disabled because its channel refused
// posts, once Discord says the bot can post there (else it stays
// disabled, and the reply says why). It takes the articles that arrive
// from now on: those that came while it was disabled are not posted.
func (c *Watch) resume(ctx context.Context, req Request) (Response, error) {
	id := resumeID(req)
	all, err := c.Watches.ListWatches(ctx, req.GuildID)
	if err != nil {
		return Response{}, err
	}
	i := slices.IndexFunc(all, func(w schedule.Watch) bool { return w.ID == id })
	if i < 0 {
		return Response{}, chronicle.Errorf(chronicle.ENOTFOUND, "This server has no watch %s.", Escape(id))
	}
	if err := refusesChanges(c.Watches); err != nil {
		return Response{}, err
	}
	if all[i].Disabled {
		if err := checkResume(ctx, c.Channels, req.GuildID, all[i].ChannelID, "watch", id); err != nil {
			return Response{}, err
		}
	}
	w, err := c.Watches.ResumeWatch(ctx, req.GuildID, id)
	if err != nil {
		return Response{}, err
	}
	return ephemeral(fmt.Sprintf("Watch %s resumed: <#%s> %s. It posts the matching articles that come from now on; those that came while it was disabled are not posted.",
		w.ID, w.ChannelID, Escape(w.Describe(c.now())))), nil
}

func (c *Watch) add(ctx context.Context, req Request) (Response, error) {
	w := schedule.Watch{GuildID: req.GuildID, ChannelID: req.Option("channel"), Query: chronicle.Printable(req.Option("query")), CreatedBy: req.UserID}
	if w.ChannelID == "" {
		w.ChannelID = req.ChannelID
	}
	if err := refusesChanges(c.Watches); err != nil {
		return Response{}, err
	}
	if err := checkChannel(ctx, c.Channels, req.GuildID, w.ChannelID, "watch", "added"); err != nil {
		return Response{}, err
	}
	w, err := c.Watches.AddWatch(ctx, w)
	if err != nil {
		return Response{}, err
	}
	window, limit := cmp.Or(c.GroupWindow, schedule.DefaultGroupWindow), cmp.Or(c.HourlyCap, schedule.DefaultHourlyCap)
	return ephemeral(fmt.Sprintf("Watch %s added: <#%s> %s. Each new article that matches is posted there once; "+
		"matches within %s share a post, and the channel gets at most %d watch posts an hour.",
		w.ID, w.ChannelID, Escape(w.Describe(c.now())), spell(window), limit)), nil
}

func (c *Watch) list(ctx context.Context, req Request) (Response, error) {
	all, err := c.Watches.ListWatches(ctx, req.GuildID)
	if err != nil {
		return Response{}, err
	}
	if len(all) == 0 {
		return ephemeral("This server has no watches. Add one with /watch add."), nil
	}
	lines := make([]string, len(all))
	for i, w := range all {
		lines[i] = fmt.Sprintf("• <#%s> %s", w.ChannelID, Escape(w.Describe(c.now())))
	}
	if text := strings.Join(lines, "\n"); utf8.RuneCountInString(text) <= MaxContent {
		return ephemeral(text), nil
	}
	// Too long with the details: every watch's number and query, the query
	// shortened to a share of the message, so that each watch can still be
	// found and removed.
	const note = "(details left out to fit; each watch's full line shows when there are fewer)"
	share := (MaxContent-len(note))/len(all) - 1
	for i, w := range all {
		head, tail := fmt.Sprintf("• <#%s> watch %s: “", w.ChannelID, w.ID), "”"
		if w.Disabled {
			tail += " (disabled)"
		}
		room := max(share-utf8.RuneCountInString(head+tail), 8)
		lines[i] = head + Truncate(Escape(w.Query), room) + tail
	}
	return ephemeral(Truncate(strings.Join(lines, "\n")+"\n"+note, MaxContent)), nil
}

// WatchPost renders a watch's post: one embed titled with the query, each
// new article a field with its headline, its best-matching sentence quoted
// and its citation linked, and a footer that counts any further matches and
// says how to stop the watch.
func WatchPost(p schedule.WatchPost) Response {
	e := Embed{Title: Truncate("New coverage: “"+Escape(p.Watch.Query)+"”", MaxEmbedTitle), Color: colorSearch}
	for _, it := range p.Items {
		c := it.Citation()
		e.Fields = append(e.Fields, Field{
			Name:  Truncate(Escape(titleOr(c.Title, "Untitled article")), MaxFieldName),
			Value: Truncate(quote(c, 300)+"\n"+citeLine(c, true), MaxFieldValue),
		})
	}
	footer := fmt.Sprintf("Watch %s", p.Watch.ID)
	if p.More > 0 {
		footer += fmt.Sprintf(" · %d more matching articles: /search %s", p.More, p.Watch.Query)
	}
	e.Footer = footer + " · /watch remove to stop"
	return Response{Embeds: []Embed{e}}
}

// spell writes a duration for people: "3 minutes", "1 minute", "20 seconds".
func spell(d time.Duration) string {
	n, unit := int(d/time.Second), "second"
	if d >= time.Minute && d%time.Minute == 0 {
		n, unit = int(d/time.Minute), "minute"
	}
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", max(n, 0), unit)
}
