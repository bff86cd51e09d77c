package feedback

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestUserSecretNeverReplaced: the file's secret for user hashes is what
// makes a user's second vote on an answer known as such. A secret of
// another length than this version makes (a later version's, or one whose
// length was damaged) used to be replaced silently by a new one, so that
// every user could vote again on every answer voted on before, and the old
// secret was gone. Now a secret in the file is used as it is, never
// replaced.
func TestUserSecretNeverReplaced(t *testing.T) {
	for _, n := range []int{64, 31, 1} {
		t.Run(fmt.Sprintf("%d bytes", n), func(t *testing.T) {
			ctx := context.Background()
			st, err := Open(filepath.Join(t.TempDir(), "feedback.db"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			key, err := st.PutAnswer(ctx, claimed)
			if err != nil {
				t.Fatal(err)
			}
			// The file as the other version left it: its secret, and u1's
			// vote hashed with it.
			secret := bytes.Repeat([]byte{0x5a}, n)
			first := Vote{Key: key, Answer: claimed, Kind: Wrong, At: day}
			err = st.update(ctx, func(tx *bolt.Tx) error {
				meta, err := tx.CreateBucketIfNotExists(metaBucket)
				if err != nil {
					return err
				}
				if err := meta.Put(secretKey, secret); err != nil {
					return err
				}
				votes, err := tx.CreateBucketIfNotExists(votesBucket)
				if err != nil {
					return err
				}
				data, err := json.Marshal(first)
				if err != nil {
					return err
				}
				return votes.Put([]byte(key+"/"+userHash(secret, "u1")), data)
			})
			if err != nil {
				t.Fatal(err)
			}

			v, err := st.Vote(ctx, key, "u1", Helpful, day)
			if !errors.Is(err, ErrAlreadyVoted) || v.Kind != Wrong {
				t.Errorf("u1 votes again: %+v, %v; want the first vote (wrong) with ErrAlreadyVoted", v, err)
			}
			if votes, err := st.Votes(ctx); err != nil || len(votes) != 1 {
				t.Errorf("Votes = %d votes, %v; want the one vote", len(votes), err)
			}
			err = st.view(ctx, func(tx *bolt.Tx) error {
				if got := tx.Bucket(metaBucket).Get(secretKey); !bytes.Equal(got, secret) {
					t.Errorf("the secret is now %x, want it kept as it was, %x", got, secret)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
