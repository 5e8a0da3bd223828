//go:build unix

package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestIngestRefusesAFIFOAtOnce makes a named pipe with an export's name: ingest refuses it without
// opening it (opening would block until a writer comes, holding the warehouse), and a folder holding
// it lists only its regular files.
func TestIngestRefusesAFIFOAtOnce(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "calls-2022-05.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	writeExport(t, dir, "calls-2022-06.csv", "call_id,received_at,channel,category,district\n")
	done := make(chan error, 1)
	go func() {
		_, err := File(context.Background(), openWarehouse(t), fifo, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, errNotRegular) {
			t.Errorf("ingest of a FIFO: %v, want %v", err, errNotRegular)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("ingest of a FIFO still blocks after 20 s")
	}
	paths, err := Paths([]string{dir})
	if err != nil || len(paths) != 1 || filepath.Base(paths[0]) != "calls-2022-06.csv" {
		t.Errorf("Paths = %v, %v; want only calls-2022-06.csv", paths, err)
	}
}

// TestAFileWrittenToAfterItWasHashedIsRefused hashes a file, appends a row to it as an export still
// being written would, and checks that the check before the commit refuses it.
func TestAFileWrittenToAfterItWasHashedIsRefused(t *testing.T) {
	path := writeExport(t, t.TempDir(), "calls-2022-05.csv", "call_id,received_at\nC1,2022-05-01 08:00:00\n")
	hashed, err := regularFile(path)
	if err == nil {
		_, err = hashFile(path, hashed)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := unchanged(path, hashed); err != nil {
		t.Fatalf("an untouched file: %v", err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("C2,2022-05-01 09:"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := unchanged(path, hashed); !errors.Is(err, errChanged) {
		t.Errorf("after an append: %v, want %v", err, errChanged)
	}
}
