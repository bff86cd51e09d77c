// Package commands holds Chronicle's chat commands, independent of Discord.
//
// Each command lives in its own file: a struct with exported fields for what
// it needs (an Answerer, a Searcher, ...), a Definition (name, description,
// options) and a Handle method that turns a Request into a Response. The
// discord package converts interactions to Requests and Responses to Discord
// messages; the CLI runs the same handlers through RunText and prints
// RenderText(resp): the response's own Text when the command renders one for
// a terminal (/ask, /digest, /timeline), else the markdown made plain. Both
// renderings live in the command's file, so the surfaces cannot drift.
//
// A Router is built from a slice of commands. It dispatches by command name,
// by the prefix of a component's custom ID (the text before the first ':')
// and for autocomplete, and applies the cross-cutting concerns once: logging,
// panic recovery, a per-interaction deadline, automatic defer before
// Discord's 3-second limit, a per-user rate limit, the guild and permission
// check of the definition and user-safe error replies. Anything else that
// must happen around every interaction is a Middleware
// (RouterConfig.Middleware); the router's own counts the interactions in
// flight until their last reply is sent, for Router.Wait at a shutdown.
//
// Adding a command: write a type that implements Command (and optionally
// ComponentHandler and Autocompleter) in a new file, and append it to the
// slice given to NewRouter. Nothing in the router needs to change.
package commands
