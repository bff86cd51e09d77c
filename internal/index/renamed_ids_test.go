package index_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestSyncRenamedFolderOfPathIDs: a folder of text files renamed inside the
// corpus path gives the same articles under new IDs (a .txt file's ID is its
// path). The sync refused it as a removal past the limit, and a bot serve
// that then synced the rest with nothing removed held every article twice
// (helper 98: 31 -> 61). The same content under a new ID is a move: the old
// IDs go as the new ones come, by a sync and a rebuild alike; a folder
// renamed with its articles rewritten is still refused.
func TestSyncRenamedFolderOfPathIDs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rewrite bool
	}{
		{name: "renamed"},
		{name: "renamed and rewritten", rewrite: true},
	} {
		for _, rebuild := range []bool{false, true} {
			name := tc.name
			if rebuild {
				name += ", rebuilt"
			}
			t.Run(name, func(t *testing.T) {
				root := t.TempDir()
				corp := filepath.Join(root, "corpus")
				text := func(i int, rewritten bool) string {
					s := fmt.Sprintf("date 2024-03-2%d\nHarbour brief %d\n\nThe harbour of Quillon reported %d ships waiting on the %d day of the strike.\n", i%7+1, i, i*3, i)
					if rewritten {
						s += "\nThe strike ended on Friday, the union said.\n"
					}
					return s
				}
				for i := range 30 {
					writeFile(t, filepath.Join(corp, "sub"), fmt.Sprintf("b%02d.txt", i), text(i, false), baseTime)
				}
				writeFile(t, corp, "top.txt", text(99, false), baseTime)
				l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
				if l.Len() != 31 {
					t.Fatalf("%d articles indexed, want 31", l.Len())
				}
				if err := os.Rename(filepath.Join(corp, "sub"), filepath.Join(corp, "sub-2024")); err != nil {
					t.Fatal(err)
				}
				if tc.rewrite {
					for i := range 30 {
						writeFile(t, filepath.Join(corp, "sub-2024"), fmt.Sprintf("b%02d.txt", i), text(i, true), baseTime.Add(1))
					}
				}
				rep, _, err := syncOrRebuild(t, l, rebuild, corp)
				if tc.rewrite {
					if err == nil {
						t.Fatalf("the rename with every article rewritten was taken (%s), want a refusal", rep.Summary())
					}
					if l.Len() != 31 {
						t.Errorf("%d articles after the refusal, want all 31", l.Len())
					}
					return
				}
				if err != nil {
					t.Fatalf("error %v, want the rename taken as a move", err)
				}
				if l.Len() != 31 {
					t.Errorf("%d articles after the rename, want 31, each once (%s)", l.Len(), rep.Summary())
				}
			})
		}
	}
}

// briefs writes n text files of harbour briefs into dir (IDs from their
// paths), with dated text that varies with i and the word.
func briefs(t *testing.T, dir, word string, n int) {
	t.Helper()
	for i := range n {
		writeFile(t, dir, fmt.Sprintf("b%02d.txt", i),
			fmt.Sprintf("date 2024-03-2%d\n%s brief %d\n\nThe harbour of %s reported %d ships waiting on day %d of the strike.\n", i%7+1, word, i, word, i*3, i), baseTime)
	}
}

// hits counts the articles a word finds.
func hits(t *testing.T, l *index.Live, word string) int {
	t.Helper()
	res, err := l.Search(t.Context(), chronicle.SearchQuery{Text: word, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(res.Hits)
}

// TestContentMoveNeverLoses: the cases of finding an article by content
// that helper 99 made lose or mix articles, by a sync and a rebuild alike.
func TestContentMoveNeverLoses(t *testing.T) {
	for _, rebuild := range []bool{false, true} {
		how := map[bool]string{false: "sync", true: "rebuild"}[rebuild]
		// Renamed onto IDs a file of another configured path holds: the
		// new copies were skipped as that file's duplicates, so the old
		// ones were all there was (the sync lost all 30), and the sync
		// was refused. (The IDs were a same-named folder's path IDs under
		// the other path; paths of two folders now give IDs under the
		// folder that holds both, so the other file holds them as its
		// records' own.) A path ID yields to a record's own id now
		// (TestPathIDYieldsToOwnID): the new copies are indexed under
		// their full path IDs, and the rename is a move, the other
		// file's records keeping their ids.
		t.Run("renamed onto held IDs, "+how, func(t *testing.T) {
			root := t.TempDir()
			p1, p2 := filepath.Join(root, "p1"), filepath.Join(root, "p2")
			briefs(t, filepath.Join(p1, "sub"), "Quillon", 30)
			var held strings.Builder
			for i := range 30 {
				fmt.Fprintf(&held, `{"id": "p1/sub-2024/b%02d", "date": "2024-03-2%d", "title": "Marvola brief %d", "text": "The harbour of Marvola reported %d ships."}`+"\n", i, i%7+1, i, i*3)
			}
			writeFile(t, p2, "held.jsonl", held.String(), baseTime)
			writeFile(t, p1, "top.txt", "date 2024-03-01\nTop story\n\nA single top story about the weather in the north.\n", baseTime)
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, p1, p2)
			if err := os.Rename(filepath.Join(p1, "sub"), filepath.Join(p1, "sub-2024")); err != nil {
				t.Fatal(err)
			}
			rep, _, err := syncOrRebuild(t, l, rebuild, p1, p2)
			if err != nil {
				t.Errorf("error %v, want the rename taken as a move", err)
			}
			if l.Len() != 61 {
				t.Errorf("%d articles after the rename, want 61 (%s)", l.Len(), rep.Summary())
			}
			for id, name := range map[string]string{"p1/sub-2024/b07": "held.jsonl", "./p1/sub-2024/b07.txt": "b07.txt"} {
				if a, err := l.Article(t.Context(), id); err != nil || filepath.Base(a.Path) != name {
					t.Errorf("article %q is %q's (%v), want %s's", id, a.Path, err, name)
				}
			}
			if n := hits(t, l, "Quillon"); n != 30 {
				t.Errorf("%d of the renamed folder's 30 articles left", n)
			}
		})
		// A file of path IDs renamed and its copy cut short: what the
		// copy does not give yet is held (the sync removed it).
		t.Run("renamed and cut short, "+how, func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			rs := reports("a", 100)
			for i := range rs {
				rs[i].ID = ""
			}
			whole := jsonl(t, rs...)
			writeFile(t, filepath.Join(corp, "sub"), "a.jsonl", whole, baseTime)
			writeFile(t, corp, "filler.jsonl", jsonl(t, reports("f", 1000)...), baseTime)
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
			if err := os.Rename(filepath.Join(corp, "sub"), filepath.Join(corp, "sub2")); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(corp, "sub2"), "a.jsonl", whole[:len(whole)*6/10], baseTime.Add(1))
			syncOrRebuild(t, l, rebuild, corp)
			if l.Len() < 1100 {
				t.Errorf("%d articles after a rename with a copy cut short, want all 1100 held", l.Len())
			}
		})
		// Another outlet's copies of the same agency stories are not the
		// gone outlet's articles (the sync removed them).
		t.Run("another outlet's copies, "+how, func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			var ap, other []rec
			for i := range 30 {
				r := rec{Title: fmt.Sprintf("Harbour strike day %d", i), Date: "2024-03-26T10:00:00Z",
					Text: fmt.Sprintf("The harbour of Quillon reported %d ships waiting on the strike's day %d.", i*3, i)}
				a, o := r, r
				a.URL, a.Source = fmt.Sprintf("https://wire.example/%d", i), "Wire"
				o.URL, o.Source = fmt.Sprintf("https://paper.example/%d", i), "Paper"
				ap, other = append(ap, a), append(other, o)
			}
			writeFile(t, filepath.Join(corp, "wire"), "wire.jsonl", jsonl(t, ap...), baseTime)
			writeFile(t, corp, "top.txt", "date 2024-03-01\nTop story\n\nA single top story about the weather in the north.\n", baseTime)
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
			if err := os.RemoveAll(filepath.Join(corp, "wire")); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(corp, "paper"), "paper.jsonl", jsonl(t, other...), baseTime)
			_, _, err := syncOrRebuild(t, l, rebuild, corp)
			if !errors.Is(err, index.ErrRemovalRefused) {
				t.Errorf("error %v, want a refusal", err)
			}
			if l.Len() < 31 {
				t.Errorf("%d articles, want the wire's 30 and the top story kept", l.Len())
			}
		})
		// A folder deleted while an identical copy is indexed from
		// another: removing it loses nothing, and the sync and the
		// rebuild agree (the sync refused, the rebuild removed).
		t.Run("deleted beside an identical copy, "+how, func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			briefs(t, filepath.Join(corp, "sub"), "Quillon", 30)
			briefs(t, filepath.Join(corp, "backup"), "Quillon", 30)
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
			if err := os.RemoveAll(filepath.Join(corp, "sub")); err != nil {
				t.Fatal(err)
			}
			if _, _, err := syncOrRebuild(t, l, rebuild, corp); err != nil {
				t.Errorf("error %v, want the deletion taken", err)
			}
			if l.Len() != 30 || hits(t, l, "Quillon") != 30 {
				t.Errorf("%d articles, %d found, want the copy's 30", l.Len(), hits(t, l, "Quillon"))
			}
		})
	}
	// A folder gone while its identical copy is rewritten in the same sync
	// (helper 100): the copy held before the sync is going, and the
	// removal is refused as any other, by a sync and a rebuild.
	for _, rebuild := range []bool{false, true} {
		t.Run("gone beside a copy rewritten now, "+map[bool]string{false: "sync", true: "rebuild"}[rebuild], func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			briefs(t, filepath.Join(corp, "sub"), "Quillon", 30)
			briefs(t, filepath.Join(corp, "mirror"), "Quillon", 30)
			writeFile(t, corp, "top.txt", "date 2024-03-01\nTop story\n\nA single top story about the weather in the north.\n", baseTime)
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
			if err := os.RemoveAll(filepath.Join(corp, "sub")); err != nil {
				t.Fatal(err)
			}
			for i := range 30 {
				writeFile(t, filepath.Join(corp, "mirror"), fmt.Sprintf("b%02d.txt", i),
					fmt.Sprintf("date 2024-03-2%d\nQuillon brief %d\n\nThe pier of Quillon reopened after %d days, the port said.\n", i%7+1, i, i), baseTime.Add(5))
			}
			_, _, err := syncOrRebuild(t, l, rebuild, corp)
			if !errors.Is(err, index.ErrRemovalRefused) {
				t.Errorf("error %v, want a refusal", err)
			}
			if n := hits(t, l, "waiting"); n < 30 {
				t.Errorf("%d articles hold the gone folder's text, want its 30", n)
			}
		})
	}
	// Renamed while bot serve was stopped: its start-up sync removes
	// nothing and takes the new copies; the next sync finds the old ones
	// held again under the new IDs and lets them go, instead of refusing
	// at every sync.
	t.Run("renamed while stopped", func(t *testing.T) {
		root := t.TempDir()
		corp := filepath.Join(root, "corpus")
		briefs(t, filepath.Join(corp, "sub"), "Quillon", 30)
		writeFile(t, corp, "top.txt", "date 2024-03-01\nTop story\n\nA single top story about the weather in the north.\n", baseTime)
		l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
		if err := os.Rename(filepath.Join(corp, "sub"), filepath.Join(corp, "sub-2024")); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Sync(t.Context(), []string{corp}, index.SyncOptions{NoRemove: true}); err != nil || l.Len() != 61 {
			t.Fatalf("start-up sync: %d articles (%v), want the new copies beside the old", l.Len(), err)
		}
		rep, err := l.Sync(t.Context(), []string{corp}, index.SyncOptions{})
		if err != nil || l.Len() != 31 {
			t.Errorf("the next sync: %d articles (%v; %s), want 31, each once", l.Len(), err, rep.Summary())
		}
	})
}

// TestKeepRefused: a sync with KeepRefused past a refused removal keeps the
// gone files' articles, says the refusal in its report and adds the new
// file (bot serve's syncs), where a sync without it adds nothing.
func TestKeepRefused(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run(map[bool]string{false: "refused", true: "kept"}[keep], func(t *testing.T) {
			root := t.TempDir()
			corp := filepath.Join(root, "corpus")
			briefs(t, filepath.Join(corp, "sub"), "Quillon", 30)
			writeFile(t, corp, "top.txt", "date 2024-03-01\nTop story\n\nA single top story about the weather in the north.\n", baseTime)
			l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, corp)
			if err := os.RemoveAll(filepath.Join(corp, "sub")); err != nil {
				t.Fatal(err)
			}
			writeFile(t, corp, "new.txt", "date 2024-03-02\nZorbulon\n\nThe Zorbulon festival opened in Tallinn on Saturday.\n", baseTime)
			rep, err := l.Sync(t.Context(), []string{corp}, index.SyncOptions{KeepRefused: keep})
			if !keep {
				if !errors.Is(err, index.ErrRemovalRefused) || hits(t, l, "Zorbulon") != 0 || l.Len() != 31 {
					t.Errorf("error %v, %d articles; want the refusal and nothing changed", err, l.Len())
				}
				return
			}
			if err != nil || !errors.Is(rep.Refusal, index.ErrRemovalRefused) {
				t.Fatalf("error %v, refusal %v; want no error and the refusal in the report", err, rep.Refusal)
			}
			if l.Len() != 32 || hits(t, l, "Zorbulon") != 1 || rep.Missing != 30 || rep.Removed != 0 {
				t.Errorf("%d articles, %d missing, %d removed (%s); want the 30 kept and the new one added", l.Len(), rep.Missing, rep.Removed, rep.Summary())
			}
		})
	}
}

// TestCutAfterIDsChanged: a file whose articles the index holds under the
// IDs its path gave before (a second corpus path added: the IDs are now
// under the folder that holds both; or an index of an earlier release),
// cut short in the same sync or rebuild, keeps what it lost: its articles
// given again under new IDs are neither new nor lost (helper 103: they
// were counted as new, the cut was taken for an edit, and 35 of 40 were
// removed; helper 104: so did the rebuild, and a sync when one row was
// also edited). Given whole, the file's articles move to their new IDs,
// once each; a rolling export of identical rows under new numbers is an
// edit (helper 104: pairing by content took it for a cut).
func TestCutAfterIDsChanged(t *testing.T) {
	rows := func(from, to int, edit int) string {
		var b strings.Builder
		for i := from; i <= to; i++ {
			text := fmt.Sprintf("The harbour of Quillon reported %d ships waiting on day %d.", i*3, i)
			if i == edit {
				text += " Officials revised the count later."
			}
			fmt.Fprintf(&b, `{"id": %d, "date": "2024-03-2%d", "title": "Quillon brief %d", "text": %q}`+"\n", i, i%7+1, i, text)
		}
		return b.String()
	}
	for _, rebuild := range []bool{false, true} {
		how := map[bool]string{false: "sync", true: "rebuild"}[rebuild]
		for _, tt := range []struct {
			name    string
			now     string
			refused bool
			found   int
		}{
			{"cut short", rows(1, 5, 0), true, 40},
			{"cut short, a row edited", rows(1, 5, 3), true, 40},
			{"given whole", rows(1, 40, 0), false, 40},
			{"given whole, a row edited", rows(1, 40, 7), false, 40},
		} {
			t.Run(tt.name+", "+how, func(t *testing.T) {
				root := t.TempDir()
				p1, p2 := filepath.Join(root, "p1"), filepath.Join(root, "p2")
				writeFile(t, p1, "export.jsonl", rows(1, 40, 0), baseTime)
				writeFile(t, p2, "other.txt", "date 2024-03-01\nMarvola story\n\nA story about the weather in Marvola.\n", baseTime)
				l := adv23Live(t, filepath.Join(root, "index"), index.Options{}, p1) // IDs "export-N"
				if n := hits(t, l, "Quillon"); n != 40 {
					t.Fatalf("%d articles indexed, want 40", n)
				}
				writeFile(t, p1, "export.jsonl", tt.now, baseTime.Add(time.Hour))
				_, probs, err := syncOrRebuild(t, l, rebuild, p1, p2) // IDs "p1/export-N"
				if err != nil {
					t.Fatal(err)
				}
				refused := slices.ContainsFunc(probs, func(p corpus.Problem) bool {
					return strings.Contains(p.Detail, "removal refused") || strings.Contains(p.String(), "removal refused")
				})
				if refused != tt.refused {
					t.Errorf("refused %v, want %v: %v", refused, tt.refused, probs)
				}
				if n := hits(t, l, "Quillon"); n != tt.found {
					t.Errorf("%d articles found, want %d once each", n, tt.found)
				}
				if _, err := l.Article(t.Context(), "p1/export-1"); err != nil {
					t.Errorf("p1/export-1: %v, want the article under its new ID", err)
				}
			})
		}
	}
	// A rolling export: the next day's rows, numbered on, many of them
	// alike ("Market closed"), on an index whose IDs did not change.
	t.Run("rolling export of identical rows", func(t *testing.T) {
		day := func(from, to int) string {
			var b strings.Builder
			for i := from; i <= to; i++ {
				text := "Market closed for the holiday."
				if i%2 == 0 {
					text = fmt.Sprintf("The harbour of Quillon reported %d ships waiting.", i)
				}
				fmt.Fprintf(&b, `{"id": %d, "date": "2024-03-21", "title": "Brief", "text": %q}`+"\n", i, text)
			}
			return b.String()
		}
		dir := t.TempDir()
		writeFile(t, dir, "export.jsonl", day(1, 50), baseTime)
		writeFile(t, dir, "other.txt", "date 2024-03-01\nMarvola story\n\nA story about the weather in Marvola.\n", baseTime)
		l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, dir)
		writeFile(t, dir, "export.jsonl", day(51, 80), baseTime.Add(time.Hour))
		rep, probs, err := syncOrRebuild(t, l, false, dir)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Refused != 0 || rep.Removed != 50 {
			t.Errorf("removed %d, refused %d, want the 50 gone as an edit: %v", rep.Removed, rep.Refused, probs)
		}
	})
}
