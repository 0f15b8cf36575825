package sigma

import "strings"

// Logsource is a rule's logsource, or one of the logsources an event
// belongs to. Its members are lower-case, as the Sigma taxonomy writes
// them; an empty member is unspecified.
type Logsource struct{ Product, Category, Service string }

// Covers reports whether an event of logsource ls is covered by a rule's
// logsource: every member the rule specifies is ls's (its empty members
// match anything). Both are compared exactly, so the rule's members must
// be lower-case, as the taxonomy has them.
func (ls Logsource) Covers(rule Logsource) bool {
	return (rule.Product == "" || rule.Product == ls.Product) &&
		(rule.Category == "" || rule.Category == ls.Category) &&
		(rule.Service == "" || rule.Service == ls.Service)
}

// Routed is what Route makes of one event: the logsources it belongs to
// and its attributes under the names Sigma rules use. The caller reuses it
// from one event to the next, so that Route allocates nothing once its
// slices have grown.
type Routed struct {
	// Logsources are the event's logsources, each a full triple (an
	// event from Sysmon's process creation is {windows,
	// process_creation, sysmon}), distinct, at least one. A rule can
	// cover several of them (a rule for product windows covers every
	// one): Covers answers once per rule.
	Logsources []Logsource
	// Attrs are the event's attributes, in their order and under their
	// names (but where a mapping renames one in place, see Route), then
	// the aliases that give Sigma's names to the others. An alias shares
	// its value with the attribute it names.
	Attrs []Attr

	target []byte // a web request's stem and query joined (joinTarget)
}

// Covers reports whether any of d's logsources is covered by a rule's
// logsource: whether the rule applies to the event.
func (d *Routed) Covers(rule Logsource) bool {
	for _, ls := range d.Logsources {
		if ls.Covers(rule) {
			return true
		}
	}
	return false
}

// Router gives events their logsources and Sigma's field names (Route).
// It is built once by NewRouter and only read afterwards, so one Router is
// safe for concurrent use by every goroutine of a hunt.
type Router struct {
	channels  map[string]string // Windows channel, as written and lower-case → service
	providers map[string]string // Windows provider, lower-case → service (no channel)
	programs  map[string]syslogProgram
}

// NewRouter returns a Router with accord's field mappings: the Windows
// taxonomy for Windows events (Sysmon, Security, PowerShell and every
// channel the taxonomy names), the webserver taxonomy for IIS W3C and
// Exchange HttpProxy logs, Zeek's own names plus the dns, proxy and
// webserver categories for Zeek logs, and product linux for syslog.
func NewRouter() *Router {
	r := &Router{
		channels:  make(map[string]string, 2*len(windowsChannels)),
		providers: make(map[string]string, len(windowsProviders)),
		programs:  make(map[string]syslogProgram, len(syslogPrograms)),
	}
	for _, c := range windowsChannels {
		r.channels[c.channel] = c.service
		r.channels[strings.ToLower(c.channel)] = c.service
	}
	for _, p := range windowsProviders {
		r.providers[strings.ToLower(p.provider)] = p.service
	}
	for _, p := range syslogPrograms {
		r.programs[p.name] = p
	}
	return r
}

// Route sets dst to the logsources ev belongs to and ev's attributes under
// Sigma's field names (values shared with ev, not copied). No allocation
// once dst has grown.
//
// By ev.Source:
//
//   - SourceWindows: {product: windows, service: from the channel (or,
//     without one, the provider)}, with the category the taxonomy gives
//     the event: Sysmon's by event id, Security 4688 process_creation,
//     PowerShell 4103/4104 ps_module/ps_script, Windows PowerShell
//     400/600/800 ps_classic_*. Aliases EventID, Channel, Provider_Name
//     and Computer are added from the names other exporters use
//     (winlog.event_id, SourceName, Provider.Name, Hostname, …) when the
//     event lacks them; Security 4688 gets the process_creation names
//     (windows4688Aliases).
//   - SourceWebserver: {category: webserver}; IIS's cs(User-Agent),
//     cs(Referer), cs(Cookie) and Exchange HttpProxy's columns get the
//     webserver taxonomy's names (webAliases).
//   - SourceZeek: {product: zeek, service: ev.Log}, and for dns.log the
//     category dns, for http.log the categories proxy and webserver, with
//     their taxonomy's names (zeekDNSAliases, zeekHTTPAliases).
//   - SourceSyslog: {product: linux, service: syslog}, and the service of
//     the program (sshd, sudo, cron, …) and auth for the programs that log
//     to auth.log (syslogPrograms).
//   - SourceOther: the empty logsource alone, which only a rule without
//     logsource covers: a generic log says nothing of what it holds, and
//     a rule written for Sysmon's fields would misfire on it. Its
//     attributes are left as they are.
func (r *Router) Route(ev *Event, dst *Routed) {
	dst.Logsources = dst.Logsources[:0]
	dst.Attrs = append(dst.Attrs[:0], ev.Attrs...)
	switch ev.Source {
	case SourceWindows:
		r.routeWindows(ev, dst)
	case SourceWebserver:
		routeWebserver(dst)
	case SourceZeek:
		routeZeek(ev, dst)
	case SourceSyslog:
		r.routeSyslog(ev, dst)
	default:
		dst.Logsources = append(dst.Logsources, Logsource{})
	}
}

// Known reports whether accord has a reader for events of a rule's
// logsource (for lint and routing): whether some event Route can give
// belongs to a logsource the rule covers. A rule that is not known loads
// but never fires. Its members are compared case-insensitively.
func Known(rule Logsource) bool {
	rule = Logsource{strings.ToLower(rule.Product), strings.ToLower(rule.Category), strings.ToLower(rule.Service)}
	for _, ls := range routable {
		if ls.Covers(rule) {
			return true
		}
	}
	return false
}
