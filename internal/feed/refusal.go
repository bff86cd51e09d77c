package feed

import "time"

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

const (
	// reasonHeld is the sink's refusal: another source of its own (a
	// corpus file) gives an article of the item's ID.
	reasonHeld = "held by another source of the sink"
)

// standing is what a fetch does with an item, given its record.
type standing int

const (
	// offer: the item is new, changed, or refused and due again; its page
	// is fetched and it goes to the sink.
	offer standing = iota
	// heldElsewhere: another feed took the item's ID.
	heldElsewhere
	// unchanged: taken, or dropped as a duplicate, as it is.
	unchanged
	// refusedWaiting: the sink refused it, and its Retry is to come.
	refusedWaiting
)

// standingOf says what a fetch of feedURL at now does with an item of
// hash whose record is r (ok: it has one).
func standingOf(r seenRecord, ok bool, feedURL, hash string, now time.Time) standing {
	switch {
	case !ok:
		return offer
	case r.Refused != "":
		// Another feed's refusal holds the ID until it is due, so that
		// two feeds listing the item do not offer it in turn at every
		// fetch.
		if now.Before(r.Retry) && (r.Origin != feedURL || r.Hash == hash) {
			return refusedWaiting
		}
		return offer
	case r.Origin != feedURL:
		return heldElsewhere
	case r.Hash == hash:
		return unchanged
	}
	return offer
}

// refusedRecord is rec, the record of an item the sink refused, made a
// refusal: its tries go on from prev's (the item's record before this
// fetch) while the item is unchanged, and its retry is a back-off of
// interval doubled at each try, capped at limit.
func refusedRecord(rec, prev seenRecord, hadPrev bool, now time.Time, interval, limit time.Duration) seenRecord {
	rec.Dup = false
	rec.Refused = reasonHeld
	rec.Tries = 1
	if hadPrev && prev.Refused != "" && prev.Hash == rec.Hash {
		rec.Tries = prev.Tries + 1
	}
	rec.Retry = now.Add(backoff(interval, rec.Tries, limit))
	return rec
}
