package main

import (
	"context"
	"fmt"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
)

// runValidate checks files without a database: problems go to stdout, one a
// line (they are the command's result), and a summary to stderr.
func (m *Main) runValidate(ctx context.Context, args []string) error {
	fs := newFlags("validate")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("validate: name at least one file or directory, or - for stdin")
	}
	files, err := ingest.Expand(paths)
	if err != nil {
		return err
	}
	var objects, problems int
	for _, f := range files {
		n, ps, err := m.validateFile(ctx, f)
		if err != nil {
			if accord.ErrorCode(err) != accord.EINVALID {
				return err
			}
			fmt.Fprintln(m.Stdout, err)
			problems++
			continue
		}
		for _, p := range ps {
			fmt.Fprintln(m.Stdout, p)
		}
		objects, problems = objects+n, problems+len(ps)
	}
	fmt.Fprintf(m.Stderr, "%d files, %d objects, %d problems\n", len(files), objects, problems)
	if problems > 0 {
		return errSilent
	}
	return nil
}

func (m *Main) validateFile(ctx context.Context, path string) (int, []fmt.Stringer, error) {
	src, err := ingest.Open(path, m.Stdin)
	if err != nil {
		return 0, nil, err
	}
	n, ps, err := ingest.Check(ctx, src, ingest.Options{})
	out := make([]fmt.Stringer, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return n, out, err
}
