// Package discord connects the commands router to Discord with discordgo.
//
// A Bot runs in gateway mode (Run: a websocket with the guilds intent only,
// interactions answered through REST callbacks) and, when a public key is
// configured, also serves Discord's HTTP interactions endpoint
// (InteractionsHandler: Ed25519-verified POSTs answered in the HTTP
// response, with deferred replies finished through the webhook endpoints).
// Both modes convert interactions to commands.Request, dispatch them through
// the same commands.Router and convert the commands.Response back. Every
// message disables allowed mentions, so quoted article text pings nobody.
//
// Post sends a message to a channel outside any interaction (scheduled
// digests, watch cards). Before a schedule or a watch is added or resumed,
// CanPost checks with REST calls alone (the channel's overwrites, the
// guild's roles, the bot's member roles) that the bot may view and send
// messages in the channel.
//
// Commands are registered by a bulk overwrite on every start, globally or in
// one guild for development. Config.APIURL redirects every REST call and
// gateway discovery to another base URL (a rate-limit proxy, or the fake
// Discord in package discordtest); see SetAPIURL for its one limitation.
package discord
