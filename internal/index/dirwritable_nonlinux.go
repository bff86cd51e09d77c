//go:build unix && !aix && !linux

package index

// dirWritable reports whether this process may create, rename and remove
// entries in dir (a read-only mount or permissions say no); see
// accessWritable.
func dirWritable(dir string) bool { return accessWritable(dir) }
