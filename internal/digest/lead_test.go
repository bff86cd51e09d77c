package digest

import (
	"context"
	"testing"
)

func TestTeaser(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"On Monday’s episode of The Excerpt podcast: Former President Donald Trump faces a bond deadline in his civil fraud case.", true},
		{"In this week's newsletter we look back at the budget talks and what they mean.", true},
		{"The one between Russia and Ukraine?", true},
		{"Watch: gunmen open fire at a concert hall near Moscow.", true},
		{"Listen to the full conversation with the mayor on our website today.", true},
		{"Exclusive: the minister behind the new budget plan speaks out.", true},
		{"Subscribe to our newsletter for the latest updates from the region.", true},
		{"Trump Media shares and the latest on the bond deadline for the former president.", false},
		{"Monday is former President Donald Trump's deadline to put up a bond of more than $450 million.", false},
		{"Gunmen opened fire at the Crocus City Hall concert venue near Moscow on Friday evening.", false},
		{"France raised its terror alert to the highest level on Sunday, the prime minister said.", false},
		{"The prime minister said: \"We will not give in to terror.\"", false},
		{"A video showed the gunmen entering the hall shortly before the fire broke out.", false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := teaser(tt.s); got != tt.want {
				t.Errorf("teaser(%q) = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}

// TestBuildQuotesALeadNotATeaser: a story whose most central sentence is a
// podcast promotion is quoted from the sentence that states what happened.
func TestBuildQuotesALeadNotATeaser(t *testing.T) {
	arts := fixtures()[:3]
	arts = append(arts,
		article("p1", "USA Today", "2024-03-25T10:00:00Z", "Trump faces bond deadline in civil fraud case | The Excerpt podcast",
			"On Monday’s episode of The Excerpt podcast: Former President Donald Trump faces a bond deadline in his civil fraud case in New York.",
			"Trump must post a bond of more than $454 million in the civil fraud case or see his assets seized by New York."),
		article("p2", "USA Today", "2024-03-25T12:00:00Z", "Trump bond deadline arrives in civil fraud case",
			"Former President Donald Trump faces a Monday deadline to post a bond in his New York civil fraud case?",
			"Trump has asked an appeals court to lower the bond of more than $454 million in the civil fraud case."))
	from, to := window(t)
	d, err := Build(context.Background(), &fakeSource{arts: arts}, Options{From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	found := false
	for _, p := range d.Points {
		if p.Citation.ArticleID != "p1" && p.Citation.ArticleID != "p2" {
			continue
		}
		found = true
		if teaser(p.Citation.Text) {
			t.Errorf("bond point quotes %q, want a sentence that states what happened", p.Citation.Text)
		}
	}
	if !found {
		t.Fatalf("no point about the bond deadline in:\n%s", d.Text())
	}
}
