package figures

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"bulletin/metrics"
	"bulletin/metrics/campaign"
)

// ComputeQuality returns the data quality of the whole warehouse (every file not replaced by a
// re-delivery), for use without a campaign. Districts are listed by name, the unknown district last,
// and labelled with their names as read.
func ComputeQuality(ctx context.Context, w Warehouse) (metrics.Quality, error) {
	conn, err := w.Conn(ctx)
	if err != nil {
		return metrics.Quality{}, fmt.Errorf("metrics: data quality: %w", err)
	}
	defer conn.Close()
	q := &querier{ctx: ctx, conn: conn}
	quality, err := q.quality()
	if err != nil {
		return metrics.Quality{}, fmt.Errorf("metrics: data quality: %w", err)
	}
	return quality, nil
}

// computeQuality fills the report's data quality and inputs, with the districts in the campaign's
// order and with their English names.
func computeQuality(q *querier, c *campaign.Campaign, r *metrics.Report) error {
	err := q.query("inputs.sql", func(s *sql.Rows) error {
		var in metrics.InputFile
		if err := s.Scan(&in.Name, &in.Kind, &in.SHA256, &in.RowsRead, &in.Loaded, &in.Quarantined, &in.Duplicates); err != nil {
			return err
		}
		r.Inputs = append(r.Inputs, in)
		return nil
	})
	if err != nil {
		return err
	}
	r.Quality, err = q.quality()
	if err != nil {
		return err
	}
	for i, d := range r.Quality.Districts {
		if j := c.DistrictIndex(d.District); j >= 0 && c.Districts[j].En != "" {
			r.Quality.Districts[i].Label.En = c.Districts[j].En
		}
	}
	order := func(d metrics.DistrictQuality) int {
		switch i := c.DistrictIndex(d.District); {
		case d.District == "":
			return len(c.Districts) + 1
		case i >= 0:
			return i
		default:
			return len(c.Districts)
		}
	}
	slices.SortStableFunc(r.Quality.Districts, func(a, b metrics.DistrictQuality) int { return order(a) - order(b) })
	return nil
}

// quality runs the data-quality queries on q's connection.
func (q *querier) quality() (metrics.Quality, error) {
	quality := metrics.Quality{QuarantineReasons: []metrics.ReasonCount{}, Checks: []metrics.CheckCount{}, Files: []metrics.FileQuality{}, Districts: []metrics.DistrictQuality{}}
	if err := q.exec("faults.sql"); err != nil {
		return quality, err
	}
	fileIndex := map[int64]int{} // file_id -> index in quality.Files
	err := q.query("quality_files.sql", func(s *sql.Rows) error {
		var id int64
		var f metrics.FileQuality
		if err := s.Scan(&id, &f.Name, &f.Kind, &f.Profile, &f.Format, &f.Encoding,
			&f.RowsRead, &f.Loaded, &f.Quarantined, &f.Duplicates, &f.Flagged, &f.Records); err != nil {
			return err
		}
		fileIndex[id] = len(quality.Files)
		f.Checks = []metrics.CheckTally{}
		quality.Files = append(quality.Files, f)
		quality.RowsRead += f.RowsRead
		quality.Loaded += f.Loaded
		quality.Quarantined += f.Quarantined
		quality.Duplicates += f.Duplicates
		quality.Flagged += f.Flagged
		quality.Records += f.Records
		return nil
	})
	if err != nil {
		return quality, err
	}

	districtIndex := map[string]int{} // district ("" unknown) -> index in quality.Districts
	err = q.query("quality_faults.sql", func(s *sql.Rows) error {
		var level string
		var fileID sql.NullInt64
		var district sql.NullString
		var tally metrics.CheckTally
		if err := s.Scan(&level, &fileID, &district, &tally.Check, &tally.Action, &tally.Count); err != nil {
			return err
		}
		switch level {
		case "check":
			quality.Checks = append(quality.Checks, metrics.CheckCount{Check: tally.Check, Label: metrics.CheckLabel(tally.Check),
				Action: tally.Action, Count: tally.Count, Examples: []metrics.FaultExample{}})
			if tally.Action == metrics.ActionFlag {
				quality.Flags += tally.Count
			}
		case "file":
			i, ok := fileIndex[fileID.Int64]
			if !ok {
				return fmt.Errorf("faults of file_id %d, which is not listed", fileID.Int64)
			}
			quality.Files[i].Checks = append(quality.Files[i].Checks, tally)
		case "district":
			i, ok := districtIndex[district.String]
			if !ok {
				i = len(quality.Districts)
				districtIndex[district.String] = i
				label := metrics.Text{Zh: district.String, En: district.String}
				if !district.Valid {
					label = unknownDistrict
				}
				quality.Districts = append(quality.Districts, metrics.DistrictQuality{District: district.String, Label: label, Checks: []metrics.CheckTally{}})
			}
			d := &quality.Districts[i]
			d.Checks = append(d.Checks, tally)
			if tally.Action == metrics.ActionFlag {
				d.Flags += tally.Count
			} else {
				d.Quarantined += tally.Count
			}
		default:
			return fmt.Errorf("unexpected level %q", level)
		}
		return nil
	})
	if err != nil {
		return quality, err
	}

	err = q.query("quality_examples.sql", func(s *sql.Rows) error {
		var check, action string
		var ex metrics.FaultExample
		if err := s.Scan(&check, &action, &ex.File, &ex.Line, &ex.Column, &ex.Value, &ex.Reason); err != nil {
			return err
		}
		i := slices.IndexFunc(quality.Checks, func(c metrics.CheckCount) bool { return c.Check == check && c.Action == action })
		if i < 0 {
			return fmt.Errorf("example of %s (%s), which has no count", check, action)
		}
		quality.Checks[i].Examples = append(quality.Checks[i].Examples, ex)
		return nil
	})
	if err != nil {
		return quality, err
	}

	err = q.query("quarantine_reasons.sql", func(s *sql.Rows) error {
		var rc metrics.ReasonCount
		if err := s.Scan(&rc.Reason, &rc.Rows); err != nil {
			return err
		}
		quality.QuarantineReasons = append(quality.QuarantineReasons, rc)
		return nil
	})
	return quality, err
}
