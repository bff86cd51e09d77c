package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// knownEnv reports whether name is an environment variable the config
// reads.
func knownEnv(name string) bool {
	if name == "DISCORD_TOKEN" {
		return true
	}
	return slices.ContainsFunc(configKeys, func(k string) bool { return k != "feeds" && envName(k) == name })
}

// envNames are the CHRONICLE_ names (and DISCORD_TOKEN) in text.
func envNames(text string) []string {
	names := regexp.MustCompile(`\b(?:CHRONICLE_[A-Z0-9_]*[A-Z0-9]|DISCORD_TOKEN)\b`).FindAllString(text, -1)
	slices.Sort(names)
	return slices.Compact(names)
}

func TestComposeFile(t *testing.T) {
	data, err := os.ReadFile("../../deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatalf("deploy/compose.yaml: %v", err)
	}
	bot, ok := compose.Services["bot"]
	if !ok {
		t.Fatal("deploy/compose.yaml has no service bot")
	}
	for name := range bot.Environment {
		if !knownEnv(name) {
			t.Errorf("deploy/compose.yaml sets %s, which is no config key's variable", name)
		}
	}
	for _, need := range []string{"DISCORD_TOKEN", "CHRONICLE_DISCORD_APPLICATION_ID"} {
		if _, ok := bot.Environment[need]; !ok {
			t.Errorf("deploy/compose.yaml does not set %s, which serve needs", need)
		}
	}
	if want := []string{"CMD", "/bot", "healthcheck"}; !slices.Equal(bot.Healthcheck.Test, want) {
		t.Errorf("healthcheck test = %q, want %q", bot.Healthcheck.Test, want)
	}
	for _, mount := range []string{":/app/config.yaml:ro", ":/app/corpus:ro", "chronicle-data:/data"} {
		if !slices.ContainsFunc(bot.Volumes, func(v string) bool { return strings.Contains(v, mount) }) {
			t.Errorf("deploy/compose.yaml mounts nothing like %q: %q", mount, bot.Volumes)
		}
	}
	if _, ok := compose.Volumes["chronicle-data"]; !ok {
		t.Error("deploy/compose.yaml does not declare the named volume chronicle-data")
	}
}

// TestDeployDocsNameConfigKeys checks that the README's Deploy section, the
// Dockerfile and the systemd unit name only variables the config reads.
func TestDeployDocsNameConfigKeys(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, deploy, ok := strings.Cut(string(readme), "\n## Deploy\n")
	if !ok {
		t.Fatal("README.md has no Deploy section")
	}
	deploy, _, _ = strings.Cut(deploy, "\n## ")
	texts := map[string]string{"README.md Deploy": deploy}
	for _, f := range []string{"../../Dockerfile", "../../deploy/chronicle.service", "../../deploy/compose.yaml"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = string(b)
	}
	for where, text := range texts {
		names := envNames(text)
		if len(names) == 0 {
			t.Errorf("%s names no variable", where)
		}
		for _, n := range names {
			if !knownEnv(n) && n != "CHRONICLE_SCALEOUT_TEST" {
				t.Errorf("%s names %s, which is no config key's variable", where, n)
			}
		}
	}
	if !strings.Contains(texts["../../Dockerfile"], `HEALTHCHECK`) || !strings.Contains(texts["../../Dockerfile"], `CMD ["/bot", "healthcheck"]`) {
		t.Error("the Dockerfile's HEALTHCHECK does not run /bot healthcheck")
	}
}
