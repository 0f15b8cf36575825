package stix

// scoCommon are the common properties of SCOs (section 3.2).
var scoCommon = concat(reserved, []prop{
	req("type", tAny),
	opt("spec_version", tSpecVer),
	req("id", tAny),
	opt("object_marking_refs", tMarkingRefs),
	opt("granular_markings", tGranular),
	opt("defanged", tBool),
	opt("extensions", tExts),
})

// Reusable types of the cyber-observable objects (section 6).
var (
	tPort          = intRange(0, 65535)
	tEmailRefs     = listOf(refTo("email-addr"))
	tUserAccount   = refTo("user-account")
	tArtifactRef   = refTo("artifact")
	tNetTrafficRef = refTo("network-traffic")
	tAddressRef    = refTo("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name")
	tSCORefs       = listOf(refToCats("must reference an SCO", true, CategorySCO))
	tFileOrDir     = listOf(refTo("file", "directory"))
	tStringDict    = dictOf(tString)
)

// The predefined extensions of the File, Network Traffic, Process and User
// Account objects.
var (
	archiveExt = extension("archive-ext", ruleNone,
		req("contains_refs", tFileOrDir), opt("comment", tString))
	ntfsExt = extension("ntfs-ext", ruleAtLeastOne,
		opt("sid", tString),
		opt("alternate_data_streams", listOf(objOf(embedded("alternate-data-stream-type", ruleNone,
			req("name", tString), opt("hashes", tHashes), opt("size", tNonNeg))))))
	pdfExt = extension("pdf-ext", ruleAtLeastOne,
		opt("version", tString), opt("is_optimized", tBool), opt("document_info_dict", tStringDict),
		opt("pdfid0", tString), opt("pdfid1", tString))
	rasterImageExt = extension("raster-image-ext", ruleAtLeastOne,
		opt("image_height", tInt), opt("image_width", tInt), opt("bits_per_pixel", tInt),
		opt("exif_tags", dictOf(tIntOrStr)))
	peBinaryExt = extension("windows-pebinary-ext", rulePEBinary,
		req("pe_type", tString), opt("imphash", tString), opt("machine_hex", tHex),
		opt("number_of_sections", tNonNeg), opt("time_date_stamp", tSeconds),
		opt("pointer_to_symbol_table_hex", tHex), opt("number_of_symbols", tNonNeg),
		opt("size_of_optional_header", tNonNeg), opt("characteristics_hex", tHex),
		opt("file_header_hashes", tHashes), opt("optional_header", objOf(peOptionalHeader)),
		opt("sections", listOf(objOf(embedded("windows-pe-section", ruleNone,
			req("name", tString), opt("size", tNonNeg), opt("entropy", tFloat), opt("hashes", tHashes))))))
	peOptionalHeader = embedded("windows-pe-optional-header-type", ruleAtLeastOne,
		opt("magic_hex", tHex), opt("major_linker_version", tInt), opt("minor_linker_version", tInt),
		opt("size_of_code", tNonNeg), opt("size_of_initialized_data", tNonNeg),
		opt("size_of_uninitialized_data", tNonNeg), opt("address_of_entry_point", tInt),
		opt("base_of_code", tInt), opt("base_of_data", tInt), opt("image_base", tInt),
		opt("section_alignment", tInt), opt("file_alignment", tInt), opt("major_os_version", tInt),
		opt("minor_os_version", tInt), opt("major_image_version", tInt), opt("minor_image_version", tInt),
		opt("major_subsystem_version", tInt), opt("minor_subsystem_version", tInt),
		opt("win32_version_value_hex", tHex), opt("size_of_image", tNonNeg), opt("size_of_headers", tNonNeg),
		opt("checksum_hex", tHex), opt("subsystem_hex", tHex), opt("dll_characteristics_hex", tHex),
		opt("size_of_stack_reserve", tNonNeg), opt("size_of_stack_commit", tNonNeg),
		opt("size_of_heap_reserve", tNonNeg), opt("size_of_heap_commit", tNonNeg),
		opt("loader_flags_hex", tHex), opt("number_of_rva_and_sizes", tInt), opt("hashes", tHashes))

	httpRequestExt = extension("http-request-ext", ruleNone,
		req("request_method", tString), req("request_value", tString), opt("request_version", tString),
		opt("request_header", dictOf(tStrings)), opt("message_body_length", tInt),
		opt("message_body_data_ref", tArtifactRef))
	icmpExt = extension("icmp-ext", ruleNone,
		req("icmp_type_hex", tHex), req("icmp_code_hex", tHex))
	socketExt = extension("socket-ext", ruleNone,
		req("address_family", enumOf(SocketAddressFamilies)), opt("is_blocking", tBool),
		opt("is_listening", tBool), opt("options", dictOf(tInt)), opt("socket_type", enumOf(SocketTypes)),
		opt("socket_descriptor", tNonNeg), opt("socket_handle", tInt))
	tcpExt = extension("tcp-ext", ruleAtLeastOne,
		opt("src_flags_hex", tHex), opt("dst_flags_hex", tHex))

	windowsProcessExt = extension("windows-process-ext", ruleAtLeastOne,
		opt("aslr_enabled", tBool), opt("dep_enabled", tBool), opt("priority", tString),
		opt("owner_sid", tString), opt("window_title", tString), opt("startup_info", tDict),
		opt("integrity_level", enumOf(WindowsIntegrityLevels)))
	windowsServiceExt = extension("windows-service-ext", ruleAtLeastOne,
		opt("service_name", tString), opt("descriptions", tStrings), opt("display_name", tString),
		opt("group_name", tString), opt("start_type", enumOf(WindowsServiceStartTypes)),
		opt("service_dll_refs", listOf(refTo("file"))), opt("service_type", enumOf(WindowsServiceTypes)),
		opt("service_status", enumOf(WindowsServiceStatuses)))

	unixAccountExt = extension("unix-account-ext", ruleAtLeastOne,
		opt("gid", tInt), opt("groups", tStrings), opt("home_dir", tString), opt("shell", tString))

	mimePart = embedded("email-mime-part-type", ruleMIMEPart,
		opt("body", tString), opt("body_raw_ref", refTo("artifact", "file")),
		opt("content_type", tString), opt("content_disposition", tString))
	registryValue = embedded("windows-registry-value-type", ruleAtLeastOne,
		opt("name", tString), opt("data", tString), opt("data_type", enumOf(WindowsRegistryDatatypes)))
	x509V3Extensions = embedded("x509-v3-extensions-type", ruleAtLeastOne,
		opt("basic_constraints", tString), opt("name_constraints", tString),
		opt("policy_constraints", tString), opt("key_usage", tString), opt("extended_key_usage", tString),
		opt("subject_key_identifier", tString), opt("authority_key_identifier", tString),
		opt("subject_alternative_name", tString), opt("issuer_alternative_name", tString),
		opt("subject_directory_attributes", tString), opt("crl_distribution_points", tString),
		opt("inhibit_any_policy", tString), opt("private_key_usage_period_not_before", tTimestamp),
		opt("private_key_usage_period_not_after", tTimestamp), opt("certificate_policies", tString),
		opt("policy_mappings", tString))
)

// scoDefs are the 18 STIX Cyber-observable Objects of section 6, with their
// ID contributing properties.
var scoDefs = []def{
	{name: "artifact", category: CategorySCO, rule: ruleArtifact, idContrib: []string{"hashes", "payload_bin"}, props: []prop{
		opt("mime_type", tString), opt("payload_bin", tBinary), opt("url", str(fmtURL)), opt("hashes", tHashes),
		opt("encryption_algorithm", enumOf(EncryptionAlgorithms)), opt("decryption_key", tString),
	}},
	{name: "autonomous-system", category: CategorySCO, idContrib: []string{"number"}, props: []prop{
		req("number", tInt), opt("name", tString), opt("rir", tString),
	}},
	{name: "directory", category: CategorySCO, idContrib: []string{"path"}, props: []prop{
		req("path", tString), opt("path_enc", tString), opt("ctime", tTimestamp), opt("mtime", tTimestamp),
		opt("atime", tTimestamp), opt("contains_refs", tFileOrDir),
	}},
	{name: "domain-name", category: CategorySCO, idContrib: []string{"value"}, props: []prop{
		req("value", tString), opt("resolves_to_refs", listOf(refTo("ipv4-addr", "ipv6-addr", "domain-name"))),
	}},
	{name: "email-addr", category: CategorySCO, idContrib: []string{"value"}, props: []prop{
		req("value", str(fmtEmail)), opt("display_name", tString), opt("belongs_to_ref", tUserAccount),
	}},
	{name: "email-message", category: CategorySCO, rule: ruleEmailMessage, idContrib: []string{"from_ref", "subject", "body"}, props: []prop{
		req("is_multipart", tBool), opt("date", tTimestamp), opt("content_type", tString),
		opt("from_ref", refTo("email-addr")), opt("sender_ref", refTo("email-addr")),
		opt("to_refs", tEmailRefs), opt("cc_refs", tEmailRefs), opt("bcc_refs", tEmailRefs),
		opt("message_id", tString), opt("subject", tString), opt("received_lines", tStrings),
		opt("additional_header_fields", tDict), opt("body", tString),
		opt("body_multipart", listOf(objOf(mimePart))), opt("raw_email_ref", tArtifactRef),
	}},
	{name: "file", category: CategorySCO, rule: ruleFile, idContrib: []string{"hashes", "name", "extensions", "parent_directory_ref"},
		exts: []*objSpec{archiveExt, ntfsExt, pdfExt, rasterImageExt, peBinaryExt}, props: []prop{
			opt("hashes", tHashes), opt("size", tNonNeg), opt("name", tString), opt("name_enc", tString),
			opt("magic_number_hex", tHex), opt("mime_type", tString), opt("ctime", tTimestamp),
			opt("mtime", tTimestamp), opt("atime", tTimestamp), opt("parent_directory_ref", refTo("directory")),
			opt("contains_refs", tSCORefs), opt("content_ref", tArtifactRef),
		}},
	{name: "ipv4-addr", category: CategorySCO, idContrib: []string{"value"}, props: []prop{
		req("value", str(fmtIPv4)), opt("resolves_to_refs", listOf(refTo("mac-addr"))),
		opt("belongs_to_refs", listOf(refTo("autonomous-system"))),
	}},
	{name: "ipv6-addr", category: CategorySCO, idContrib: []string{"value"}, props: []prop{
		req("value", str(fmtIPv6)), opt("resolves_to_refs", listOf(refTo("mac-addr"))),
		opt("belongs_to_refs", listOf(refTo("autonomous-system"))),
	}},
	{name: "mac-addr", category: CategorySCO, idContrib: []string{"value"}, props: []prop{
		req("value", str(fmtMAC)),
	}},
	{name: "mutex", category: CategorySCO, idContrib: []string{"name"}, props: []prop{
		req("name", tString),
	}},
	{name: "network-traffic", category: CategorySCO, rule: ruleNetworkTraffic,
		idContrib: []string{"start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"},
		exts:      []*objSpec{httpRequestExt, icmpExt, socketExt, tcpExt}, props: []prop{
			opt("start", tTimestamp), opt("end", tTimestamp), opt("is_active", tBool),
			opt("src_ref", tAddressRef), opt("dst_ref", tAddressRef), opt("src_port", tPort), opt("dst_port", tPort),
			req("protocols", tStrings), opt("src_byte_count", tNonNeg), opt("dst_byte_count", tNonNeg),
			opt("src_packets", tNonNeg), opt("dst_packets", tNonNeg), opt("ipfix", dictOf(tIntOrStr)),
			opt("src_payload_ref", tArtifactRef), opt("dst_payload_ref", tArtifactRef),
			opt("encapsulates_refs", listOf(tNetTrafficRef)), opt("encapsulated_by_ref", tNetTrafficRef),
		}},
	{name: "process", category: CategorySCO, rule: ruleProcess,
		exts: []*objSpec{windowsProcessExt, windowsServiceExt}, props: []prop{
			opt("is_hidden", tBool), opt("pid", tInt), opt("created_time", tTimestamp), opt("cwd", tString),
			opt("command_line", tString), opt("environment_variables", tStringDict),
			opt("opened_connection_refs", listOf(tNetTrafficRef)), opt("creator_user_ref", tUserAccount),
			opt("image_ref", refTo("file")), opt("parent_ref", refTo("process")),
			opt("child_refs", listOf(refTo("process"))),
		}},
	{name: "software", category: CategorySCO, idContrib: []string{"name", "cpe", "swid", "vendor", "version"}, props: []prop{
		req("name", tString), opt("cpe", str(fmtCPE)), opt("swid", tString), opt("languages", listOf(tLang)),
		opt("vendor", tString), opt("version", tString),
	}},
	{name: "url", category: CategorySCO, idContrib: []string{"value"}, props: []prop{
		req("value", str(fmtURL)),
	}},
	{name: "user-account", category: CategorySCO, rule: ruleAtLeastOne, idContrib: []string{"account_type", "user_id", "account_login"},
		exts: []*objSpec{unixAccountExt}, props: []prop{
			opt("user_id", tString), opt("credential", tString), opt("account_login", tString),
			opt("account_type", tString), opt("display_name", tString), opt("is_service_account", tBool),
			opt("is_privileged", tBool), opt("can_escalate_privs", tBool), opt("is_disabled", tBool),
			opt("account_created", tTimestamp), opt("account_expires", tTimestamp),
			opt("credential_last_changed", tTimestamp), opt("account_first_login", tTimestamp),
			opt("account_last_login", tTimestamp),
		}},
	{name: "windows-registry-key", category: CategorySCO, rule: ruleAtLeastOne, idContrib: []string{"key", "values"}, props: []prop{
		opt("key", str(fmtRegistryKey)), opt("values", listOf(objOf(registryValue))),
		opt("modified_time", tTimestamp), opt("creator_user_ref", tUserAccount), opt("number_of_subkeys", tInt),
	}},
	{name: "x509-certificate", category: CategorySCO, rule: ruleAtLeastOne, idContrib: []string{"hashes", "serial_number"}, props: []prop{
		opt("is_self_signed", tBool), opt("hashes", tHashes), opt("version", tString),
		opt("serial_number", tString), opt("signature_algorithm", tString), opt("issuer", tString),
		opt("validity_not_before", tTimestamp), opt("validity_not_after", tTimestamp), opt("subject", tString),
		opt("subject_public_key_algorithm", tString), opt("subject_public_key_modulus", tString),
		opt("subject_public_key_exponent", tInt), opt("x509_v3_extensions", objOf(x509V3Extensions)),
	}},
}
