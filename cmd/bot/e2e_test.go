package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// envRunMain makes the test binary run the bot's main instead of the tests
// (see TestMain), so that the end-to-end tests run the bot as a process
// without building it first; cleanEnv sets it.
const envRunMain = "BOT_TEST_RUN_MAIN"

// botBinary is the program that runs the bot with the environment of
// cleanEnv: this test binary, whose TestMain runs main.
func botBinary(tb testing.TB) string {
	tb.Helper()
	bin, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	return bin
}

// cleanEnv is the environment without Chronicle or Discord settings, so
// only the config file counts, and with envRunMain set.
func cleanEnv() []string {
	env := []string{envRunMain + "=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CHRONICLE_") && !strings.HasPrefix(kv, "DISCORD_TOKEN=") && !strings.HasPrefix(kv, envRunMain+"=") {
			env = append(env, kv)
		}
	}
	return env
}

// TestServeBinary runs `bot serve --config FILE` as a user would, with only
// a config file naming the token, application ID, public key and API URL of
// the fake Discord, then stops it with SIGTERM.
func TestServeBinary(t *testing.T) {
	bin := botBinary(t)
	fake.Reset()
	pub, _ := newKey(t)
	dir := t.TempDir()
	config := fmt.Sprintf(`# written by TestServeBinary
corpus:
  paths: [%q]
index:
  path: %q
schedule:
  path: %q
http:
  addr: 127.0.0.1:0
discord:
  token: %q
  application_id: %q
  public_key: %q
  api_url: %q
log:
  format: json
`, copyCorpus(t), filepath.Join(dir, "index"), filepath.Join(dir, "schedule.db"), fake.Token, fake.AppID, pub, fake.URL)
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--config", cfgPath)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	logs := &testlog.Buffer{}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			logs.Write([]byte(line + "\n"))
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "http listening" {
				addr <- rec.Addr
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("bot stderr:\n%s", logs.String())
		}
	})
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-exited:
		t.Fatalf("bot serve exited at start: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("bot serve did not report its HTTP address within 20s")
	}
	waitHealthy(t, base)

	reg := fake.WaitFor(t, "command bulk overwrite", func(r discordtest.Request) bool {
		return r.Method == "PUT" && strings.HasSuffix(r.Path, "/applications/"+fake.AppID+"/commands")
	})
	for _, name := range []string{"ask", "search", "article", "sources", "digest", "schedule", "reindex", "help", "Check in sources"} {
		if !strings.Contains(string(reg.Body), `"name":"`+name+`"`) {
			t.Errorf("bulk overwrite does not register %q: %s", name, reg.Body)
		}
	}

	msg := askReply(t, "Who claimed the Moscow attack?")
	text := msg.Text()
	if !containsAny(text, "ISIS", "Islamic State") {
		t.Errorf("/ask reply = %q, want a quote naming ISIS or the Islamic State", text)
	}
	if len(msg.Embeds) == 0 || !containsAny(text, "2024-03-25") {
		t.Errorf("/ask reply = %q, want an embed with a citation dated 2024-03-25", text)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("bot serve after SIGTERM: %v, want exit status 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("bot serve did not stop within 20s of SIGTERM")
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the log")
	}
	if strings.Contains(logs.String(), fake.Token) {
		t.Errorf("the bot token appears in the log")
	}
}
