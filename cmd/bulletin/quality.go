package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"bulletin/metrics/figures"
	"bulletin/reports"
	"bulletin/warehouse"
)

// defaultQualityCSV is where the quality command writes its table.
const defaultQualityCSV = "quality.csv"

func qualityCommand() command {
	return command{
		name:    "quality",
		summary: "Show the data quality of the whole warehouse (faults by check, file and district) and write it as CSV.",
		usage:   "[flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *environment, []string) error {
			wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file (must exist)")
			engine := addWarehouseFlags(fs)
			tz := fs.String("tz", warehouse.DefaultTimeZone, "time zone of the command center")
			csvPath := fs.String("csv", defaultQualityCSV, "CSV file to write the data quality to (UTF-8, opens in Excel)")
			return func(ctx context.Context, env *environment, args []string) error {
				if len(args) > 0 {
					return usageError{"quality takes no arguments"}
				}
				if _, err := os.Stat(*wh); err != nil {
					return fmt.Errorf("quality: warehouse %s: %w (run 'bulletin ingest' first)", *wh, err)
				}
				w, err := engine.open(ctx, *wh, *tz)
				if err != nil {
					return err
				}
				defer w.Close()
				return writeQuality(ctx, env, w, *csvPath)
			}
		},
	}
}

// writeQuality prints the warehouse's data quality and writes it to csvPath.
func writeQuality(ctx context.Context, env *environment, w *warehouse.Warehouse, csvPath string) error {
	q, err := figures.ComputeQuality(ctx, w)
	if err != nil {
		return err
	}
	if err := reports.WriteQualityText(env.stdout, q); err != nil {
		return err
	}
	var table bytes.Buffer
	if err := reports.WriteQualityCSV(&table, q); err != nil {
		return err
	}
	if err := os.WriteFile(csvPath, table.Bytes(), 0o644); err != nil {
		return fmt.Errorf("quality: %w", err)
	}
	env.logger.Info("data quality written", "csv", csvPath)
	return nil
}
