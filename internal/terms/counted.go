package terms

import "strconv"

// Counted is n with the noun that agrees with it: Counted(1, "file",
// "files") is "1 file", Counted(2, "file", "files") "2 files". The
// summaries of bot index, the feeds and the digests count with it.
func Counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
