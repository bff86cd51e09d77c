package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// BuildResult is what building one system's index cost.
type BuildResult struct {
	Articles int
	Wall     time.Duration
	// PeakRSS is the builder process's peak resident memory in bytes; 0
	// when the build ran in this process and was not measured.
	PeakRSS int64
}

// workerOutput is the line WorkerMain prints.
type workerOutput struct {
	System   string  `json:"system"`
	Articles int     `json:"articles"`
	Seconds  float64 `json:"seconds"`
	// In --ask mode: the resident memory after opening the index (and one
	// garbage collection), its peak while asking, and the ask latencies.
	OpenRSS  int64   `json:"open_rss,omitempty"`
	OpenAnon int64   `json:"open_anon,omitempty"`
	PeakRSS  int64   `json:"peak_rss,omitempty"`
	Asked    int     `json:"asked,omitempty"`
	MedianMS float64 `json:"median_ms,omitempty"`
	P99MS    float64 `json:"p99_ms,omitempty"`
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// WorkerArgs are the arguments of WorkerMain that build system's index in
// dir from the corpus files under paths.
func WorkerArgs(system, dir string, paths []string) []string {
	args := []string{"--system", system, "--dir", dir}
	for _, p := range paths {
		args = append(args, "--corpus", p)
	}
	return args
}

// AskWorkerArgs are the arguments of WorkerMain that open system's index in
// dir as a server would and ask it the first limit questions (0: all) of
// the question file.
func AskWorkerArgs(system, dir, questionFile string, limit int) []string {
	return []string{"--system", system, "--dir", dir, "--ask", questionFile, "--questions", fmt.Sprint(limit)}
}

// WorkerMain is the child side of a measured build: it parses args (see
// WorkerArgs), builds the index and writes one JSON line to stdout with the
// article count and the wall time of loading and indexing. With --ask (see
// AskWorkerArgs) it opens the index instead and reports its memory and ask
// latencies.
func WorkerMain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench worker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	system := fs.String("system", "", "system to build")
	dir := fs.String("dir", "", "index directory")
	ask := fs.String("ask", "", "open the index and ask the questions of this file")
	limit := fs.Int("questions", 0, "with --ask: only the first N questions")
	var paths stringList
	fs.Var(&paths, "corpus", "corpus path (repeatable)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("bench worker: %w", err)
	}
	sys, err := Lookup(*system)
	if err != nil {
		return fmt.Errorf("bench worker: %w", err)
	}
	if *ask != "" && *dir != "" {
		out, err := askWorker(ctx, sys, *dir, *ask, *limit)
		if err != nil {
			return fmt.Errorf("bench worker: %w", err)
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	if *dir == "" || len(paths) == 0 {
		return errors.New("bench worker: --dir and --corpus (or --ask) are required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("bench worker: %w", err)
	}
	start := time.Now()
	n, err := sys.Build(ctx, *dir, paths)
	if err != nil {
		return fmt.Errorf("build %s index: %w", sys.Name, err)
	}
	return json.NewEncoder(stdout).Encode(workerOutput{System: sys.Name, Articles: n, Seconds: time.Since(start).Seconds()})
}

// buildInChild runs worker (an argv prefix that ends in WorkerMain) with
// WorkerArgs and reads the child's result and peak RSS.
func buildInChild(ctx context.Context, worker, env []string, stderr io.Writer, sys System, dir string, paths []string) (BuildResult, error) {
	args := append(append([]string{}, worker[1:]...), WorkerArgs(sys.Name, dir, paths)...)
	cmd := exec.CommandContext(ctx, worker[0], args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return BuildResult{}, fmt.Errorf("build %s in a child process: %w", sys.Name, err)
	}
	var wo workerOutput
	if err := json.Unmarshal(bytes.TrimSpace(lastLine(out.Bytes())), &wo); err != nil {
		return BuildResult{}, fmt.Errorf("build %s: child wrote %q: %w", sys.Name, out.String(), err)
	}
	return BuildResult{
		Articles: wo.Articles,
		Wall:     time.Duration(wo.Seconds * float64(time.Second)),
		PeakRSS:  peakRSS(cmd.ProcessState),
	}, nil
}

// askInChild runs worker in --ask mode on the index in dir.
func askInChild(ctx context.Context, worker, env []string, stderr io.Writer, system, dir, questionFile string, limit int) (workerOutput, error) {
	args := append(append([]string{}, worker[1:]...), AskWorkerArgs(system, dir, questionFile, limit)...)
	cmd := exec.CommandContext(ctx, worker[0], args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderr
	var wo workerOutput
	if err := cmd.Run(); err != nil {
		return wo, fmt.Errorf("ask %s in a child process: %w", system, err)
	}
	if err := json.Unmarshal(bytes.TrimSpace(lastLine(out.Bytes())), &wo); err != nil {
		return wo, fmt.Errorf("ask %s: child wrote %q: %w", system, out.String(), err)
	}
	return wo, nil
}

// buildInProcess builds without a child; peak memory is not measured.
func buildInProcess(ctx context.Context, sys System, dir string, paths []string) (BuildResult, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return BuildResult{}, err
	}
	start := time.Now()
	n, err := sys.Build(ctx, dir, paths)
	if err != nil {
		return BuildResult{}, fmt.Errorf("build %s index: %w", sys.Name, err)
	}
	return BuildResult{Articles: n, Wall: time.Since(start)}, nil
}

func lastLine(b []byte) []byte {
	b = bytes.TrimRight(b, "\n")
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}
