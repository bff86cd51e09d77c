package terms

// IsStop reports whether a lower-case word is an English stop word (the list
// Bleve's "en" analyzer uses, which includes question words).
func IsStop(lower string) bool {
	return stopWords.has(lower)
}

// stopSet is a small open-addressing hash set of the stop words: every token
// of every paragraph the answerer reads is looked up, and most are not stop
// words, which this rejects after one or two slots without hashing the whole
// word as a map would.
type stopSet struct {
	slots  [stopSlots]string
	maxLen int
}

// stopSlots is a power of two, about four times the number of stop words.
const stopSlots = 512

// slot returns the first slot to probe for w (not empty): a hash of its
// length and first, middle and last bytes.
func (*stopSet) slot(w string) uint32 {
	h := uint32(len(w))*0x9e3779b1 ^ uint32(w[0])*0x85ebca6b ^ uint32(w[len(w)-1])*0xc2b2ae35 ^
		uint32(w[len(w)/2])*0x27d4eb2f
	return h >> (32 - 9) // 9 bits: stopSlots
}

func (s *stopSet) add(w string) {
	for i := s.slot(w); ; i = (i + 1) % stopSlots {
		if s.slots[i] == "" || s.slots[i] == w {
			s.slots[i] = w
			break
		}
	}
	s.maxLen = max(s.maxLen, len(w))
}

func (s *stopSet) has(w string) bool {
	if w == "" || len(w) > s.maxLen {
		return false
	}
	for i := s.slot(w); ; i = (i + 1) % stopSlots {
		switch s.slots[i] {
		case w:
			return true
		case "":
			return false
		}
	}
}

// stopWords is read-only after initialisation.
var stopWords = newStopSet(stopList)

func newStopSet(words []string) *stopSet {
	s := &stopSet{}
	for _, w := range words {
		s.add(w)
	}
	return s
}

// stopList is the list of stop words (read-only).
var stopList = []string{
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
}
