package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Article shows one article's card: title, outlet, date and its lead.
type Article struct {
	Articles Articles
}

// Definition describes /article.
func (a *Article) Definition() Definition {
	return Definition{
		Name:        "article",
		Description: "Show an article from the news sources",
		Options: []Option{{
			Type: OptionString, Name: "id", Required: true, Autocomplete: true, MaxLength: 200,
			Description: "Start typing a title, or paste an article ID",
		}},
	}
}

// Handle answers /article. When id is not a known ID (someone typed a
// title without picking a suggestion) the best title match is shown.
func (a *Article) Handle(ctx context.Context, req Request) (Response, error) {
	id := req.Option("id")
	if id == "" {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "Tell me which article: start typing its title.")
	}
	art, err := a.Articles.Article(ctx, id)
	if chronicle.ErrorCode(err) == chronicle.ENOTFOUND {
		matches, terr := a.Articles.Titles(ctx, id, 1)
		if terr != nil || len(matches) == 0 {
			return Response{}, chronicle.Errorf(chronicle.ENOTFOUND, "I couldn't find an article with that ID or title.")
		}
		art, err = a.Articles.Article(ctx, matches[0].ArticleID)
	}
	if err != nil {
		return Response{}, fmt.Errorf("article %q: %w", id, err)
	}
	return renderArticle(art), nil
}

// Autocomplete suggests up to 25 articles whose titles start with what the
// user typed.
func (a *Article) Autocomplete(ctx context.Context, req Request) ([]Choice, error) {
	matches, err := a.Articles.Titles(ctx, req.Option(req.Focused), MaxChoices)
	if err != nil {
		return nil, fmt.Errorf("titles %q: %w", req.Option(req.Focused), err)
	}
	choices := make([]Choice, 0, len(matches))
	for _, m := range matches {
		if len(m.ArticleID) > MaxChoiceLength || m.ArticleID == "" {
			continue
		}
		suffix := ""
		if !m.Published.IsZero() {
			suffix = " (" + formatDate(m.Published) + ")"
		}
		name := Truncate(titleOr(m.Title, m.ArticleID), MaxChoiceLength-len([]rune(suffix))) + suffix
		choices = append(choices, Choice{Name: name, Value: m.ArticleID})
	}
	return choices, nil
}

// renderArticle renders the article card.
func renderArticle(art chronicle.Article) Response {
	lead := ""
	for _, p := range art.Paragraphs {
		if t := strings.TrimSpace(p.Text); t != "" {
			lead = t
			break
		}
	}
	e := Embed{
		Title:       Truncate(Escape(titleOr(art.Title, "Untitled article")), MaxEmbedTitle),
		URL:         discordtext.SafeURL(art.URL),
		Description: Escape(TrimToSentences(lead, 1200)),
		Color:       colorInfo,
		Timestamp:   art.Published,
		Footer:      "ID: " + art.ID,
		Fields: []Field{
			{Name: "Outlet", Value: Escape(titleOr(art.Source, "unknown")), Inline: true},
			{Name: "Published", Value: formatDate(art.Published), Inline: true},
			{Name: "Length", Value: terms.Counted(len(art.Paragraphs), "paragraph", "paragraphs"), Inline: true},
		},
	}
	if e.Description == "" {
		e.Description = "*This article has no text.*"
	}
	resp := Response{Embeds: []Embed{e}}
	if u := discordtext.SafeURL(art.URL); u != "" {
		resp.Components = []ActionRow{{Buttons: []Button{{Label: "Read the article", Style: ButtonLink, URL: u}}}}
	}
	return resp
}
