package reports

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExchangeDirsSwapsTwoFoldersInOneStep checks that swapDir's one-step exchange works here, so
// that a report never leaves its output folder missing on Linux.
func TestExchangeDirsSwapsTwoFoldersInOneStep(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"new", "out"} {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "which"), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := exchangeDirs(filepath.Join(dir, "new"), filepath.Join(dir, "out")); err != nil {
		t.Fatalf("exchangeDirs: %v", err)
	}
	for name, want := range map[string]string{"out": "new", "new": "out"} {
		got, err := os.ReadFile(filepath.Join(dir, name, "which"))
		if err != nil || string(got) != want {
			t.Errorf("%s holds %q (%v), want %q", name, got, err, want)
		}
	}
	if err := exchangeDirs(filepath.Join(dir, "new"), filepath.Join(dir, "missing")); err == nil {
		t.Error("exchangeDirs with a missing folder succeeded; swapDir relies on it failing")
	}
}
