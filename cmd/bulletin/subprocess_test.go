package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"

	"bulletin/warehouse"
)

// asBulletin, set in the environment of a re-executed test binary, makes it run the command line
// after "--" as the bulletin binary would, so that tests can run (and kill) bulletin as a process of
// its own without building it.
const asBulletin = "BULLETIN_TEST_AS_MAIN"

// holdWarehouse, set in the environment of a re-executed test binary to a warehouse file, makes it
// open that warehouse, print "holding", and keep it open until its standard input closes: another
// process that holds the lock.
const holdWarehouse = "BULLETIN_TEST_HOLD_WAREHOUSE"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdWarehouse); path != "" {
		w, err := warehouse.Open(context.Background(), path, "")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(exitFailure)
		}
		fmt.Println("holding")
		io.Copy(io.Discard, os.Stdin)
		w.Close()
		os.Exit(exitOK)
	}
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

// holdLock starts a process that opens the warehouse at path and holds it until release is called,
// and returns its process id. release returns once the process has closed the warehouse and exited.
func holdLock(t *testing.T, path string) (pid int, release func()) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(os.Environ(), holdWarehouse+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if released {
			return
		}
		released = true
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("the process holding %s: %v", path, err)
		}
	}
	t.Cleanup(release)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("the process that should hold %s said %q (%v)", path, line, err)
	}
	return cmd.Process.Pid, release
}
