package answer

// DefaultModel weighs the sentence features. Learned with
//
//	bot tune --epochs 600 --index IDX ../shared/data/realtimeqa/questions-dev.jsonl
//
// on the development questions (5-fold cross-validated figures in
// docs/ANSWER.md). The weights are general evidence weights over the
// features in features.go, not rules for particular questions.
var DefaultModel = Model{
	fCovSentence:  2.3959,  // cov_sentence
	fCovParagraph: 1.7955,  // cov_paragraph
	fCovTitle:     -0.7158, // cov_title
	fMatchedFrac:  3.6908,  // matched_frac
	fPairs:        0.9497,  // pairs
	fPhrase:       -0.2271, // phrase
	fDocScore:     2.6874,  // doc_score
	fDocRank:      -0.0532, // doc_rank
	fRecent:       0.8196,  // recent
	fRecentAll:    1.1601,  // recent_all
	fParaFirst:    1.3011,  // para_first
	fSentFirst:    0.3329,  // sent_first
	fShort:        0.0130,  // short
	fLong:         0.3579,  // long
	fNoPunct:      -0.2273, // no_punct
	fQuote:        -0.2098, // quote
	fKindFit:      2.3101,  // kind_fit
	fNoKindFit:    -0.0278, // no_kind_fit
	fNearFocus:    1.0927,  // near_focus
	fProper:       -0.7822, // proper
	fName2:        -0.1725, // name2
	fPlace:        -0.2328, // place
	fNumber:       0.1569,  // number
	fDate:         -0.3660, // date
	fNovelCount:   1.0042,  // novel_count
	fKindPerson:   -0.7892, // kind_person
	fKindPlace:    1.8899,  // kind_place
	fKindOrg:      0.1289,  // kind_org
	fKindNumber:   1.2423,  // kind_number
	fKindDate:     0.7599,  // kind_date
	fKindOther:    -0.9217, // kind_other
	fRecentWeek:   1.2615,  // recent_week
	fRecentYear:   0.4579,  // recent_year
	fProximity:    0.2944,  // proximity
	fVote:         3.0774,  // vote
	fRarest:       -0.9544, // rarest
	fRarestFit:    1.4289,  // rarest_fit
}
