package corpus

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
)

// JSON Lines are read by one goroutine (which also gunzips) into batches of
// whole lines; GOMAXPROCS goroutines decode the batches; the results are
// collected in file order. A line longer than Limits.MaxArticleBytes is
// counted while it streams past but never held.
const (
	batchBytes = 1 << 20
	batchLines = 512
	readBuffer = 1 << 20
)

// batch is a run of consecutive lines handed to a decoding goroutine.
type batch struct {
	data  []byte
	lines []lineRef
	out   chan []result
}

// lineRef is one non-blank line of a batch.
type lineRef struct {
	no   int   // 1-based line number
	end  int   // end offset in batch.data
	over int64 // for a line over the limit (not kept in data), its length
	// cut is set on a last line with no newline: if it is not a whole
	// record, the file was cut short (or is still being written).
	cut bool
}

// lineReader reads the lines of one JSON Lines stream into batches.
type lineReader struct {
	br       *bufio.Reader
	limit    int   // longest line kept, in bytes
	batchCap int   // initial capacity of a batch's data
	lines    int   // lines read
	records  int   // non-blank lines read
	err      error // the read error that ended the stream, other than io.EOF
}

// loadJSONL reads a JSON Lines file, gzipped or not.
func (l *fileLoader) loadJSONL(ctx context.Context, file io.Reader, gz bool) error {
	var r io.Reader = file
	if gz {
		zr, err := openGzip(file, 256<<10)
		if err != nil {
			l.openProblem(err)
			return nil
		}
		r = zr
	}
	// A small file needs no megabyte buffers (the file size is unknown for
	// a File listed by hand, and says little about a gzipped stream).
	size := readBuffer
	if n := l.o.f.Size; n > 0 && !gz {
		size = int(min(readBuffer, max(n+1, 16<<10)))
	}
	lr := &lineReader{br: bufio.NewReaderSize(&capReader{r: r, n: l.o.lim.MaxFileBytes}, size),
		limit: l.o.lim.MaxArticleBytes, batchCap: min(size, batchBytes) + min(size, batchBytes)/4}
	head, err := lr.br.Peek(sniffLen)
	if len(head) == 0 {
		l.openProblem(err)
		return nil
	}
	why := binaryDetail(head, true)
	if why == nulBytes {
		// The first bytes may be a zeroed block and one long record:
		// the lines of as much of the file as the buffer holds tell.
		if wide, _ := lr.br.Peek(lr.br.Size()); len(wide) > len(head) && mostlyRecords(wide, len(wide) < lr.br.Size()) {
			why = ""
		}
	}
	if why != "" {
		l.unfinished(0, ReasonBinaryFile, why)
		return nil
	}
	// A byte order mark (Windows tools write one) is not part of the
	// first record: it lost it as "not a JSON object" (helper 83).
	if b := bom(head); b != nil {
		if _, err := lr.br.Discard(len(b)); err != nil {
			l.openProblem(err)
			return nil
		}
		head = head[len(b):]
	}
	// A JSON array saved under a .jsonl name is read as the array it is:
	// it lost the whole file as "cut short" (helper 83).
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		return l.jsonFrom(ctx, &jsonScanner{br: lr.br, line: 1, limit: l.o.lim.MaxArticleBytes})
	}

	// stop ends reading early once the article limit is reached.
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	go lr.run(readCtx, jobs, order)
	for range workers {
		go func() {
			for b := range jobs {
				b.out <- l.o.parseBatch(b)
			}
		}()
	}
	for b := range order {
		for _, r := range <-b.out {
			l.add(r)
		}
		if l.full() {
			stop()
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	switch {
	case l.full():
	case errors.Is(lr.err, errFileTooLarge):
		l.probs = append(l.probs, tooLargeProblem(l.o.f.Path, lr.lines+1, l.o.lim.MaxFileBytes))
	case lr.err != nil:
		l.probs = append(l.probs, readProblem(l.o.f.Path, lr.lines+1, lr.err))
	case lr.records == 0:
		l.unfinished(0, ReasonEmptyFile, "no records, only blank lines")
	case l.kept == 0:
		l.notJSONLines()
	}
	return nil
}

// notJSONLines marks the problems of a file none of whose lines is JSON
// (an HTML error page saved under the file's name, say) as unfinished: it
// is not an edit of the file's records but a different file.
func (l *fileLoader) notJSONLines() {
	for _, p := range l.probs {
		if p.Reason != ReasonMalformedJSON {
			return
		}
	}
	for i := range l.probs {
		l.probs[i].Unfinished = true
	}
}

// openProblem reports a stream that gave no data at all.
func (l *fileLoader) openProblem(err error) {
	if err == nil || errors.Is(err, io.EOF) {
		l.unfinished(0, ReasonEmptyFile, "")
		return
	}
	if errors.Is(err, errFileTooLarge) {
		l.probs = append(l.probs, tooLargeProblem(l.o.f.Path, 1, l.o.lim.MaxFileBytes))
		return
	}
	l.probs = append(l.probs, readProblem(l.o.f.Path, 0, err))
}

// run reads batches until the stream ends, sending each to jobs (to be
// decoded) and to order (to be collected), then closes both.
func (lr *lineReader) run(ctx context.Context, jobs, order chan<- *batch) {
	defer close(jobs)
	defer close(order)
	for ctx.Err() == nil {
		b, more := lr.next()
		if len(b.lines) > 0 {
			order <- b
			jobs <- b
		}
		if !more {
			return
		}
	}
}

// next reads one batch of lines; more is false at the end of the stream. A
// line cut off by a read error is dropped; blank lines are counted, not
// kept.
func (lr *lineReader) next() (b *batch, more bool) {
	b = &batch{data: make([]byte, 0, lr.batchCap), out: make(chan []result, 1)}
	for len(b.lines) < batchLines && len(b.data) < batchBytes {
		start := len(b.data)
		over, err := lr.readLine(b, start)
		if err != nil && err != io.EOF && gzipTrailed(err) {
			// The line's bytes are whole: a gzip member ended cleanly
			// after them. It ends the file as io.EOF would, and the
			// bytes after it are reported (helper 144). (err is tested
			// first: gzipTrailed's target escapes, an allocation on
			// every line, which the gzip-bomb test counts.)
			lr.err, err = err, io.EOF
		}
		if err != nil && err != io.EOF {
			lr.err = err
			b.data = b.data[:start]
			return b, false
		}
		if len(b.data) > start || over > 0 {
			lr.lines++
			if over > 0 || len(bytes.TrimSpace(b.data[start:])) > 0 {
				lr.records++
				cut := err == io.EOF && over == 0 && b.data[len(b.data)-1] != '\n'
				b.lines = append(b.lines, lineRef{no: lr.lines, end: len(b.data), over: over, cut: cut})
			} else {
				b.data = b.data[:start]
			}
		}
		if err == io.EOF {
			return b, false
		}
	}
	return b, true
}

// readLine appends one line to b.data. A line longer than lr.limit is
// dropped from b.data as soon as it passes the limit and read to its end
// without being kept; over is then its length.
func (lr *lineReader) readLine(b *batch, start int) (over int64, err error) {
	for {
		var chunk []byte
		chunk, err = lr.br.ReadSlice('\n')
		switch {
		case over > 0:
			over += int64(len(chunk))
		case len(b.data)-start+len(chunk) > lr.limit:
			over = int64(len(b.data) - start + len(chunk))
			b.data = b.data[:start]
		default:
			b.data = append(b.data, chunk...)
		}
		if err != bufio.ErrBufferFull {
			return over, err
		}
	}
}

// parseBatch decodes every line of a batch.
func (o origin) parseBatch(b *batch) []result {
	out := make([]result, 0, len(b.lines))
	start := 0
	for _, ref := range b.lines {
		line := bytes.TrimSpace(b.data[start:ref.end])
		start = ref.end
		o.line = ref.no
		if ref.over > 0 {
			out = append(out, skipped(o, ReasonRecordTooLarge, fmt.Sprintf("line of %d bytes, over the %s limit; not read",
				ref.over, sizeString(int64(o.lim.MaxArticleBytes)))))
			continue
		}
		r := o.parseLine(line)
		if ref.cut && r.skip != nil && r.skip.Reason == ReasonMalformedJSON {
			r.skip.Unfinished = true
			r.skip.Detail = "the file ends inside this record (cut short, or still being written): " + r.skip.Detail
		}
		out = append(out, r)
	}
	return out
}

// parseLine decodes one line holding one JSON object, repairing text that
// is not valid UTF-8.
func (o origin) parseLine(line []byte) result {
	if line[0] != '{' {
		return skipped(o, ReasonMalformedJSON, "not a JSON object: the line starts "+jsonmsg.Excerpt(line, 0))
	}
	return o.parseRepaired(line)
}
