package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigFileNames: --config takes a YAML file whatever its name
// (/etc/chronicle/config, a Kubernetes ConfigMap key, chronicle.conf), and a
// folder given as the config file is named as one. Before, viper chose the
// parser by the file's extension and both failed with `Unsupported Config
// Type ""`.
func TestConfigFileNames(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	const yaml = "index:\n  path: /data/from-config\n"
	tests := []struct {
		name    string
		file    string
		want    string // in the output of bot config
		wantErr []string
	}{
		{name: "no extension", file: "config", want: "/data/from-config"},
		{name: "other extension", file: "chronicle.conf", want: "/data/from-config"},
		{name: "yml", file: "config.yml", want: "/data/from-config"},
		{name: "folder", file: "folder", wantErr: []string{"folder", "is a directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if tt.file == "folder" {
				if err := os.Mkdir(path, 0o755); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			out, _, err := runCLI(t, "", "config", "--config", path)
			if tt.wantErr == nil {
				if err != nil || !strings.Contains(out, tt.want) {
					t.Errorf("bot config --config %s = %v, output:\n%s\nwant %q in it", tt.file, err, out, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("bot config --config %s succeeded, want an error", tt.file)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("bot config --config %s: error %q, want %q in it", tt.file, err, w)
				}
			}
			if strings.Contains(err.Error(), "Unsupported") {
				t.Errorf("bot config --config %s: error %q names viper's parser, not the file's problem", tt.file, err)
			}
		})
	}
}
