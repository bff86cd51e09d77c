package eval

import (
	"fmt"
	"sort"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Week is the ISO week of a question's as-of day, like "2022-W07" ("" when
// the question has none).
func Week(q Question) (string, error) {
	if q.AsOf == "" {
		return "", nil
	}
	t, err := q.asOf()
	if err != nil {
		return "", err
	}
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w), nil
}

// AssignFolds puts whole weeks into k folds, so that one week's questions
// (which share events and articles) never sit on both sides of a split, and
// balances the folds by question count: the weeks, largest first (ties by
// week), each go to the fold with the fewest questions so far (ties: the
// lowest fold). It returns each question's fold and each question's week.
func AssignFolds(qs []Question, k int) (fold []int, weeks []string, err error) {
	if k < 2 {
		return nil, nil, fmt.Errorf("cross-validation needs at least 2 folds, not %d", k)
	}
	weeks = make([]string, len(qs))
	count := map[string]int{}
	for i, q := range qs {
		if weeks[i], err = Week(q); err != nil {
			return nil, nil, err
		}
		count[weeks[i]]++
	}
	if len(count) < k {
		return nil, nil, fmt.Errorf("%d folds by week need at least %d weeks of questions; the file has %d", k, k, len(count))
	}
	order := make([]string, 0, len(count))
	for w := range count {
		order = append(order, w)
	}
	sort.Slice(order, func(i, j int) bool {
		if count[order[i]] != count[order[j]] {
			return count[order[i]] > count[order[j]]
		}
		return order[i] < order[j]
	})
	size := make([]int, k)
	foldOf := map[string]int{}
	for _, w := range order {
		best := 0
		for f := 1; f < k; f++ {
			if size[f] < size[best] {
				best = f
			}
		}
		foldOf[w] = best
		size[best] += count[w]
	}
	fold = make([]int, len(qs))
	for i := range qs {
		fold[i] = foldOf[weeks[i]]
	}
	return fold, weeks, nil
}

// Halves splits the questions by week in time order, never splitting a
// week: a week is in the first half when the questions before it and half
// of its own are at most half of all.
// It returns whether each question is in the second half, and the first and
// last week of each half.
func Halves(weeks []string) (second []bool, bounds [2][2]string) {
	count := map[string]int{}
	for _, w := range weeks {
		count[w]++
	}
	order := make([]string, 0, len(count))
	for w := range count {
		order = append(order, w)
	}
	sort.Strings(order)
	inSecond := map[string]bool{}
	seen := 0
	for _, w := range order {
		if 2*seen+count[w] > len(weeks) {
			inSecond[w] = true
		}
		seen += count[w]
	}
	second = make([]bool, len(weeks))
	for i, w := range weeks {
		second[i] = inSecond[w]
	}
	for _, w := range order {
		h := 0
		if inSecond[w] {
			h = 1
		}
		if bounds[h][0] == "" {
			bounds[h][0] = w
		}
		bounds[h][1] = w
	}
	return second, bounds
}

// asOf parses the question's as-of day. A day outside the years an index
// holds is an error: year 1 would otherwise read as no day at all.
func (q Question) asOf() (time.Time, error) {
	t, err := parseAsOf(q.AsOf)
	if err != nil {
		return t, fmt.Errorf("question %s: %w", q.ID, err)
	}
	return t, nil
}

// parseAsOf parses an as_of day, saying in words what is wrong with one
// that is no day (as bot ask --batch does), not in the parser's ("parsing
// time "bad" as "2006-01-02": cannot parse ...").
func parseAsOf(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("as_of must be a date like 2024-03-26 (year-month-day), not %q", s)
	}
	if !chronicle.InDateRange(t) {
		return time.Time{}, fmt.Errorf("as_of %s is outside the years %d to %d that an index holds",
			s, chronicle.FirstYear, chronicle.LastYear)
	}
	return t, nil
}
