package answer

import "strings"

// places is a gazetteer of countries, U.S. states and continents (lower
// case), general knowledge for recognising place answers.
var places = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range []string{placeCountries, placeStates, placeOther} {
		for _, p := range strings.Split(list, ",") {
			if p = strings.TrimSpace(p); p != "" {
				m[p] = true
			}
		}
	}
	return m
}()

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
