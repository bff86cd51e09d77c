package main

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

func newConfigCmd(a *app) *cobra.Command {
	var check, serve bool
	cmd := &cobra.Command{
		Use:   "config [--check] [--serve]",
		Short: "Print the effective configuration (secrets redacted) and check it",
		Long: "Prints the effective configuration (file, environment and defaults; the token redacted) and\n" +
			"checks it: every bad value is named with its key and the reason, and unknown keys are warned\n" +
			"about with the nearest known key. --check prints only the problems and exits with status 1 when\n" +
			"there is an error (warnings alone exit 0), for the CI of a deployment. --serve also checks what\n" +
			"bot serve needs and the other commands do not: the Discord token and application ID, and the\n" +
			"public key when discord.gateway is false.",
		Args: noArgs("for a config file, give --config"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			err := a.cfg.Validate(serve)
			if check {
				return a.printCheck(err)
			}
			for _, w := range a.warnings {
				fmt.Fprintf(a.stderr, "warning: %s\n", w)
			}
			out, merr := yaml.Marshal(a.cfg.Redacted())
			if merr != nil {
				return merr
			}
			if _, werr := a.stdout.Write(out); werr != nil {
				return werr
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "print only the problems; exit 1 on any error")
	cmd.Flags().BoolVar(&serve, "serve", false, "also check what bot serve needs (the Discord token and application ID; the public key without the gateway)")
	return cmd
}

// corpusWarnings names the corpus paths that do not exist here, and the
// globs that match no file, which bot index refuses (nu44: --check passed
// them). They are warnings: the check may run where the corpus is not
// mounted.
func corpusWarnings(paths []string) []string {
	wd, _ := os.Getwd()
	var out []string
	for i, p := range paths {
		switch missing, unmatched := absentCorpusPath(p); {
		case unmatched:
			out = append(out, fmt.Sprintf("corpus.paths[%d]: the pattern %q matches no file here (%s)", i, p, wd))
		case missing:
			out = append(out, fmt.Sprintf("corpus.paths[%d]: %q does not exist here (%s); bot index refuses it", i, p, wd))
		}
	}
	return out
}

// printCheck prints one line per error and warning and a count, and
// returns an error when there is at least one error.
func (a *app) printCheck(err error) error {
	var errs []error
	if err != nil {
		errs = []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
	}
	for _, e := range errs {
		fmt.Fprintf(a.stdout, "error: %v\n", e)
	}
	warnings := append(slices.Clone(a.warnings), corpusWarnings(a.cfg.Corpus.Paths)...)
	for _, w := range warnings {
		fmt.Fprintf(a.stdout, "warning: %s\n", w)
	}
	fmt.Fprintf(a.stdout, "%s, %s\n", terms.Counted(len(errs), "error", "errors"), terms.Counted(len(warnings), "warning", "warnings"))
	if len(errs) > 0 {
		return &exitError{code: 1, err: errors.New("the configuration has errors")}
	}
	return nil
}
