package commands

import (
	"context"
	"strconv"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/digest"
)

// DigestBuilder makes digests; digest.Builder satisfies it.
type DigestBuilder interface {
	Build(ctx context.Context, opts digest.Options) (digest.Digest, error)
}

// maxDigestDays is the longest window /digest accepts.
const maxDigestDays = 31

// Digest answers /digest [topic] [days] with a digest of the last days'
// coverage, the same message a scheduled post sends.
type Digest struct {
	Builder DigestBuilder
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Definition describes /digest.
func (c *Digest) Definition() Definition {
	lo, hi := 1.0, float64(maxDigestDays)
	return Definition{
		Name:        "digest",
		Description: "Summarise recent coverage, each point quoted and cited",
		Options: []Option{
			{Type: OptionString, Name: "topic", Description: "Only stories about this (default: everything)", MaxLength: 100},
			{Type: OptionInteger, Name: "days", Description: "How many days back (default 1)", MinValue: &lo, MaxValue: &hi},
		},
		Defer: true,
	}
}

// Handle builds the digest for the window ending now.
func (c *Digest) Handle(ctx context.Context, req Request) (Response, error) {
	days := 1
	if v := req.Option("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxDigestDays {
			return Response{}, chronicle.Errorf(chronicle.EINVALID, "Days must be a whole number from 1 to %d.", maxDigestDays)
		}
		days = n
	}
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	d, err := c.Builder.Build(ctx, digest.Options{
		Topic: req.Option("topic"),
		From:  now.Add(-time.Duration(days) * 24 * time.Hour),
		To:    now,
	})
	if err != nil {
		return Response{}, err
	}
	return Response{Content: d.Markdown()}, nil
}
