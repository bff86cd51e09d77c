package answer

// DefaultModel weighs the sentence features. Learned with
//
//	bot tune --epochs 600 --index IDX ../shared/data/realtimeqa/questions-dev.jsonl
//
// on the development questions (5-fold cross-validated figures in
// docs/ANSWER.md). The weights are general evidence weights over the
// features in features.go, not rules for particular questions.
var DefaultModel = Model{
	fCovSentence:  2.9527,  // cov_sentence
	fCovParagraph: 1.3594,  // cov_paragraph
	fCovTitle:     -0.7119, // cov_title
	fMatchedFrac:  3.3869,  // matched_frac
	fPairs:        0.8832,  // pairs
	fPhrase:       -0.1822, // phrase
	fDocScore:     2.9650,  // doc_score
	fDocRank:      -0.0706, // doc_rank
	fRecent:       0.7283,  // recent
	fRecentAll:    1.1257,  // recent_all
	fParaFirst:    1.4073,  // para_first
	fSentFirst:    0.2225,  // sent_first
	fShort:        -0.2595, // short
	fLong:         0.3857,  // long
	fNoPunct:      -0.1968, // no_punct
	fQuote:        -0.2581, // quote
	fKindFit:      3.3528,  // kind_fit
	fNoKindFit:    -0.1859, // no_kind_fit
	fNearFocus:    1.1832,  // near_focus
	fProper:       -1.2391, // proper
	fName2:        -0.1744, // name2
	fPlace:        -0.2036, // place
	fNumber:       0.0689,  // number
	fDate:         -0.2361, // date
	fNovelCount:   0.9056,  // novel_count
	fKindPerson:   -0.3493, // kind_person
	fKindPlace:    2.1424,  // kind_place
	fKindOrg:      0.4168,  // kind_org
	fKindNumber:   1.3657,  // kind_number
	fKindDate:     0.7999,  // kind_date
	fKindOther:    -1.0225, // kind_other
	fRecentWeek:   1.3764,  // recent_week
	fRecentYear:   0.3991,  // recent_year
	fProximity:    0.4562,  // proximity
	fVote:         3.0250,  // vote
}
