package answer

import (
	"context"
	"fmt"
	"strings"
)

// A word of the question that no indexed article holds cannot help find or
// rank a passage; when it is a misspelling of a word the articles do hold
// ("moscw"), the index's spelling is searched instead (Retriever.Suggest:
// the closest word by edit distance that the most articles hold), and the
// answer says what was searched. Only words written in lower case are
// corrected, and no word with a digit ("1880s"): a capitalised word is a name, and a name the corpus lacks is a
// reason to decline (decline.go), not something to replace.

// correct returns q with its misspelt words replaced by the index's
// spelling, and the question as searched ("" when nothing changed).
func (a *Answerer) correct(ctx context.Context, q Question) (Question, string, error) {
	var words, context []string
	for _, t := range q.Terms {
		if t.Expansion || t.Variant {
			continue
		}
		context = append(context, t.Stem)
		if !t.Proper && !strings.ContainsAny(t.Lower, "0123456789") {
			words = append(words, t.Lower)
		}
	}
	if len(words) == 0 {
		return q, "", nil
	}
	fixes, err := a.r.Suggest(ctx, words, context)
	if err != nil {
		return q, "", fmt.Errorf("spelling: %w", err)
	}
	if len(fixes) == 0 {
		return q, "", nil
	}
	text := strings.Fields(q.Text)
	changed := false
	for i, w := range text {
		core := strings.TrimFunc(w, func(r rune) bool { return !isWordChar(r) })
		if core == "" || core != strings.ToLower(core) {
			continue
		}
		if fix, ok := fixes[core]; ok {
			text[i] = strings.Replace(w, core, fix, 1)
			changed = true
		}
	}
	if !changed {
		return q, "", nil
	}
	searched := strings.Join(text, " ")
	return Analyze(a.terms, searched), searched, nil
}

func isWordChar(r rune) bool {
	return r == '-' || r == '\'' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80
}
