package metrics

import "bulletin/schema"

// model returns the data model every figure is defined over (package schema).
func model() *schema.Model { return schema.Default() }
