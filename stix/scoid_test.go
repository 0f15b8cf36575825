package stix

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDeterministicIDSpecExamples checks DeterministicID against the SCO ids
// published in the examples of STIX 2.1 Errata 01, whose SCO ids were
// recomputed with python-stix2 (section 1.3.1).
func TestDeterministicIDSpecExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		section string
		obj     string
	}{
		{"2.9", `{"type":"ipv4-addr","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.3"}`},
		{"6.12", `{"type":"ipv4-addr","id":"ipv4-addr--9cf4a8ec-7640-5f40-a006-79942896168b","value":"198.51.100.2"}`},
		{"6.12", `{"type":"ipv4-addr","id":"ipv4-addr--ad74bc22-43d2-52ed-890e-7d382f58e1eb","value":"203.0.113.1"}`},
		{"6.2", `{"type":"autonomous-system","id":"autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff",
			"number":15139,"name":"Slime Industries","rir":"ARIN"}`},
		{"6.3", `{"type":"directory","id":"directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622","path":"C:\\Windows\\System32"}`},
		{"6.4", `{"type":"domain-name","id":"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","value":"example.com"}`},
		{"6.5", `{"type":"email-addr","id":"email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934",
			"value":"john@example.com","display_name":"John Doe"}`},
		{"6.7", `{"type":"file","id":"file--949eb97a-da1e-5292-8959-03c4249dc9f3",
			"hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"},"size":25536,"name":"foo.dll"}`},
		{"6.7 non-ASCII name", `{"type":"file","id":"file--7d1e3a18-89e7-5bc5-be36-9879f5b7f5c8",
			"hashes":{"SHA-256":"841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"},
			"name":"quêry.dll","name_enc":"windows-1252"}`},
		// The errata computed the ids of objects with references before it
		// renewed the ids they reference, so these carry the 2.1 OS ids
		// (directory--93c0a9b0..., ipv4-addr--4d22aae0... and ff26c055...)
		// in their references.
		{"6.7 parent directory", `{"type":"file","id":"file--39643577-13b7-5f21-9584-df7e7c33f357",
			"hashes":{"SHA-256":"ceafbfd424be2ca4a5f0402cae090dda2fb0526cf521b60b60077c0f622b285a"},
			"parent_directory_ref":"directory--93c0a9b0-520d-545d-9094-1a08ddf46b05","name":"qwerty.dll"}`},
		{"6.7.3 nested integer", `{"type":"file","id":"file--ba04c974-3cef-5f42-adc7-084d467874e2",
			"hashes":{"SHA-256":"35a01331e9ad96f751278b891b6ea09699806faedfa237d40513d92ad1b7100f"},
			"extensions":{"ntfs-ext":{"alternate_data_streams":[{"name":"second.stream","size":25536}]}}}`},
		{"6.7.5 exif", `{"type":"file","id":"file--66772174-3442-5e0d-b577-4bd7be55fb87","name":"picture.jpg",
			"hashes":{"SHA-256":"4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877"},
			"extensions":{"raster-image-ext":{"exif_tags":{"Make":"Nikon","Model":"D7000","XResolution":4928,"YResolution":3264}}}}`},
		{"6.12 tcp", `{"type":"network-traffic","id":"network-traffic--6e0cb830-0305-57d4-8536-7be874d42005",
			"src_ref":"ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53",
			"dst_ref":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","protocols":["tcp"]}`},
		{"6.12.4 socket extension", `{"type":"network-traffic","id":"network-traffic--59d8852c-0c68-5e0c-8ae2-f3c46bd7b1df",
			"src_ref":"ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53","src_port":223,"protocols":["ip","tcp"],
			"extensions":{"socket-ext":{"is_listening":true,"address_family":"AF_INET","socket_type":"SOCK_STREAM"}}}`},
		{"6.18", `{"type":"x509-certificate","id":"x509-certificate--bf86f034-2390-54d7-8426-d08433db3fbe",
			"issuer":"C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc, OU=Certification Services Division, CN=Thawte Server CA/emailAddress=server-certs@thawte.com",
			"validity_not_before":"2016-03-12T12:00:00Z","validity_not_after":"2016-08-21T12:00:00Z",
			"subject":"C=US, ST=Maryland, L=Pasadena, O=Brent Baccala, OU=FreeSoft, CN=www.freesoft.org/emailAddress=baccala@freesoft.org",
			"serial_number":"36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06"}`},
	}
	for _, tt := range tests {
		obj := mustParse(t, tt.obj)
		want := obj.GetString("id")
		got, ok := DeterministicID(obj)
		if !ok || got != want {
			t.Errorf("section %s: DeterministicID = %q, %v; want %q", tt.section, got, ok, want)
		}
	}
}

func TestDeterministicIDNone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, obj string
	}{
		{"process has no contributing property", `{"type":"process","id":"process--f52a906a-0dfc-40bd-92f1-e7778ead38a9","pid":1221}`},
		{"none present", `{"type":"email-message","id":"email-message--cf9b4b7f-14c8-4955-8065-020e0316b559","is_multipart":false}`},
		{"not an SCO", `{"type":"indicator","id":"indicator--cf9b4b7f-14c8-4955-8065-020e0316b559"}`},
		{"custom type", `{"type":"x-thing","id":"x-thing--cf9b4b7f-14c8-4955-8065-020e0316b559","value":"a"}`},
	}
	for _, tt := range tests {
		if id, ok := DeterministicID(mustParse(t, tt.obj)); ok {
			t.Errorf("%s: DeterministicID = %q, true; want false", tt.name, id)
		}
	}
}

// TestDeterministicIDHashChoice checks that one hash contributes, MD5 first:
// reordering or adding weaker hashes does not change the id.
func TestDeterministicIDHashChoice(t *testing.T) {
	t.Parallel()
	a := mustParse(t, `{"type":"file","hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db","MD5":"3773a88f65a5e780c8dff9cdc3a056f3"}}`)
	b := mustParse(t, `{"type":"file","hashes":{"MD5":"3773a88f65a5e780c8dff9cdc3a056f3"}}`)
	idA, _ := DeterministicID(a)
	idB, _ := DeterministicID(b)
	if idA != idB {
		t.Errorf("ids differ: %s and %s", idA, idB)
	}
}

func TestCanonicalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`{"b":1,"a":[true,null,"x"]}`, `{"a":[true,null,"x"],"b":1}`},
		{`{"\u20ac":1,"\r":2,"1":3,"\ud83d\ude00":4,"\u0080":5,"\u00f6":6}`,
			"{\"\\r\":2,\"1\":3,\"\u0080\":5,\"\u00f6\":6,\"\u20ac\":1,\"\U0001f600\":4}"},
		{`"a\u0001\t\"\\/\u2028"`, "\"a\\u0001\\t\\\"\\\\/\u2028\""},
		{`[1.0, 1e2, 0.000001, 1e-7, 1e21, 1e20, -0, 7.980693, 123456789012345678, 4.5e-5, 333333333.33333329]`,
			`[1,100,0.000001,1e-7,1e+21,100000000000000000000,0,7.980693,123456789012345680,0.000045,333333333.3333333]`},
	}
	for _, tt := range tests {
		got, err := appendCanonical(nil, mustParse(t, tt.in))
		if err != nil {
			t.Fatalf("appendCanonical(%s): %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, string(got)); diff != "" {
			t.Errorf("appendCanonical(%s) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	if _, err := appendCanonical(nil, mustParse(t, `[1e400]`)); err == nil {
		t.Error("appendCanonical(1e400) succeeded, want an error")
	}
}
