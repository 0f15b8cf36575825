package main

import (
	"flag"
	"io"
	"strings"
)

// newFlags returns a flag set for a subcommand that reports errors as usage
// errors rather than printing them.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("accord "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses args allowing flags after positional arguments
// (accord import a.json --skip-invalid), as users expect; everything after
// "--" is positional.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos, tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, usageErr("%s: flags:%s", fs.Name(), flagList(fs))
			}
			return nil, usageErr("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, tail...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func flagList(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *flag.Flag) { b.WriteString(" --" + f.Name) })
	return b.String()
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
