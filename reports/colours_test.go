package reports

import (
	"math"
	"strconv"
	"testing"
)

// The colour-vision tests below simulate the three dichromacies with the matrices of Machado,
// Oliveira and Fernandes (2009) at severity 1, applied to linear RGB, and compare colours by
// CIEDE2000 in CIELAB (D65). They are written here from the published formulas, not taken from the
// code under test.

var dichromacies = []struct {
	name   string
	matrix [3][3]float64
}{
	{"normal vision", [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
	{"protanopia", [3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}},
	{"deuteranopia", [3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}},
	{"tritanopia", [3][3]float64{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}},
}

// linearRGB decodes "#rrggbb" into linear sRGB components in [0, 1].
func linearRGB(t *testing.T, hex string) [3]float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var rgb [3]float64
	for i := range 3 {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("colour %q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return rgb
}

// simulate applies a dichromacy's matrix to a linear RGB colour, clipped to the gamut.
func simulate(m [3][3]float64, rgb [3]float64) [3]float64 {
	var out [3]float64
	for i := range 3 {
		out[i] = min(1, max(0, m[i][0]*rgb[0]+m[i][1]*rgb[1]+m[i][2]*rgb[2]))
	}
	return out
}

// lab converts linear sRGB to CIELAB under D65.
func lab(rgb [3]float64) [3]float64 {
	x := 0.4124564*rgb[0] + 0.3575761*rgb[1] + 0.1804375*rgb[2]
	y := 0.2126729*rgb[0] + 0.7151522*rgb[1] + 0.0721750*rgb[2]
	z := 0.0193339*rgb[0] + 0.1191920*rgb[1] + 0.9503041*rgb[2]
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y/1.0), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// ciede2000 is the CIEDE2000 colour difference of two CIELAB colours (Sharma, Wu and Dalal 2005).
func ciede2000(p, q [3]float64) float64 {
	rad, deg := math.Pi/180, 180/math.Pi
	c1, c2 := math.Hypot(p[1], p[2]), math.Hypot(q[1], q[2])
	cBar := (c1 + c2) / 2
	g := 0.5 * (1 - math.Sqrt(math.Pow(cBar, 7)/(math.Pow(cBar, 7)+math.Pow(25, 7))))
	a1, a2 := (1+g)*p[1], (1+g)*q[1]
	c1p, c2p := math.Hypot(a1, p[2]), math.Hypot(a2, q[2])
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) * deg
		if h < 0 {
			h += 360
		}
		return h
	}
	h1, h2 := hue(p[2], a1), hue(q[2], a2)
	dL, dC := q[0]-p[0], c2p-c1p
	var dh float64
	switch {
	case c1p*c2p == 0:
		dh = 0
	case math.Abs(h2-h1) <= 180:
		dh = h2 - h1
	case h2-h1 > 180:
		dh = h2 - h1 - 360
	default:
		dh = h2 - h1 + 360
	}
	dH := 2 * math.Sqrt(c1p*c2p) * math.Sin(dh/2*rad)
	lBar, cBarP := (p[0]+q[0])/2, (c1p+c2p)/2
	var hBar float64
	switch {
	case c1p*c2p == 0:
		hBar = h1 + h2
	case math.Abs(h1-h2) <= 180:
		hBar = (h1 + h2) / 2
	case h1+h2 < 360:
		hBar = (h1 + h2 + 360) / 2
	default:
		hBar = (h1 + h2 - 360) / 2
	}
	tt := 1 - 0.17*math.Cos((hBar-30)*rad) + 0.24*math.Cos(2*hBar*rad) + 0.32*math.Cos((3*hBar+6)*rad) - 0.20*math.Cos((4*hBar-63)*rad)
	dTheta := 30 * math.Exp(-math.Pow((hBar-275)/25, 2))
	rc := 2 * math.Sqrt(math.Pow(cBarP, 7)/(math.Pow(cBarP, 7)+math.Pow(25, 7)))
	sl := 1 + 0.015*math.Pow(lBar-50, 2)/math.Sqrt(20+math.Pow(lBar-50, 2))
	sc := 1 + 0.045*cBarP
	sh := 1 + 0.015*cBarP*tt
	rt := -math.Sin(2*dTheta*rad) * rc
	return math.Sqrt(math.Pow(dL/sl, 2) + math.Pow(dC/sc, 2) + math.Pow(dH/sh, 2) + rt*(dC/sc)*(dH/sh))
}

// contrastRatio is the WCAG 2 contrast ratio of two colours.
func contrastRatio(t *testing.T, a, b string) float64 {
	luminance := func(hex string) float64 {
		rgb := linearRGB(t, hex)
		return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	}
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestCIEDE2000MatchesSharmasTestData(t *testing.T) {
	// Pairs 1, 7, 17 and 25 of the test data published with Sharma, Wu and Dalal (2005).
	for _, c := range []struct {
		p, q [3]float64
		want float64
	}{
		{[3]float64{50, 2.6772, -79.7751}, [3]float64{50, 0, -82.7485}, 2.0425},
		{[3]float64{50, 0, 0}, [3]float64{50, -1, 2}, 2.3669},
		{[3]float64{50, 2.5, 0}, [3]float64{73, 25, -18}, 27.1492},
		{[3]float64{60.2574, -34.0099, 36.2677}, [3]float64{60.4626, -34.1751, 39.4387}, 1.2644},
	} {
		if got := ciede2000(c.p, c.q); math.Abs(got-c.want) > 0.0001 {
			t.Errorf("CIEDE2000(%v, %v) = %.4f, want %.4f", c.p, c.q, got, c.want)
		}
	}
}

// chartColourSets are the sets of colours that can appear together on one chart, by the colour roles
// of docs/gallery.md.
func chartColourSets() map[string][]string {
	series := append([]string{colourFocus, colourNotRecorded}, colourSeries...)
	compliance := append(append([]string{}, colourThresholds...), colourTarget)
	return map[string][]string{
		// All calls, the campaign's series, further series and codes, not recorded, events and targets.
		"series": append(series, colourTarget),
		// The compliance thresholds with the districts' limits.
		"thresholds": compliance,
		// The box plot: its fill, its outline and the limits.
		"box plot": {colourBoxFill, colourCalls, colourTarget},
	}
}

// minColourDifference is the smallest CIEDE2000 difference two colours of one chart may have under any
// of the simulated kinds of colour vision: well above the difference of about 2 to 3 at which
// neighbouring colours start to be told apart, so that a legend's swatch is matched without doubt.
const minColourDifference = 10.0

func TestChartColoursStayDistinctUnderColourBlindness(t *testing.T) {
	for name, set := range chartColourSets() {
		for _, d := range dichromacies {
			for i := range set {
				for j := i + 1; j < len(set); j++ {
					if set[i] == set[j] {
						continue // the same role drawn twice (all calls in the series palette)
					}
					p := lab(simulate(d.matrix, linearRGB(t, set[i])))
					q := lab(simulate(d.matrix, linearRGB(t, set[j])))
					if de := ciede2000(p, q); de < minColourDifference {
						t.Errorf("%s: %s and %s differ by %.1f under %s, want at least %.0f", name, set[i], set[j], de, d.name, minColourDifference)
					}
				}
			}
		}
	}
}

func TestTextColoursContrastWithTheBackground(t *testing.T) {
	// WCAG 2 AA asks 4.5:1 for text; the chart's background is white (finish). Every label, axis
	// and note of a chart is in one of these two colours.
	for _, c := range []string{colourText, colourSubtle} {
		if r := contrastRatio(t, c, "#ffffff"); r < 4.5 {
			t.Errorf("text colour %s has contrast %.2f:1 on white, want at least 4.5:1", c, r)
		}
	}
}
