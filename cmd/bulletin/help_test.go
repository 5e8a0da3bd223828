package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelp checks where help goes: asked for, to stdout with status 0; after a mistake, to stderr
// with status 2; "help COMMAND" is the command's own help, not the top-level one.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args             []string
		code             int
		stdout, stderr   string // a line the stream must hold
		quietOut, quietE bool   // the stream must be empty
	}{
		{args: []string{"--help"}, code: exitOK, stdout: "Usage: bulletin COMMAND", quietE: true},
		{args: []string{"help"}, code: exitOK, stdout: "Usage: bulletin COMMAND", quietE: true},
		{args: []string{"help", "run"}, code: exitOK, stdout: "Usage: bulletin run [flags]", quietE: true},
		{args: []string{"report", "-h"}, code: exitOK, stdout: "Usage: bulletin report", quietE: true},
		{args: []string{}, code: exitUsage, stderr: "Usage: bulletin COMMAND", quietOut: true},
		{args: []string{"run", "--nope"}, code: exitUsage, stderr: "Usage: bulletin run [flags]", quietOut: true},
		{args: []string{"help", "nope"}, code: exitUsage, stderr: `unknown command "nope"`, quietOut: true},
	} {
		code, stdout, stderr := runCLI(t, tc.args...)
		name := strings.Join(tc.args, " ")
		if code != tc.code {
			t.Errorf("bulletin %s: exit %d, want %d", name, code, tc.code)
		}
		if !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("bulletin %s: stdout %q, stderr %q; want %q on stdout and %q on stderr", name, stdout, stderr, tc.stdout, tc.stderr)
		}
		if tc.quietOut && stdout != "" || tc.quietE && stderr != "" {
			t.Errorf("bulletin %s: stdout %q, stderr %q; want the other stream empty", name, stdout, stderr)
		}
	}
	if _, stdout, _ := runCLI(t, "help", "run"); strings.Contains(stdout, "Commands:") {
		t.Errorf("bulletin help run printed the top-level help:\n%s", stdout)
	}
}

// TestBadPeriodChangesNothing checks that a malformed --period is a usage error (status 2) refused
// before the warehouse is opened: no warehouse file is created.
func TestBadPeriodChangesNothing(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "w.duckdb")
	input := filepath.Join(dir, "calls.csv")
	if err := os.WriteFile(input, []byte("id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, period := range []string{"2022-13", "May 2022", "2022-05-31..2022-05-01"} {
		code, _, stderr := runCLI(t, "ingest", "--warehouse", wh, "--period", period, input)
		if code != exitUsage || !strings.Contains(stderr, "--period") {
			t.Errorf("--period %q: exit %d, stderr %q; want exit 2 naming --period", period, code, stderr)
		}
		if _, err := os.Stat(wh); !os.IsNotExist(err) {
			t.Fatalf("--period %q: the warehouse was created (stat: %v)", period, err)
		}
	}
}
