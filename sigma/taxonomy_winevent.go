package sigma

// windowsChannels are the Windows event log channels the Sigma taxonomy
// (appendix, "Windows Folder / Service") gives a service, with the
// channels pySigma maps to the same services, the real names of channels
// the taxonomy writes by their display name, and the two SMB channels
// SigmaHQ's rules use beyond the taxonomy. Channels are matched
// case-insensitively.
var windowsChannels = []struct{ channel, service string }{
	{"Application", "application"},
	{"Microsoft-Windows-Application-Experience/Program-Telemetry", "application-experience"},
	{"Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant", "application-experience"},
	{"Microsoft-Windows-AppLocker/MSI and Script", "applocker"},
	{"Microsoft-Windows-AppLocker/EXE and DLL", "applocker"},
	{"Microsoft-Windows-AppLocker/Packaged app-Deployment", "applocker"},
	{"Microsoft-Windows-AppLocker/Packaged app-Execution", "applocker"},
	{"Microsoft-Windows-AppModel-Runtime/Admin", "appmodel-runtime"},
	{"Microsoft-Windows-AppXDeploymentServer/Operational", "appxdeployment-server"},
	{"Microsoft-Windows-AppxPackaging/Operational", "appxpackaging-om"},
	{"Microsoft-Windows-BitLocker/BitLocker Management", "bitlocker"},
	{"Microsoft-Windows-Bits-Client/Operational", "bits-client"},
	{"Microsoft-Windows-CAPI2/Operational", "capi2"},
	{"Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational", "certificateservicesclient-lifecycle-system"},
	{"Microsoft-Windows-CodeIntegrity/Operational", "codeintegrity-operational"},
	{"Microsoft-Windows-DHCP-Server/Operational", "dhcp"},
	{"Microsoft-Windows-Diagnosis-Scripted/Operational", "diagnosis-scripted"},
	{"Microsoft-Windows-DNS Client Events/Operational", "dns-client"},
	{"Microsoft-Windows-DNS-Client/Operational", "dns-client"},
	{"DNS Server", "dns-server"},
	{"Microsoft-Windows-DNS-Server/Analytical", "dns-server-analytic"},
	{"Microsoft-Windows-DNS-Server/Audit", "dns-server-audit"},
	{"Microsoft-Windows-DriverFrameworks-UserMode/Operational", "driver-framework"},
	{"Microsoft-Windows-Windows Firewall With Advanced Security/Firewall", "firewall-as"},
	{"Microsoft-Windows-Hyper-V-Worker", "hyper-v-worker"},
	{"Microsoft-Windows-Hyper-V-Worker-Admin", "hyper-v-worker"},
	{"Microsoft-IIS-Configuration/Operational", "iis-configuration"},
	{"Microsoft-Windows-Kernel-EventTracing", "kernel-event-tracing"},
	{"Microsoft-Windows-Kernel-EventTracing/Admin", "kernel-event-tracing"},
	{"Microsoft-Windows-Kernel-ShimEngine/Operational", "kernel-shimengine"},
	{"Microsoft-Windows-Kernel-ShimEngine/Diagnostic", "kernel-shimengine"},
	{"Microsoft-Windows-LDAP-Client/Debug", "ldap"},
	{"Microsoft-Windows-LSA/Operational", "lsa-server"},
	{"MSExchange Management", "msexchange-management"},
	{"Microsoft-Windows-Ntfs/Operational", "ntfs"},
	{"Microsoft-Windows-NTLM/Operational", "ntlm"},
	{"OpenSSH/Operational", "openssh"},
	{"Microsoft-Windows-PowerShell/Operational", "powershell"},
	{"PowerShellCore/Operational", "powershell"},
	{"Windows PowerShell", "powershell-classic"},
	{"Microsoft-Windows-PrintService/Admin", "printservice-admin"},
	{"Microsoft-Windows-PrintService/Operational", "printservice-operational"},
	{"Security", "security"},
	{"Microsoft-Windows-Security-Mitigations/Kernel Mode", "security-mitigations"},
	{"Microsoft-Windows-Security-Mitigations/User Mode", "security-mitigations"},
	{"Microsoft-Windows-SENSE/Operational", "sense"},
	{"Microsoft-ServiceBus-Client/Operational", "servicebus-client"},
	{"Microsoft-ServiceBus-Client/Admin", "servicebus-client"},
	{"Microsoft-Windows-Shell-Core/Operational", "shell-core"},
	{"Microsoft-Windows-SmbClient/Security", "smbclient-security"},
	{"Microsoft-Windows-SmbClient/Connectivity", "smbclient-connectivity"},
	{"Microsoft-Windows-SMBServer/Connectivity", "smbserver-connectivity"},
	{"Microsoft-Windows-Sysmon/Operational", "sysmon"},
	{"System", "system"},
	{"Microsoft-Windows-TaskScheduler/Operational", "taskscheduler"},
	{"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", "terminalservices-localsessionmanager"},
	{"Microsoft-Windows-VHDMP/Operational", "vhdmp"},
	{"Microsoft-Windows-VHDMP-Operational", "vhdmp"},
	{"Microsoft-Windows-Windows Defender/Operational", "windefend"},
	{"Microsoft-Windows-WMI-Activity/Operational", "wmi"},
}

// windowsProviders give the service of an event without a channel, by the
// provider that wrote it, for the providers that write to one channel of
// the taxonomy.
var windowsProviders = []struct{ provider, service string }{
	{"Microsoft-Windows-Sysmon", "sysmon"},
	{"Microsoft-Windows-Security-Auditing", "security"},
	{"Microsoft-Windows-PowerShell", "powershell"},
	{"PowerShell", "powershell-classic"},
	{"Microsoft-Windows-Windows Defender", "windefend"},
	{"Microsoft-Windows-TaskScheduler", "taskscheduler"},
	{"Microsoft-Windows-WMI-Activity", "wmi"},
	{"Microsoft-Windows-Bits-Client", "bits-client"},
}

// The categories of Windows events, one slice per distinct set, shared by
// every event that has it.
var (
	catProcessCreation        = []string{"process_creation"}
	catRegistryAdd            = []string{"registry_add", "registry_event"}
	catRegistryDelete         = []string{"registry_delete", "registry_event"}
	catSysmonError            = []string{"sysmon_error"}
	catPSModule               = []string{"ps_module"}
	catPSScript               = []string{"ps_script"}
	catPSClassicStart         = []string{"ps_classic_start"}
	catPSClassicProviderStart = []string{"ps_classic_provider_start"}
	catPSClassicScript        = []string{"ps_classic_script"}
)

// sysmonCategories are the categories of Sysmon's events by event id, as
// the taxonomy and pySigma's sysmon pipeline give them. Event 12 (a
// registry key or value created or deleted) is both registry_add and
// registry_delete unless its EventType says which; 26 (a deletion
// logged, the file not archived) is file_delete as pySigma has it and
// file_delete_detected as the taxonomy does.
var sysmonCategories = [...][]string{
	1:  catProcessCreation,
	2:  {"file_change"},
	3:  {"network_connection"},
	4:  {"sysmon_status"},
	5:  {"process_termination"},
	6:  {"driver_load"},
	7:  {"image_load"},
	8:  {"create_remote_thread"},
	9:  {"raw_access_thread"},
	10: {"process_access"},
	11: {"file_event"},
	12: {"registry_add", "registry_delete", "registry_event"},
	13: {"registry_set", "registry_event"},
	14: {"registry_rename", "registry_event"},
	15: {"create_stream_hash"},
	16: {"sysmon_status"},
	17: {"pipe_created"},
	18: {"pipe_created"},
	19: {"wmi_event"},
	20: {"wmi_event"},
	21: {"wmi_event"},
	22: {"dns_query"},
	23: {"file_delete"},
	24: {"clipboard_capture"},
	25: {"process_tampering"},
	26: {"file_delete", "file_delete_detected"},
	27: {"file_block_executable"},
	28: {"file_block_shredding"},
	29: {"file_executable_detected"},
}

// windowsRoutable returns every logsource Route gives Windows events.
func windowsRoutable() []Logsource {
	var out []Logsource
	seen := map[string]bool{}
	for _, c := range windowsChannels {
		if !seen[c.service] {
			seen[c.service] = true
			out = append(out, Logsource{Product: "windows", Service: c.service})
		}
	}
	add := func(service string, cats []string) {
		for _, c := range cats {
			out = append(out, Logsource{Product: "windows", Category: c, Service: service})
		}
	}
	for _, cats := range sysmonCategories {
		add("sysmon", cats)
	}
	add("sysmon", catSysmonError)
	add("security", catProcessCreation)
	add("powershell", catPSModule)
	add("powershell", catPSScript)
	add("powershell-classic", catPSClassicStart)
	add("powershell-classic", catPSClassicProviderStart)
	add("powershell-classic", catPSClassicScript)
	return append(out, Logsource{Product: "windows"})
}
