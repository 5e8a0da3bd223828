package warehouse

import "slices"

// vocabularies lists the allowed values of the coded fields of the canonical inputs, by table and
// field. sample-data/README.md documents them for people writing exports.
var vocabularies = map[string]map[string][]string{
	"calls": {
		"channel":         {"phone", "sms", "video", "app", "transfer_12345"},
		"category":        {"criminal", "public_order", "traffic", "fire", "emergency_help", "dispute", "consultation", "invalid"},
		"subcategory":     {"suicide_attempt", "lost_person", "missing_person", "drowning", "fall_from_height", "medical", "elderly_assist", "child_assist", "other"},
		"disposition":     {"resolved", "rescued", "person_found", "referred", "false_alarm", "unresolved"},
		"linked_agencies": {"fire", "medical", "emergency_mgmt", "hotline_12345", "water_police", "urban_mgmt"},
		"priority":        {"1", "2", "3", "4"},
	},
	"activities": {
		"kind":   {"simulated_alarm_drill", "video_inspection", "video_rollcall", "training", "liaison_visit"},
		"passed": {"true", "false"},
	},
}

// Vocabulary returns the allowed values of a coded field of the calls or activities table, in their
// documented order, or nil when the field is free text or unknown.
func Vocabulary(table, field string) []string {
	return slices.Clone(vocabularies[table][field])
}
