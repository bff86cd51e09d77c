package answer

// DefaultModel weighs the sentence features. Learned with
//
//	bot tune --epochs 600 --index IDX ../shared/data/realtimeqa/questions-dev.jsonl
//
// on the development questions (5-fold cross-validated figures in
// docs/ANSWER.md). The weights are general evidence weights over the
// features in features.go, not rules for particular questions.
var DefaultModel = Model{
	fCovSentence:  2.8067,  // cov_sentence
	fCovParagraph: 1.0771,  // cov_paragraph
	fCovTitle:     -0.7963, // cov_title
	fMatchedFrac:  3.1719,  // matched_frac
	fPairs:        1.5998,  // pairs
	fPhrase:       -0.1491, // phrase
	fDocScore:     2.7005,  // doc_score
	fDocRank:      -0.0302, // doc_rank
	fRecent:       0.9740,  // recent
	fRecentAll:    1.3912,  // recent_all
	fParaFirst:    1.1814,  // para_first
	fSentFirst:    0.2798,  // sent_first
	fShort:        0.1524,  // short
	fLong:         0.0702,  // long
	fNoPunct:      0.5637,  // no_punct
	fQuote:        -0.2727, // quote
	fKindFit:      2.5385,  // kind_fit
	fNoKindFit:    -0.2117, // no_kind_fit
	fNearFocus:    1.1713,  // near_focus
	fProper:       -0.8620, // proper
	fName2:        -0.3456, // name2
	fPlace:        -0.3589, // place
	fNumber:       0.2752,  // number
	fDate:         -0.7448, // date
	fNovelCount:   0.8525,  // novel_count
	fKindPerson:   0.2466,  // kind_person
	fKindPlace:    2.5009,  // kind_place
	fKindOrg:      0.1559,  // kind_org
	fKindNumber:   0.6249,  // kind_number
	fKindDate:     0.3942,  // kind_date
	fKindOther:    -1.3844, // kind_other
	fRecentWeek:   1.0994,  // recent_week
	fRecentYear:   0.4334,  // recent_year
	fProximity:    0.1623,  // proximity
	fVote:         2.2526,  // vote
	fRarest:       -0.9392, // rarest
	fRarestFit:    0.8390,  // rarest_fit
	fVoteCount:    0.8892,  // vote_count
	fConsistent:   0.4397,  // consistent
}
