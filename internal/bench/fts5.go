package bench

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the pure-Go "sqlite" driver

	"github.com/chronicle-bot/chronicle"
)

// The FTS5 peer, as the design documents it: one FTS5 table of articles
// (id, title, text, date) with the default unicode61 tokenizer; a question
// becomes an OR of its quoted words, filtered by date <= as_of and ranked by
// bm25; the top row's snippet() of 48 tokens over the text is the answer and
// the next three rows' snippets are the sources.
const (
	fts5File   = "fts5.db"
	fts5Schema = `CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, text, date UNINDEXED)`
	fts5Insert = `INSERT INTO articles(id, title, text, date) VALUES (?, ?, ?, ?)`
	// fts5Ask: snippet(table, column 2 = text, no highlight markers,
	// ellipsis, 48 tokens). rank is bm25(articles).
	fts5Ask = `SELECT id, title, date, snippet(articles, 2, '', '', '...', 48) FROM articles
		WHERE articles MATCH ?1 AND (?2 = '' OR date <= ?2) ORDER BY rank LIMIT 4`
)

func buildFTS5(ctx context.Context, dir string, paths []string) (int, error) {
	db, err := sql.Open("sqlite", filepath.Join(dir, fts5File))
	if err != nil {
		return 0, fmt.Errorf("open sqlite: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, fts5Schema); err != nil {
		return 0, fmt.Errorf("create fts5 table: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, fts5Insert)
	if err != nil {
		return 0, fmt.Errorf("prepare insert: %w", err)
	}
	defer stmt.Close()
	n, err := eachArticle(ctx, paths, func(a chronicle.Article) error {
		var date any // NULL for undated articles: never <= as_of
		if a.Dated() {
			date = a.Published.UTC().Format(time.DateOnly)
		}
		_, err := stmt.ExecContext(ctx, a.ID, a.Title, articleText(a), date)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	// Merge the b-trees of the bulk load, as one does before serving.
	if _, err := db.ExecContext(ctx, `INSERT INTO articles(articles) VALUES ('optimize')`); err != nil {
		return 0, fmt.Errorf("optimize: %w", err)
	}
	return n, db.Close()
}

// fts5Engine asks an FTS5 index.
type fts5Engine struct {
	db  *sql.DB
	ask *sql.Stmt
}

func openFTS5(ctx context.Context, dir string) (Engine, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, fts5File)+"?mode=ro")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	stmt, err := db.PrepareContext(ctx, fts5Ask)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare fts5 query in %s: %w", dir, err)
	}
	return &fts5Engine{db: db, ask: stmt}, nil
}

func (e *fts5Engine) Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error) {
	ans := chronicle.Answer{Question: question, AsOf: asOf}
	match := fts5Query(question)
	if match == "" {
		return ans, chronicle.Errorf(chronicle.EINVALID, "The question has no words.")
	}
	day := ""
	if !asOf.IsZero() {
		day = asOf.Format(time.DateOnly)
	}
	rows, err := e.ask.QueryContext(ctx, match, day)
	if err != nil {
		return ans, fmt.Errorf("fts5 query %q: %w", match, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c chronicle.Citation
		var date sql.NullString
		if err := rows.Scan(&c.ArticleID, &c.Title, &date, &c.Text); err != nil {
			return ans, fmt.Errorf("fts5 row: %w", err)
		}
		if date.Valid {
			c.Published, _ = time.Parse(time.DateOnly, date.String)
		}
		if ans.Best == nil {
			ans.Best = &c
			continue
		}
		ans.Sources = append(ans.Sources, c)
	}
	if err := rows.Err(); err != nil {
		return ans, fmt.Errorf("fts5 query %q: %w", match, err)
	}
	if ans.Best != nil {
		ans.Confidence = 1
	}
	return ans, nil
}

func (e *fts5Engine) Close() error {
	e.ask.Close()
	return e.db.Close()
}

// fts5Query is an FTS5 MATCH expression ORing the question's words, each
// quoted so that no word is read as query syntax (AND, NOT, NEAR, col:).
func fts5Query(question string) string {
	words := strings.FieldsFunc(question, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	seen := make(map[string]bool, len(words))
	terms := make([]string, 0, len(words))
	for _, w := range words {
		lw := strings.ToLower(w)
		if seen[lw] {
			continue
		}
		seen[lw] = true
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " OR ")
}
