package corpus

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"unicode/utf8"
)

// JSON Lines are read by one goroutine (which also gunzips) into batches of
// whole lines; GOMAXPROCS goroutines decode the batches; the results are
// collected in file order. Lines may be of any length.
const (
	batchBytes = 1 << 20
	batchLines = 512
	readBuffer = 1 << 20
)

// batch is a run of consecutive lines handed to a decoding goroutine.
type batch struct {
	first int // line number of the first line
	data  []byte
	ends  []int // end offset in data of each line
	out   chan []result
}

// lineReader reads the lines of one JSON Lines stream into batches.
type lineReader struct {
	br      *bufio.Reader
	lines   int   // lines read
	records int   // non-blank lines read
	err     error // the read error that ended the stream, other than io.EOF
}

// loadJSONL reads a JSON Lines file, gzipped or not.
func (l *fileLoader) loadJSONL(ctx context.Context, file io.Reader, gz bool) error {
	var r io.Reader = bufio.NewReaderSize(file, 256<<10)
	if gz {
		zr, err := openGzip(r)
		if err != nil {
			l.openProblem(err)
			return nil
		}
		r = zr
	}
	lr := &lineReader{br: bufio.NewReaderSize(r, readBuffer)}
	head, err := lr.br.Peek(sniffLen)
	if len(head) == 0 {
		l.openProblem(err)
		return nil
	}
	if isBinary(head) {
		l.problem(0, ReasonBinaryFile, "contains NUL bytes", true)
		return nil
	}

	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	go lr.run(ctx, jobs, order)
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
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	switch {
	case lr.err != nil:
		l.probs = append(l.probs, readProblem(l.o.f.Path, lr.lines+1, lr.err))
	case lr.records == 0:
		l.problem(0, ReasonEmptyFile, "no records, only blank lines", true)
	}
	return nil
}

// openProblem reports a stream that gave no data at all.
func (l *fileLoader) openProblem(err error) {
	if err == nil || errors.Is(err, io.EOF) {
		l.problem(0, ReasonEmptyFile, "", true)
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
		if len(b.ends) > 0 {
			order <- b
			jobs <- b
		}
		if !more {
			return
		}
	}
}

// next reads one batch of lines; more is false at the end of the stream. A
// line cut off by a read error is dropped.
func (lr *lineReader) next() (b *batch, more bool) {
	b = &batch{first: lr.lines + 1, data: make([]byte, 0, batchBytes+batchBytes/4), out: make(chan []result, 1)}
	for len(b.ends) < batchLines && len(b.data) < batchBytes {
		start := len(b.data)
		var err error
		for {
			var chunk []byte
			chunk, err = lr.br.ReadSlice('\n')
			b.data = append(b.data, chunk...)
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			lr.err = err
			b.data = b.data[:start]
			return b, false
		}
		if len(b.data) > start {
			lr.lines++
			if len(bytes.TrimSpace(b.data[start:])) > 0 {
				lr.records++
			}
			b.ends = append(b.ends, len(b.data))
		}
		if err == io.EOF {
			return b, false
		}
	}
	return b, true
}

// parseBatch decodes every line of a batch; blank lines give no result.
func (o origin) parseBatch(b *batch) []result {
	out := make([]result, 0, len(b.ends))
	start := 0
	for i, end := range b.ends {
		line := bytes.TrimSpace(b.data[start:end])
		start = end
		if len(line) == 0 {
			continue
		}
		o.line = b.first + i
		out = append(out, o.parseLine(line))
	}
	return out
}

// parseLine decodes one line holding one JSON object, repairing text that
// is not valid UTF-8.
func (o origin) parseLine(line []byte) result {
	if line[0] != '{' {
		return skipped(o, ReasonMalformedJSON, fmt.Sprintf("line is not a JSON object: %.40q", line))
	}
	var warn *Problem
	if !utf8.Valid(line) {
		line = repairUTF8(line)
		warn = &Problem{Path: o.f.Path, Line: o.line, Reason: ReasonInvalidUTF8, Detail: "decoded as Latin-1 (Windows-1252)"}
	}
	r := parseRecord(line, o)
	if warn != nil && r.skip == nil {
		r.warns = append(r.warns, *warn)
	}
	return r
}
