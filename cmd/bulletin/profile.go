package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"bulletin/ingest"
	"bulletin/warehouse"
)

func profileCommand() command {
	return command{
		name:    "profile",
		summary: "Work with mapping profiles: list the built-in ones, show one, or check one against an export.",
		usage: "list | show NAME | check [flags] PROFILE EXPORT\n\n" +
			"  list                    the built-in profiles\n" +
			"  show NAME               print a built-in profile, a commented starting point for your own\n" +
			"  check PROFILE EXPORT    preview the mapping on the first rows; list unmapped columns and values",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			rows := fs.Int("rows", 5, "rows to preview (check)")
			tz := fs.String("tz", warehouse.DefaultTimeZone, "time zone of times written without an offset (check)")
			src := addSourceFlags(fs)
			fs.String("warehouse", defaultWarehouse, "not used by profile; accepted for symmetry")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) == 0 {
					return usageError{"profile needs list, show or check"}
				}
				switch args[0] {
				case "list":
					for _, name := range ingest.BuiltinProfileNames() {
						p, err := ingest.LoadProfile(name)
						if err != nil {
							return err
						}
						fmt.Fprintf(env.stdout, "%-22s %-10s %s\n", name, p.Table, p.Description)
					}
					return nil
				case "show":
					if len(args) != 2 {
						return usageError{"profile show takes one built-in profile name"}
					}
					text, err := ingest.BuiltinProfile(args[1])
					if err != nil {
						return err
					}
					_, err = env.stdout.Write(text)
					return err
				case "check":
					if len(args) != 3 {
						return usageError{"profile check takes a profile (name or file) and an export file"}
					}
					*src.profile = args[1]
					opts, err := src.options()
					if err != nil {
						return err
					}
					loc, err := time.LoadLocation(*tz)
					if err != nil {
						return usageError{fmt.Sprintf("time zone %q: %v", *tz, err)}
					}
					c, err := ingest.CheckProfile(ctx, opts.Profile, args[2], opts, *rows, loc)
					if err != nil {
						return err
					}
					printProfileCheck(env.stdout, c)
					return nil
				}
				return usageError{fmt.Sprintf("unknown profile subcommand %q", args[0])}
			}
		},
	}
}

// printProfileCheck prints what a profile makes of an export, for a person adapting the profile.
func printProfileCheck(out io.Writer, c *ingest.ProfileCheck) {
	fmt.Fprintf(out, "%s read with profile %s: %s, %s, header on line %d, %d rows\n\n", c.Path, c.Profile, c.Format, c.Encoding, c.HeaderLine, c.Rows)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "field\tfrom")
	for _, f := range c.Fields {
		from := f.Source
		if from == "" {
			from = "(not mapped: empty)"
		}
		fmt.Fprintf(tw, "%s\t%s\n", f.Field, from)
	}
	tw.Flush()
	fmt.Fprintf(out, "\ncolumns no field reads: %s\n", orNone(c.Ignored))
	fmt.Fprintf(out, "mapped columns the header lacks: %s\n", orNone(c.Missing))

	fmt.Fprintf(out, "\nfirst %d rows as they would load:\n", len(c.Preview))
	for _, row := range c.Preview {
		if row.Fault != "" {
			fmt.Fprintf(out, "  line %d: quarantined: %s\n", row.Line, row.Fault)
			continue
		}
		var parts []string
		for i, v := range row.Values {
			if v != "" {
				parts = append(parts, c.Fields[i].Field+"="+v)
			}
		}
		fmt.Fprintf(out, "  line %d: %s\n", row.Line, strings.Join(parts, " "))
	}

	fmt.Fprintln(out, "\nvalues the profile's maps do not list (field, column, value, rows, where, what ingest does):")
	if len(c.Unmapped) == 0 {
		fmt.Fprintln(out, "  none")
	}
	tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, u := range c.Unmapped {
		fmt.Fprintf(tw, "  %s\t%s\t%q\t%d\tfirst on line %d\t%s\n", u.Field, u.Column, u.Value, u.Count, u.FirstLine, u.Outcome)
	}
	tw.Flush()
	fmt.Fprintln(out, "\nrows that cells would quarantine or flag (record checks such as interval order run at ingest):")
	if len(c.Faults) == 0 {
		fmt.Fprintln(out, "  none")
	}
	for _, check := range slices.Sorted(maps.Keys(c.Faults)) {
		fmt.Fprintf(out, "  %-28s %d\n", check, c.Faults[check])
	}
}

func orNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}
