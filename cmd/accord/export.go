package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"time"

	"github.com/accord-cti/accord"
)

func (m *Main) runExport(ctx context.Context, args []string) error {
	fs := newFlags("export")
	var types stringList
	fs.Var(&types, "type", "only objects of this type (repeatable)")
	all := fs.Bool("all-versions", false, "every version of each object, not only the latest")
	since := fs.String("since", "", "only versions added to this database after this time (RFC 3339, or a date)")
	orgRef := fs.String("org", "", "only what TLP 2.0 lets go to this organisation (CLEAR and GREEN; references to the rest removed)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("export: unexpected argument %q", rest[0])
	}
	f := accord.Filter{Types: types, AllVersions: *all}
	if *since != "" {
		if f.AddedAfter, err = parseSince(*since); err != nil {
			return err
		}
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *orgRef == "" {
		return writeBundle(ctx, m.Stdout, func(fn func(*accord.Object) error) error { return db.Find(ctx, f, fn) })
	}
	org, err := db.Org(ctx, *orgRef)
	if err != nil {
		return err
	}
	view, err := exportFor(ctx, db, org)
	if err != nil {
		return err
	}
	withheld := 0
	err = writeBundle(ctx, m.Stdout, func(fn func(*accord.Object) error) error {
		return db.Find(ctx, f, func(o *accord.Object) error {
			raw, ok, err := view(o)
			if err != nil || !ok {
				withheld++
				return nil // unreadable or not for this organisation: left out
			}
			return fn(&accord.Object{ID: o.ID, Type: o.Type, Raw: raw})
		})
	})
	fmt.Fprintf(m.Stderr, "%d objects withheld from %s by their TLP markings\n", withheld, org.Name)
	return err
}

func parseSince(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageErr("--since %q: expected an RFC 3339 time such as 2021-03-02T00:00:00Z, or a date such as 2021-03-02", s)
}

// writeBundle streams a STIX 2.1 bundle of the objects each yields, one
// object a line, so a bundle of any size is written in constant memory.
func writeBundle(ctx context.Context, w io.Writer, each func(func(*accord.Object) error) error) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "{\"type\":\"bundle\",\"id\":\"bundle--%s\",\"objects\":[", newUUID())
	n := 0
	err := each(func(o *accord.Object) error {
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString("\n")
		_, err := bw.Write(o.Raw)
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
