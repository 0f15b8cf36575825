package hunt

var _ Projector = (*wineventReader)(nil)

// wineventTyped are the paths of the typed fields of the Windows reader
// (see NewWinEvent): every path but the "x-event:" ones.
var wineventTyped = []string{
	"x-windows-event:event_id", "x-windows-event:channel",
	"file:name", "file:parent_directory_ref.path", "file:x_path",
	"process:image_ref.name", "process:parent_ref.image_ref.name",
	"process:command_line", "process:parent_ref.command_line",
	"file:hashes.MD5", "file:hashes.'SHA-1'", "file:hashes.'SHA-256'", "file:hashes.IMPHASH",
	"ipv4-addr:value", "ipv6-addr:value",
	"network-traffic:dst_ref.value", "network-traffic:src_ref.value",
	"network-traffic:dst_port", "network-traffic:src_port",
	"domain-name:value", "domain-name:resolves_to_refs[*].value",
	"user-account:user_id", "windows-registry-key:key",
}

// Project implements Projector. Next reads every "x-event:" field (the
// Sigma rules read them), Host and Time, and the typed fields only when
// want accepts one of their paths: a hunt with Sigma rules and no STIX
// indicator for them then builds none.
func (w *wineventReader) Project(want func(path string) bool) {
	w.typed = false
	for _, p := range wineventTyped {
		if want(p) {
			w.typed = true
			return
		}
	}
}

// Complete implements Projector: it reads the line again for the typed
// fields Next left out.
func (w *wineventReader) Complete(r *Record) {
	if w.typed || w.done || len(r.Raw) == 0 {
		return
	}
	w.done = true
	w.completing = true
	defer func() { w.completing = false }()
	n := len(r.Fields)
	w.eventFrom(r, r.Raw, n) // Next read the line whole: it is not malformed

}
