package ingest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/pattern"
	"github.com/accord-cti/accord/stix"
)

// feedNamespace is the UUIDv5 namespace of the ids of the objects made
// from feeds; the one accord derives its own ids from (hunt/sighting.go).
const feedNamespace = "5f0d2f6e-6c4a-4b6e-9d7e-0a3c1e2b4d5f"

// identityTime is the created and modified time of the feed producers'
// identities: fixed, so that every import finds them already present.
const identityTime = "2021-01-01T00:00:00.000Z"

// feedProducer is who publishes a feed: the identity its indicators are
// created by, and the default marking and reference of its indicators.
type feedProducer struct {
	key  string // names the producer in ids: "mstic", "cisa", "signature-base"
	name string // the identity's name
	tlp  string // TLP 2.0 level of indicators that state none
}

var (
	producerMSTIC = feedProducer{key: "mstic", name: "Microsoft Threat Intelligence Center (MSTIC)", tlp: "clear"}
	producerCISA  = feedProducer{key: "cisa", name: "Cybersecurity and Infrastructure Security Agency (CISA)", tlp: "clear"}
	producerLoki  = feedProducer{key: "signature-base", name: "Nextron Systems / Florian Roth (signature-base)", tlp: "clear"}
)

// identityID returns the deterministic id of the producer's identity.
func (p feedProducer) identityID() string {
	return "identity--" + stix.NameUUID(feedNamespace, "feed-identity:"+p.key)
}

// indicatorID returns the deterministic id of the producer's indicator
// keyed by key (its value or pattern, with what tells it apart).
func (p feedProducer) indicatorID(key string) string {
	return "indicator--" + stix.NameUUID(feedNamespace, "feed-indicator:"+p.key+":"+key)
}

// extRef is an external reference.
type extRef struct {
	SourceName  string `json:"source_name"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	ExternalID  string `json:"external_id,omitempty"`
}

// feedIndicator is the STIX indicator made from one feed entry.
type feedIndicator struct {
	Type           string   `json:"type"`
	SpecVersion    string   `json:"spec_version"`
	ID             string   `json:"id"`
	Created        string   `json:"created"`
	Modified       string   `json:"modified"`
	CreatedByRef   string   `json:"created_by_ref"`
	Name           string   `json:"name"`
	Description    string   `json:"description,omitempty"`
	IndicatorTypes []string `json:"indicator_types,omitempty"`
	Pattern        string   `json:"pattern"`
	PatternType    string   `json:"pattern_type"`
	PatternVersion string   `json:"pattern_version,omitempty"`
	ValidFrom      string   `json:"valid_from"`
	Confidence     *int     `json:"confidence,omitempty"`
	ExternalRefs   []extRef `json:"external_references,omitempty"`
	MarkingRefs    []string `json:"object_marking_refs"`
	// Feed-specific properties, kept so that nothing the source said is lost.
	FeedLine        int    `json:"x_feed_line"` // line of the entry in its file
	LokiScore       *int   `json:"x_loki_score,omitempty"`
	LokiFalsePos    string `json:"x_loki_false_positive_regex,omitempty"`
	ChirpIOCType    string `json:"x_chirp_ioc_type,omitempty"`
	ChirpEventType  string `json:"x_chirp_event_type,omitempty"`
	ChirpFiles      string `json:"x_chirp_files,omitempty"`
	MSTICDateAdded  string `json:"x_mstic_date_added,omitempty"`
	MSTICIndicatorT string `json:"x_mstic_indicator_type,omitempty"`
}

// feedOut collects the STIX objects made from a feed as JSON lines, and
// the problems of the entries left out.
type feedOut struct {
	name     string // the file, for problems
	lines    int    // in the file: no entry is reported past it
	now      string // the import time, for indicators the feed gives no time
	buf      []byte
	seen     map[string]int // indicator id → line it came from
	emitted  map[string]bool
	problems stix.Problems
	dups     []int // lines that repeat an indicator made before
	fatal    error // the feed as a whole cannot be read
	count    int   // indicators made
}

func newFeedOut(name string, now time.Time) *feedOut {
	return &feedOut{name: name, now: accord.FormatTime(now), seen: map[string]int{}, emitted: map[string]bool{}}
}

// reject reports that the entry at line was left out, and why.
func (o *feedOut) reject(line int, format string, args ...any) {
	line = min(line, o.lines) // YAML counts a lone CR as a line break; the file's lines do not
	o.problems = append(o.problems, stix.Problem{File: o.name, Line: line, Message: fmt.Sprintf(format, args...)})
}

// fail records that the feed cannot be read at all.
func (o *feedOut) fail(line int, format string, args ...any) {
	where := o.name
	if line > 0 {
		where += ":" + strconv.Itoa(line)
	}
	o.fatal = accord.Errorf(accord.EINVALID, "%s: %s", where, fmt.Sprintf(format, args...))
}

// add completes ind with its producer's identity and marking (unless the
// feed gave one) and the import time where the feed gave none, checks it
// as the STIX decoder would, and writes it with the identity and marking
// it refers to. An invalid indicator is reported against line and left
// out; the repeat of one already made is counted in dups (the feeds repeat
// values across their sections: that is no fault of the line).
func (o *feedOut) add(line int, p feedProducer, tlp string, ind *feedIndicator) {
	line = min(line, o.lines)
	ind.Type, ind.SpecVersion, ind.FeedLine = "indicator", "2.1", line
	ind.CreatedByRef = p.identityID()
	if tlp == "" {
		tlp = p.tlp
	}
	marking, ok := stix.TLPMarkingJSON(tlp)
	if !ok || tlpIDs[tlp] == "" {
		o.reject(line, "unknown TLP level %q", tlp)
		return
	}
	ind.MarkingRefs = []string{tlpIDs[tlp]}
	if ind.Created == "" {
		ind.Created = o.now
	}
	if ind.Modified == "" {
		ind.Modified = ind.Created
	}
	if ind.ValidFrom == "" {
		ind.ValidFrom = ind.Created
	}
	if _, dup := o.seen[ind.ID]; dup {
		o.dups = append(o.dups, line)
		return
	}
	raw, err := json.Marshal(ind)
	if err != nil {
		o.reject(line, "%v", err)
		return
	}
	if msg := checkFeedObject(raw); msg != "" {
		o.reject(line, "%s", msg)
		return
	}
	o.seen[ind.ID] = line
	o.emit(ind.MarkingRefs[0], marking)
	o.emitIdentity(p)
	o.buf = append(append(o.buf, raw...), '\n')
	o.count++
}

// emit writes an object once.
func (o *feedOut) emit(id string, raw []byte) {
	if o.emitted[id] {
		return
	}
	o.emitted[id] = true
	o.buf = append(append(o.buf, raw...), '\n')
}

func (o *feedOut) emitIdentity(p feedProducer) {
	id := p.identityID()
	if o.emitted[id] {
		return
	}
	raw, _ := json.Marshal(map[string]any{
		"type": "identity", "spec_version": "2.1", "id": id, "created": identityTime, "modified": identityTime,
		"name": p.name, "identity_class": "organization",
	})
	o.emit(id, raw)
}

// tlpIDs are the ids of the TLP 2.0 marking definitions by level.
var tlpIDs = map[string]string{
	"clear": stix.TLPClear, "green": stix.TLPGreen, "amber": stix.TLPAmber,
	"amber+strict": stix.TLPAmberStrict, "red": stix.TLPRed,
}

// checkFeedObject validates a made object as the STIX decoder will, and
// compiles its pattern, so that a regular expression accord cannot run is
// reported against the feed's line. It returns "" when the object is valid.
func checkFeedObject(raw []byte) string {
	v, err := stix.Parse(raw)
	if err != nil {
		return err.Error()
	}
	problems := append(stix.Validate(v), checkPattern(v)...)
	if len(problems) > 0 {
		return problems[0].Message + " (at " + problems[0].Path + ")"
	}
	if v.GetString("pattern_type") != "stix" {
		return ""
	}
	p, err := pattern.Parse(v.GetString("pattern"))
	if err == nil {
		_, err = pattern.Compile(p)
	}
	if err != nil {
		return "pattern " + v.GetString("pattern") + ": " + err.Error()
	}
	return ""
}
