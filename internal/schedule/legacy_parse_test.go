package schedule

import "testing"

// TestParseStoredSpellings: parseStored reads the weekly sugar of the
// release before c6186d1 as that release did (a word starting with a
// day's three letters, letters only, is that day) and refuses what it
// refused: a day word with a dot or under three letters, a time out of
// range, another shape.
func TestParseStoredSpellings(t *testing.T) {
	for _, tt := range []struct {
		spec, old string // old: the expression it is read as; "-" refused
	}{
		{"weekly month 08:00", "weekly mon 08:00"},
		{"Weekly  SUNDAE\t9:15", "weekly sun 9:15"},
		{"weekly thursdayy 12:00", "weekly thu 12:00"},
		{"weekly mondays 09:00", ""},
		{"weekly tues. 09:00", ""},
		{"daily 08:00", ""},
		{"weekly month. 08:00", "-"},
		{"weekly mon.x 08:00", "-"},
		{"weekly mo 08:00", "-"},
		{"weekly xyz 08:00", "-"},
		{"weekly month 24:00", "-"},
		{"weekly month 8:0", "-"},
		{"weekly month 08:00 extra", "-"},
		{"weeklymonth 08:00", "-"},
		{"weekly 08:00", "-"},
	} {
		t.Run(tt.spec, func(t *testing.T) {
			_, old, err := parseStored(tt.spec, "")
			if tt.old == "-" {
				if err == nil {
					t.Errorf("parseStored(%q) = old %q, nil; want an error", tt.spec, old)
				}
				return
			}
			if err != nil || old != tt.old {
				t.Errorf("parseStored(%q) = old %q, %v; want %q, nil", tt.spec, old, err, tt.old)
			}
		})
	}
}
