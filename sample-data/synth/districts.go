package synth

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

// CitywideDistrict is the district value of activities that concern the whole city, such as a training
// by video conference for every command room, rather than one district.
const CitywideDistrict = "全市"

// Districts returns Xiangtan's districts in the fixed order used throughout the sample data: the two
// urban districts, the three counties and county-level cities, then the two development zones. Each call
// returns a new slice that the caller may modify.
func Districts() []District {
	profiles := districtProfiles()
	districts := make([]District, len(profiles))
	for i, p := range profiles {
		districts[i] = District{
			Name:     p.name,
			English:  p.english,
			Urban:    p.urban,
			Stations: append([]string(nil), p.stations...),
		}
	}
	return districts
}

// districtProfile adds to a district what the generator needs to draw its calls.
type districtProfile struct {
	name, english string
	urban         bool
	stations      []string
	// share is the district's share of all calls.
	share float64
	// lat and lon are the centre of the district's calls; spread is the standard deviation in degrees.
	lat, lon, spread float64
	// travelMedian is the median dispatch-to-arrival time in seconds, travelSigma the lognormal shape.
	travelMedian, travelSigma float64
	// command is the district's command centre (duty room), the unit of video roll calls.
	command string
	// places are key places watched in video inspections.
	places []string
}

func districtProfiles() []districtProfile {
	return []districtProfile{
		{
			name: "雨湖区", english: "Yuhu", urban: true,
			stations: []string{"城正街派出所", "雨湖路派出所", "广场派出所", "窑湾派出所", "云塘派出所", "先锋派出所"},
			share:    0.22, lat: 27.862, lon: 112.905, spread: 0.025,
			travelMedian: 265, travelSigma: 0.55,
			command: "雨湖分局指挥中心",
			places:  []string{"湘潭站广场", "窑湾历史文化街区", "雨湖公园", "沿江风光带", "步步高广场"},
		},
		{
			name: "岳塘区", english: "Yuetang", urban: true,
			stations: []string{"建设路派出所", "书院路派出所", "五里堆派出所", "下摄司派出所", "东坪派出所", "宝塔派出所"},
			share:    0.20, lat: 27.870, lon: 112.960, spread: 0.025,
			travelMedian: 275, travelSigma: 0.55,
			command: "岳塘分局指挥中心",
			places:  []string{"万达广场", "湘潭汽车西站", "宝塔公园", "建设路口商圈", "湘钢生活区"},
		},
		{
			name: "湘潭县", english: "Xiangtan County", urban: false,
			stations: []string{"易俗河派出所", "天易派出所", "中路铺派出所", "花石派出所", "射埠派出所"},
			share:    0.20, lat: 27.780, lon: 112.950, spread: 0.055,
			travelMedian: 520, travelSigma: 0.65,
			command: "湘潭县公安局指挥中心",
			places:  []string{"易俗河汽车站", "天易示范区管委会广场", "县人民医院周边", "梅林桥"},
		},
		{
			name: "湘乡市", english: "Xiangxiang", urban: false,
			stations: []string{"望春门派出所", "新湘路派出所", "东山派出所", "昆仑桥派出所", "棋梓派出所"},
			share:    0.16, lat: 27.735, lon: 112.535, spread: 0.05,
			travelMedian: 570, travelSigma: 0.65,
			command: "湘乡市公安局指挥中心",
			places:  []string{"湘乡汽车站", "东山学校周边", "涟水河风光带", "望春门商圈"},
		},
		{
			name: "韶山市", english: "Shaoshan", urban: false,
			stations: []string{"清溪派出所", "银田派出所", "韶山冲派出所"},
			share:    0.04, lat: 27.915, lon: 112.525, spread: 0.035,
			travelMedian: 600, travelSigma: 0.7,
			command: "韶山市公安局指挥中心",
			places:  []string{"毛泽东广场", "韶山火车站", "滴水洞景区", "游客服务中心"},
		},
		{
			name: "湘潭高新区", english: "High-tech Zone", urban: true,
			stations: []string{"双马派出所", "板塘派出所", "高新区派出所"},
			share:    0.10, lat: 27.835, lon: 112.930, spread: 0.02,
			travelMedian: 285, travelSigma: 0.55,
			command: "高新分局指挥中心",
			places:  []string{"湘潭北站", "双马工业园", "湖南科技大学周边"},
		},
		{
			name: "湘潭经开区", english: "Economic Development Zone", urban: true,
			stations: []string{"九华派出所", "响水派出所", "和平派出所"},
			share:    0.08, lat: 27.950, lon: 112.875, spread: 0.025,
			travelMedian: 295, travelSigma: 0.6,
			command: "经开分局指挥中心",
			places:  []string{"九华步步高", "吉利汽车厂区", "湘潭大学北门"},
		},
	}
}
