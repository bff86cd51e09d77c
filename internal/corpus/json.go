package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// readAll reads a whole file, gunzipping it when gz is set. Data read before
// a truncation is returned together with the problem.
func (l *fileLoader) readAll(file io.Reader, gz bool) ([]byte, bool) {
	r := file
	if gz {
		zr, err := openGzip(bufio.NewReader(file))
		if err != nil {
			l.openProblem(err)
			return nil, false
		}
		r = zr
	}
	data, err := io.ReadAll(r)
	if err != nil {
		l.probs = append(l.probs, readProblem(l.o.f.Path, bytes.Count(data, []byte{'\n'})+1, err))
		if len(data) == 0 {
			return nil, false
		}
		return data, true
	}
	return data, false
}

// checkText reports empty and binary files and repairs text that is not
// valid UTF-8 (with a warning); ok is false when the file is skipped.
func (l *fileLoader) checkText(data []byte) ([]byte, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		l.problem(0, ReasonEmptyFile, "", true)
		return nil, false
	}
	if isBinary(data[:min(len(data), sniffLen)]) || isBinary(data) {
		l.problem(0, ReasonBinaryFile, "contains NUL bytes", true)
		return nil, false
	}
	if line := firstInvalid(data); line > 0 {
		l.problem(line, ReasonInvalidUTF8, "decoded as Latin-1 (Windows-1252)", false)
		data = repairUTF8(data)
	}
	return data, true
}

// loadJSON reads a .json file: one object, an array of objects, or a
// sequence of objects. A syntax error ends the file; the records before it
// are kept.
func (l *fileLoader) loadJSON(file io.Reader, gz bool) {
	data, truncated := l.readAll(file, gz)
	if data == nil {
		return
	}
	data, ok := l.checkText(data)
	if !ok {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	lines := lineCounter{data: data}
	trimmed := bytes.TrimSpace(data)
	array := trimmed[0] == '['
	if array {
		dec.Token()
	} else if trimmed[0] != '{' {
		l.problem(1, ReasonMalformedJSON, "not a JSON object or array of objects", true)
		return
	}
	var raws []json.RawMessage
	var starts []int
	var bad *Problem
	for array && dec.More() || !array {
		start := lines.at(int(dec.InputOffset()))
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			break
		}
		if err != nil {
			if !truncated {
				bad = &Problem{Path: l.o.f.Path, Line: start, Reason: ReasonMalformedJSON, Detail: err.Error() + "; the rest of the file is skipped", Skipped: true}
			}
			break
		}
		raws, starts = append(raws, raw), append(starts, start)
	}
	single := !array && len(raws) == 1
	for i, raw := range raws {
		o := l.o
		if !single {
			o.line = starts[i]
		}
		l.add(parseRecord(raw, o))
	}
	if bad != nil {
		l.probs = append(l.probs, *bad)
	}
}

// lineCounter turns increasing byte offsets into 1-based line numbers,
// skipping the white space and commas before a value.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	for off < len(c.data) && bytes.IndexByte([]byte(" \t\r\n,"), c.data[off]) >= 0 {
		off++
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line + 1
}
