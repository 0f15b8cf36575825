package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// httpProxyFields is the #Fields: line of an Exchange 2016 CU19 HttpProxy
// log, in Exchange's column order.
const httpProxyFields = "DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId," +
	"Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization," +
	"AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction," +
	"TargetServer,TargetServerVersion,RoutingType,RoutingHint,BackEndCookie,ServerLocatorHost,ServerLocatorLatency," +
	"RequestBytes,ResponseBytes,TargetOutstandingRequests,AuthModulePerfContext,HttpPipelineLatency," +
	"CalculateTargetBackEndLatency,GlsLatencyBreakup,TotalGlsLatency,AccountForestLatencyBreakup," +
	"TotalAccountForestLatency,ResourceForestLatencyBreakup,TotalResourceForestLatency,ADLatency," +
	"SharedCacheLatencyBreakup,TotalSharedCacheLatency,ActivityContextLifeTime,ModuleToHandlerSwitchingLatency," +
	"ClientReqStreamLatency,BackendReqInitLatency,BackendReqStreamLatency,BackendProcessingLatency," +
	"BackendRespInitLatency,BackendRespStreamLatency,ClientRespStreamLatency,KerberosAuthHeaderLatency," +
	"HandlerCompletionLatency,RequestHandlerLatency,HandlerToModuleSwitchingLatency,ProxyTime,CoreLatency," +
	"RoutingLatency,HttpProxyOverhead,TotalRequestTime,RouteRefresherLatency,UrlQuery,BackEndGenericInfo," +
	"GenericInfo,GenericErrors,EdgeTraceId,DatabaseGuid,UserADObjectGuid,PartitionEndpointLookupLatency,RoutingStatus"

// proxyLine is one HttpProxy request: the columns it sets, by name.
type proxyLine map[string]string

// httpProxyLog writes an HttpProxy log of the lines, with its W3C headers.
func httpProxyLog(lines ...proxyLine) string {
	cols := strings.Split(httpProxyFields, ",")
	var b strings.Builder
	b.WriteString("\uFEFF#Software: Microsoft Exchange Server\r\n#Version: 15.01.2176.002\r\n" +
		"#Log-type: HttpProxy Logs\r\n#Date: 2021-03-02T00:00:00.000Z\r\n#Fields: " + httpProxyFields + "\r\n")
	for _, l := range lines {
		vals := make([]string, len(cols))
		for i, c := range cols {
			v := l[c]
			if strings.ContainsAny(v, `,"`) {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			vals[i] = v
		}
		b.WriteString(strings.Join(vals, ",") + "\r\n")
	}
	return b.String()
}

// request is a proxyLine with the columns every request sets.
func request(at, proto, stem, anchor, ip, status string) proxyLine {
	return proxyLine{"DateTime": at, "RequestId": "5c8ad5a8-3d1b-4a4e-9f0e-2a1d1e9b8c01", "MajorVersion": "15",
		"Protocol": proto, "UrlHost": "mail.example.com", "UrlStem": stem, "AnchorMailbox": anchor,
		"UserAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36", "ClientIpAddress": ip,
		"ServerHostName": "EXCH01", "HttpStatus": status, "Method": "POST", "TargetServer": "exch01.example.com",
		"RoutingHint": "X-BEResource-Cookie"}
}

// ecpServerLog writes an ECP server log of the lines: TimeStamp,
// ServerName, EventId and EventData.
func ecpServerLog(lines ...string) string {
	return "#Software: Microsoft Exchange Server\r\n#Version: 15.01.2176.002\r\n#Log-type: ECP Server Log\r\n" +
		"#Date: 2021-03-02T00:00:00.000Z\r\n#Fields: TimeStamp,ServerName,EventId,EventData\r\n" +
		strings.Join(lines, "\r\n") + "\r\n"
}

// ecpCmd is an ECP server log line of a cmdlet run through ECP.
func ecpCmd(at, cmd string) string {
	data := "S:TIME=1218;S:SID=d5f1c6e2-0f3b-4d2a-9c6d-8e7f6a5b4c3d;'S:CMD=" + cmd +
		"';S:REQID=;S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory&msExchEcpCanary=c4n4ry;" +
		"S:REFERRER=;S:IP=203.0.113.66"
	return at + ",EXCH01,ECP.Request,\"" + strings.ReplaceAll(data, `"`, `""`) + "\""
}

// oabLog writes an OABGenerator log of the lines.
func oabLog(lines ...string) string {
	return "#Software: Microsoft Exchange Server\r\n#Version: 15.01.2176.002\r\n#Log-type: OABGenerator Log\r\n" +
		"#Date: 2021-03-02T00:00:00.000Z\r\n#Fields: Timestamp,EventType,ThreadId,Source,Message\r\n" +
		strings.Join(lines, "\r\n") + "\r\n"
}

// oabDownload is an OABGenerator line of a failed download of path.
func oabDownload(at, path string) string {
	return at + ",Warning,27,OABFileHandler,\"Download failed and temporary file '" + path +
		"' needs to be removed. Error: The remote server returned an error: (404) Not Found.\""
}

// tree writes files (path with "/" → content) under a new directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// umJSON is an Application event as Get-WinEvent | ConvertTo-Json
// -Compress would give it, with the time as a string.
func umJSON(at, provider, level, message string) string {
	return `{"ProviderName":"` + provider + `","Id":1040,"Level":` + level + `,"LevelDisplayName":"` +
		map[string]string{"2": "Error", "3": "Warning", "4": "Information"}[level] +
		`","LogName":"Application","MachineName":"EXCH01.example.com","TimeCreated":"` + at +
		`","Message":"` + message + `"}`
}

const umCast = `An unhandled exception occurred in a UM worker process: System.InvalidCastException: Unable to cast object of type 'System.Windows.Data.ObjectDataProvider' to type 'Microsoft.Exchange.UM.Rpc.UMVoiceMailRequest'.`
