package answer

import "strings"

// places is a gazetteer of countries, U.S. states, continents and cities
// (lower case), general knowledge for recognising place answers.
var places = gazetteer(placeCountries + "," + placeStates + "," + placeOther + "," + placeCities)

// placeKinds are the gazetteers of the kinds of place a question can ask
// for by name ("which country", "which state", "which city").
// These are package-level lookup tables, never written after start-up.
var placeKinds = func() map[string]map[string]bool {
	countries, states, cities := gazetteer(placeCountries), gazetteer(placeStates), gazetteer(placeCities)
	return map[string]map[string]bool{
		"country": countries, "countries": countries, "nation": countries, "nations": countries,
		"state": states, "states": states,
		"city": cities, "cities": cities,
	}
}()

// gazetteer reads a comma-separated list of lower-case names.
func gazetteer(list string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p != "" {
			m[p] = true
		}
	}
	return m
}

// maxPlaceWords is the longest place name in words.
const maxPlaceWords = 4

const placeCountries = `afghanistan, albania, algeria, andorra, angola, antigua and barbuda, argentina, armenia,
australia, austria, azerbaijan, bahamas, bahrain, bangladesh, barbados, belarus, belgium, belize, benin, bhutan,
bolivia, bosnia, bosnia and herzegovina, botswana, brazil, brunei, bulgaria, burkina faso, burundi, cambodia,
cameroon, canada, cape verde, central african republic, chad, chile, china, colombia, comoros, congo, costa rica,
croatia, cuba, cyprus, czech republic, czechia, denmark, djibouti, dominica, dominican republic, ecuador, egypt,
el salvador, equatorial guinea, eritrea, estonia, eswatini, ethiopia, fiji, finland, france, gabon, gambia,
georgia, germany, ghana, greece, grenada, guatemala, guinea, guinea bissau, guyana, haiti, honduras, hungary,
iceland, india, indonesia, iran, iraq, ireland, israel, italy, ivory coast, jamaica, japan, jordan, kazakhstan,
kenya, kiribati, kosovo, kuwait, kyrgyzstan, laos, latvia, lebanon, lesotho, liberia, libya, liechtenstein,
lithuania, luxembourg, madagascar, malawi, malaysia, maldives, mali, malta, marshall islands, mauritania,
mauritius, mexico, micronesia, moldova, monaco, mongolia, montenegro, morocco, mozambique, myanmar, burma,
namibia, nauru, nepal, netherlands, new zealand, nicaragua, niger, nigeria, north korea, north macedonia, norway,
oman, pakistan, palau, palestine, panama, papua new guinea, paraguay, peru, philippines, poland, portugal, qatar,
romania, russia, rwanda, saint lucia, samoa, san marino, saudi arabia, senegal, serbia, seychelles,
sierra leone, singapore, slovakia, slovenia, solomon islands, somalia, south africa, south korea, south sudan,
spain, sri lanka, sudan, suriname, sweden, switzerland, syria, taiwan, tajikistan, tanzania, thailand,
timor leste, togo, tonga, trinidad and tobago, tunisia, turkey, turkiye, turkmenistan, tuvalu, uganda, ukraine,
united arab emirates, uae, united kingdom, uk, britain, great britain, england, scotland, wales,
northern ireland, united states, us, usa, america, uruguay, uzbekistan, vanuatu, vatican, venezuela, vietnam,
yemen, zambia, zimbabwe, greenland, puerto rico, hong kong, gaza, west bank, crimea, tibet`

const placeStates = `alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida,
hawaii, idaho, illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland, massachusetts, michigan,
minnesota, mississippi, missouri, montana, nebraska, nevada, new hampshire, new jersey, new mexico, new york,
north carolina, north dakota, ohio, oklahoma, oregon, pennsylvania, rhode island, south carolina, south dakota,
tennessee, texas, utah, vermont, virginia, washington, west virginia, wisconsin, wyoming, district of columbia`

const placeOther = `africa, antarctica, asia, europe, north america, south america, oceania, middle east,
arctic, pacific, atlantic, mediterranean, caribbean, moon, mars`

const placeCities = `new york, new york city, los angeles, chicago, houston, phoenix, philadelphia, san antonio,
san diego, dallas, san jose, austin, jacksonville, fort worth, columbus, charlotte, san francisco, indianapolis,
seattle, denver, washington, boston, el paso, nashville, detroit, oklahoma city, portland, las vegas, memphis,
louisville, baltimore, milwaukee, albuquerque, tucson, fresno, sacramento, kansas city, mesa, atlanta, omaha,
colorado springs, raleigh, miami, long beach, virginia beach, oakland, minneapolis, tulsa, tampa, arlington,
new orleans, wichita, cleveland, bakersfield, aurora, anaheim, honolulu, santa ana, riverside, corpus christi,
lexington, stockton, henderson, saint paul, st. louis, st louis, cincinnati, pittsburgh, greensboro, anchorage,
plano, lincoln, orlando, irvine, newark, toledo, durham, chula vista, fort wayne, jersey city, st. petersburg,
laredo, madison, chandler, buffalo, lubbock, scottsdale, reno, glendale, gilbert, winston salem, north las vegas,
norfolk, chesapeake, garland, irving, hialeah, fremont, boise, richmond, baton rouge, spokane, des moines,
tacoma, san bernardino, modesto, fontana, santa clarita, birmingham, oxnard, fayetteville, moreno valley,
rochester, glendale, huntington beach, salt lake city, grand rapids, amarillo, yonkers, aurora, montgomery,
akron, little rock, huntsville, augusta, columbus, shreveport, mobile, knoxville, worcester, providence,
savannah, charleston, hartford, burlington, wilmington, manchester, concord, montpelier, juneau, helena, bismarck,
pierre, cheyenne, santa fe, annapolis, dover, trenton, albany, harrisburg, tallahassee, springfield, frankfort,
jackson, topeka, jefferson city, lansing, saint louis, uvalde, maui, lahaina, flint, parkland, ferguson,
london, paris, berlin, madrid, rome, milan, naples, venice, florence, barcelona, lisbon, dublin, edinburgh,
glasgow, amsterdam, brussels, vienna, prague, budapest, warsaw, krakow, kyiv, kiev, kharkiv, odesa, odessa,
mariupol, bakhmut, moscow, st. petersburg, minsk, vilnius, riga, tallinn, helsinki, stockholm, oslo, copenhagen,
reykjavik, athens, istanbul, ankara, zurich, geneva, bern, munich, hamburg, frankfurt, cologne, marseille,
lyon, nice, belgrade, bucharest, sofia, zagreb, tbilisi, yerevan, baku, jerusalem, tel aviv, gaza city,
beirut, damascus, aleppo, baghdad, tehran, riyadh, jeddah, mecca, doha, dubai, abu dhabi, kuwait city,
muscat, sanaa, amman, cairo, alexandria, tripoli, tunis, algiers, casablanca, rabat, khartoum, addis ababa,
nairobi, mogadishu, kampala, kigali, lagos, abuja, accra, dakar, kinshasa, johannesburg, cape town, pretoria,
durban, harare, lusaka, luanda, kabul, kandahar, islamabad, karachi, lahore, delhi, new delhi, mumbai,
bangalore, bengaluru, kolkata, chennai, hyderabad, ahmedabad, dhaka, kathmandu, colombo, beijing, shanghai,
hong kong, shenzhen, guangzhou, wuhan, chengdu, taipei, tokyo, osaka, kyoto, hiroshima, nagasaki, seoul,
busan, pyongyang, manila, bangkok, hanoi, ho chi minh city, jakarta, bali, kuala lumpur, singapore,
sydney, melbourne, brisbane, perth, auckland, wellington, christchurch, toronto, montreal, vancouver,
ottawa, calgary, quebec, mexico city, guadalajara, monterrey, tijuana, cancun, havana, san juan,
bogota, medellin, caracas, lima, quito, santiago, buenos aires, sao paulo, rio de janeiro, brasilia,
montevideo, la paz, panama city, vatican city, monaco, maui, hawaii`
