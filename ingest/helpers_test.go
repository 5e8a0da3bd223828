package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

// writeExport writes content to a file called name in dir, creating dir, and returns its path.
func writeExport(t *testing.T, dir, name, content string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
