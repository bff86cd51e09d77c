package answer

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// A word of the question that no indexed article holds cannot help find or
// rank a passage; when it is a misspelling of a word the articles do hold
// ("moscw"), the index's spelling is searched instead (Retriever.Suggest:
// the closest word by edit distance that the most articles hold), and the
// answer says what was searched. Only words that are not names are
// corrected (in lower case, capitalised at the start of a sentence, or in a
// question shouted in capitals), and no word with a digit ("1880s"): a
// capitalised word inside a sentence is a name, and a name the corpus lacks
// is a reason to decline (decline.go), not something to replace.

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
	// A correction into a stop word searches for nothing and can turn a
	// typed word into a mention ("@evryone" into "@everyone", helper 82).
	for w, fix := range fixes {
		if terms.IsStop(strings.ToLower(fix)) {
			delete(fixes, w)
		}
	}
	if len(fixes) == 0 {
		return q, "", nil
	}
	// Replace each word of the text that was offered for correction: one in
	// lower case, one capitalised only because it starts a sentence, or any
	// of a question shouted in capitals (see Analyze); a name is kept.
	shouted := !strings.ContainsFunc(q.Text, unicode.IsLower)
	var b strings.Builder
	last := 0
	for i, t := range a.terms.Tokens(q.Text) {
		fix, ok := fixes[t.Lower]
		if !ok || t.Upper && !shouted && i > 0 && !isSentenceStart(q.Text, t.Start) {
			continue
		}
		if t.Start > 0 && q.Text[t.Start-1] == '@' {
			// A handle is no word to correct: "@evryone" became
			// "@everyone", a mention (helper 82).
			continue
		}
		if shouted {
			// Kept in capitals, so that the question searched reads as
			// shouted too and none of its other words becomes a name.
			fix = strings.ToUpper(fix)
		}
		b.WriteString(q.Text[last:t.Start])
		b.WriteString(fix)
		last = t.End
	}
	if last == 0 {
		return q, "", nil
	}
	b.WriteString(q.Text[last:])
	searched := b.String()
	return Analyze(a.terms, searched), searched, nil
}
