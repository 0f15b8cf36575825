package stix

import "strconv"

// Reusable types of the domain objects (sections 2, 3 and 4).
var (
	tConfidence   = intRange(0, 100)
	tKillChain    = listOf(objOf(killChainPhase))
	tExtRefs      = listOf(objOf(externalReference))
	tMarkingRefs  = listOf(refTo("marking-definition"))
	tGranular     = listOf(objOf(granularMarking))
	tCreatedBy    = refTo("identity")
	tSoftwareRef  = refTo("software")
	tAnyObjectRef = refToCats("must reference a STIX Object", true,
		CategorySDO, CategorySRO, CategorySCO, CategoryMeta)
	tObjectRefs = listOf(tAnyObjectRef)
	tSpecVer    = str(fmtSpecVersion)
	tCount      = intRange(0, 999999999)

	killChainPhase = embedded("kill-chain-phase", ruleNone,
		req("kill_chain_name", tString),
		req("phase_name", tString),
	)
	externalReference = embedded("external-reference", ruleExternalReference,
		req("source_name", tString),
		opt("description", tString),
		opt("url", tString),
		opt("hashes", tHashes),
		opt("external_id", tString),
	)
	granularMarking = embedded("granular-marking", ruleGranularMarking,
		opt("lang", tLang),
		opt("marking_ref", refTo("marking-definition")),
		req("selectors", tStrings),
	)
)

// reserved are the property names of section 3.8 that MUST NOT be used.
var reserved = []prop{
	opt("severity", forbidden("is a reserved property name and must not be used")),
	opt("username", forbidden("is a reserved property name and must not be used")),
	opt("phone_number", forbidden("is a reserved property name and must not be used")),
	opt("action", forbidden("is a reserved property name and must not be used")),
}

// sdoCommon are the common properties of SDOs and SROs (section 3.2).
var sdoCommon = concat(reserved, []prop{
	req("type", tAny),
	req("spec_version", tSpecVer),
	req("id", tAny),
	opt("created_by_ref", tCreatedBy),
	req("created", tMillis),
	req("modified", tMillis),
	opt("revoked", tBool),
	opt("labels", tStrings),
	opt("confidence", tConfidence),
	opt("lang", tLang),
	opt("external_references", tExtRefs),
	opt("object_marking_refs", tMarkingRefs),
	opt("granular_markings", tGranular),
	opt("extensions", tExts),
	opt("defanged", forbidden("must not be used on objects other than SCOs")),
})

// customCommon are checked on objects of custom types, which may be domain
// objects or observables: nothing is required beyond type and id.
var customCommon = concat(reserved, []prop{
	req("type", tAny),
	opt("spec_version", tSpecVer),
	req("id", tAny),
	opt("created_by_ref", tCreatedBy),
	opt("created", tMillis),
	opt("modified", tMillis),
	opt("revoked", tBool),
	opt("labels", tStrings),
	opt("confidence", tConfidence),
	opt("lang", tLang),
	opt("external_references", tExtRefs),
	opt("object_marking_refs", tMarkingRefs),
	opt("granular_markings", tGranular),
	opt("extensions", tExts),
	opt("defanged", tBool),
})

// sdoDefs are the 19 STIX Domain Objects of section 4.
var sdoDefs = []def{
	{name: "attack-pattern", category: CategorySDO, props: []prop{
		req("name", tString), opt("description", tString), opt("aliases", tStrings),
		opt("kill_chain_phases", tKillChain),
	}},
	{name: "campaign", category: CategorySDO, rule: ruleFirstLastSeen, props: []prop{
		req("name", tString), opt("description", tString), opt("aliases", tStrings),
		opt("first_seen", tTimestamp), opt("last_seen", tTimestamp), opt("objective", tString),
	}},
	{name: "course-of-action", category: CategorySDO, props: []prop{
		req("name", tString), opt("description", tString),
	}},
	{name: "grouping", category: CategorySDO, props: []prop{
		opt("name", tString), opt("description", tString), req("context", tString),
		req("object_refs", tObjectRefs),
	}},
	{name: "identity", category: CategorySDO, props: []prop{
		req("name", tString), opt("description", tString), opt("roles", tStrings),
		opt("identity_class", tString), opt("sectors", tStrings), opt("contact_information", tString),
	}},
	{name: "incident", category: CategorySDO, props: []prop{
		req("name", tString), opt("description", tString), opt("kill_chain_phases", tKillChain),
	}},
	{name: "indicator", category: CategorySDO, rule: ruleIndicator, props: []prop{
		opt("name", tString), opt("description", tString), opt("indicator_types", tStrings),
		req("pattern", tString), req("pattern_type", tString), opt("pattern_version", tString),
		req("valid_from", tTimestamp), opt("valid_until", tTimestamp), opt("kill_chain_phases", tKillChain),
	}},
	{name: "infrastructure", category: CategorySDO, rule: ruleFirstLastSeen, props: []prop{
		req("name", tString), opt("description", tString), opt("infrastructure_types", tStrings),
		opt("aliases", tStrings), opt("kill_chain_phases", tKillChain),
		opt("first_seen", tTimestamp), opt("last_seen", tTimestamp),
	}},
	{name: "intrusion-set", category: CategorySDO, rule: ruleFirstLastSeen, props: []prop{
		req("name", tString), opt("description", tString), opt("aliases", tStrings),
		opt("first_seen", tTimestamp), opt("last_seen", tTimestamp), opt("goals", tStrings),
		opt("resource_level", tString), opt("primary_motivation", tString),
		opt("secondary_motivations", tStrings),
	}},
	{name: "location", category: CategorySDO, rule: ruleLocation, props: []prop{
		opt("name", tString), opt("description", tString),
		opt("latitude", floatRange(-90, 90)), opt("longitude", floatRange(-180, 180)),
		opt("precision", floatRange(0, 1e308)), opt("region", tString), opt("country", tString),
		opt("administrative_area", tString), opt("city", tString), opt("street_address", tString),
		opt("postal_code", tString),
	}},
	{name: "malware", category: CategorySDO, rule: ruleMalware, props: []prop{
		opt("name", tString), opt("description", tString), opt("malware_types", tStrings),
		req("is_family", tBool), opt("aliases", tStrings), opt("kill_chain_phases", tKillChain),
		opt("first_seen", tTimestamp), opt("last_seen", tTimestamp),
		opt("operating_system_refs", listOf(tSoftwareRef)),
		opt("architecture_execution_envs", tStrings), opt("implementation_languages", tStrings),
		opt("capabilities", tStrings), opt("sample_refs", listOf(refTo("file", "artifact"))),
	}},
	{name: "malware-analysis", category: CategorySDO, rule: ruleMalwareAnalysis, props: []prop{
		req("product", tString), opt("version", tString), opt("host_vm_ref", tSoftwareRef),
		opt("operating_system_ref", tSoftwareRef), opt("installed_software_refs", listOf(tSoftwareRef)),
		opt("configuration_version", tString), opt("modules", tStrings),
		opt("analysis_engine_version", tString), opt("analysis_definition_version", tString),
		opt("submitted", tTimestamp), opt("analysis_started", tTimestamp), opt("analysis_ended", tTimestamp),
		opt("result_name", tString), opt("result", tString),
		opt("analysis_sco_refs", listOf(refToCats("must reference an SCO", true, CategorySCO))),
		opt("sample_ref", refTo("file", "network-traffic", "artifact")),
	}},
	{name: "note", category: CategorySDO, props: []prop{
		opt("abstract", tString), req("content", tString), opt("authors", tStrings),
		req("object_refs", tObjectRefs),
	}},
	{name: "observed-data", category: CategorySDO, rule: ruleObservedData, props: []prop{
		req("first_observed", tTimestamp), req("last_observed", tTimestamp),
		req("number_observed", intRange(1, 999999999)), opt("objects", dictOf(objOf(embedded("cyber-observable", ruleNone)))),
		opt("object_refs", listOf(refToCats("must reference an SCO or an SRO", true, CategorySCO, CategorySRO))),
	}},
	{name: "opinion", category: CategorySDO, props: []prop{
		opt("explanation", tString), opt("authors", tStrings), req("opinion", enumOf(OpinionValues)),
		req("object_refs", tObjectRefs),
	}},
	{name: "report", category: CategorySDO, props: []prop{
		req("name", tString), opt("description", tString), opt("report_types", tStrings),
		req("published", tTimestamp), req("object_refs", tObjectRefs),
	}},
	{name: "threat-actor", category: CategorySDO, rule: ruleFirstLastSeen, props: []prop{
		req("name", tString), opt("description", tString), opt("threat_actor_types", tStrings),
		opt("aliases", tStrings), opt("first_seen", tTimestamp), opt("last_seen", tTimestamp),
		opt("roles", tStrings), opt("goals", tStrings), opt("sophistication", tString),
		opt("resource_level", tString), opt("primary_motivation", tString),
		opt("secondary_motivations", tStrings), opt("personal_motivations", tStrings),
	}},
	{name: "tool", category: CategorySDO, props: []prop{
		req("name", tString), opt("description", tString), opt("tool_types", tStrings),
		opt("aliases", tStrings), opt("kill_chain_phases", tKillChain), opt("tool_version", tString),
	}},
	{name: "vulnerability", category: CategorySDO, props: []prop{
		req("name", tString), opt("description", tString),
	}},
}

// relationshipEnd is what source_ref and target_ref may point at: an SDO or
// SCO (custom types included), never an SRO or meta object.
var relationshipEnd = refToCats("must reference an SDO or SCO, not an SRO, bundle or meta object", true,
	CategorySDO, CategorySCO)

// sroDefs are the two STIX Relationship Objects of section 5.
var sroDefs = []def{
	{name: "relationship", category: CategorySRO, rule: ruleRelationship, props: []prop{
		req("relationship_type", str(fmtRelationshipType)), opt("description", tString),
		req("source_ref", relationshipEnd), req("target_ref", relationshipEnd),
		opt("start_time", tTimestamp), opt("stop_time", tTimestamp),
	}},
	{name: "sighting", category: CategorySRO, rule: ruleSighting, props: []prop{
		opt("description", tString), opt("first_seen", tTimestamp), opt("last_seen", tTimestamp),
		opt("count", tCount),
		req("sighting_of_ref", refToCats("must reference an SDO", true, CategorySDO)),
		opt("observed_data_refs", listOf(refTo("observed-data"))),
		opt("where_sighted_refs", listOf(refTo("identity", "location"))),
		opt("summary", tBool),
	}},
}

// metaCommon are the common properties all meta objects may carry.
var metaCommon = concat(reserved, []prop{
	req("type", tAny),
	req("spec_version", tSpecVer),
	req("id", tAny),
	opt("created_by_ref", tCreatedBy),
	req("created", tMillis),
	opt("external_references", tExtRefs),
	opt("object_marking_refs", tMarkingRefs),
	opt("granular_markings", tGranular),
	opt("defanged", forbidden("must not be used on objects other than SCOs")),
})

// metaDefs are the STIX Meta Objects of section 7.
var metaDefs = []def{
	{name: "marking-definition", category: CategoryMeta, rule: ruleMarkingDefinition, props: concat(metaCommon, []prop{
		opt("name", tString), opt("definition_type", tString), opt("definition", objOf(embedded("marking", ruleNone))),
		opt("extensions", tExts),
	})},
	{name: "language-content", category: CategoryMeta, rule: ruleLanguageContent, props: concat(metaCommon, []prop{
		req("modified", tMillis), opt("revoked", tBool), opt("labels", tStrings), opt("confidence", tConfidence),
		opt("extensions", tExts),
		req("object_ref", refToCats("must reference a STIX Object", true,
			CategorySDO, CategorySRO, CategorySCO, CategoryMeta)),
		opt("object_modified", tTimestamp), req("contents", dictOf(tDict)),
	})},
	{name: "extension-definition", category: CategoryMeta, rule: ruleExtensionDefinition, props: concat(metaCommon, []prop{
		req("created_by_ref", tCreatedBy), req("modified", tMillis), opt("revoked", tBool), opt("labels", tStrings),
		req("name", tString), opt("description", tString), req("schema", tString), req("version", tString),
		req("extension_types", listOf(enumOf(ExtensionTypes))), opt("extension_properties", tStrings),
	})},
}

// bundleDefs is the bundle of section 8, so that a bundle handed to
// Validate is recognised rather than taken for a custom object.
var bundleDefs = []def{
	{name: "bundle", category: CategoryBundle, props: []prop{
		req("type", tAny), req("id", tAny), opt("objects", listOf(tAny)),
	}},
}

func concat(lists ...[]prop) []prop {
	var out []prop
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func rangeMsg(min, max float64) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	if max >= 1e308 {
		return "must not be less than " + f(min)
	}
	if max == 1<<53-1 && min == 0 {
		return "must not be negative"
	}
	return "must be between " + f(min) + " and " + f(max)
}
