package commands

import (
	"context"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/google/go-cmp/cmp"
)

func TestArticle(t *testing.T) {
	ctx := context.Background()
	arts := testArticles(3)
	arts[1].Paragraphs = []chronicle.Paragraph{{Text: ""}, {Text: "Lead with @here and *stars*. Second sentence."}}
	cmd := &Article{Articles: &fakeArticles{articles: arts}}
	tests := []struct {
		name, id, wantTitle, wantDesc string
		wantLength                    string
		code                          string
	}{
		{"by id", "ab", "Moscow attack report B", "Lead with @\u200bhere and \\*stars\\*. Second sentence.", "2 paragraphs", ""},
		// "1 paragraphs" before (helper h48a).
		{"by typed title", "moscow attack report c", "Moscow attack report C", "The Moscow attack was discussed.", "1 paragraph", ""},
		{"unknown", "nothing", "", "", "", chronicle.ENOTFOUND},
		{"empty", "", "", "", "", chronicle.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := cmd.Handle(ctx, Request{Options: map[string]string{"id": tt.id}})
			if chronicle.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if tt.code != "" {
				return
			}
			e := resp.Embeds[0]
			if e.Title != tt.wantTitle || !strings.HasPrefix(e.Description, tt.wantDesc) {
				t.Errorf("card = %q / %q, want %q / %q", e.Title, e.Description, tt.wantTitle, tt.wantDesc)
			}
			if f := e.Fields[2]; f.Name != "Length" || f.Value != tt.wantLength {
				t.Errorf("field %q = %q, want Length %q", f.Name, f.Value, tt.wantLength)
			}
			if resp.Components[0].Buttons[0].Style != ButtonLink || e.Fields[1].Value == "" {
				t.Errorf("card = %+v", resp)
			}
		})
	}
}

func TestArticleAutocomplete(t *testing.T) {
	arts := testArticles(3)
	arts = append(arts, chronicle.Article{ID: strings.Repeat("x", 101), Title: "Moscow id too long"})
	arts = append(arts, chronicle.Article{ID: "long", Title: "Moscow " + strings.Repeat("w ", 80)})
	cmd := &Article{Articles: &fakeArticles{articles: arts}}
	got, err := cmd.Autocomplete(context.Background(), Request{Kind: KindAutocomplete, Focused: "id", Options: map[string]string{"id": "moscow attack report"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Choice{
		{Name: "Moscow attack report A (2024-03-01)", Value: "aa"},
		{Name: "Moscow attack report B (2024-03-02)", Value: "ab"},
		{Name: "Moscow attack report C (2024-03-03)", Value: "ac"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Autocomplete (-want +got):\n%s", diff)
	}
	got, _ = cmd.Autocomplete(context.Background(), Request{Focused: "id", Options: map[string]string{"id": "Moscow"}})
	for _, c := range got {
		if len([]rune(c.Name)) > 100 || len(c.Value) > 100 {
			t.Errorf("choice too long: %+v", c)
		}
	}
	if len(got) != 4 {
		t.Errorf("got %d choices, want 4 (the over-long ID skipped)", len(got))
	}
}
