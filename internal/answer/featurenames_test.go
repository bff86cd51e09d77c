package answer

import "testing"

// TestFeatureNames: every feature has a name, and no two share one (the
// model file and --explain read the features by name).
func TestFeatureNames(t *testing.T) {
	seen := map[string]int{}
	for i, name := range featureNames {
		if name == "" {
			t.Errorf("feature %d has no name", i)
		}
		if j, ok := seen[name]; ok {
			t.Errorf("features %d and %d are both named %q", j, i, name)
		}
		seen[name] = i
	}
}
