package answer

// defaultModel weighs the sentence features. Learned with
//
//	bot tune --epochs 600 --index IDX ../shared/data/realtimeqa/questions-dev.jsonl
//
// on the development questions (5-fold cross-validated figures in
// docs/ANSWER.md). The weights are general evidence weights over the
// features in features.go, not rules for particular questions.
var defaultModel = Model{
	fCovSentence:  2.5521,  // cov_sentence
	fCovParagraph: 0.8273,  // cov_paragraph
	fCovTitle:     -0.2392, // cov_title
	fMatchedFrac:  2.8641,  // matched_frac
	fPairs:        1.6233,  // pairs
	fPhrase:       -0.1093, // phrase
	fDocScore:     1.8101,  // doc_score
	fDocRank:      0.0487,  // doc_rank
	fRecent:       0.9593,  // recent
	fRecentAll:    1.4222,  // recent_all
	fParaFirst:    1.3331,  // para_first
	fSentFirst:    0.3606,  // sent_first
	fShort:        0.2377,  // short
	fLong:         0.0351,  // long
	fNoPunct:      0.5448,  // no_punct
	fQuote:        -0.2682, // quote
	fKindFit:      2.5463,  // kind_fit
	fNoKindFit:    -0.2190, // no_kind_fit
	fNearFocus:    1.1541,  // near_focus
	fProper:       -0.7573, // proper
	fName2:        -0.3544, // name2
	fPlace:        -0.3534, // place
	fNumber:       0.3259,  // number
	fDate:         -0.7764, // date
	fNovelCount:   0.7927,  // novel_count
	fKindPerson:   0.4481,  // kind_person
	fKindPlace:    2.4113,  // kind_place
	fKindOrg:      0.1065,  // kind_org
	fKindNumber:   0.5435,  // kind_number
	fKindDate:     0.5490,  // kind_date
	fKindOther:    -1.5122, // kind_other
	fRecentWeek:   1.1349,  // recent_week
	fRecentYear:   0.4648,  // recent_year
	fProximity:    0.1810,  // proximity
	fVote:         2.1715,  // vote
	fRarest:       -0.8295, // rarest
	fRarestFit:    0.9160,  // rarest_fit
	fVoteCount:    0.9145,  // vote_count
	fConsistent:   0.5657,  // consistent
	fArtCov:       2.5100,  // art_cov
}
