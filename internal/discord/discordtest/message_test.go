package discordtest

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestMessageValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		msg  Message
		ok   bool
	}{
		{"empty", Message{}, true},
		{"content 2000", Message{Content: long(2000)}, true},
		{"content 2001", Message{Content: long(2001)}, false},
		{"description 4097", Message{Embeds: []*discordgo.MessageEmbed{{Description: long(4097)}}}, false},
		{"total 6001", Message{Embeds: []*discordgo.MessageEmbed{{Description: long(4000)}, {Description: long(2001)}}}, false},
		{"field value 1025", Message{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{{Name: "n", Value: long(1025)}}}}}, false},
		{"custom id 101", Message{Components: []Row{{Components: []Button{{Label: "x", CustomID: long(101)}}}}}, false},
		{"six buttons", Message{Components: []Row{{Components: make([]Button, 6)}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.msg.validate(); (got == "") != tt.ok {
				t.Errorf("validate() = %q, want ok=%v", got, tt.ok)
			}
		})
	}
}
