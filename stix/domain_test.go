package stix

import "testing"

func TestIsDomainName(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"example.com": true, "mail.example.com.": true, "xn--80ak6aa92e.com": true, "a_b.example.org": true,
		"1password.com": true, "example.c0m": true,
		"localhost": false, "192.168.0.1": false, "-a.com": false, "a-.com": false, "a..com": false,
		"exa mple.com": false, "example.com/x": false, "": false, ".": false, "com.": false,
	} {
		if got := IsDomainName(s); got != want {
			t.Errorf("IsDomainName(%q) = %v, want %v", s, got, want)
		}
	}
}
