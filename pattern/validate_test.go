package pattern

import (
	"strings"
	"testing"
)

func TestHashValues(t *testing.T) {
	t.Parallel()
	md5 := "'cead3f77f6cda6ec00f57d76c9a6879f'"
	sha1 := "'" + strings.Repeat("a", 40) + "'"
	valid := []string{
		"[file:hashes.MD5 = " + md5 + "]",
		"[file:hashes.md5 = 'CEAD3F77F6CDA6EC00F57D76C9A6879F']",
		"[file:hashes.'SHA-1' = " + sha1 + " AND file:hashes.SHA1 != " + sha1 + "]",
		"[file:hashes.MD6 = " + sha1 + "]",
		"[file:hashes.'SHA3-512' = '" + strings.Repeat("0", 128) + "']",
		"[file:hashes.SSDEEP = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']",
		"[file:hashes.'x-custom' = 'anything']",
		"[file:hashes[*] = 'anything']",
		"[file:hashes.MD5 LIKE 'cead%']",
		"[file:hashes.MD5 MATCHES '^cead']",
		"[file:hashes.MD5 = 5]",
		"[file:name.MD5 = 'f00']",
		"[file:extensions.'windows-pebinary-ext'.sections[*].hashes.MD5 = " + md5 + "]",
		"[file:hashes.MD5 IN (" + md5 + ", " + md5 + ")]",
	}
	for _, s := range valid {
		parseOK(t, s)
	}
	invalid := []errorCase{
		{"[file:hashes.MD5 = 'f00']", 20, "'f00' is not a valid MD5 hash"},
		{"[file:hashes.'sha-256' != 'f00']", 27, "'f00' is not a valid sha-256 hash"},
		{"[file:hashes.MD5 = '" + strings.Repeat("g", 32) + "']", 20, "is not a valid MD5 hash"},
		{"[file:hashes.MD6 = '" + strings.Repeat("a", 33) + "']", 20, "is not a valid MD6 hash"},
		{"[file:hashes.SSDEEP = 'a b']", 23, "'a b' is not a valid SSDEEP hash"},
		{"[file:hashes.SSDEEP = '']", 23, "is not a valid SSDEEP hash"},
		{"[file:hashes.MD5 IN (" + md5 + ", 'f00')]", 21, "'f00' is not a valid MD5 hash"},
		{"[file:extensions.'ntfs-ext'.alternate_data_streams[0].hashes.'SHA-512' = 'f00']", 74, "not a valid SHA-512 hash"},
	}
	for _, c := range invalid {
		checkError(t, c)
	}
}
