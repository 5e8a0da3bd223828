// Command bulletin turns the call logs of an emergency command center into the statistics it
// publishes: a leadership workbook, chart pages, a bulletin text in Chinese and English, and
// metrics.json.
//
// Usage:
//
//	bulletin sample  [flags]          write the deterministic sample data set
//	bulletin ingest  [flags] PATH...  load call and activity files into the warehouse
//	bulletin profile list|show|check  work with the mapping profiles of exports
//	bulletin report  [flags]          compute a campaign's figures and write the outputs
//	bulletin run     [flags]          sample (if needed) + ingest + report in one go
//	bulletin quality [flags]          show the warehouse's data quality and write quality.csv
//	bulletin serve   [flags]          serve output folders read-only to a browser
//	bulletin bench   [flags]          measure the monthly batch on generated calls against bare DuckDB
//	bulletin version                  print the version (also: bulletin --version)
//
// Run "bulletin CMD --help" for the flags of a command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// gcPercent is Go's GOGC for the batch unless the environment sets GOGC. The decoder's heap is small
// and bounded (the chunks in flight, about 45 MB), so twice the default headroom costs about 45 MB
// more at any number of calls, and saves about a tenth of a second of garbage collection per
// million calls (docs/performance.md).
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand: its flags are declared by setup, and exec runs it.
type command struct {
	name    string
	summary string
	usage   string
	setup   func(fs *flag.FlagSet) func(ctx context.Context, env *environment, args []string) error
}

// environment is what every command gets from main: where to write and how to log.
type environment struct {
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
}

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func commands() []command {
	return []command{sampleCommand(), ingestCommand(), profileCommand(), reportCommand(), runCommand(), qualityCommand(), serveCommand(), benchCommand(), versionCommand()}
}

// run executes the command line args and returns the process exit code. Errors become exit codes
// here and nowhere else.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	// Help asked for goes to stdout, where a pager or a file can take it; help after a mistake goes
	// to stderr. "help COMMAND" is "COMMAND --help".
	if args[0] == "--version" || args[0] == "-version" {
		args = []string{"version"}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 1 || args[0] != "help" {
			printUsage(stdout)
			return exitOK
		}
		args = []string{args[1], "--help"}
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == args[0] {
			cmd = &c
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "bulletin: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("bulletin "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "log every step (debug level)")
	exec := cmd.setup(fs)
	usageTo := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: bulletin %s %s\n\n%s\n\nFlags:\n", cmd.name, cmd.usage, cmd.summary)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
	}
	// While parsing, the flag package's own call of Usage is silenced: help asked for goes to stdout,
	// help after a mistake (whose message the flag package has printed) to stderr, below.
	fs.Usage = func() {}
	// Flags may come before, between or after the arguments; "--" ends the flags.
	var positional []string
	for rest := args[1:]; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usageTo(stdout)
				return exitOK
			}
			usageTo(stderr)
			return exitUsage
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(rest) < len(args[1:]) && rest[0] != "" && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		rest = rest[1:]
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	env := &environment{stdout: stdout, stderr: stderr,
		logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}
	err := exec(ctx, env, positional)
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "bulletin %s: %v\n", cmd.name, err)
		usageTo(stderr)
		return exitUsage
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "bulletin %s: interrupted; the warehouse and the previous outputs are as they were before the interrupted step\n", cmd.name)
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "bulletin %s: %v\n", cmd.name, err)
		return exitFailure
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "bulletin turns a command center's call logs into campaign statistics, a leadership workbook, charts and a bulletin text.")
	fmt.Fprintln(w, "\nUsage: bulletin COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'bulletin COMMAND --help' for the flags of a command.")
}
