package main

import (
	"context"
	"fmt"

	"github.com/accord-cti/accord/sigma"
)

func (m *Main) runSigma(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageErr("sigma: give a subcommand: lint DIR...")
	}
	switch args[0] {
	case "lint":
		return m.runSigmaLint(args[1:])
	}
	return usageErr("sigma: unknown subcommand %q (lint)", args[0])
}

// lintResult is what sigma lint --json prints.
type lintResult struct {
	Loaded   int              `json:"loaded"`
	Rejected []sigma.Rejected `json:"rejected"`
}

// runSigmaLint loads and compiles the Sigma rules of files and
// directories and lists every rule that cannot be loaded, with why. It
// exits 0 when it could read the paths, whatever it rejected (the list is
// the result), and 2 on a path it cannot read or bad usage.
func (m *Main) runSigmaLint(args []string) error {
	fs := newFlags("sigma lint")
	asJSON := fs.Bool("json", false, `print {"loaded": N, "rejected": [{"path", "reason"}]}`)
	vars := fs.String("placeholders", "", "a YAML file of the values of |expand placeholders")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("sigma lint: give the rule files or directories")
	}
	var opts sigma.Options
	if *vars != "" {
		if opts.Placeholders, err = sigma.LoadPlaceholders(*vars); err != nil {
			return err
		}
	}
	rules, rejected, err := sigma.Load(paths)
	if err != nil {
		return err
	}
	engine, more := sigma.Compile(rules, opts)
	res := lintResult{Loaded: len(engine.Rules()), Rejected: append(rejected, more...)}
	if res.Rejected == nil {
		res.Rejected = []sigma.Rejected{}
	}
	if *asJSON {
		return writeJSON(m.Stdout, res)
	}
	for _, r := range res.Rejected {
		fmt.Fprintln(m.Stdout, r.Reason)
	}
	fmt.Fprintf(m.Stdout, "%d rules loaded, %d rejected\n", res.Loaded, len(res.Rejected))
	if n := unroutable(engine.Rules()); n > 0 {
		fmt.Fprintf(m.Stdout, "%d of the loaded rules are for logsources accord has no reader for: they never fire\n", n)
	}
	return nil
}

// unroutable counts the detection rules whose logsource no event accord
// reads belongs to.
func unroutable(rules []*sigma.Rule) int {
	n := 0
	for _, r := range rules {
		if r.Correlation == nil && !r.IsFilter() && !sigma.Known(r.Logsource) {
			n++
		}
	}
	return n
}
