package discordtest

import (
	"fmt"
	"os"
	"testing"
)

// Main is the TestMain of a package whose tests use the fake Discord:
// discordgo's endpoints are process globals, so the package gets one
// server, stored in *fake, and setAPIURL (discord.SetAPIURL) points
// discordgo at it. Main runs the tests, closes the server and exits.
func Main(m *testing.M, setAPIURL func(string) error, fake **Server) {
	srv, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := setAPIURL(srv.URL); err != nil {
		fmt.Fprintln(os.Stderr, err)
		srv.Close()
		os.Exit(1)
	}
	*fake = srv
	code := m.Run()
	srv.Close()
	os.Exit(code)
}
