package main

import (
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

func newConfigCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration (secrets redacted) and check it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, err := yaml.Marshal(a.cfg.Redacted())
			if err != nil {
				return err
			}
			if _, err := a.stdout.Write(out); err != nil {
				return err
			}
			return a.cfg.Validate(false)
		},
	}
}
