package sigma

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/accord-cti/accord"
	"gopkg.in/yaml.v3"
)

// Load reads the Sigma rules of files and directories (*.yml and *.yaml,
// recursively, in name order). A document that is not a valid rule is
// rejected with the reason; err is only for paths that cannot be read.
func Load(paths []string) (rules []*Rule, rejected []Rejected, err error) {
	for _, root := range paths {
		files, err := ruleFiles(root)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, nil, accord.Errorf(accord.EINVALID, "sigma: %v", err)
			}
			rs, perr := Parse(f, data)
			rules = append(rules, rs...)
			rejected = append(rejected, rejections(f, perr)...)
		}
	}
	return rules, rejected, nil
}

// ruleFiles lists the rule files under root (root itself if a file).
func ruleFiles(root string) ([]string, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "sigma: %v", err)
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var files []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if !d.IsDir() && (ext == ".yml" || ext == ".yaml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "sigma: %v", err)
	}
	sort.Strings(files)
	return files, nil
}

// rejections splits a Parse error into one rejection per bad document.
func rejections(path string, err error) []Rejected {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]Rejected, 0, len(errs))
	for _, e := range errs {
		out = append(out, Rejected{Path: path, Reason: e.Error()})
	}
	return out
}

// LoadPlaceholders reads the values of |expand placeholders from a YAML
// file: a mapping of names (with or without the % signs) to a value or a
// list of values, at the top or under "placeholders" or "vars".
func LoadPlaceholders(path string) (map[string][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "sigma placeholders: %v", err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, accord.Errorf(accord.EINVALID, "%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	for _, k := range []string{"placeholders", "vars"} {
		if m, ok := doc[k].(map[string]any); ok {
			doc = m
			break
		}
	}
	out := map[string][]string{}
	for name, v := range doc {
		vals, err := placeholderValues(v)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: placeholder %s: %v", path, name, err)
		}
		out[strings.Trim(name, "%")] = vals
	}
	return out, nil
}

func placeholderValues(v any) ([]string, error) {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			s, err := placeholderValues(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	case map[string]any:
		return nil, errors.New("values are text or a list, not a mapping")
	case nil:
		return nil, errors.New("no values")
	}
	return []string{fmt.Sprint(v)}, nil
}
