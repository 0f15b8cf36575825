package taxii_test

import (
	"slices"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestSharingOf checks how the server's records and an object's claims
// combine: claims narrow, never widen.
func TestSharingOf(t *testing.T) {
	t.Parallel()
	posted := taxii.Known{Member: true, Publisher: accord.Publisher{UserID: "user--a1", OrgID: "org--a"}, ReadOrgs: []string{"org--a", "org--b"}}
	operator := taxii.Known{Member: true, ReadOrgs: []string{"org--a", "org--b"}}
	tests := []struct {
		name  string
		props string
		known taxii.Known
		want  access.Sharing
	}{
		{"no claims", ``, posted,
			access.Sharing{Publisher: "org--a", SharedWith: []string{"org--a", "org--b"}, Recipients: []string{"user--a1"}}},
		{"shared with one reader org and one without a grant", `,"x_accord_shared_with":["org--b","org--c"]`, posted,
			access.Sharing{Publisher: "org--a", SharedWith: []string{"org--b"}, Recipients: []string{"user--a1"}}},
		{"shared with nobody", `,"x_accord_shared_with":[]`, posted,
			access.Sharing{Publisher: "org--a", Recipients: []string{"user--a1"}}},
		{"publisher claim ignored", `,"x_accord_publisher":"org--c"`, posted,
			access.Sharing{Publisher: "org--a", SharedWith: []string{"org--a", "org--b"}, Recipients: []string{"user--a1"}}},
		{"strict org with a grant", `,"x_accord_strict_org":"org--b"`, posted,
			access.Sharing{Publisher: "org--a", SharedWith: []string{"org--a", "org--b"}, StrictOrg: "org--b", Recipients: []string{"user--a1"}}},
		{"strict org without a grant", `,"x_accord_strict_org":"org--c"`, posted,
			access.Sharing{Publisher: "org--a", SharedWith: []string{"org--a", "org--b"}, Recipients: []string{"user--a1"}}},
		{"recipients", `,"x_accord_recipients":["user--b1"]`, posted,
			access.Sharing{Publisher: "org--a", SharedWith: []string{"org--a", "org--b"}, Recipients: []string{"user--b1", "user--a1"}}},
		{"operator data: publisher claim believed", `,"x_accord_publisher":"org--c","x_accord_strict_org":"org--c"`, operator,
			access.Sharing{Publisher: "org--c", SharedWith: []string{"org--a", "org--b"}, StrictOrg: "org--c"}},
		{"not a member: nothing", `,"x_accord_publisher":"org--a","x_accord_recipients":["user--b1"]`, taxii.Known{ReadOrgs: []string{"org--a"}},
			access.Sharing{}},
	}
	for _, tt := range tests {
		obj, err := stix.Parse([]byte(identity(1, 0, tt.props)))
		if err != nil {
			t.Fatal(err)
		}
		got := taxii.SharingOf(obj, tt.known)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// FuzzSharingOf checks, for any object a poster may write, that its claims
// never widen what the server knows: the recorded publisher stays, AMBER
// goes to organisations granted read only, AMBER+STRICT to the publisher
// or one of them, and RED always includes the posting user.
func FuzzSharingOf(f *testing.F) {
	f.Add([]byte(`{"x_accord_publisher":"org--c","x_accord_shared_with":["org--b","org--c"],"x_accord_strict_org":"org--c","x_accord_recipients":["user--b1"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		obj, err := stix.Parse(data)
		if err != nil {
			return
		}
		k := taxii.Known{Member: true, Publisher: accord.Publisher{UserID: "user--a1", OrgID: "org--a"}, ReadOrgs: []string{"org--a", "org--b"}}
		s := taxii.SharingOf(obj, k)
		if s.Publisher != "org--a" {
			t.Errorf("publisher %q, want org--a", s.Publisher)
		}
		for _, org := range s.SharedWith {
			if org != "org--a" && org != "org--b" {
				t.Errorf("shared with %q, which has no read grant", org)
			}
		}
		if s.StrictOrg != "" && s.StrictOrg != "org--a" && s.StrictOrg != "org--b" {
			t.Errorf("strict org %q has no read grant", s.StrictOrg)
		}
		if !slices.Contains(s.Recipients, "user--a1") {
			t.Errorf("recipients %v lack the posting user", s.Recipients)
		}
	})
}
