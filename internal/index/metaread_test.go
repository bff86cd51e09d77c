package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestOpenBleveSaysWhyTheMetaFileIsUnread: Bleve reports every failure to
// read index_meta.json as "metadata missing"; openBleve adds the reason
// when the file is there but cannot be read, so that a file this user may
// not read (permission denied) is not reported as a lost one. A link to
// itself stands for the unreadable file: root reads every file, so a
// permission error cannot be made in a test run as root.
func TestOpenBleveSaysWhyTheMetaFileIsUnread(t *testing.T) {
	for _, tt := range []struct {
		name   string
		setup  func(t *testing.T, meta string)
		reason error // nil: "metadata missing" alone
	}{
		{"missing", func(t *testing.T, meta string) {}, nil},
		{"unreadable", func(t *testing.T, meta string) {
			if err := os.Symlink(bleveMetaFile, meta); err != nil {
				t.Fatal(err)
			}
		}, syscall.ELOOP},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bdir := t.TempDir()
			tt.setup(t, filepath.Join(bdir, bleveMetaFile))
			b, err := openBleve(bdir, true)
			if err == nil {
				b.Close()
				t.Fatal("opened an index without its meta file")
			}
			if !errors.Is(err, bleve.ErrorIndexMetaMissing) {
				t.Errorf("error %v is not Bleve's ErrorIndexMetaMissing", err)
			}
			if tt.reason == nil {
				if err.Error() != bleve.ErrorIndexMetaMissing.Error() {
					t.Errorf("a missing meta file: %q, want Bleve's error alone", err)
				}
				return
			}
			if !errors.Is(err, tt.reason) || !strings.Contains(err.Error(), bleveMetaFile) {
				t.Errorf("error %q does not name the meta file and %v", err, tt.reason)
			}
		})
	}
}
