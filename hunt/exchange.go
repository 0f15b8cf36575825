package hunt

import "io"

// The Exchange columns kept as custom properties, KindOther on Obj 0.
const (
	exchangePathAnchorMailbox = "x-exchange:anchor_mailbox"
	exchangePathTargetServer  = "x-exchange:target_server"
	exchangePathHTTPStatus    = "x-exchange:http_status"
	exchangePathRoutingHint   = "x-exchange:routing_hint"
	exchangePathBackEndCookie = "x-exchange:backend_cookie"
	exchangePathProtocol      = "x-exchange:protocol"
	exchangePathServer        = "x-exchange:server_host_name"
)

func exchangeOther(path string) csvCol {
	return csvCol{role: csvField, spec: FieldSpec{Path: path}}
}

// exchangeCols maps the columns of the HttpProxy logs (and the ECP
// server log's TimeStamp and ServerName), by lower-case name.
var exchangeCols = map[string]csvCol{
	"datetime":          {role: csvTimeRole},
	"timestamp":         {role: csvTimeRole},
	"clientipaddress":   {role: csvIP, spec: csvSrcIP},
	"urlhost":           {role: csvField, spec: csvDomain, extra: iisPathHostHdr},
	"urlstem":           {role: csvStem, spec: csvURL},
	"urlquery":          {role: csvQuery},
	"useragent":         {role: csvField, spec: csvUA},
	"authenticateduser": {role: csvField, spec: csvUser},
	"method":            exchangeOther(iisPathMethod),
	"anchormailbox":     exchangeOther(exchangePathAnchorMailbox),
	"targetserver":      exchangeOther(exchangePathTargetServer),
	"httpstatus":        exchangeOther(exchangePathHTTPStatus),
	"routinghint":       exchangeOther(exchangePathRoutingHint),
	"backendcookie":     exchangeOther(exchangePathBackEndCookie),
	"protocol":          exchangeOther(exchangePathProtocol),
	"serverhostname":    {role: csvHost, spec: FieldSpec{iisPathDomain, KindDomain, 7}, extra: exchangePathServer},
	"servername":        {role: csvHost, spec: FieldSpec{iisPathDomain, KindDomain, 7}, extra: exchangePathServer},
}

// NewExchangeCSV returns a Reader of an Exchange HttpProxy log (or an ECP
// or other CSV log of Exchange), the file name given for errors and
// records. The "#Fields:" directive names the columns (or, without one,
// the first line not starting with "#"); other "#" lines are skipped.
// Fields, with the Obj numbering of NewIIS (empty values give none):
//
//	DateTime, TimeStamp  Record.Time
//	ClientIpAddress      ipv4-addr:value or ipv6-addr:value (Obj 1), network-traffic:src_ref.value
//	UrlHost              domain-name:value (Obj 3), network-traffic:…request_header.Host
//	ServerHostName       Record.Host, domain-name:value (Obj 7), x-exchange:server_host_name
//	UrlStem              url:value (Obj 4), joined with UrlQuery ("?" added when it has none)
//	UserAgent            network-traffic:…request_header.'User-Agent' (KindUserAgent)
//	AuthenticatedUser    user-account:user_id (Obj 5, KindUser)
//	Method               network-traffic:extensions.'http-request-ext'.request_method
//	AnchorMailbox        x-exchange:anchor_mailbox
//	TargetServer         x-exchange:target_server
//	HttpStatus           x-exchange:http_status
//	RoutingHint          x-exchange:routing_hint
//	BackEndCookie        x-exchange:backend_cookie
//	Protocol             x-exchange:protocol
//
// The x-exchange fields are KindOther on Obj 0. Errors are as NewCSV's.
func NewExchangeCSV(name string, r io.Reader) Reader {
	return newCSVReader(name, r, exchangeCols, true)
}
