package reports

import (
	"fmt"
	"math"
	"slices"

	"github.com/xuri/excelize/v2"
)

// Every sheet prints on A4 landscape at a fixed scale, never fitted to the page: a fit shrinks a
// wide or long sheet until its text is unreadable (the Summary printed at about 6 pt). The scale is
// the largest, up to 100%, at which the sheet's columns fit across the page (and the Summary's pages
// fit down it), but never below minPrintScale, so that the smallest text of the workbook,
// minTextPoints, prints at 8 points or more.
const (
	minTextPoints = 10 // the smallest font size of any cell, note or chart text, in points
	minPrintScale = 80 // per cent: minTextPoints * minPrintScale / 100 = 8 points

	// The printable area of A4 landscape (841.89 × 595.28 points) inside the margins pageSetup sets.
	sideMargin      = 0.4 // inches
	edgeMargin      = 0.6 // inches, top and bottom; the header and footer print inside
	printableWidth  = 841.89 - 2*sideMargin*72
	printableHeight = 595.28 - 2*edgeMargin*72

	// A column w characters wide prints about w*charPoints+padPoints points wide: a character is
	// a digit of the default font (Arial or Noto Sans CJK, 11 points: 6.1 points wide in
	// LibreOffice's PDF, 8 pixels in Excel), and Excel adds 5 pixels of padding.
	charPoints = 6.12
	padPoints  = 3.75
	// Rows are laid out a little taller than their height, so a page is filled only to heightFill.
	heightFill = 0.95
)

// columnPoints is the printed width, at 100%, of a column w characters wide.
func columnPoints(w float64) float64 { return w*charPoints + padPoints }

// fitScale returns the largest scale in whole per cent, at most 100 and at least minPrintScale, at
// which width by height points (height 0: any) fits the printable area.
func fitScale(width, height float64) uint {
	s := 100.0
	if width > 0 {
		s = min(s, 100*printableWidth/width)
	}
	if height > 0 {
		s = min(s, 100*heightFill*printableHeight/height)
	}
	return uint(max(minPrintScale, math.Floor(s+1e-9)))
}

// widthBudget is how many characters of column width n columns may take in all and still print
// across the page at minPrintScale.
func widthBudget(n int) float64 {
	return (100*printableWidth/minPrintScale - float64(n)*padPoints) / charPoints
}

// pageSetup prints sheet on A4 landscape, the Summary centred across; printScale sets the scale once
// the widths and heights are known.
func (b *workbookBuilder) pageSetup(sheet string, centred bool) {
	paperA4, landscape := 9, "landscape"
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &paperA4, Orientation: &landscape}))
	side, edge, band := sideMargin, edgeMargin, 0.3
	b.check(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band, Horizontally: &centred,
	}))
	c := b.r.Campaign
	b.check(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + headerFooterText(c.Name.In(b.lang)) + "&C&B" + InternalMark(b.lang) + "&B&R" + headerFooterText(c.Unit.In(b.lang)+"  "+fmt.Sprintf(b.text.published, c.Published)),
		OddFooter: "&L" + headerFooterText(b.periodText()) + "&C" + b.text.page + "&R&A",
	}))
}

// setScale prints sheet at scale per cent.
func (b *workbookBuilder) setScale(sheet string, scale uint) {
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{AdjustTo: &scale}))
}

// printScale sets the scale sheet prints at, from its final column widths and, on the Summary,
// the height of its two pages: the figures, and the charts after the page break.
func (b *workbookBuilder) printScale(sheet string, layout *summaryLayout) {
	if b.err != nil {
		return
	}
	var width float64
	for i := range b.widths[sheet] {
		w, err := b.f.GetColWidth(sheet, columnName(i+1))
		b.check(err)
		width += columnPoints(w)
	}
	var height float64
	if sheet == b.text.summarySheet && layout != nil {
		rows := func(from, to int) float64 {
			var h float64
			for row := from; row <= to; row++ {
				points, err := b.f.GetRowHeight(sheet, row)
				b.check(err)
				h += points
			}
			return h
		}
		height = max(rows(1, layout.chartRow-1), rows(1, summaryTitleRows)+rows(layout.chartRow, layout.lastRow))
	}
	b.setScale(sheet, fitScale(width, height))
}

// tileWidths makes the widths of a sheet laid out in tiles of period columns (the Summary's) as
// equal from tile to tile as the page allows: each group of period columns is widened to the
// widest group's width, or, where that would not print across at minPrintScale, to the largest
// common width that does; no column gets narrower than it needs. A tile label wider than its tile
// wraps (tileLabelRows).
func (b *workbookBuilder) tileWidths(sheet string, widths []float64, period int) []float64 {
	for len(widths)%period != 0 {
		widths = append(widths, 4)
	}
	groups := len(widths) / period
	sums := make([]float64, groups)
	for i, w := range widths {
		sums[i/period] += w
	}
	target := max(slices.Max(sums), b.minSpan[sheet])
	budget := widthBudget(len(widths))
	// The largest common width t with the sum of max(sum, t) within the budget.
	total := func(t float64) float64 {
		var s float64
		for _, sum := range sums {
			s += max(sum, t)
		}
		return s
	}
	if total(target) > budget {
		lo, hi := 0.0, target
		for range 50 {
			mid := (lo + hi) / 2
			if total(mid) <= budget {
				lo = mid
			} else {
				hi = mid
			}
		}
		target = math.Floor(lo*4) / 4
	}
	for g, sum := range sums {
		if sum < target {
			level(widths[g*period:(g+1)*period], target)
		}
		sums[g] = max(sum, target)
	}
	for _, l := range b.tileLabels[sheet] {
		if l.width > sums[l.group] {
			b.rows[sheet][l.row] = 2*tileLabelHeight - 4
		}
	}
	return widths
}

// level widens the narrowest of widths first, to a common level, until they sum to total.
func level(widths []float64, total float64) {
	lo, hi := 0.0, total
	for range 50 {
		mid := (lo + hi) / 2
		var s float64
		for _, w := range widths {
			s += max(w, mid)
		}
		if s <= total {
			lo = mid
		} else {
			hi = mid
		}
	}
	for i, w := range widths {
		widths[i] = math.Round(max(w, lo)*4) / 4
	}
}
