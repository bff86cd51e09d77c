package digest

// ClusterScores compares a grouping of items with a labelled one.
type ClusterScores struct {
	// Items is how many labelled items were compared; Gold and Predicted
	// count the groups among them.
	Items, Gold, Predicted int
	// BCubed precision, recall and F1 (Bagga and Baldwin): per item, the
	// share of its predicted group that shares its gold label, and of its
	// gold group that shares its predicted group, averaged over items.
	BCubedP, BCubedR, BCubedF1 float64
	// Pairwise precision, recall and F1 over pairs of items put together.
	PairP, PairR, PairF1 float64
}

// CompareClusters scores predicted against gold, both maps from item to
// group label. Only items in gold count; an item gold has and predicted
// lacks is a group of its own.
func CompareClusters(predicted, gold map[string]string) ClusterScores {
	var sc ClusterScores
	pred := make(map[string]string, len(gold))
	for id := range gold {
		p, ok := predicted[id]
		if !ok {
			p = "\x00" + id
		}
		pred[id] = p
	}
	cell := make(map[[2]string]int)
	gSize, pSize := make(map[string]int), make(map[string]int)
	for id, g := range gold {
		cell[[2]string{pred[id], g}]++
		gSize[g]++
		pSize[pred[id]]++
	}
	sc.Items, sc.Gold, sc.Predicted = len(gold), len(gSize), len(pSize)
	if sc.Items == 0 {
		return sc
	}
	for id, g := range gold {
		c := float64(cell[[2]string{pred[id], g}])
		sc.BCubedP += c / float64(pSize[pred[id]])
		sc.BCubedR += c / float64(gSize[g])
	}
	sc.BCubedP /= float64(sc.Items)
	sc.BCubedR /= float64(sc.Items)
	sc.BCubedF1 = f1(sc.BCubedP, sc.BCubedR)
	pairs := func(n int) float64 { return float64(n*(n-1)) / 2 }
	var both, inPred, inGold float64
	for _, n := range cell {
		both += pairs(n)
	}
	for _, n := range pSize {
		inPred += pairs(n)
	}
	for _, n := range gSize {
		inGold += pairs(n)
	}
	sc.PairP, sc.PairR = ratio(both, inPred), ratio(both, inGold)
	sc.PairF1 = f1(sc.PairP, sc.PairR)
	return sc
}

// ratio is a/b, 1 when b is 0 (nothing claimed, nothing wrong).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 1
	}
	return a / b
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
