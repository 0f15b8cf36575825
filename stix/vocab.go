package stix

import "strings"

// The closed enumerations of STIX 2.1 (section 10). Unlike the open
// vocabularies, whose values are only suggestions, a property typed as one of
// these MUST take one of the listed values.
var (
	// EncryptionAlgorithms is encryption-algorithm-enum (artifact).
	EncryptionAlgorithms = []string{"AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated"}

	// ExtensionTypes is extension-type-enum (extension definitions and the
	// extension_type property of an extension instance).
	ExtensionTypes = []string{"new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"}

	// SocketAddressFamilies is network-socket-address-family-enum (socket-ext).
	SocketAddressFamilies = []string{"AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH"}

	// SocketTypes is network-socket-type-enum (socket-ext).
	SocketTypes = []string{"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET"}

	// OpinionValues is opinion-enum (opinion).
	OpinionValues = []string{"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"}

	// WindowsIntegrityLevels is windows-integrity-level-enum (windows-process-ext).
	WindowsIntegrityLevels = []string{"low", "medium", "high", "system"}

	// WindowsRegistryDatatypes is windows-registry-datatype-enum (registry values).
	WindowsRegistryDatatypes = []string{"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
		"REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
		"REG_FULL_RESOURCE_DESCRIPTION", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE"}

	// WindowsServiceStartTypes is windows-service-start-type-enum (windows-service-ext).
	WindowsServiceStartTypes = []string{"SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START",
		"SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT"}

	// WindowsServiceTypes is windows-service-type-enum (windows-service-ext).
	WindowsServiceTypes = []string{"SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER",
		"SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS"}

	// WindowsServiceStatuses is windows-service-status-enum (windows-service-ext).
	WindowsServiceStatuses = []string{"SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED",
		"SERVICE_RUNNING", "SERVICE_START_PENDING", "SERVICE_STOP_PENDING", "SERVICE_STOPPED"}
)

// enum is a closed enumeration with its error message built once.
type enum struct {
	values []string
	msg    string
}

// newEnum copies values, so that a caller changing an exported list does not
// change what the validator accepts.
func newEnum(values []string) *enum {
	values = append([]string(nil), values...)
	return &enum{values: values, msg: "must be one of: " + strings.Join(values, ", ")}
}

func (e *enum) has(s string) bool {
	for _, x := range e.values {
		if x == s {
			return true
		}
	}
	return false
}

// hashFormat describes the value format of a hash-algorithm-ov entry.
type hashFormat struct {
	hexLen int // for hex digests: the exact number of hex digits
	msg    string
}

// hashFormats maps the hash-algorithm-ov names whose value format is fixed.
// SSDEEP and TLSH are checked separately; other keys are custom hashes.
var hashFormats = map[string]hashFormat{
	"MD5":      {32, "must be an MD5 digest of 32 hex digits"},
	"SHA-1":    {40, "must be a SHA-1 digest of 40 hex digits"},
	"SHA-256":  {64, "must be a SHA-256 digest of 64 hex digits"},
	"SHA-512":  {128, "must be a SHA-512 digest of 128 hex digits"},
	"SHA3-256": {64, "must be a SHA3-256 digest of 64 hex digits"},
	"SHA3-512": {128, "must be a SHA3-512 digest of 128 hex digits"},
}

// idHashPreference is the order in which a hash is chosen for a
// deterministic SCO id (the "include only one hash" rule of section 6).
var idHashPreference = [...]string{"MD5", "SHA-1", "SHA-256", "SHA-512"}
