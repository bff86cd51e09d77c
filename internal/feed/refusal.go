package feed

import (
	"encoding/json"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// How items the sink refuses are remembered.
//
// The index refuses a feed item whose ID a corpus file gives (PutResult.
// Refused). Such an item is remembered with the reason (seenRecord.Refused)
// and a time to offer it again (Retry): the wait is the feed's interval
// doubled at each refusal in a row, up to Options.MaxBackoff. Until then
// the item is neither offered nor its page fetched while it is unchanged;
// a change of the item offers it at once, and `bot index --rebuild` (a new
// index generation) forgets every record. Not remembered, the item had its
// page fetched and was offered at every fetch of the feed, forever.
//
// Releases before recordRule remembered a refused item as taken, and never
// offered it again while it was unchanged. Their records are told apart by
// their missing Rule, and each item is looked at once more (standingOf);
// the feeds' validators are dropped once (upgradeRule), so that a "not
// modified" does not hide the items.

const (
	// recordRule is the version of the rules seen records are written
	// under: 1 remembers refusals apart from items taken.
	recordRule = 1
	// keyRule, in the meta bucket, is the recordRule the file was last
	// opened under.
	keyRule = "record-rule"
	// reasonHeld is the sink's refusal: another source of its own (a
	// corpus file) gives an article of the item's ID.
	reasonHeld = "held by another source of the sink"
)

// standing is what a fetch does with an item, given its record.
type standing int

const (
	// offer: the item is new, changed, remembered by an earlier release,
	// or refused and due again; its page is fetched and it goes to the sink.
	offer standing = iota
	// heldElsewhere: another feed took the item's ID.
	heldElsewhere
	// unchanged: taken, or dropped as a duplicate, as it is.
	unchanged
	// refusedWaiting: the sink refused it, and its Retry is to come.
	refusedWaiting
)

// standingOf says what a fetch of feedURL at now does with an item of
// hash whose record is r (ok: it has one); recs holds the records of the
// articles Dup records repeat.
func standingOf(r seenRecord, ok bool, feedURL, hash string, now time.Time, recs map[string]seenRecord) standing {
	switch {
	case !ok:
		return offer
	case r.Refused != "":
		// Another feed's refusal holds the ID until it is due, so that
		// two feeds listing the item do not offer it in turn at every
		// fetch.
		if r.Rule >= recordRule && now.Before(r.Retry) && (r.Origin != feedURL || r.Hash == hash) {
			return refusedWaiting
		}
		return offer
	case r.Origin != feedURL:
		return heldElsewhere
	case r.Rule < recordRule:
		// An earlier release remembered a refused item as taken.
		return offer
	case r.Dup && recs[r.Of].Refused != "":
		// It repeats an article the sink refused since: no article taken.
		return offer
	case r.Hash == hash:
		return unchanged
	}
	return offer
}

// reconsidered reports whether an item of hash, whose record is r (ok:
// it has one), is offered only because a release before recordRule wrote
// r: that release took it as it is, or refused it.
func reconsidered(r seenRecord, ok bool, feedURL, hash string) bool {
	return ok && r.Rule < recordRule && r.Refused == "" && !r.Dup && r.Origin == feedURL && r.Hash == hash
}

// refusedRecord is rec, the record of an item the sink refused, made a
// refusal: its tries go on from prev's (the item's record before this
// fetch) while the item is unchanged, and its retry is a back-off of
// interval doubled at each try, capped at limit.
func refusedRecord(rec, prev seenRecord, hadPrev bool, now time.Time, interval, limit time.Duration) seenRecord {
	rec.Dup, rec.Of = false, ""
	rec.Refused = reasonHeld
	rec.Tries = 1
	if hadPrev && prev.Refused != "" && prev.Hash == rec.Hash {
		rec.Tries = prev.Tries + 1
	}
	rec.Retry = now.Add(backoff(interval, rec.Tries, limit))
	return rec
}

// upgradeRule records recordRule in the meta bucket. A file of a release
// before it (one without the key that holds feeds) has every feed's
// validators dropped: its seen records are looked at once more, and a
// "not modified" would keep the items from the fetch. It reports whether
// it dropped any.
func upgradeRule(tx *bolt.Tx) (bool, error) {
	meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
	if err != nil {
		return false, err
	}
	if n, err := strconv.Atoi(string(meta.Get([]byte(keyRule)))); err == nil && n >= recordRule {
		return false, nil
	}
	feeds := tx.Bucket([]byte(bucketFeeds))
	type kept struct {
		url string
		st  feedState
	}
	var states []kept
	err = feeds.ForEach(func(k, v []byte) error {
		var st feedState
		if v == nil || json.Unmarshal(v, &st) != nil {
			return nil // setAsideFeeds moved those that do not decode
		}
		if st.ETag != "" || st.LastModified != "" {
			states = append(states, kept{string(k), st})
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	for _, x := range states {
		x.st.ETag, x.st.LastModified = "", ""
		if err := putFeed(tx, x.url, x.st); err != nil {
			return false, err
		}
	}
	first, _ := tx.Bucket([]byte(bucketSeen)).Cursor().First()
	upgraded := len(states) > 0 || first != nil
	return upgraded, meta.Put([]byte(keyRule), []byte(strconv.Itoa(recordRule)))
}
