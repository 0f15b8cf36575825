package pattern_test

import (
	"errors"
	"fmt"

	"github.com/accord-cti/accord/pattern"
)

func ExampleParse() {
	p, err := pattern.Parse("[file:hashes.'SHA-256' == 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'] " +
		"FOLLOWEDBY [process:name = 'x.exe'] WITHIN 300 SECONDS")
	if err != nil {
		fmt.Println(err)
		return
	}
	q := p.Root.(*pattern.FollowedBy).Operands[1].(*pattern.Qualified)
	fmt.Println(q.Qualifier.Kind, q.Qualifier.Seconds)
	for c := range p.Comparisons() {
		fmt.Println(c.Path.ObjectType, c.Path.Steps[len(c.Path.Steps)-1].Key, c.Op)
	}
	// Output:
	// WITHIN 300
	// file SHA-256 =
	// process name =
}

func ExampleParse_error() {
	_, err := pattern.Parse("[file:size > true]")
	var se *pattern.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Col)
	}
	fmt.Println(err)
	// Output:
	// 14
	// column 14: expected an orderable literal (string, number, binary, hex or timestamp) after >, found "true"
}

func ExamplePattern_String() {
	p, _ := pattern.Parse("([ipv4-addr:value=='198.51.100.1' OR ipv4-addr:value<>'10.0.0.1'])/* c */REPEATS 2 TIMES")
	fmt.Println(p)
	// Output:
	// [ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value != '10.0.0.1'] REPEATS 2 TIMES
}
