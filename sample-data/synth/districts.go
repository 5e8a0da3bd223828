package synth

import "fmt"

// District is one of the seven public-security districts of Xiangtan as it appears in the sample data.
type District struct {
	// Name is the Chinese name written to the district column, for example "雨湖区".
	Name string
	// English is the English name for configurations and English reports, for example "Yuhu".
	English string
	// Urban reports whether the district belongs to the urban core, where patrols arrive sooner than
	// in the counties.
	Urban bool
	// Stations lists the police stations of the district as written to the station column.
	Stations []string
}

// Districts returns Xiangtan's districts in the fixed order used throughout the sample data: the two
// urban districts, the three counties and county-level cities, then the two development zones. Each call
// returns a new slice that the caller may modify. The districts are those of the embedded sample.yaml,
// which the package's tests check; a broken file panics.
func Districts() []District {
	m, err := loadModel()
	if err != nil {
		panic(fmt.Sprintf("synth: %v", err))
	}
	districts := make([]District, len(m.districts))
	for i, d := range m.districts {
		districts[i] = District{
			Name:     d.name,
			English:  d.english,
			Urban:    d.urban,
			Stations: append([]string(nil), d.stations...),
		}
	}
	return districts
}
