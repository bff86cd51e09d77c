// Package corpus finds and parses the article files Chronicle answers from.
//
// Files expands the configured corpus paths (files, folders walked
// recursively, glob patterns) into a sorted list; LoadFile parses one file
// by its extension; Load does both for every path and drops IDs already
// loaded from an earlier file.
//
// Formats:
//   - .txt (or .text): one article. An optional leading "date YYYY-MM-DD" marker may
//     share the first line with the text. Blocks are separated by blank
//     lines; lines within a block are joined. A short line that does not
//     end like a sentence is a title (first block) or a section heading for
//     the paragraphs after it.
//   - .md (or .markdown): one article with optional YAML front matter (the same field names
//     as JSON); "#" lines are headings, a leading "# Title" is the title.
//   - .json (an object, an array of objects or a sequence of objects),
//     .jsonl (or .ndjson) and .jsonl.gz / .ndjson.gz / .json.gz: one
//     article per object. Field names have aliases:
//     text/body/content/description/summary, title/headline,
//     date/publish_date/published/date_published/pubDate/publishedAt,
//     url/link, source/publisher/outlet/site, id/guid. Body text is split
//     at blank lines and at indented lines (hard-wrapped wire copy),
//     without heading detection.
//
// IDs are stable: a record's string id as is, a numeric id prefixed with the
// file's path relative to its root without extension ("reuters21578-1",
// "2024-03/export-1"), otherwise that path plus "#line" for records of a
// multi-record file. The root is the deepest folder that holds the folders
// the configured paths name: a folder, a file's folder, the folder before a
// glob's first pattern (File.Root).
// Text is cleaned on the way in: HTML/SGML entities are unescaped, control
// characters dropped, white space collapsed, and bytes that are not UTF-8
// decoded as Windows-1252. A missing title is taken from the first sentence;
// a missing source from the URL's host. Hash fingerprints each article so
// that an index can skip unchanged ones.
//
// Text is also cleaned of the bidirectional embedding,
// override and isolate controls (U+202A-U+202E, U+2066-U+2069), which
// could make a quoted sentence read backwards; the plain direction marks
// U+200E/U+200F are kept.
//
// Hostile input stays cheap (see Limits and Loader): reading a file stops
// at MaxFileBytes after decompression (a gzip bomb is one "file too large"
// problem), a JSON Lines line or JSON value over MaxArticleBytes streams
// past unheld ("record too large"), longer text and titles are cut and
// longer IDs replaced by a stable hash, each with a warning. FIFOs, devices
// and sockets, also behind symbolic links, are reported and never opened.
//
// Bad input never stops loading: each bad file or record becomes a Problem
// (path, line, reason) and is skipped; input that is kept despite a problem
// (undated, unparseable date, repaired encoding) gives a warning. Report
// summarises a Load in one line.
//
// JSON Lines are streamed: one goroutine reads (and gunzips) batches of
// lines, GOMAXPROCS goroutines decode them, and the results are put back in
// file order, so the 145 MB RealTimeQA set loads in a few seconds. A .json
// file is streamed too, one top-level value at a time.
package corpus
