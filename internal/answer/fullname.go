package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// A news report names a person in full once ("Kirsty Coventry") and by the
// last name after that ("said Coventry"). A quote taken from later in the
// report leaves the reader asking who Coventry is; an editor quoting it
// adds the first name in brackets, "said [Kirsty] Coventry", and so does
// present, from the same article, when the article is clear about it:
//   - the article writes the last name after a first name ("Kirsty
//     Coventry", "Robert F. Kennedy") and with no other first name before
//     it (two Kennedys: none is added);
//   - the first time the article writes the last name is in that full name
//     (a first mention; a word met alone before it is some other use);
//   - the last name is never written in lower case in the article, nor
//     after "the" (the House, the Post: a body, not a person), and is not
//     a known place;
//   - no word of it is a place's, a nation's or a party's ("North
//     Lakeland", "West German", "Eight Republican senators"), a title or a
//     common word at a sentence's start ("Congresswoman McIver", "Like
//     Amazon"), a company's ("Deutsche Lufthansa AG", "Boeing Co"), nor a
//     thing's ("the Color Purple"), and the article writes no Mr and Mrs
//     before the last name (two people: "Mr. Trump ... Mrs. Trump");
//   - the quote gives the name alone (not after another capitalised name
//     word or a bare initial, "S Horgan", nor before one) and not already
//     in full.
// Only the first such mention in a quote gets the first name, and only
// while the quote stays within MaxQuote.

// nameWord is a word of a text, with the punctuation around it cut off.
type nameWord struct {
	start     int // byte offset of the word in its text
	word      string
	joined    bool // only a space (or a colon: "More:Elon") separates it from the word before
	sentStart bool // the first word of the text or after a sentence's end
	upper     bool // a capitalised word of letters ("Coventry", "O'Brien") or an initial ("F.")
}

// nameWords splits text at spaces and colons (a scraper glues labels to
// names: "More:Elon Musk") into words without their surrounding
// punctuation; a possessive "'s" is cut off too.
func nameWords(text string) []nameWord {
	var out []nameWord
	prevEnd, prevClean, prevStop := -2, false, true
	for i := 0; i < len(text); {
		if text[i] == ' ' || text[i] == ':' {
			i++
			continue
		}
		j := strings.IndexAny(text[i:], " :")
		if j < 0 {
			j = len(text)
		} else {
			j += i
		}
		raw := text[i:j]
		lead := len(raw) - len(strings.TrimLeftFunc(raw, isNamePunct))
		core := strings.TrimRightFunc(raw[lead:], isNamePunct)
		initial := isInitial(raw[lead:])
		if initial {
			core = raw[lead : lead+2]
		}
		trail := len(raw) - lead - len(core)
		base := strings.TrimSuffix(strings.TrimSuffix(core, "'s"), "’s")
		w := nameWord{start: i + lead, word: base}
		w.joined = lead == 0 && prevClean && prevEnd == i-1
		w.sentStart = prevStop
		w.upper = initial || isCapitalised(base)
		if base != "" {
			out = append(out, w)
		}
		prevEnd, prevClean = j, trail == 0 && base == core
		if base != "" || trail > 0 {
			tail := raw[len(raw)-trail:]
			prevStop = !initial && strings.ContainsAny(tail, ".!?")
		}
		i = j
	}
	return out
}

// isNamePunct reports whether r is punctuation or a symbol around a word
// (quotes, brackets, commas, full stops, ...); a hyphen is not.
func isNamePunct(r rune) bool {
	return r != '-' && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

// isInitial reports whether s starts with an initial: a capital and a full
// stop ("F.").
func isInitial(s string) bool {
	return len(s) >= 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '.' && (len(s) == 2 || !isASCIILetter(s[2]))
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// isCapitalised reports whether w is a capital followed by at least one
// lower-case letter, and letters, hyphens and apostrophes only: "Coventry",
// "O'Brien", "Ocasio-Cortez"; not "NASA", "iPhone" or "3M".
func isCapitalised(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || n == len(w) {
		return false
	}
	lower := false
	for _, r := range w[n:] {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r), unicode.Is(unicode.Mn, r), r == '-', r == '\'', r == '’':
			// A combining accent ("De\u0301fense") is part of its letter.
		default:
			return false
		}
	}
	return lower
}

// notFirstName are capitalised words that come before a name without
// being its first name: titles, roles, function words at a sentence's
// start, months and days.
var notFirstName = gazetteer(`mr, mrs, ms, miss, mx, dr, sen, senator, rep, representative, gov, governor,
president, vice, prime, minister, secretary, judge, justice, chief, general, gen, lt, col, capt, captain, sgt,
officer, detective, coach, prince, princess, king, queen, pope, saint, st, sir, dame, lord, lady, mayor,
chancellor, speaker, leader, director, commissioner, attorney, ambassador, rev, reverend, father, sister,
brother, professor, prof, chair, chairman, chairwoman, founder, agent, deputy, sheriff, admiral, adm, former,
late, star, actor, actress, singer, rapper, quarterback, commander, dean, emperor, empress, crown, duke, duchess,
earl, baron, the, a, an, and, but, or, of, in, on, at, for, by, with, from, to, as, if, when, while, after,
before, this, that, these, those, his, her, their, its, our, my, your, he, she, they, we, it, there, here, then,
so, now, today, yesterday, tomorrow, meanwhile, however, also, according, photo, photos, getty, images, read,
more, watch, related, share, updated, published, posted, hide, caption, january, february, march, april, may,
june, july, august, september, october, november, december, jan, feb, mar, apr, jun, jul, aug, sep, sept, oct,
nov, dec, monday, tuesday, wednesday, thursday, friday, saturday, sunday, jr, sr, ii, iii, iv,
congressman, congresswoman, councilman, councilwoman, councillor, assemblyman, assemblywoman, alderman,
sheikh, sheik, emir, sultan, ayatollah, imam, rabbi, bishop, archbishop, cardinal, executive, superintendent,
lieutenant, sergeant, corporal, major, marshal, inspector, constable, magistrate, treasurer, trooper, doctor,
nurse, head, spokesman, spokeswoman, analyst, economist, manager, striker, midfielder, defender, keeper,
goalkeeper, wing, prop, centre, center, lock, skipper, champion, olympian,
like, unlike, neither, either, both, each, every, all, some, many, most, few, several, other, another, such,
no, not, only, even, just, one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, first,
second, third, last, next, follow, call, click, sign, subscribe, email, contact, visit, join, see, listen, get,
find, raising, double, triple, earth` + ",\n" + placeWords + ",\n" + demonyms)

// placeWords start the names of places rather than people ("North
// Lakeland", "Mount Etna", "Fort Myers", "Santa Monica") or of bodies
// ("Royal Mail", "Deutsche Bank").
const placeWords = `north, south, east, west, northern, southern, eastern, western, northeast, northwest,
southeast, southwest, central, upper, lower, mount, mt, fort, ft, port, lake, great, grand, new, old, san,
santa, holy, royal, national, united, federal, international, air, golden, happy, merry, deutsche, cafe,
café, club, hotel, camp`

// demonyms are words of a nation, a faith, a party or a games, capitalised
// like names and glued to them ("West German", "Eight Republican
// senators", "Double Olympic champion"): never a person's first or last
// name here.
const demonyms = `american, british, english, french, german, russian, chinese, japanese, korean, indian,
pakistani, israeli, palestinian, iranian, iraqi, syrian, turkish, greek, italian, spanish, portuguese, mexican,
canadian, brazilian, argentine, argentinian, australian, african, asian, european, arab, arabic, muslim,
jewish, catholic, ukrainian, polish, dutch, swiss, swedish, norwegian, danish, finnish, irish, scottish,
welsh, egyptian, saudi, afghan, cuban, venezuelan, colombian, chilean, peruvian, nigerian, kenyan,
vietnamese, thai, filipino, indonesian, malaysian, taiwanese, latin, hispanic, latino, latina, soviet,
belarusian, nepalese, hungarian, czech, romanian, serbian, croatian, bulgarian, austrian, belgian, lebanese,
jordanian, yemeni, libyan, sudanese, ethiopian, somali, haitian, republican, republicans, democrat,
democrats, democratic, olympic, olympics, paralympic, communist, socialist, conservative, liberal, labour,
tory, tories`

// nameOfPlace is placeWords and demonyms as a set: words of a name,
// though never a person's first name ("New York Yankees").
var nameOfPlace = gazetteer(placeWords + ",\n" + demonyms)

// corpForms are the legal forms that end a company's name ("Deutsche
// Lufthansa AG", "Boeing Co").
const corpForms = `co, corp, inc, ltd, plc, llc, llp, lp, ag, sa, nv, gmbh, bv, spa, ab, asa, oyj, se, kg, pty, bhd`

// companyForm is corpForms as a set.
var companyForm = gazetteer(corpForms)

// maleTitle and femaleTitle come before a last name; a last name the
// article writes after both is two people's ("Mr. Trump ... Mrs. Trump").
var (
	maleTitle   = gazetteer(`mr, monsieur, herr, senor, señor`)
	femaleTitle = gazetteer(`mrs, ms, miss, madame, mme, frau, senora, señora`)
)

// femaleFirst and maleFirst are common first names that are nearly always
// a woman's or a man's, so that a title that says otherwise is another
// person's ("Susan Gibbs" and her husband, "Mr. Gibbs"). A name in neither
// list is taken to fit any title.
var (
	femaleFirst = gazetteer(`mary, patricia, jennifer, linda, elizabeth, barbara, susan, jessica,
sarah, karen, lisa, nancy, betty, margaret, sandra, kimberly, emily, donna, michelle, carol, amanda,
dorothy, melissa, deborah, stephanie, rebecca, sharon, laura, cynthia, kathleen, amy, angela, anna,
brenda, pamela, emma, nicole, helen, samantha, katherine, christine, debra, rachel, carolyn, janet,
catherine, maria, heather, diane, ruth, julie, olivia, joyce, virginia, victoria, lauren, christina, joan,
judith, megan, cheryl, hannah, jacqueline, martha, gloria, teresa, ann, sara, frances, kathryn, janice,
abigail, alice, judy, sophia, grace, denise, amber, doris, marilyn, danielle, isabella, theresa, diana,
natalie, brittany, charlotte, marie, kayla, lori, hillary, melania, kamala, nikki, camilla, kate, meghan,
elise, kristi, tulsi, marjorie, ursula, giorgia, jacinda, liz, kirsty, beyonce, oprah, serena, greta, mia,
ella, chloe, zoe, lily, ava, harriet`)
	maleFirst = gazetteer(`james, robert, john, michael, david, william, richard, joseph, thomas,
charles, christopher, daniel, matthew, anthony, mark, donald, steven, paul, andrew, joshua, kenneth,
kevin, brian, george, timothy, ronald, edward, jason, jeffrey, ryan, jacob, gary, nicholas, eric,
jonathan, stephen, larry, justin, scott, brandon, benjamin, samuel, gregory, alexander, frank, patrick,
raymond, jack, dennis, aaron, jose, adam, nathan, henry, douglas, zachary, peter, ethan, walter, noah,
jeremy, keith, roger, gerald, harold, sean, austin, carl, arthur, lawrence, bryan, billy, joe, bruce,
gabriel, albert, alan, juan, wayne, elijah, randy, roy, vincent, ralph, eugene, russell, bobby, mason,
philip, louis, barack, vladimir, volodymyr, emmanuel, rishi, boris, keir, narendra, mike, chuck, mitch,
bernie, elon, jeff, bill, tim, pete, ron, kash, marco, rudy, steve, tom, jim, bob, dick, ted, ben, nick,
matt, dan, tony, ken, greg, fred, harry`)
)

// menTitles and womenTitles are the titles that say a person's sex, before
// a last name ("Mr. Gibbs", "Lady Gibbs", "Congresswoman McIver").
var (
	menTitles = gazetteer(`mr, monsieur, herr, senor, señor, sir, lord, baron, duke, prince, king, earl, count,
father, brother, congressman, chairman, councilman, assemblyman, alderman, spokesman`)
	womenTitles = gazetteer(`mrs, ms, miss, madame, mme, frau, senora, señora, lady, dame, baroness, duchess,
princess, queen, countess, mother, sister, congresswoman, chairwoman, councilwoman, assemblywoman,
alderwoman, spokeswoman`)
)

// sexOfTitle is 1 when the capitalised word w is a man's title, 2 when it
// is a woman's, 0 otherwise.
func sexOfTitle(w nameWord) int {
	if !w.upper {
		return 0
	}
	switch l := strings.ToLower(w.word); {
	case menTitles[l]:
		return 1
	case womenTitles[l]:
		return 2
	}
	return 0
}

// titleFits reports whether first may be the first name of a person whose
// titles say sex (sexOfTitle's bits, over one or several mentions): a
// man's title and a woman's name, or the other way round, are two people.
// The name is read without its accents and up to a hyphen ("Zoë",
// "Mary-Kate").
func titleFits(sex int, first string) bool {
	name := strings.ToLower(strings.Fields(first)[0])
	if i := strings.IndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	name = foldAccents(name)
	return (sex&1 == 0 || !femaleFirst[name]) && (sex&2 == 0 || !maleFirst[name])
}

// foldAccents drops the accents of the Latin letters of s ("zoë" -> "zoe",
// "josé" -> "jose"), decomposed ones too.
func foldAccents(s string) string {
	if terms.IsASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := accentFold[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

var accentFold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåā", 'c': "çćč", 'e': "èéêëēė", 'i': "ìíîïī", 'n': "ñń", 'o': "òóôõöøō", 's': "šś",
		'u': "ùúûüū", 'y': "ýÿ", 'z': "žźż",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// notLastName are capitalised words that end the names of bodies, places,
// events and groups rather than people ("White House", "Treasury
// Department", "European Championship", "House Republicans").
var notLastName = gazetteer(`house, senate, congress, parliament, department, court, committee, council, party,
championship, championships, cup, league, republicans, democrats, americans, office, ministry, agency, bureau,
administration, service, services, center, centre, institute, university, college, school, hospital, airport,
station, street, avenue, road, bridge, park, square, hall, tower, building, company, group, bank, fund,
foundation, association, union, army, navy, force, forces, guard, police, times, post, news, journal, network,
channel, games, olympics, series, bowl, award, awards, prize, act, bill, law, day, week, year, island, islands,
river, lake, mountain, mountains, valley, county, city, state, states, republic, kingdom, province, region,
coast, sea, ocean, gulf, bay, panhandle, storm, hurricane, festival, museum, church, club, team, show, report,
project, program, programme, plan, summit, conference, convention, war, treaty, accord, index, exchange,
arena, stadium, theatre, theater, kitchen, cafe, restaurant, hotel, studio, studios, records, media, press,
market, mall, gallery, library, prison, jail, base, camp, temple, mosque, cathedral, chapel, premium, plus,
pro, max, mini, ultra, lite, edition` +
	",\n" + demonyms + ",\n" + corpForms)

// nameSuffixes end a name after its last name.
var nameSuffixes = gazetteer(`jr, sr, ii, iii, iv`)

// firstNames returns the book of the article's names (see the rules
// above). It reads the article only for the words a quote asks about, and
// keeps what it found.
func firstNames(art *chronicle.Article) nameBook {
	return nameBook{art: art, firsts: map[string]string{}, lower: map[string]bool{}}
}

// titleOf tells the title before ws[i]: 1 for Mr, 2 for Mrs, Ms or Miss,
// 3 for a couple ("Mr. and Mrs. Smith", "the President and Mrs.
// Clinton"), 0 for none.
func titleOf(ws []nameWord, i int) int {
	if !ws[i-1].upper {
		return 0 // "Arsenal will miss Partey": a verb, not the title
	}
	prev := strings.ToLower(ws[i-1].word)
	switch {
	case maleTitle[prev]:
		return 1
	case !femaleTitle[prev]:
		return 0
	case i >= 3 && strings.EqualFold(ws[i-2].word, "and") && ws[i-3].upper &&
		(notFirstName[strings.ToLower(ws[i-3].word)] || maleTitle[strings.ToLower(ws[i-3].word)]):
		return 3
	}
	return 2
}

// nameBook answers, for one article, which first name it gives a last name
// and which words it writes in lower case; both are cached.
type nameBook struct {
	art    *chronicle.Article // nil: only the cache answers
	firsts map[string]string  // "" for a last name with no clear first name
	lower  map[string]bool
}

// first returns the first name the article makes clear for last, or "".
func (b nameBook) first(last string) string {
	if f, ok := b.firsts[last]; ok {
		return f
	}
	f := b.findFirst(last)
	b.firsts[last] = f
	return f
}

func (b nameBook) findFirst(last string) string {
	if b.art == nil || notLastName[strings.ToLower(last)] || !b.plainName(last) {
		return ""
	}
	firsts := map[string]bool{} // the first names met before last
	counted, titled := false, 0 // titled: titleOf's bits over the mentions
	sexes := 0                  // sexOfTitle's bits over the mentions
	// Not the title: a headline gives names by the last name alone.
	for _, p := range b.art.Paragraphs {
		if !strings.Contains(p.Text, last) {
			continue
		}
		ws := nameWords(p.Text)
		for i, w := range ws {
			if w.word != last || !w.upper {
				continue
			}
			if i > 0 && strings.EqualFold(ws[i-1].word, "the") {
				return "" // "the House": a body
			}
			if i > 0 {
				sexes |= sexOfTitle(ws[i-1])
				if titled |= titleOf(ws, i); titled == 3 {
					return "" // Mr and Mrs: two people ("Mr. Trump ... Mrs. Trump")
				}
			}
			first := firstBefore(ws, i)
			if !counted && first == "" {
				return "" // the first mention is the last name alone
			}
			counted = true
			if first != "" {
				firsts[first] = true
			}
		}
	}
	// A first name is no common word ("Hurricane Beryl", "White House",
	// a sentence's "Later Biden"), and the two words are no place ("South
	// Korea", "Texas Panhandle"). Two first names are two people ("Donald
	// Trump ... Melania Trump"), however each stands in its sentence.
	found := ""
	for first := range firsts {
		ok := !places[strings.ToLower(first+" "+last)]
		for _, w := range strings.Fields(first) {
			ok = ok && (isInitial(w) || b.plainName(w))
		}
		switch {
		case !ok:
		case found != "":
			return "" // two first names: which one is meant is not clear
		default:
			found = first
		}
	}
	if found != "" && !titleFits(sexes, found) {
		// "Susan Gibbs" and "Mr. Gibbs, her husband": the article names
		// two Gibbses, and a "Gibbs" alone may be either.
		return ""
	}
	return found
}

// writesLower reports whether the article writes the lower-case word l
// as a word of its own ("brown" in "the brown bear").
func (b nameBook) writesLower(l string) bool {
	if v, ok := b.lower[l]; ok {
		return v
	}
	v := false
	if b.art != nil {
		for _, p := range b.art.Paragraphs {
			if v = holdsWordAt(p.Text, l); v {
				break
			}
		}
	}
	b.lower[l] = v
	return v
}

// holdsWordAt reports whether text holds w with no letter or digit
// either side.
func holdsWordAt(text, w string) bool {
	for i := 0; i <= len(text)-len(w); {
		k := strings.Index(text[i:], w)
		if k < 0 {
			return false
		}
		k += i
		before, _ := utf8.DecodeLastRuneInString(text[:k])
		after, _ := utf8.DecodeRuneInString(text[k+len(w):])
		if (k == 0 || !unicode.IsLetter(before) && !unicode.IsDigit(before)) &&
			(k+len(w) == len(text) || !unicode.IsLetter(after) && !unicode.IsDigit(after)) {
			return true
		}
		i = k + 1
	}
	return false
}

// mayName reports whether a capitalised word may be part of a name: it is
// not a title or function word ("President", "The"), nor a word that
// starts a sentence and is a common word there ("Later", "When").
func (b nameBook) mayName(w nameWord) bool {
	l := strings.ToLower(w.word)
	if nameOfPlace[l] {
		return true // "San Francisco", "New York"
	}
	if notFirstName[l] {
		return false
	}
	return !w.sentStart || !b.writesLower(l) && !terms.IsStop(l)
}

// plainName reports whether the article uses w only as a name: never in
// lower case, not a stop word, a title or a known place, and not ending in
// a capital ("SpaceX").
func (b nameBook) plainName(w string) bool {
	l := strings.ToLower(w)
	last, _ := utf8.DecodeLastRuneInString(w)
	if terms.IsStop(l) || notFirstName[l] || places[l] || unicode.IsUpper(last) {
		return false
	}
	// Each part of a hyphenated name is capitalised ("Jean-Luc",
	// "Ocasio-Cortez"), not "Louisiana-based".
	for _, part := range strings.Split(w, "-") {
		if r, _ := utf8.DecodeRuneInString(part); !unicode.IsUpper(r) {
			return false
		}
	}
	return !b.writesLower(l)
}

// firstBefore returns the first name written just before ws[i] ("Kirsty"
// of "Kirsty Coventry", "Robert F." of "Robert F. Kennedy"), or "".
func firstBefore(ws []nameWord, i int) string {
	if i == 0 || !ws[i].joined || !ws[i-1].upper {
		return ""
	}
	j := i - 1
	if isInitial(ws[j].word) {
		if j == 0 || !ws[j].joined || !ws[j-1].upper || isInitial(ws[j-1].word) {
			return ""
		}
		j--
	}
	if !isCapitalised(ws[j].word) || notFirstName[strings.ToLower(ws[j].word)] {
		return ""
	}
	if before := strings.ToLower(ws[max(j-1, 0)].word); j > 0 && ws[j].joined && ws[j-1].upper &&
		(!notFirstName[before] || nameOfPlace[before]) {
		// A third name word before ("Kirsty Leigh Coventry", "New York
		// Yankees"): which words are the first name is not clear.
		return ""
	}
	if j > 0 && ws[j].joined && isArticleWord(ws[j-1].word) {
		// "the Color Purple", "the Golden Globes": a thing's name.
		return ""
	}
	if goesOn(ws, i) {
		// The word goes on into another name word, or into a
		// company's legal form ("Lufthansa AG"): not a last name.
		return ""
	}
	if i == j+1 {
		return ws[j].word
	}
	return ws[j].word + " " + ws[j+1].word
}

// goesOn reports whether ws[i] goes on into another name word ("Coventry
// Arena") or a company's legal form ("Lufthansa AG", "Boeing Co."), but
// for a suffix of a person's name ("Jr.").
func goesOn(ws []nameWord, i int) bool {
	if i+1 >= len(ws) || !ws[i+1].joined {
		return false
	}
	next := strings.ToLower(ws[i+1].word)
	return ws[i+1].upper && !nameSuffixes[next] || companyForm[next]
}

// isArticleWord reports whether w is "the", "a" or "an".
func isArticleWord(w string) bool {
	return strings.EqualFold(w, "the") || strings.EqualFold(w, "a") || strings.EqualFold(w, "an")
}

// isBareInitial reports whether w is a capital letter alone ("S" of "S
// Horgan").
func isBareInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsUpper(r)
}

// withFirstNames adds, in brackets, the first name before the first
// mention by last name alone of each person the article names in full
// (firstNames), while the quote fits max bytes; highlights move with the
// text.
func withFirstNames(text string, highlights []chronicle.Span, book nameBook, max int) (string, []chronicle.Span) {
	ws := nameWords(text)
	done := map[string]bool{}
	type insert struct {
		at   int
		text string
	}
	var ins []insert
	grow := 0
	for i, w := range ws {
		if done[w.word] || !w.upper || isInitial(w.word) {
			continue
		}
		done[w.word] = true
		if i > 0 && ws[i].joined && ws[i-1].upper && book.mayName(ws[i-1]) {
			// After its first name ("Kirsty Coventry" itself) or after
			// another word that may be part of a name ("Caroline
			// Kennedy", "Baltimore Ravens"): another name, or the name
			// in full.
			continue
		}
		if i > 0 && strings.EqualFold(ws[i-1].word, "the") {
			continue
		}
		if i > 0 && ws[i].joined && isBareInitial(ws[i-1].word) {
			// An initial without its full stop ("S Horgan" of a
			// line-up): the name is given, maybe another person's.
			continue
		}
		if goesOn(ws, i) {
			continue
		}
		first := book.first(w.word)
		if first == "" || i > 0 && !titleFits(sexOfTitle(ws[i-1]), first) {
			continue
		}
		add := "[" + first + "] "
		if len(text)+grow+len(add) > max {
			break
		}
		ins = append(ins, insert{w.start, add})
		grow += len(add)
	}
	if len(ins) == 0 {
		return text, highlights
	}
	var b strings.Builder
	b.Grow(len(text) + grow)
	prev := 0
	for _, in := range ins {
		b.WriteString(text[prev:in.at])
		b.WriteString(in.text)
		prev = in.at
	}
	b.WriteString(text[prev:])
	shift := func(p int) int {
		n := 0
		for _, in := range ins {
			if in.at <= p {
				n += len(in.text)
			}
		}
		return p + n
	}
	out := make([]chronicle.Span, len(highlights))
	for k, h := range highlights {
		out[k] = chronicle.Span{Start: shift(h.Start), End: shift(h.End-1) + 1}
	}
	return b.String(), out
}
