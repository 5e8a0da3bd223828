package reports

import (
	"fmt"
	"time"
)

// weekdaysInPeriod counts how often each ISO weekday (0 Monday .. 6 Sunday) occurs among the days
// from start to end, both included. The days are calendar days of the campaign's time zone, as the
// report writes them, so no conversion is needed.
func weekdaysInPeriod(start, end string) ([7]int, error) {
	var counts [7]int
	first, err := parseDay(start)
	if err != nil {
		return counts, fmt.Errorf("period start: %w", err)
	}
	last, err := parseDay(end)
	if err != nil {
		return counts, fmt.Errorf("period end: %w", err)
	}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		counts[(int(d.Weekday())+6)%7]++
	}
	return counts, nil
}

// weekInPeriod returns the last day, in the period ending on end, of the ISO week whose first day
// inside the period is start, and how many days of that week the period holds (7 for a full week).
func weekInPeriod(start, end string) (last time.Time, days int, err error) {
	first, err := parseDay(start)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("week start: %w", err)
	}
	periodEnd, err := parseDay(end)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("period end: %w", err)
	}
	// Days left until Sunday, the ISO week's last day.
	sunday := first.AddDate(0, 0, (7-int(first.Weekday()))%7)
	last = sunday
	if periodEnd.Before(last) {
		last = periodEnd
	}
	days = int(last.Sub(first).Hours()/24) + 1
	return last, days, nil
}
