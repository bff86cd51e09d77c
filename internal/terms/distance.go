package terms

// EditDistance is the number of edits that turn a into b: a letter
// inserted, deleted or replaced, or two neighbouring letters swapped
// (optimal string alignment, the Damerau-Levenshtein distance without
// edits inside a swapped pair): "yeras" is one edit from "years", two from
// "year". It compares bytes, so it is meant for words of ASCII letters
// (index stems and their spellings, config keys); a non-ASCII letter
// counts as several.
func EditDistance(a, b string) int {
	pp := make([]int, len(b)+1) // the row before prev
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(b)]
}
