package commands

import (
	"strconv"
	"strings"
	"time"
)

// Kind says what started an interaction.
type Kind int

// Interaction kinds.
const (
	// KindCommand is a slash command or a context-menu command.
	KindCommand Kind = iota + 1
	// KindComponent is a click on a button of an earlier reply.
	KindComponent
	// KindAutocomplete asks for suggestions while the user types an option.
	KindAutocomplete
)

// String returns the kind's name for logs.
func (k Kind) String() string {
	switch k {
	case KindCommand:
		return "command"
	case KindComponent:
		return "component"
	case KindAutocomplete:
		return "autocomplete"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Request is one interaction, independent of Discord.
type Request struct {
	Kind Kind
	// ID identifies the interaction in logs; may be empty (CLI).
	ID string
	// Command is the command name ("ask", "Check in sources").
	Command string
	// Subcommand is the chosen subcommand, "group sub" for a subcommand in a
	// group, or "".
	Subcommand string
	// Options holds the option values as text (numbers in decimal, booleans
	// as "true"/"false", channels and users as their IDs).
	Options map[string]string
	// Focused names the option being typed (autocomplete only).
	Focused string
	// CustomID is the clicked component's custom ID (components only).
	CustomID string
	// UserID is the invoking user.
	UserID string
	// GuildID is "" in direct messages.
	GuildID   string
	ChannelID string
	// Permissions is the invoking member's permission bitset in the channel.
	Permissions int64
	// TargetID and TargetText are the message a message context-menu
	// command was used on.
	TargetID   string
	TargetText string
	// Locale is the user's client locale ("en-US"); may be empty.
	Locale string
	// CLI is set when the command line runs the handler (RunText): its
	// messages then name options as flags (--since, not “since”).
	CLI bool
}

// optionName is an option as the user of the request's surface writes it:
// “since” in Discord, --since on the command line.
func (r Request) optionName(name string) string {
	if r.CLI {
		return "--" + name
	}
	return "“" + name + "”"
}

// quote quotes what the user wrote as the request's surface does: “text” in
// Discord, escaped so that markup typed in an option ("<@123>", "**x**")
// shows as typed, and "text" on the command line.
func (r Request) quote(s string) string {
	if r.CLI {
		return strconv.Quote(s)
	}
	return "“" + Escape(s) + "”"
}

// Option returns the trimmed text of the named option, "" when absent.
func (r Request) Option(name string) string {
	return strings.TrimSpace(r.Options[name])
}

// Response is a reply, independent of Discord.
type Response struct {
	// Content is the message text (Discord markdown).
	Content    string
	Embeds     []Embed
	Components []ActionRow
	// Ephemeral replies are shown only to the invoking user.
	Ephemeral bool
	// Update replaces the message a clicked component belongs to instead of
	// sending a new message (components only).
	Update bool
	// Choices are autocomplete suggestions (autocomplete only).
	Choices []Choice
	// Text, when set, is the reply as plain text for a terminal, rendered
	// by the command from the same result as the rest (the whole of it:
	// every source, every page). RenderText prints it; Discord never sees
	// it.
	Text string
}

// Embed is a rich card.
type Embed struct {
	Title       string
	URL         string
	Description string
	Fields      []Field
	Footer      string
	Color       int
	Timestamp   time.Time
}

// Field is a titled block of an embed.
type Field struct {
	Name   string
	Value  string
	Inline bool
}

// ActionRow is a row of up to five buttons.
type ActionRow struct {
	Buttons []Button
}

// ButtonStyle is a button's colour.
type ButtonStyle int

// Button styles, numbered as Discord numbers them.
const (
	ButtonPrimary   ButtonStyle = 1
	ButtonSecondary ButtonStyle = 2
	ButtonSuccess   ButtonStyle = 3
	ButtonDanger    ButtonStyle = 4
	ButtonLink      ButtonStyle = 5
)

// Button is a clickable button: either a CustomID routed back to the bot or a
// link URL (with ButtonLink style).
type Button struct {
	Label    string
	Style    ButtonStyle
	CustomID string
	URL      string
	Disabled bool
}

// Choice is one autocomplete suggestion.
type Choice struct {
	Name  string
	Value string
}

// ephemeral returns an ephemeral text reply.
func ephemeral(format string) Response {
	return Response{Content: format, Ephemeral: true}
}
