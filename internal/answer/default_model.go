package answer

// DefaultModel weighs the sentence features. Learned with
//
//	bot tune --epochs 600 --index IDX ../shared/data/realtimeqa/questions-dev.jsonl
//
// on the development questions (5-fold cross-validated figures in
// docs/ANSWER.md). The weights are general evidence weights over the
// features in features.go, not rules for particular questions.
var DefaultModel = Model{
	fCovSentence:  2.4822,  // cov_sentence
	fCovParagraph: 1.5810,  // cov_paragraph
	fCovTitle:     -0.8125, // cov_title
	fMatchedFrac:  3.2954,  // matched_frac
	fPairs:        1.6098,  // pairs
	fPhrase:       0.0229,  // phrase
	fDocScore:     2.4986,  // doc_score
	fDocRank:      -0.0418, // doc_rank
	fRecent:       1.1397,  // recent
	fRecentAll:    1.1293,  // recent_all
	fParaFirst:    1.2948,  // para_first
	fSentFirst:    0.3347,  // sent_first
	fShort:        0.0476,  // short
	fLong:         0.0114,  // long
	fNoPunct:      0.3954,  // no_punct
	fQuote:        -0.2884, // quote
	fKindFit:      2.2019,  // kind_fit
	fNoKindFit:    -0.2197, // no_kind_fit
	fNearFocus:    1.2230,  // near_focus
	fProper:       -0.8967, // proper
	fName2:        -0.2211, // name2
	fPlace:        -0.3335, // place
	fNumber:       0.2465,  // number
	fDate:         -0.4809, // date
	fNovelCount:   1.0090,  // novel_count
	fKindPerson:   -0.7167, // kind_person
	fKindPlace:    2.4741,  // kind_place
	fKindOrg:      0.1098,  // kind_org
	fKindNumber:   1.3251,  // kind_number
	fKindDate:     0.3608,  // kind_date
	fKindOther:    -1.3513, // kind_other
	fRecentWeek:   1.2460,  // recent_week
	fRecentYear:   0.4938,  // recent_year
	fProximity:    0.3274,  // proximity
	fVote:         2.8355,  // vote
	fRarest:       -0.6246, // rarest
	fRarestFit:    1.1967,  // rarest_fit
}
