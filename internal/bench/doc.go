// Package bench compares Chronicle with two peers on one corpus and one
// question set: SQLite FTS5 (bm25 ranking, snippet() of 48 tokens, through
// the pure-Go modernc.org/sqlite) and bare Bleve with the default dynamic
// mapping (the top hit's best highlighted fragment as the answer).
//
// For each system Run builds an index in its own directory, in a child
// process when Config.Worker is set (so the peak resident memory read from
// the child's rusage belongs to that system alone), then opens the index in
// this process and asks every question with its as-of day, scoring the
// answers with eval.Run: accuracy@1 on the answer text, accuracy@3 also on
// the first three sources, and the median and p99 ask latency. The Report
// prints as a table with ratios against Chronicle, or as JSON.
//
// With Config.Load, Chronicle also answers that many signed /ask
// interactions over HTTP, as `bot serve` does in HTTP-interactions mode
// (runLoad). RunScale measures Chronicle alone at several multiples of the
// corpus, every figure in a child process (the scale curve of
// docs/SCALING.md).
//
// The child side is WorkerMain: the bench binary's hidden "worker" command
// (cmd/bench) and this package's tests call it with the arguments Run
// passes.
package bench
