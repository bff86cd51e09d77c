package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/chronicle-bot/chronicle/internal/eval"
)

// askWorker opens sys's index in dir as `bot serve` does, measures the
// process's resident memory once it is open (after one garbage collection,
// the state an idle server settles into; in all and its anonymous part), then asks the first limit
// questions of questionFile one at a time with their as-of days and
// reports the latencies and the peak memory.
func askWorker(ctx context.Context, sys System, dir, questionFile string, limit int) (workerOutput, error) {
	out := workerOutput{System: sys.Name}
	qs, err := ReadQuestionFile(ctx, questionFile, limit)
	if err != nil {
		return out, err
	}
	start := time.Now()
	eng, err := sys.Open(ctx, dir)
	if err != nil {
		return out, fmt.Errorf("open %s index: %w", sys.Name, err)
	}
	defer eng.Close()
	out.Seconds = time.Since(start).Seconds()
	runtime.GC()
	debug.FreeOSMemory()
	mem := procMemory()
	out.OpenRSS, out.OpenAnon = mem.rss, mem.anon
	// One warm-up question, not counted, as in Run.
	if day, err := time.Parse(time.DateOnly, qs[0].AsOf); err == nil {
		eng.Ask(ctx, qs[0].Question, day)
	}
	er, err := eval.Run(ctx, eng, qs, time.Time{})
	if err != nil {
		return out, fmt.Errorf("ask %s: %w", sys.Name, err)
	}
	out.PeakRSS = procMemory().peak
	out.Asked = er.Questions
	out.MedianMS, out.P99MS = ms(er.Median), ms(er.P99)
	return out, nil
}

// memory is a process's resident memory in bytes: all of it, its peak,
// and the anonymous part (the heap and stacks; the rest is files mapped in,
// such as the index's segments and store, which the kernel can drop).
type memory struct{ rss, peak, anon int64 }

// procMemory reads this process's memory from /proc/self/status (VmRSS,
// VmHWM, RssAnon); zero where there is no such file.
func procMemory() memory {
	var m memory
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok {
			continue
		}
		f := bytes.Fields(v)
		if len(f) != 2 || string(f[1]) != "kB" {
			continue
		}
		n, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			continue
		}
		switch string(k) {
		case "VmRSS":
			m.rss = n << 10
		case "VmHWM":
			m.peak = n << 10
		case "RssAnon":
			m.anon = n << 10
		}
	}
	return m
}
