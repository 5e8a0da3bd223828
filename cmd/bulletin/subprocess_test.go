package main

import (
	"context"
	"os"
	"os/exec"
	"testing"
)

// asBulletin, set in the environment of a re-executed test binary, makes it run the command line
// after "--" as the bulletin binary would, so that tests can run (and kill) bulletin as a process of
// its own without building it.
const asBulletin = "BULLETIN_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asBulletin) == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Exit(run(context.Background(), args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// bulletinProcess returns the command that runs bulletin with args in a process of its own.
func bulletinProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, append([]string{"-test.run=^$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), asBulletin+"=1")
	return cmd
}
