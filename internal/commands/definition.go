package commands

// CommandType says where a command appears in Discord.
type CommandType int

// Command types, numbered as Discord numbers them.
const (
	// ChatCommand is a slash command.
	ChatCommand CommandType = 1
	// UserCommand appears in a user's context menu.
	UserCommand CommandType = 2
	// MessageCommand appears in a message's context menu ("Apps").
	MessageCommand CommandType = 3
)

// OptionType is the type of a command option.
type OptionType int

// Option types, numbered as Discord numbers them.
const (
	OptionSubcommand      OptionType = 1
	OptionSubcommandGroup OptionType = 2
	OptionString          OptionType = 3
	OptionInteger         OptionType = 4
	OptionBoolean         OptionType = 5
	OptionUser            OptionType = 6
	OptionChannel         OptionType = 7
	OptionRole            OptionType = 8
	OptionNumber          OptionType = 10
)

// PermissionManageGuild is Discord's "Manage Server" permission bit.
const PermissionManageGuild int64 = 1 << 5

// Definition describes a command for registration with Discord.
type Definition struct {
	// Type defaults to ChatCommand.
	Type CommandType
	// Name is lower case for chat commands ("ask"); context-menu names may
	// contain spaces and capitals ("Check in sources").
	Name        string
	Description string
	Options     []Option
	// DefaultMemberPermissions, when non-zero, hides the command from members
	// without all of these permission bits; the router checks them again on
	// use.
	DefaultMemberPermissions int64
	// GuildOnly commands cannot be used in direct messages.
	GuildOnly bool
	// Ephemeral says the command's replies are private; when the router has
	// to defer, the placeholder is ephemeral too.
	Ephemeral bool
	// Defer makes the router acknowledge at once instead of waiting for the
	// handler, for commands known to be slow.
	Defer bool
}

// Option describes one command option (or subcommand).
type Option struct {
	Type         OptionType
	Name         string
	Description  string
	Required     bool
	Autocomplete bool
	Choices      []Choice
	// Options are the options of a subcommand or the subcommands of a group.
	Options   []Option
	MinValue  *float64
	MaxValue  *float64
	MaxLength int
	// ChannelTypes limits a channel option (Discord channel type numbers).
	ChannelTypes []int
}
