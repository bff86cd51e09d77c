package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// writeCopies writes n-1 shifted copies of the JSON Lines corpus under paths
// into dir, as copy-01.jsonl.gz and on, and returns their paths. Copy k
// repeats every article with the ID "x<k>-" + its ID and its date moved k
// days earlier (undated articles stay undated), so a copy is never taken
// for the original, and every copy is before the questions' as-of days as
// the original is. The text is the original's: a copy costs what a new
// article of the same length costs to index and to search, which is what
// the scale curve measures, but its answers repeat the original's.
func writeCopies(ctx context.Context, paths []string, dir string, n int) ([]string, error) {
	if n <= 1 {
		return nil, nil
	}
	files, _, err := corpus.Files(paths)
	if err != nil {
		return nil, fmt.Errorf("list corpus: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	outs := make([]*copyWriter, n-1)
	var out []string
	for k := range outs {
		path := filepath.Join(dir, fmt.Sprintf("copy-%02d.jsonl.gz", k+1))
		w, err := newCopyWriter(path, k+1)
		if err != nil {
			return nil, err
		}
		defer w.abort()
		outs[k] = w
		out = append(out, path)
	}
	for _, f := range files {
		if err := copyFile(ctx, f.Path, outs); err != nil {
			return nil, err
		}
	}
	for _, w := range outs {
		if err := w.close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// copyFile appends the shifted copies of one corpus file's records to outs.
func copyFile(ctx context.Context, path string, outs []*copyWriter) error {
	name := strings.ToLower(path)
	if !strings.HasSuffix(name, ".jsonl") && !strings.HasSuffix(name, ".jsonl.gz") {
		return fmt.Errorf("scale copies are made of JSON Lines corpora only, not %s", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if line%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			continue // the loader reports it for the original
		}
		var id string
		if json.Unmarshal(rec["id"], &id) != nil || id == "" {
			continue
		}
		var date string
		_ = json.Unmarshal(rec["publish_date"], &date)
		delete(rec, "id")
		delete(rec, "publish_date")
		rest, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		for _, w := range outs {
			if err := w.write(id, date, rest); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// copyWriter writes one shifted copy.
type copyWriter struct {
	path string
	k    int
	f    *os.File
	gz   *gzip.Writer
	buf  *bufio.Writer
	line bytes.Buffer
}

func newCopyWriter(path string, k int) (*copyWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	gz, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	return &copyWriter{path: path, k: k, f: f, gz: gz, buf: bufio.NewWriterSize(gz, 1<<20)}, nil
}

// write writes one record: the new ID and date, then the other fields (rest
// is a JSON object without them).
func (w *copyWriter) write(id, date string, rest []byte) error {
	w.line.Reset()
	nid, _ := json.Marshal(fmt.Sprintf("x%d-%s", w.k, id))
	w.line.WriteString(`{"id":`)
	w.line.Write(nid)
	if d := shiftDate(date, w.k); d != "" {
		nd, _ := json.Marshal(d)
		w.line.WriteString(`,"publish_date":`)
		w.line.Write(nd)
	}
	if len(rest) > 2 {
		w.line.WriteByte(',')
		w.line.Write(rest[1:])
	} else {
		w.line.WriteByte('}')
	}
	w.line.WriteByte('\n')
	if _, err := w.buf.Write(w.line.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	return nil
}

// shiftDate moves a date k days earlier, keeping its layout; a date it
// cannot read is dropped ("").
func shiftDate(s string, k int) string {
	for _, layout := range []string{time.DateOnly, time.RFC3339, time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.AddDate(0, 0, -k).Format(layout)
		}
	}
	return ""
}

func (w *copyWriter) close() error {
	if w.f == nil {
		return nil
	}
	err := w.buf.Flush()
	if e := w.gz.Close(); err == nil {
		err = e
	}
	if e := w.f.Close(); err == nil {
		err = e
	}
	w.f = nil
	if err != nil {
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	return nil
}

// abort closes a writer that was not closed (after an error).
func (w *copyWriter) abort() {
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
}
