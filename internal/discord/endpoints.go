package discord

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// DefaultAPIURL is Discord's own base URL.
const DefaultAPIURL = "https://discord.com"

// SetAPIURL points discordgo at base (e.g. "http://127.0.0.1:8080") instead
// of https://discord.com: every REST endpoint, and so gateway discovery
// (GET /api/v9/gateway returns the websocket URL to dial).
//
// discordgo v0.29.0 has no per-session base URL: its endpoints are
// package-level variables (EndpointDiscord, EndpointAPI, ...) computed once
// at init, and the endpoint functions (EndpointChannelMessages,
// EndpointInteractionResponse, EndpointWebhookMessage, ...) concatenate the
// string variables at call time. Reassigning the string variables, as done
// here, therefore redirects every endpoint. Because they are process
// globals, one process talks to one API URL at a time: call SetAPIURL
// before any session makes requests (New does), and never concurrently with
// running sessions. Setting the URL already in effect changes nothing.
// This function is the only place in the project that writes them.
func SetAPIURL(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("discord.api_url %q: want an absolute http(s) URL like %s", base, DefaultAPIURL)
	}
	root := strings.TrimRight(base, "/") + "/"
	if discordgo.EndpointDiscord == root {
		return nil
	}
	api := root + "api/v" + discordgo.APIVersion + "/"
	discordgo.EndpointDiscord = root
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
	discordgo.EndpointStickers = api + "stickers/"
	discordgo.EndpointStageInstances = api + "stage-instances"
	discordgo.EndpointSKUs = api + "skus"
	discordgo.EndpointVoice = api + "/voice/"
	discordgo.EndpointVoiceRegions = discordgo.EndpointVoice + "regions"
	discordgo.EndpointNitroStickersPacks = api + "/sticker-packs"
	discordgo.EndpointGuildCreate = api + "guilds"
	discordgo.EndpointApplications = api + "applications"
	discordgo.EndpointOAuth2 = api + "oauth2/"
	discordgo.EndpointOAuth2Applications = discordgo.EndpointOAuth2 + "applications"
	discordgo.EndpointOauth2 = discordgo.EndpointOAuth2
	discordgo.EndpointOauth2Applications = discordgo.EndpointOAuth2Applications
	return nil
}

// redactURL hides interaction and webhook tokens in a URL before logging.
func redactURL(u string) string {
	for _, marker := range []string{"/interactions/", "/webhooks/"} {
		i := strings.Index(u, marker)
		if i < 0 {
			continue
		}
		rest := u[i+len(marker):]
		parts := strings.SplitN(rest, "/", 3)
		if len(parts) >= 2 {
			parts[1] = "***"
		}
		return u[:i+len(marker)] + strings.Join(parts, "/")
	}
	return u
}
