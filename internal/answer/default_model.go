package answer

// DefaultModel weighs the sentence features. Learned with
//
//	bot tune --epochs 600 --index IDX ../shared/data/realtimeqa/questions-dev.jsonl
//
// on the development questions (5-fold cross-validated figures in
// docs/ANSWER.md). The weights are general evidence weights over the
// features in features.go, not rules for particular questions.
var DefaultModel = Model{
	fCovSentence:  2.5577,  // cov_sentence
	fCovParagraph: 1.4348,  // cov_paragraph
	fCovTitle:     -0.7848, // cov_title
	fMatchedFrac:  3.2279,  // matched_frac
	fPairs:        1.5859,  // pairs
	fPhrase:       -0.0617, // phrase
	fDocScore:     2.7820,  // doc_score
	fDocRank:      -0.0063, // doc_rank
	fRecent:       0.9999,  // recent
	fRecentAll:    1.3657,  // recent_all
	fParaFirst:    1.2784,  // para_first
	fSentFirst:    0.2598,  // sent_first
	fShort:        0.3784,  // short
	fLong:         0.1010,  // long
	fNoPunct:      0.4128,  // no_punct
	fQuote:        -0.3261, // quote
	fKindFit:      2.3141,  // kind_fit
	fNoKindFit:    -0.3985, // no_kind_fit
	fNearFocus:    1.2080,  // near_focus
	fProper:       -0.8595, // proper
	fName2:        -0.2789, // name2
	fPlace:        -0.2605, // place
	fNumber:       0.1661,  // number
	fDate:         -0.4799, // date
	fNovelCount:   0.8614,  // novel_count
	fKindPerson:   -0.4957, // kind_person
	fKindPlace:    2.4156,  // kind_place
	fKindOrg:      0.1697,  // kind_org
	fKindNumber:   0.7762,  // kind_number
	fKindDate:     0.6279,  // kind_date
	fKindOther:    -1.1803, // kind_other
	fRecentWeek:   1.0110,  // recent_week
	fRecentYear:   0.4783,  // recent_year
	fProximity:    0.0575,  // proximity
	fVote:         2.3289,  // vote
	fRarest:       -0.5277, // rarest
	fRarestFit:    0.5285,  // rarest_fit
	fVoteCount:    1.0325,  // vote_count
}
