package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

func (m *Main) runShow(ctx context.Context, args []string) error {
	fs := newFlags("show")
	asJSON := fs.Bool("json", false, "print the objects and their relationships as a STIX bundle (for a CVE: the CVE view as JSON)")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return usageErr("show: give an id, name, alias or external id (e.g. G0125, HAFNIUM, CVE-2021-26855)")
	}
	ref := strings.Join(words, " ")
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	objs, err := db.Resolve(ctx, ref)
	if err != nil {
		return err
	}
	cve, objs, err := splitCVE(ctx, db, ref, objs)
	if err != nil {
		return err
	}
	views := make([]*view, len(objs))
	for i, o := range objs {
		if views[i], err = newView(ctx, db, o); err != nil {
			return err
		}
	}
	if *asJSON && cve != nil {
		return writeJSON(m.Stdout, cve)
	}
	if *asJSON {
		return writeBundle(ctx, m.Stdout, func(fn func(*accord.Object) error) error {
			for _, v := range views {
				if err := eachOf(append([]*accord.Object{v.obj}, v.rels...))(fn); err != nil {
					return err
				}
			}
			return nil
		})
	}
	m.renderShow(ref, cve, views)
	return nil
}

// splitCVE builds the CVE view when ref is a CVE id that names
// vulnerabilities, and returns the other objects ref names; cve is nil
// when there is no CVE view.
func splitCVE(ctx context.Context, db accord.Store, ref string, objs []*accord.Object) (*cveView, []*accord.Object, error) {
	id := cveOf(ref)
	if id == "" {
		return nil, objs, nil
	}
	var vulns, rest []*accord.Object
	for _, o := range objs {
		if o.Type == "vulnerability" && !o.Revoked {
			vulns = append(vulns, o)
		} else {
			rest = append(rest, o)
		}
	}
	if len(vulns) == 0 {
		return nil, objs, nil
	}
	cve, err := newCVEView(ctx, db, id, vulns)
	return cve, rest, err
}

// renderShow writes the CVE view, if any, and the views of the other
// objects ref names.
func (m *Main) renderShow(ref string, cve *cveView, views []*view) {
	n := len(views)
	if cve != nil {
		n++
	}
	if n > 1 {
		fmt.Fprintf(m.Stdout, "%d objects match %q\n\n", n, ref)
	}
	if cve != nil {
		cve.render(m.Stdout)
	}
	for i, v := range views {
		if i > 0 || cve != nil {
			fmt.Fprintln(m.Stdout)
		}
		v.render(m.Stdout)
	}
}

// view is an object with its relationships and the objects at their other end.
type view struct {
	obj    *accord.Object
	author string
	rels   []*accord.Object
	groups []*group
}

// group is the relationships of one type, direction and far-end type.
type group struct {
	title string
	lines []line
}

type line struct{ extID, name, note string }

func newView(ctx context.Context, db accord.Store, o *accord.Object) (*view, error) {
	v := &view{obj: o}
	raw, err := stix.Parse(o.Raw)
	if err != nil {
		return nil, fmt.Errorf("stored object %s: %w", o.ID, err)
	}
	if a := raw.GetString("created_by_ref"); a != "" {
		v.author = a
		if ident, err := db.Get(ctx, a); err == nil {
			v.author = ident.Name
		}
	}
	rels, err := db.Relationships(ctx, o.ID, accord.Both)
	if err != nil {
		return nil, err
	}
	byTitle := map[string]*group{}
	for _, r := range rels {
		if r.Revoked {
			continue
		}
		v.rels = append(v.rels, r)
		if r.RelationshipType == "sighting" {
			add(v, byTitle, "sighted", sightingLine(ctx, db, r))
			continue
		}
		title, far, ok := relTitle(o.ID, r)
		if !ok {
			continue
		}
		other, err := db.Get(ctx, far)
		ln := line{name: far}
		if err == nil {
			ln = line{extID: firstOr(other.ExternalIDs, ""), name: other.Name}
			if ln.extID == ln.name {
				ln.extID = ""
			}
			title += " " + other.Type
			if other.Revoked {
				ln.note = "(revoked)"
			}
		} else if accord.ErrorCode(err) != accord.ENOTFOUND {
			return nil, err
		}
		if r.RelationshipType == "attributed-to" {
			ln.note = strings.TrimSpace(ln.note + " " + claim(ctx, db, r))
		}
		add(v, byTitle, title, ln)
	}
	slices.SortFunc(v.groups, func(a, b *group) int { return cmp.Compare(a.title, b.title) })
	return v, nil
}

// add puts a line in the group of its title.
func add(v *view, byTitle map[string]*group, title string, ln line) {
	g := byTitle[title]
	if g == nil {
		g = &group{title: title}
		byTitle[title] = g
		v.groups = append(v.groups, g)
	}
	g.lines = append(g.lines, ln)
}

// sightingLine says how often, when and by whom a sighting saw the object.
func sightingLine(ctx context.Context, db accord.Store, r *accord.Object) line {
	raw, err := stix.Parse(r.Raw)
	if err != nil {
		return line{name: r.ID}
	}
	text := r.ID
	if c := raw.Get("count"); c != nil && c.Kind == stix.Number {
		text = c.Str + " times"
	}
	if first := raw.GetString("first_seen"); first != "" {
		text += ", " + first + " to " + raw.GetString("last_seen")
	}
	var by []string
	for _, ref := range raw.Get("where_sighted_refs").Strings() {
		if ident, err := db.Get(ctx, ref); err == nil {
			ref = ident.Name
		}
		by = append(by, ref)
	}
	if len(by) > 0 {
		text += ", by " + strings.Join(by, ", ")
	}
	return line{name: text}
}

// claim says who made an attribution and how sure they said they were,
// because an attribution is only as good as its author.
func claim(ctx context.Context, db accord.Store, r *accord.Object) string {
	raw, err := stix.Parse(r.Raw)
	if err != nil {
		return ""
	}
	var parts []string
	if a := raw.GetString("created_by_ref"); a != "" {
		if ident, err := db.Get(ctx, a); err == nil {
			a = ident.Name
		}
		parts = append(parts, "according to "+a)
	}
	if c := raw.Get("confidence"); c != nil && c.Kind == stix.Number {
		parts = append(parts, "confidence "+c.Str)
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// relTitle names a relationship as seen from id: "uses →" for outgoing,
// "← uses (from)" for incoming; far is the object at the other end.
func relTitle(id string, r *accord.Object) (title, far string, ok bool) {
	switch {
	case r.SourceRef == id && r.TargetRef != "":
		return r.RelationshipType + " →", r.TargetRef, true
	case r.TargetRef == id:
		return "← " + r.RelationshipType + " from", r.SourceRef, true
	}
	return "", "", false
}

// render writes the view as text.
func (v *view) render(w io.Writer) {
	v.renderFields(w)
	v.renderDescription(w)
	v.renderGroups(w)
}

// renderFields writes the heading and the fields of the object.
func (v *view) renderFields(w io.Writer) {
	o := v.obj
	fmt.Fprintf(w, "%s  %s", o.Type, cmp.Or(o.Name, o.ID))
	if len(o.ExternalIDs) > 0 {
		fmt.Fprintf(w, "  (%s)", strings.Join(o.ExternalIDs[:min(len(o.ExternalIDs), 3)], ", "))
	}
	if o.Revoked {
		fmt.Fprint(w, "  [revoked]")
	}
	fmt.Fprintf(w, "\n  id:        %s\n", o.ID)
	if len(o.Aliases) > 0 {
		fmt.Fprintf(w, "  aliases:   %s\n", strings.Join(o.Aliases, ", "))
	}
	if v.author != "" {
		fmt.Fprintf(w, "  by:        %s\n", v.author)
	}
	if o.Modified != "" {
		fmt.Fprintf(w, "  modified:  %s (created %s)\n", o.Modified[:10], o.Created[:min(10, len(o.Created))])
	}
}

// renderDescription writes the object's description, folded.
func (v *view) renderDescription(w io.Writer) {
	o := v.obj
	if o.Description != "" {
		fmt.Fprintln(w)
		for _, l := range wrap(o.Description, 96, 8) {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
}

// renderGroups writes the relationships, group by group.
func (v *view) renderGroups(w io.Writer) {
	for _, g := range v.groups {
		slices.SortFunc(g.lines, func(a, b line) int {
			return cmp.Or(cmp.Compare(a.extID, b.extID), cmp.Compare(a.name, b.name))
		})
		fmt.Fprintf(w, "\n  %s (%d)\n", g.title, len(g.lines))
		width := 0
		for _, l := range g.lines {
			width = max(width, len(l.extID))
		}
		for _, l := range g.lines {
			text := l.name
			if width > 0 {
				text = fmt.Sprintf("%-*s  %s", width, l.extID, l.name)
			}
			fmt.Fprintln(w, strings.TrimRight("    "+text+" "+l.note, " "))
		}
	}
}

// wrap folds text into lines of at most width bytes, at most max lines.
func wrap(text string, width, max int) []string {
	var out []string
	var cur strings.Builder
	for _, word := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			out = append(out, cur.String())
			cur.Reset()
			if len(out) == max {
				out[max-1] += " …"
				return out
			}
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
