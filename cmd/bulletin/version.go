package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"
)

// releaseVersion is the version a release build sets with -ldflags "-X main.releaseVersion=v1.2.3";
// otherwise the version comes from the build information (programVersion).
var releaseVersion = ""

// programVersion returns the version of this binary: the release version when set, else the module
// version that `go install` records, else "(devel)" followed by the commit it was built from (and
// "-dirty" when the tree had changes) when the build recorded one.
func programVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return versionOf(releaseVersion, info)
}

// versionOf is programVersion for a given release version and build information (nil when none).
func versionOf(release string, info *debug.BuildInfo) string {
	if release != "" {
		return release
	}
	if info == nil {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision == "" {
		return "(devel)"
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	if modified == "true" {
		revision += "-dirty"
	}
	return "(devel) " + revision
}

func versionCommand() command {
	return command{
		name:    "version",
		summary: "Print bulletin's version (also: bulletin --version).",
		usage:   "",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			fs.String("warehouse", defaultWarehouse, "warehouse file (not used by version; accepted for symmetry)")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"version takes no arguments"}
				}
				fmt.Fprintln(env.stdout, "bulletin", programVersion())
				return nil
			}
		},
	}
}

// sourceDateEpoch is the environment variable of reproducible builds
// (https://reproducible-builds.org/specs/source-date-epoch/): a generation time, in seconds since
// 1970-01-01 UTC, that outputs carry instead of a clock's.
const sourceDateEpoch = "SOURCE_DATE_EPOCH"

// generationTime returns the time the outputs are stamped with: SOURCE_DATE_EPOCH when value (its
// value) is set, else the zero time, for which the outputs carry the campaign's publication date.
func generationTime(value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	seconds, err := strconv.ParseInt(value, 10, 64)
	if err != nil || seconds < 0 {
		return time.Time{}, fmt.Errorf("%s=%q: want a number of seconds since 1970-01-01 UTC", sourceDateEpoch, value)
	}
	return time.Unix(seconds, 0).UTC(), nil
}
