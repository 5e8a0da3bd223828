package warehouse

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestOpenCreatesSchemaAndGroupsByLocalDay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := Open(ctx, path, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	// 2022-04-30 16:30 UTC is 2022-05-01 00:30 in Shanghai: it belongs to May 1st locally.
	var day string
	if err := w.DB.QueryRowContext(ctx, "SELECT (TIMESTAMPTZ '2022-04-30 16:30:00+00')::DATE::VARCHAR").Scan(&day); err != nil {
		t.Fatal(err)
	}
	if day != "2022-05-01" {
		t.Errorf("local day = %s, want 2022-05-01", day)
	}
	w.Close()

	// Reopening keeps one schema_version row per migration, recorded when the warehouse was made.
	w, err = Open(ctx, path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var versions []string
	for v := 1; v <= SchemaVersion; v++ {
		versions = append(versions, strconv.Itoa(v))
	}
	var recorded string
	if err := w.DB.QueryRowContext(ctx, "SELECT string_agg(version::VARCHAR, ' ' ORDER BY version) FROM schema_version").Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(versions, " "); recorded != want {
		t.Errorf("schema_version rows %q, want %q", recorded, want)
	}
}

func TestOpenRejectsUnknownTimeZone(t *testing.T) {
	if _, err := Open(context.Background(), "", "Mars/Olympus"); err == nil {
		t.Fatal("Open with an unknown time zone succeeded")
	}
}

// TestOpenReportsWarehouseInUse holds the warehouse open in a second process (this test binary,
// re-run as a helper) and checks that opening it again fails at once, naming the holder.
func TestOpenReportsWarehouseInUse(t *testing.T) {
	if path := os.Getenv("BULLETIN_TEST_HOLD_WAREHOUSE"); path != "" {
		w, err := Open(context.Background(), path, "")
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		defer w.Close()
		fmt.Println("holding")
		io.Copy(io.Discard, os.Stdin) // until the parent closes our stdin
		return
	}
	path := filepath.Join(t.TempDir(), "w.duckdb")
	holder := exec.Command(os.Args[0], "-test.run=^TestOpenReportsWarehouseInUse$")
	holder.Env = append(os.Environ(), "BULLETIN_TEST_HOLD_WAREHOUSE="+path)
	stdin, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		holder.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("helper process: %q, %v", line, err)
	}

	_, err = Open(context.Background(), path, "")
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("err = %v, want ErrInUse", err)
	}
	if want := fmt.Sprintf("held by process %d", holder.Process.Pid); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %q, want it to name %s and %q", err, path, want)
	}
}

func TestOpenWithSetsMemoryLimitAndTempDir(t *testing.T) {
	dir := t.TempDir()
	temp := filepath.Join(dir, "spill")
	w, err := OpenWith(context.Background(), filepath.Join(dir, "w.duckdb"), Options{MemoryLimit: "300MB", TempDir: temp})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// DuckDB reports limits in binary units: 300 MB is 286.1 MiB.
	var limit, tempDir string
	if err := w.DB.QueryRow("SELECT current_setting('memory_limit'), current_setting('temp_directory')").Scan(&limit, &tempDir); err != nil {
		t.Fatal(err)
	}
	if limit != "286.1 MiB" || tempDir != temp {
		t.Errorf("memory_limit %q, temp_directory %q; want 286.1 MiB and %s", limit, tempDir, temp)
	}

	// The default: half the memory available now (DefaultMemoryLimit; memoryLimitFrom is tested on
	// its own), spilling beside the warehouse file.
	d, err := Open(context.Background(), filepath.Join(dir, "d.duckdb"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.DB.QueryRow("SELECT current_setting('memory_limit'), current_setting('temp_directory')").Scan(&limit, &tempDir); err != nil {
		t.Fatal(err)
	}
	var gib float64
	if _, err := fmt.Sscanf(limit, "%f GiB", &gib); err != nil {
		var mib float64
		if _, err := fmt.Sscanf(limit, "%f MiB", &mib); err != nil {
			t.Fatalf("default memory_limit %q: %v", limit, err)
		}
		gib = mib / 1024
	}
	free := float64(readMemAvailable("/proc/meminfo"))
	if cg := readCgroupFree("/sys/fs/cgroup"); cg > 0 && cg < int64(free) {
		free = float64(cg)
	}
	half := free / 2 / (1 << 30)
	if gib < 0.46 || (gib > 0.47 && (gib < half*0.8-0.1 || gib > half*1.2+0.1)) {
		t.Errorf("default memory_limit %q; want about half of the %.1f GiB free, and at least 500 MB", limit, free/(1<<30))
	}
	if tempDir != filepath.Join(dir, "d.duckdb.tmp") {
		t.Errorf("default temp_directory %q; want d.duckdb.tmp beside the file", tempDir)
	}
}

func TestOpenWithRejectsABadMemoryLimit(t *testing.T) {
	_, err := OpenWith(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), Options{MemoryLimit: "plenty"})
	if err == nil || !strings.Contains(err.Error(), "memory_limit") {
		t.Errorf("OpenWith(memory limit plenty) = %v, want an error naming memory_limit", err)
	}
}

// TestConnectionsOpenedAfterOpensContextIsCancelledWork checks that the connector does not keep the
// context given to Open: connections the pool opens after that context is cancelled still run their
// settings and their queries.
func TestConnectionsOpenedAfterOpensContextIsCancelledWork(t *testing.T) {
	openCtx, cancel := context.WithCancel(context.Background())
	w, err := Open(openCtx, filepath.Join(t.TempDir(), "w.duckdb"), "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cancel()

	// Keeping no idle connections closes the one Open used, so every connection below is new.
	w.DB.SetMaxIdleConns(0)
	if open := w.DB.Stats().OpenConnections; open != 0 {
		t.Fatalf("%d connections still open; the test needs the pool empty", open)
	}
	ctx := context.Background()
	held, err := w.DB.Conn(ctx)
	if err != nil {
		t.Fatalf("a new connection after Open's context was cancelled: %v", err)
	}
	defer held.Close()
	const timeZone = "SELECT current_setting('TimeZone')"
	var tz string
	if err := held.QueryRowContext(ctx, timeZone).Scan(&tz); err != nil || tz != "Asia/Shanghai" {
		t.Errorf("TimeZone on a new connection = %q, %v; want Asia/Shanghai", tz, err)
	}
	// While held is in use, a query on the pool needs a second new connection.
	tz = ""
	if err := w.DB.QueryRowContext(ctx, timeZone).Scan(&tz); err != nil || tz != "Asia/Shanghai" {
		t.Errorf("TimeZone on a second new connection = %q, %v; want Asia/Shanghai", tz, err)
	}
}
