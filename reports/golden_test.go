package reports

import "flag"

// update makes golden-file tests rewrite their files under testdata instead of comparing against
// them: go test ./reports -update.
var update = flag.Bool("update", false, "rewrite golden files")
