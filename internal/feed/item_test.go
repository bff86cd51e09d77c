package feed

import (
	"testing"

	"github.com/mmcdole/gofeed"
)

func TestArticleID(t *testing.T) {
	const feedA, feedB = "https://a.example/rss", "https://b.example/rss"
	tests := []struct {
		name     string
		a, b     gofeed.Item
		wantSame bool
	}{
		{name: "same URN guid in two feeds", wantSame: true,
			a: gofeed.Item{GUID: "urn:uuid:1", Link: "https://a.example/x"},
			b: gofeed.Item{GUID: "urn:uuid:1", Link: "https://b.example/y"}},
		{name: "same link, local guids", wantSame: true,
			a: gofeed.Item{GUID: "17", Link: "https://wire.example/s"},
			b: gofeed.Item{GUID: "99", Link: "https://wire.example/s"}},
		{name: "same local guid, no link, two feeds", wantSame: false,
			a: gofeed.Item{GUID: "1"}, b: gofeed.Item{GUID: "1"}},
		{name: "different links", wantSame: false,
			a: gofeed.Item{Link: "https://a.example/1"}, b: gofeed.Item{Link: "https://a.example/2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idA := articleID(&tt.a, tt.a.Link, feedA)
			idB := articleID(&tt.b, tt.b.Link, feedB)
			if again := articleID(&tt.a, tt.a.Link, feedA); again != idA {
				t.Errorf("articleID not stable: %s then %s", idA, again)
			}
			if (idA == idB) != tt.wantSame {
				t.Errorf("articleID: %s and %s, want same = %v", idA, idB, tt.wantSame)
			}
		})
	}
}
