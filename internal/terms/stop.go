package terms

// IsStop reports whether a lower-case word is an English stop word (the list
// Bleve's "en" analyzer uses, which includes question words).
func IsStop(lower string) bool {
	_, ok := stopWords[lower]
	return ok
}

// stopWords is read-only after initialisation.
var stopWords = func() map[string]struct{} {
	m := make(map[string]struct{}, 200)
	for _, w := range []string{
		"i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
		"yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
		"they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
		"these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
		"having", "do", "does", "did", "doing", "would", "should", "could", "ought", "i'm", "you're",
		"a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
		"for", "with", "about", "against", "between", "into", "through", "during", "before", "after",
		"above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again",
		"further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any", "both",
		"each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same",
		"so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "now", "d", "ll", "m", "o",
		"re", "ve", "y", "also", "said", "says", "say", "according",
	} {
		m[w] = struct{}{}
	}
	return m
}()
