package sigma

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestFilter is the filters specification's example: the administrators'
// accounts (adm_…) are filtered out of the rules the filter names.
func TestFilter(t *testing.T) {
	text := `title: Data Compressed - rar.exe
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
logsource: {category: process_creation, product: windows}
detection: {sel: {Image|endswith: '\rar.exe'}, condition: sel}
---
title: Other rar rule
id: 11111111-db24-4c78-a860-b4f4095a7095
logsource: {category: process_creation, product: windows}
detection: {sel: {Image|endswith: '\rar.exe'}, condition: sel}
---
title: Filter Administrator account
description: The valid administrator account start with adm_
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - 6f3e2987-db24-4c78-a860-b4f4095a7095 # Data Compressed - rar.exe
        - df0841c0-9846-4e9f-ad8a-7df91571771b # Login on jump host
    selection:
        User|startswith: 'adm_'
    condition: selection
`
	rules, err := Parse("f.yml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	e, rej := Compile(rules, Options{})
	if len(rej) > 0 {
		t.Fatal(rej)
	}
	if !rules[2].IsFilter() || rules[2].Standalone() {
		t.Errorf("the filter document is not a filter")
	}
	rar := func(user string) []string {
		return titles(engineMatch(e, sysmonEvent("1", "Image", `C:\Program Files\WinRAR\rar.exe`, "User", user)))
	}
	if diff := cmp.Diff([]string{"Data Compressed - rar.exe", "Other rar rule"}, rar(`CORP\bob`)); diff != "" {
		t.Errorf("bob (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Other rar rule"}, rar("adm_bob"), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("adm_bob (-want +got):\n%s", diff)
	}
	// A filter for a logsource that does not cover the rule's is not applied.
	rules[2].Logsource.Category = "file_event"
	if _, rej := Compile(rules, Options{}); len(rej) != 1 || !contains(rej[0].Reason, "filter: none of the rules") {
		t.Errorf("filter of another logsource: rejected %v", rej)
	}
}
