package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/pattern"
)

// errNoMatch is the result of a pattern that matched nothing: exit 1.
var errNoMatch = errors.New("no match")

func (m *Main) runPattern(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageErr("pattern: give a subcommand: validate 'PATTERN', or match 'PATTERN' FILE")
	}
	switch args[0] {
	case "validate":
		return m.runPatternValidate(args[1:])
	case "match":
		return m.runPatternMatch(args[1:])
	}
	return usageErr("pattern: unknown subcommand %q (validate or match)", args[0])
}

// patternFlags parses the flags common to the pattern subcommands and the
// pattern, the first positional argument.
func patternFlags(name string, args []string, wantArgs int) (*pattern.Pattern, []string, bool, error) {
	fs := newFlags("pattern " + name)
	version := fs.String("stix-version", "2.1", "the STIX version of the pattern: 2.0 or 2.1")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	rest, err := parse(fs, args)
	if err != nil {
		return nil, nil, false, err
	}
	if len(rest) != wantArgs {
		return nil, nil, false, usageErr("pattern %s: expected %d arguments, got %d", name, wantArgs, len(rest))
	}
	if *version != "2.0" && *version != "2.1" {
		return nil, nil, false, usageErr("pattern %s: --stix-version is 2.0 or 2.1, not %q", name, *version)
	}
	p, err := pattern.Parse(rest[0], pattern.WithVersion(*version))
	return p, rest[1:], *asJSON, err
}

func (m *Main) runPatternValidate(args []string) error {
	_, _, asJSON, err := patternFlags("validate", args, 1)
	if asJSON && accord.ErrorCode(err) == accord.EINVALID {
		writeJSON(m.Stdout, map[string]any{"valid": false, "error": err.Error()})
		return errSilent
	}
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(m.Stdout, map[string]any{"valid": true})
	}
	return nil
}

// runPatternMatch evaluates a pattern over the observed data in a file:
// exit 0 when it matches, 1 when it does not, 2 on bad input.
func (m *Main) runPatternMatch(args []string) error {
	p, rest, asJSON, err := patternFlags("match", args, 2)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return accord.Errorf(accord.EINVALID, "%s: %v", rest[0], unwrapPath(err))
	}
	observed, err := pattern.LoadObserved(data)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	matched, bindings, err := pattern.Match(p, observed)
	if err != nil {
		return accord.Errorf(accord.EINVALID, "%s: %v", rest[0], err)
	}
	if asJSON {
		if bindings == nil {
			bindings = [][]string{}
		}
		if err := writeJSON(m.Stdout, map[string]any{"matched": matched, "matches": bindings}); err != nil {
			return err
		}
	} else if matched {
		fmt.Fprintf(m.Stdout, "match: %d way(s), first by %v\n", len(bindings), bindings[0])
	}
	if !matched {
		return errNoMatch
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
