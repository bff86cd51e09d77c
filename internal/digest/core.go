package digest

// Two groups of articles that the similarity would merge are one event only
// when their cores agree: the proper names that more than half of one
// group's articles hold are names the other group's coverage also uses. A
// follow-up elsewhere ("France raises its alert after the Moscow attack")
// shares the cause's words and a name or two with the cause's coverage, but
// its own core (France, Macron) is foreign to it; a development of the same
// event (an arrest, a court hearing, a statement by Putin) has a core that
// the event's coverage names too. A single article has no core yet: what it
// holds by chance cannot be told from what it is about, so the check waits
// until both groups have two articles.
const (
	// coreShare is the share of a group's articles that a name must be
	// held by more than to be in the group's core (both of two articles).
	coreShare = 0.5
	// corePresence is the least share of the other group's articles that
	// must hold a core name for it to count as shared.
	corePresence = 0.1
	// coreAgreement is the share of core names shared (the lower of the two
	// directions) from which two groups merge at their full linkage; below
	// it the linkage falls in proportion.
	coreAgreement = 0.5
)

// cores keeps, for each group of agglomerate, how many of its items hold
// each key (an item's distinct proper names).
type cores struct {
	counts []map[int32]int
	size   []int
	// core caches each group's core names (coreOf), made again after the
	// group merges: shared read every name of the group at each look, and
	// a dense window's groups hold hundreds (helper 77).
	core [][]int32
	made []bool
}

// newCores starts one group per item; nil keys give a nil *cores, whose
// agreement is always 1.
func newCores(n int, keys [][]int32) *cores {
	if keys == nil {
		return nil
	}
	c := &cores{counts: make([]map[int32]int, n), size: make([]int, n), core: make([][]int32, n), made: make([]bool, n)}
	for i := range n {
		c.counts[i] = make(map[int32]int, len(keys[i]))
		for _, k := range keys[i] {
			c.counts[i][k] = 1
		}
		c.size[i] = 1
	}
	return c
}

// merge adds group b's counts to group a's.
func (c *cores) merge(a, b int) {
	if c == nil {
		return
	}
	for k, n := range c.counts[b] {
		c.counts[a][k] += n
	}
	c.size[a] += c.size[b]
	c.counts[b] = nil
	c.made[a], c.core[b] = false, nil
}

// coreOf returns the names that more than coreShare of group a's items
// hold.
func (c *cores) coreOf(a int) []int32 {
	if !c.made[a] {
		c.core[a] = c.core[a][:0]
		for k, n := range c.counts[a] {
			if float64(n) > coreShare*float64(c.size[a]) {
				c.core[a] = append(c.core[a], k)
			}
		}
		c.made[a] = true
	}
	return c.core[a]
}

// agreement is the factor (0 to 1) that weighs the linkage of groups a and
// b: 1 when either has a single item or each shares at least coreAgreement
// of its core names with the other, less in proportion below that.
func (c *cores) agreement(a, b int) float64 {
	if c == nil || c.size[a] < 2 || c.size[b] < 2 {
		return 1
	}
	return min(1, min(c.shared(a, b), c.shared(b, a))/coreAgreement)
}

// shared is the share of a's core names that at least corePresence of b's
// items hold; 1 when a has no core.
func (c *cores) shared(a, b int) float64 {
	core, in := c.coreOf(a), 0
	for _, k := range core {
		if float64(c.counts[b][k]) >= corePresence*float64(c.size[b]) {
			in++
		}
	}
	if len(core) == 0 {
		return 1
	}
	return float64(in) / float64(len(core))
}
