package answer

// DefaultModel weighs the sentence features. Learned with
//
//	bot tune --epochs 600 --index IDX ../shared/data/realtimeqa/questions-dev.jsonl
//
// on the development questions (5-fold cross-validated figures in
// docs/ANSWER.md). The weights are general evidence weights over the
// features in features.go, not rules for particular questions.
var DefaultModel = Model{
	fCovSentence:  2.6771,  // cov_sentence
	fCovParagraph: 1.6296,  // cov_paragraph
	fCovTitle:     -0.7040, // cov_title
	fMatchedFrac:  3.2380,  // matched_frac
	fPairs:        1.5037,  // pairs
	fPhrase:       -0.0795, // phrase
	fDocScore:     2.8001,  // doc_score
	fDocRank:      -0.0740, // doc_rank
	fRecent:       1.0673,  // recent
	fRecentAll:    1.2998,  // recent_all
	fParaFirst:    1.2931,  // para_first
	fSentFirst:    0.2672,  // sent_first
	fShort:        0.2792,  // short
	fLong:         0.1543,  // long
	fNoPunct:      0.5630,  // no_punct
	fQuote:        -0.3268, // quote
	fKindFit:      2.6566,  // kind_fit
	fNoKindFit:    -0.2121, // no_kind_fit
	fNearFocus:    1.2203,  // near_focus
	fProper:       -0.8016, // proper
	fName2:        -0.2556, // name2
	fPlace:        -0.4055, // place
	fNumber:       0.3108,  // number
	fDate:         -0.6678, // date
	fNovelCount:   0.7591,  // novel_count
	fKindPerson:   0.1418,  // kind_person
	fKindPlace:    2.2577,  // kind_place
	fKindOrg:      0.1605,  // kind_org
	fKindNumber:   0.6708,  // kind_number
	fKindDate:     0.6404,  // kind_date
	fKindOther:    -1.2146, // kind_other
	fRecentWeek:   1.0404,  // recent_week
	fRecentYear:   0.5060,  // recent_year
	fProximity:    0.0476,  // proximity
	fVote:         2.4504,  // vote
	fRarest:       -0.5182, // rarest
	fRarestFit:    0.4412,  // rarest_fit
	fVoteCount:    1.0343,  // vote_count
}
