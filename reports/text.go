package reports

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"bulletin/metrics"
)

// BulletinTemplateName returns the file name of the bulletin template name (the campaign file's
// bulletin key, "default" when it has none) for lang, as looked up in the fs.FS given to
// WriteBulletin: "bulletin.default.zh.md.tmpl", "bulletin.xiangtan.en.md.tmpl".
func BulletinTemplateName(name, lang string) string {
	if name == "" {
		name = metrics.DefaultBulletin
	}
	return "bulletin." + name + "." + lang + ".md.tmpl"
}

// WriteBulletin renders the bulletin text for lang from the templates in tmpl (templates.FS() or os.DirFS(dir)) to path.
//
// The template is executed with the report as its data and with missingkey=error. Besides the
// report's fields it can call these functions, all of which format for lang:
//
//	fig "id"          the headline figure's value, formatted as num does; an unknown ID fails the render
//	value "id"        the headline figure's value as an int64, for wan and comparisons; same failure
//	figLabel "id"     the headline figure's label as the campaign declares it (the label the
//	                  gallery and workbook show); same failure
//	num n             an integer: 21746 in Chinese, 21,746 in English
//	wan n             a Chinese round figure for n ≥ 10,000: 2.17万, 1.5亿; smaller n in full
//	over n            n rounded down to two significant digits: 180余 / more than 180 (exact when round)
//	pct share         a share in [0, 1] as a percentage with one decimal: 40.0%
//	dur seconds       a duration: 6分20秒 / 6 minutes 20 seconds
//	date "YYYY-MM-DD" a day without the year: 5月26日 / 26 May
//	longDate "…"      a day with the year: 2022年5月26日 / 26 May 2022
//	period            the campaign period: 2022年5月1日至8月1日 / 1 May to 1 August 2022
//	thresholds        the compliance thresholds as the rule is named: 1、3、5分钟 / 1-3-5 minute
//	interval "id"     the metrics.IntervalStat with that ID; an unknown ID fails the render
//	total groups      the sum of the counts of a []metrics.GroupCount
//	sep i n           the separator before item i of n in a running list: 、 / ", " and " and "
//	plural n one many one or many after the count n (English)
//	lowerFirst s      s with its first letter lower-cased unless it starts an acronym, for labels in prose
//	changes fig       the figure's change against each baseline in words: "较上一周期增加5.2%" /
//	                  "up 5.2% on the previous period"; "" when no baseline has data of it
//	top n breakdown   the n rows of a declared breakdown with the largest values, none of value 0 and
//	                  none the publication rule hides (metrics.Publication.SuppressedRow)
//	label text        a metrics.Text in the page's language; labels joins a row's labels
//	capitalise s      s with its first letter upper-cased
//	byTime breakdown  whether a declared breakdown is by a time bucket (day, week, ...)
//	first n groups    the first n of a []metrics.GroupCount
//	share n of        n / of as pct writes it; "" when of is 0
//	sessions "kind"   the activities of that kind that recorded participants ([]metrics.Session), by date
//	breakdown "id"    the declared breakdown with that ID; an unknown ID fails the render (its rows
//	                  are as computed: state them through top, which applies the publication rule)
//
// Every value an action prints is escaped for Markdown (escapeMarkdown): text from the input data
// or the campaign file reaches the bulletin as text, never as a link, raw HTML or a heading.
//
// An error names the template file and line. The file is replaced atomically.
func WriteBulletin(ctx context.Context, path string, r *metrics.Report, lang string, tmpl fs.FS) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	text, err := renderBulletin(r, lang, tmpl)
	if err != nil {
		return fmt.Errorf("bulletin %s: %w", path, err)
	}
	if err := replaceFile(path, text); err != nil {
		return fmt.Errorf("bulletin: %w", err)
	}
	return nil
}

// renderBulletin executes the bulletin template for lang against r.
func renderBulletin(r *metrics.Report, lang string, tmpl fs.FS) ([]byte, error) {
	if lang != "zh" && lang != "en" {
		return nil, fmt.Errorf("unsupported language %q (want zh or en)", lang)
	}
	name := BulletinTemplateName(r.Campaign.Bulletin, lang)
	funcs := bulletinFuncs(r, lang)
	funcs[markdownEscapeFunc] = escapeMarkdown
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).ParseFS(tmpl, name)
	if err != nil {
		return nil, err
	}
	escapeActions(t)
	var buf bytes.Buffer
	if err := t.Execute(&buf, r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// bulletinFuncs returns the template functions documented on WriteBulletin, bound to one report and language.
func bulletinFuncs(r *metrics.Report, lang string) template.FuncMap {
	value := func(id string) (int64, error) {
		for _, f := range r.Headline {
			if f.ID == id {
				return f.Value, nil
			}
		}
		known := make([]string, len(r.Headline))
		for i, f := range r.Headline {
			known[i] = f.ID
		}
		return 0, fmt.Errorf("no headline figure %q in the report (defined: %s)", id, strings.Join(known, ", "))
	}
	return template.FuncMap{
		"fig": func(id string) (string, error) {
			v, err := value(id)
			if err != nil {
				return "", err
			}
			return formatInt(lang, v), nil
		},
		"value": value,
		"figLabel": func(id string) (string, error) {
			for _, f := range r.Headline {
				if f.ID == id {
					return f.Label.In(lang), nil
				}
			}
			_, err := value(id)
			return "", err
		},
		"num": func(v any) (string, error) {
			n, err := asInt64(v)
			return formatInt(lang, n), err
		},
		"wan": func(v any) (string, error) {
			n, err := asInt64(v)
			return formatWan(n), err
		},
		"over": func(v any) (string, error) {
			n, err := asInt64(v)
			return formatOver(lang, n), err
		},
		"pct": formatShare,
		"dur": func(v any) (string, error) {
			var seconds float64
			switch n := v.(type) {
			case float64:
				seconds = n
			default:
				i, err := asInt64(v)
				if err != nil {
					return "", err
				}
				seconds = float64(i)
			}
			return formatDuration(lang, seconds, false), nil
		},
		"thresholds": func() string { return joinThresholds(lang, r.Response.Compliance.Thresholds, false) },
		"date":       func(day string) (string, error) { return formatShortDate(lang, day) },
		"longDate": func(day string) (string, error) {
			return formatLongDate(lang, day)
		},
		"period": func() (string, error) { return formatPeriod(lang, r.Campaign.Start, r.Campaign.End) },
		"interval": func(id string) (metrics.IntervalStat, error) {
			for _, iv := range r.Response.Intervals {
				if iv.ID == id {
					return iv, nil
				}
			}
			return metrics.IntervalStat{}, fmt.Errorf("no response interval %q in the report", id)
		},
		"total": func(groups []metrics.GroupCount) int64 {
			var sum int64
			for _, g := range groups {
				sum += g.Count
			}
			return sum
		},
		"sep": func(i, n int) string { return listSeparator(lang, i, n) },
		"plural": func(v any, one, many string) (string, error) {
			n, err := asInt64(v)
			if n == 1 {
				return one, err
			}
			return many, err
		},
		"lowerFirst": lowerFirst,
		"changes":    func(f metrics.Figure) string { return figureChanges(r, lang, f) },
		"top": func(n int, b metrics.DeclaredBreakdown) []metrics.BreakdownRow {
			rows := slices.Clone(b.Rows)
			slices.SortStableFunc(rows, func(x, y metrics.BreakdownRow) int { return cmp.Compare(y.Value, x.Value) })
			var out []metrics.BreakdownRow
			for _, row := range rows {
				if len(out) == n || row.Value == 0 {
					break
				}
				// The bulletin is public: a small count of a sensitive code is not stated.
				if !r.Campaign.Publication.SuppressedRow(b, row) {
					out = append(out, row)
				}
			}
			return out
		},
		"label":      func(t metrics.Text) string { return t.In(lang) },
		"capitalise": capitalise,
		"byTime": func(b metrics.DeclaredBreakdown) bool {
			return slices.ContainsFunc(b.By, func(d string) bool { return slices.Contains(metrics.TimeBuckets, d) })
		},
		"first": func(n int, groups []metrics.GroupCount) []metrics.GroupCount {
			return groups[:min(n, len(groups))]
		},
		"labels": func(ts []metrics.Text) string {
			parts := make([]string, len(ts))
			for i, t := range ts {
				parts[i] = t.In(lang)
			}
			return strings.Join(parts, map[bool]string{true: "·", false: ", "}[lang == "zh"])
		},
		"share": func(n, of int64) string {
			if of == 0 {
				return ""
			}
			return formatShare(float64(n) / float64(of))
		},
		"sessions": func(kind string) []metrics.Session {
			var out []metrics.Session
			for _, s := range r.Sessions {
				if s.Kind == kind {
					out = append(out, s)
				}
			}
			return out
		},
		"breakdown": func(id string) (metrics.DeclaredBreakdown, error) {
			for _, b := range r.Declared {
				if b.ID == id {
					return b, nil
				}
			}
			return metrics.DeclaredBreakdown{}, fmt.Errorf("no breakdown %q in the report", id)
		},
	}
}

// figureChanges states a headline figure's change against each baseline with data, in lang: "较上一
// 周期增加1,283起（6.3%）" / "up 6.3% (1,283) on the previous period". A baseline below the
// campaign's min_base (metrics.Publication.MinBase) gives the change in units only: on a small
// base a change of a few units reads as a large swing ("up 200%" from 2 to 6); a baseline without
// data is left out.
func figureChanges(r *metrics.Report, lang string, f metrics.Figure) string {
	var parts []string
	for i, c := range f.Compare {
		if !c.Available || c.Value == nil || c.Abs == nil {
			continue
		}
		c.Rel = r.Campaign.Publication.Rel(c)
		label := c.Baseline
		if i < len(r.Baselines) {
			label = r.Baselines[i].Label.In(lang)
		}
		abs := *c.Abs
		magnitude := abs
		if magnitude < 0 {
			magnitude = -magnitude
		}
		unit := f.Unit.In(lang)
		var part string
		switch {
		case lang == "zh" && abs == 0:
			part = "与" + label + "持平"
		case lang == "zh":
			verb := map[bool]string{true: "增加", false: "减少"}[abs > 0]
			part = "较" + label + verb + formatInt(lang, magnitude) + unit
			if c.Rel != nil {
				part += "（" + formatChange(*c.Rel) + "）"
			}
		case abs == 0:
			part = "level with the " + label
		default:
			verb := map[bool]string{true: "up", false: "down"}[abs > 0]
			if c.Rel != nil {
				part = verb + " " + formatChange(*c.Rel) + " (" + formatInt(lang, magnitude) + ") on the " + label
			} else {
				part = verb + " " + formatInt(lang, magnitude) + " on the " + label
			}
		}
		parts = append(parts, part)
	}
	if lang == "zh" {
		return strings.Join(parts, "，")
	}
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(listSeparator(lang, i, len(parts)))
		b.WriteString(p)
	}
	return b.String()
}

// formatChange writes a relative change as an unsigned percentage with one decimal.
func formatChange(rel float64) string {
	return formatShare(math.Abs(rel))
}

// asInt64 accepts the integer types a template hands to a function: int64 fields and int from len.
func asInt64(v any) (int64, error) {
	switch n := v.(type) {
	case int:
		return int64(n), nil
	case int64:
		return n, nil
	case int32:
		return int64(n), nil
	default:
		return 0, fmt.Errorf("want an integer, got %T", v)
	}
}

// formatInt writes n in digits, grouped by thousands in English and ungrouped in Chinese, as the
// press of each language does.
func formatInt(lang string, n int64) string {
	digits := strconv.FormatInt(n, 10)
	if lang == "zh" {
		return digits
	}
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// formatWan writes n in units of 万 (10^4) or 亿 (10^8) with up to two decimals, as Chinese headlines
// round large counts: 21746 is 2.17万. Counts below 10,000 are written in full.
func formatWan(n int64) string {
	abs := n
	if abs < 0 {
		abs = -abs
	}
	switch {
	case abs >= 100_000_000:
		return trimDecimals(float64(n)/1e8) + "亿"
	case abs >= 10_000:
		return trimDecimals(float64(n)/1e4) + "万"
	default:
		return strconv.FormatInt(n, 10)
	}
}

// trimDecimals writes v rounded to two decimals without trailing zeros: 2.17, 2.1, 2.
func trimDecimals(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// formatOver rounds n down to two significant digits, and to whole tens below 100, and says so: 186 is
// "180余" or "more than 180", 45 is "40余". Counts below 20 and counts that are already round are
// written exactly.
func formatOver(lang string, n int64) string {
	if n < 20 {
		return formatInt(lang, n)
	}
	step := int64(10)
	for n/step >= 100 {
		step *= 10
	}
	floor := n / step * step
	if floor == n {
		return formatInt(lang, n)
	}
	if lang == "zh" {
		return formatInt(lang, floor) + "余"
	}
	return "more than " + formatInt(lang, floor)
}

// formatShare writes a share in [0, 1] as a percentage with one decimal.
func formatShare(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 1, 64) + "%"
}

// formatDuration writes a number of seconds, rounded to the second, in hours, minutes and seconds,
// omitting zero parts: 380 is "6分20秒", or in English "6 minutes 20 seconds" in prose and, abbreviated
// for chart labels, "6 min 20 s".
func formatDuration(lang string, seconds float64, abbreviated bool) string {
	total := max(int64(math.Round(seconds)), 0)
	h, m, s := total/3600, total/60%60, total%60
	var parts []string
	unit := func(v int64, zh, one, many, abbr string) {
		switch {
		case lang == "zh":
			parts = append(parts, strconv.FormatInt(v, 10)+zh)
		case abbreviated:
			parts = append(parts, strconv.FormatInt(v, 10)+" "+abbr)
		case v == 1:
			parts = append(parts, "1 "+one)
		default:
			parts = append(parts, strconv.FormatInt(v, 10)+" "+many)
		}
	}
	if h > 0 {
		unit(h, "小时", "hour", "hours", "h")
	}
	// Chinese writes a bare number of minutes as 分钟, and as 分 beside hours or seconds.
	if m > 0 && h == 0 && s == 0 {
		unit(m, "分钟", "minute", "minutes", "min")
	} else if m > 0 {
		unit(m, "分", "minute", "minutes", "min")
	}
	if s > 0 || total == 0 {
		unit(s, "秒", "second", "seconds", "s")
	}
	if lang == "zh" {
		return strings.Join(parts, "")
	}
	return strings.Join(parts, " ")
}

// parseDay reads a calendar day written as YYYY-MM-DD.
func parseDay(day string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", day)
	}
	return t, nil
}

// formatShortDate writes a day without its year: 5月26日 or 26 May.
func formatShortDate(lang, day string) (string, error) {
	t, err := parseDay(day)
	if err != nil {
		return "", err
	}
	if lang == "zh" {
		return fmt.Sprintf("%d月%d日", t.Month(), t.Day()), nil
	}
	return fmt.Sprintf("%d %s", t.Day(), t.Month()), nil
}

// formatLongDate writes a day with its year: 2022年5月26日 or 26 May 2022.
func formatLongDate(lang, day string) (string, error) {
	t, err := parseDay(day)
	if err != nil {
		return "", err
	}
	if lang == "zh" {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()), nil
	}
	return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year()), nil
}

// formatPeriod writes the days from start to end inclusive, naming the year once when both share it:
// 2022年5月1日至8月1日 or 1 May to 1 August 2022.
func formatPeriod(lang, start, end string) (string, error) {
	from, err := parseDay(start)
	if err != nil {
		return "", err
	}
	to, err := parseDay(end)
	if err != nil {
		return "", err
	}
	if from.Equal(to) {
		return formatLongDate(lang, start)
	}
	long, err := formatLongDate(lang, end)
	if err != nil {
		return "", err
	}
	if from.Year() != to.Year() {
		first, err := formatLongDate(lang, start)
		if err != nil {
			return "", err
		}
		if lang == "zh" {
			return first + "至" + long, nil
		}
		return first + " to " + long, nil
	}
	if from.Month() == to.Month() {
		// One month: 2022年7月1日至31日, 1–31 July 2022.
		if lang == "zh" {
			return fmt.Sprintf("%d年%d月%d日至%d日", from.Year(), from.Month(), from.Day(), to.Day()), nil
		}
		return fmt.Sprintf("%d–%s", from.Day(), long), nil
	}
	if lang == "zh" {
		short, _ := formatShortDate(lang, end)
		return fmt.Sprintf("%d年%d月%d日至%s", from.Year(), from.Month(), from.Day(), short), nil
	}
	return fmt.Sprintf("%d %s to %s", from.Day(), from.Month(), long), nil
}

// listSeparator is the separator written before item i of a list of n items: 、 in Chinese; ", " and a
// final " and " in English.
func listSeparator(lang string, i, n int) string {
	switch {
	case i <= 0:
		return ""
	case lang == "zh":
		return "、"
	case i == n-1:
		return " and "
	default:
		return ", "
	}
}

// lowerFirst lower-cases the first letter of a label so that it reads as a common noun mid-sentence:
// "Medical first aid" becomes "medical first aid". A label that starts with an acronym ("SWAT team") or
// with a non-letter is returned unchanged.
func lowerFirst(s string) string {
	first, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) {
		return s
	}
	if second, _ := utf8.DecodeRuneInString(s[size:]); unicode.IsUpper(second) {
		return s
	}
	return string(unicode.ToLower(first)) + s[size:]
}

// replaceFile writes content to path through a temporary file in the same directory and a rename, so
// that a reader sees either the old file or the complete new one.
func replaceFile(path string, content []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(content); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
