package commands

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/digest"
)

// failingPoster records what it was asked to post and fails with err.
type failingPoster struct {
	got []Response
	err error
}

func (p *failingPoster) Post(_ context.Context, _ string, r Response) error {
	p.got = append(p.got, r)
	return p.err
}

// TestDigestPoster: a scheduled digest is posted as /digest shows it, and
// the poster's error comes back as it is (the scheduler reads it).
func TestDigestPoster(t *testing.T) {
	d := digest.Digest{From: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 26, 0, 0, 0, 0, time.UTC)}
	for _, postErr := range []error{nil, errors.New("connection reset")} {
		t.Run(fmtVal(postErr), func(t *testing.T) {
			p := &failingPoster{err: postErr}
			err := DigestPoster{Poster: p}.PostDigest(context.Background(), "42", d)
			if !errors.Is(err, postErr) || (postErr == nil && err != nil) {
				t.Errorf("PostDigest error = %v, want %v", err, postErr)
			}
			want := "No coverage between 25 Mar 2024 and 26 Mar 2024."
			if len(p.got) != 1 || p.got[0].Content != want || p.got[0].Content != DigestMessage(d).Content {
				t.Errorf("posted %+v, want the digest's message %q", p.got, want)
			}
		})
	}
}

func fmtVal(err error) string {
	if err == nil {
		return "posted"
	}
	return err.Error()
}
