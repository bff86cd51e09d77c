package answer

import (
	"strings"
	"testing"
)

// TestPageLabel: datelines, captions' labels and a page's buttons are no
// names an outlet reported; they were shown as readings ("Also reported:
// WASHINGTON", a value "Photos" for "Photos: … Dua Lipa …").
func TestPageLabel(t *testing.T) {
	tests := []struct {
		sentence, name string
		want           bool
	}{
		{"WASHINGTON – At least two lawsuits have been filed.", "WASHINGTON", true},
		{"NEW YORK — The show opened on Broadway.", "NEW YORK", true},
		{"WASHINGTON (AP) — The Senate voted.", "WASHINGTON", true},
		{"Photos: WNBA Star Brittney Griner of Team US", "Photos", true},
		{"12:45 pm ET June 9, 2026 Share this update Standing ovation", "Share", true},
		{"Washington – the state – sued on Monday.", "Washington", false},
		{"The senator flew to WASHINGTON – and back.", "WASHINGTON", false},
		{"NASA – the agency – said so.", "NASA", false},    // an acronym of four letters opening a sentence
		{"Biles: I am proud of the team.", "Biles", false}, // a speaker
		{"ROME, Italy — The pope spoke.", "ROME", true},
		{"US – China talks resumed.", "US", false},
		{"CHINA is the world's largest exporter.", "CHINA", false}, // a headline's name (helper 86)
		{"Simone Biles: the greatest of all time.", "Simone Biles", false},
		{"Kamala Harris visited Atlanta.", "Kamala Harris", false},
		{"said Doug Parker, the CEO of American Airlines.", "CEO", true},             // a kind of person alone
		{"Presidents Day is on Monday, Feb. 19, this year.", "Day", true},            // a kind of date alone
		{"Hide Caption 3 of 12 Photos: The queen at Balmoral", "Hide Caption", true}, // a gallery's buttons
		{"Show Caption The crowd outside the palace.", "Show Caption", true},
		{"The king waves. Popperfoto/Getty Images", "Popperfoto/Getty Images", true}, // a photo credit
		{"The crowd. AFP via Getty Images", "AFP via Getty Images", true},
		{"Senators met. AP Photo/Evan Vucci", "AP Photo/Evan Vucci", true},
		{"Glenn Close won the award.", "Glenn Close", false},
		{"Close said she was proud.", "Close", false},                         // a name, alone
		{"Getty Images agreed to buy Shutterstock.", "Getty Images", false},   // the agency, as news
		{"Reuters/Ipsos polling found Harris ahead.", "Reuters/Ipsos", false}, // a poll, not a credit
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			at := strings.Index(tt.sentence, tt.name)
			if got := pageLabel(tt.sentence, at, tt.name); got != tt.want {
				t.Errorf("pageLabel(%q, %q) = %v, want %v", tt.sentence, tt.name, got, tt.want)
			}
		})
	}
}

// TestOwnOutlet: the outlet that published an article is no reading of it
// (helper 86: "Also reported: USA TODAY" from usatoday.com's own byline);
// another outlet it names may be.
func TestOwnOutlet(t *testing.T) {
	tests := []struct {
		name, source string
		want         bool
	}{
		{"usa today", "usatoday.com", true},
		{"usa today", "www.usatoday.com", true},
		{"cnn", "cnn.com", true},
		{"hill", "thehill.com", false}, // a name, not The Hill
		{"bbc", "BBC", true},
		{"le monde", "Le Monde", true},
		{"cnn", "usatoday.com", false},
		{"usa", "usatoday.com", false},
		{"ap", "ap.org", false}, // too short to tell
		{"las vegas", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name+" of "+tt.source, func(t *testing.T) {
			if got := ownOutlet(tt.name, tt.source); got != tt.want {
				t.Errorf("ownOutlet(%q, %q) = %v, want %v", tt.name, tt.source, got, tt.want)
			}
		})
	}
}
