package answer

// General English vocabulary the ranking relies on. Nothing here is keyed to
// a particular question, entity or answer: these are word classes.

// recentCues mark a question about the current or latest state.
var recentCues = map[string]bool{
	"current": true, "currently": true, "latest": true, "now": true, "recent": true, "recently": true,
	"today": true, "newest": true, "ongoing": true, "still": true, "yesterday": true,
}

// presentCues mark a question about the state on the as-of day itself
// ("who is the prime minister now?"), a subset of recentCues: "recently",
// "this week" or "yesterday" ask about a past week's events.
var presentCues = map[string]bool{
	"current": true, "currently": true, "latest": true, "now": true, "newest": true, "still": true, "today": true,
}

// questionFiller are words that frame a quiz question rather than name its
// subject.
var questionFiller = map[string]bool{
	"week": true, "recently": true, "recent": true, "reportedly": true, "currently": true, "current": true,
	"name": true, "called": true, "latest": true,
}

// kindOfThing are nouns that ask for a sort of what follows them: "which
// type of animal" asks for an animal.
var kindOfThing = map[string]bool{
	"type": true, "kind": true, "sort": true, "form": true, "variety": true, "breed": true, "species": true,
	"brand": true, "make": true, "model": true, "style": true, "category": true, "piece": true,
}

// choiceWords introduce a list of choices rather than name the kind of
// answer ("which of the following").
var choiceWords = map[string]bool{"following": true, "options": true, "choices": true}

// verbSignal are words that follow a verb rather than a noun: after "which
// animal tends" the "to" shows "tends" is the verb.
var verbSignal = map[string]bool{
	"the": true, "a": true, "an": true, "its": true, "their": true, "his": true, "her": true,
	"one": true, "up": true, "out": true,
}

// namingVerbs take the answer's kind as their complement: "what is widely
// considered the biggest event" asks for an event.
var namingVerbs = map[string]bool{
	"considered": true, "named": true, "called": true, "deemed": true, "dubbed": true, "ranked": true,
	"regarded": true, "seen": true, "known": true, "billed": true, "crowned": true, "voted": true,
}

// determiners begin a noun phrase.
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "their": true, "his": true, "her": true, "our": true, "your": true, "my": true,
}

// irregularVerbs are common irregular past-tense and participle forms: in a
// question they end the noun phrase ("which museum won the award").
var irregularVerbs = map[string]bool{
	"won": true, "saw": true, "broke": true, "broken": true, "found": true, "made": true, "took": true,
	"taken": true, "gave": true, "given": true, "became": true, "came": true, "went": true, "got": true,
	"held": true, "led": true, "lost": true, "met": true, "paid": true, "said": true, "sent": true, "sold": true,
	"spent": true, "stood": true, "struck": true, "told": true, "thought": true, "wrote": true, "written": true,
	"began": true, "begun": true, "brought": true, "bought": true, "built": true, "caught": true, "chose": true,
	"chosen": true, "drew": true, "drawn": true, "drove": true, "fell": true, "fallen": true, "felt": true,
	"fled": true, "flew": true, "flown": true, "grew": true, "grown": true, "knew": true, "known": true,
	"kept": true, "meant": true, "rose": true, "risen": true, "sang": true, "sank": true, "sought": true,
	"spoke": true, "spoken": true, "stole": true, "stolen": true, "swore": true, "sworn": true, "taught": true,
	"threw": true, "thrown": true, "upheld": true, "withdrew": true, "seen": true, "shown": true, "done": true,
	"beat": true, "beaten": true, "hid": true, "hidden": true, "wore": true, "worn": true, "ate": true, "eaten": true,
}

// focusKinds maps the noun after which/what to the expected answer type.
var focusKinds = map[string]Kind{
	// places
	"country": KindPlace, "nation": KindPlace, "city": KindPlace, "state": KindPlace, "island": KindPlace,
	"region": KindPlace, "province": KindPlace, "capital": KindPlace, "town": KindPlace, "continent": KindPlace,
	"county": KindPlace, "village": KindPlace, "territory": KindPlace, "location": KindPlace, "place": KindPlace,
	"sea": KindPlace, "ocean": KindPlace, "river": KindPlace, "lake": KindPlace, "mountain": KindPlace,
	"park": KindPlace, "airport": KindPlace, "border": KindPlace, "coast": KindPlace, "neighborhood": KindPlace,
	"countries": KindPlace, "cities": KindPlace, "states": KindPlace, "nations": KindPlace,
	"venue": KindPlace, "stadium": KindPlace, "district": KindPlace, "peninsula": KindPlace, "gulf": KindPlace,
	"port": KindPlace, "area": KindPlace, "part": KindPlace, "destination": KindPlace, "resort": KindPlace,
	"volcano": KindPlace, "landmark": KindPlace, "desert": KindPlace, "beach": KindPlace,
	// people
	"person": KindPerson, "man": KindPerson, "woman": KindPerson, "president": KindPerson, "leader": KindPerson,
	"minister": KindPerson, "actor": KindPerson, "actress": KindPerson, "singer": KindPerson, "player": KindPerson,
	"ceo": KindPerson, "author": KindPerson, "rapper": KindPerson, "star": KindPerson, "name": KindPerson,
	"senator": KindPerson, "governor": KindPerson, "judge": KindPerson, "official": KindPerson, "king": KindPerson,
	"queen": KindPerson, "prince": KindPerson, "princess": KindPerson, "musician": KindPerson, "artist": KindPerson,
	"athlete": KindPerson, "candidate": KindPerson, "lawmaker": KindPerson, "billionaire": KindPerson,
	"founder": KindPerson, "celebrity": KindPerson, "comedian": KindPerson, "director": KindPerson,
	"coach": KindPerson, "quarterback": KindPerson, "pope": KindPerson, "host": KindPerson,
	"justice": KindPerson, "journalist": KindPerson, "reporter": KindPerson, "astronaut": KindPerson,
	"lawyer": KindPerson, "writer": KindPerson, "scientist": KindPerson, "ambassador": KindPerson,
	"mayor": KindPerson, "secretary": KindPerson, "nominee": KindPerson, "winner": KindPerson,
	"champion": KindPerson, "golfer": KindPerson, "gymnast": KindPerson, "footballer": KindPerson,
	"politician": KindPerson, "chairman": KindPerson, "executive": KindPerson, "monarch": KindPerson,
	"suspect": KindPerson, "pilot": KindPerson, "doctor": KindPerson, "designer": KindPerson,
	"chef": KindPerson, "novelist": KindPerson, "poet": KindPerson, "pitcher": KindPerson,
	"republican": KindPerson, "democrat": KindPerson, "speaker": KindPerson, "successor": KindPerson,
	"figure": KindPerson, "congressperson": KindPerson, "congressman": KindPerson,
	"congresswoman": KindPerson, "legend": KindPerson, "personality": KindPerson, "icon": KindPerson,
	// organisations
	"company": KindOrganization, "automaker": KindOrganization, "airline": KindOrganization,
	"team": KindOrganization, "organization": KindOrganization, "group": KindOrganization,
	"party": KindOrganization, "agency": KindOrganization, "firm": KindOrganization, "brand": KindOrganization,
	"retailer": KindOrganization, "network": KindOrganization, "university": KindOrganization,
	"bank": KindOrganization, "club": KindOrganization, "band": KindOrganization, "chain": KindOrganization,
	"restaurant": KindOrganization, "carrier": KindOrganization, "manufacturer": KindOrganization,
	"automakers": KindOrganization, "companies": KindOrganization, "platform": KindOrganization,
	"app": KindOrganization, "newspaper": KindOrganization, "magazine": KindOrganization,
	"store": KindOrganization, "giant": KindOrganization, "streaming": KindOrganization,
	"carmaker": KindOrganization, "maker": KindOrganization, "startup": KindOrganization,
	"broadcaster": KindOrganization, "publisher": KindOrganization, "studio": KindOrganization,
	"union": KindOrganization, "league": KindOrganization, "insurer": KindOrganization,
	"lender": KindOrganization, "supermarket": KindOrganization, "pharmacy": KindOrganization,
	"chipmaker": KindOrganization, "website": KindOrganization, "outlet": KindOrganization,
	// numbers and dates
	"number": KindNumber, "percentage": KindPercent, "percent": KindPercent, "amount": KindMoney,
	"price": KindMoney, "cost": KindMoney, "age": KindNumber, "year": KindDate, "day": KindDate,
	"month": KindDate, "date": KindDate, "decade": KindDate, "century": KindDate,
	"magnitude": KindNumber, "score": KindNumber, "total": KindNumber, "deadline": KindDate,
	"songwriter": KindPerson,
}

// variants are derived forms the Porter stemmer does not bring together
// (detain / detention): general English morphology, matched at full weight.
var variants = map[string][]string{
	"detain": {"detention"}, "detent": {"detain"}, "retain": {"retention"}, "explod": {"explosion"},
	"explos": {"explode"}, "invad": {"invasion"}, "invas": {"invade"}, "decid": {"decision"},
	"decis": {"decide"}, "collid": {"collision"}, "collis": {"collide"}, "conclud": {"conclusion"},
	"conclus": {"conclude"}, "expel": {"expulsion"}, "expuls": {"expel"}, "die": {"death"},
	"death": {"died"}, "dead": {"died"}, "born": {"birth"}, "birth": {"born"}, "sold": {"sale"},
	"sale": {"sold"}, "won": {"win"}, "win": {"won"}, "flew": {"flight"}, "flight": {"flew"},
	"chose": {"choice"}, "choic": {"chose"}, "thought": {"think"}, "bought": {"buy"}, "bui": {"bought"},
}

// expansions add general event vocabulary to a question's terms: stems of
// question words mapped to related words that news text uses for the same
// thing.
var expansions = map[string][]string{
	"claim":      {"responsibility", "behind", "attributed"},
	"behind":     {"responsibility", "claimed", "attributed"},
	"responsibl": {"claimed", "behind"},
	"kill":       {"dead", "death", "toll", "died", "lives"},
	"die":        {"dead", "killed", "death"},
	"dead":       {"killed", "death", "toll"},
	"death":      {"killed", "dead", "toll"},
	"arrest":     {"detained", "detention", "custody", "charged"},
	"detain":     {"detention", "arrested", "custody"},
	"alert":      {"threat", "level"},
	"threat":     {"alert", "level"},
	"injur":      {"wounded", "hurt"},
	"elect":      {"won", "vote", "victory"},
	"win":        {"won", "victory", "champion"},
	"won":        {"win", "victory", "champion"},
	"resign":     {"stepped", "quit"},
	"blame":      {"accused", "responsible", "complicity"},
	"accus":      {"blamed", "alleged"},
	"ban":        {"prohibit", "barred"},
	"recal":      {"recalled", "defect"},
	"sue":        {"lawsuit", "suit"},
	"lawsuit":    {"sued", "suit"},
	"cost":       {"price", "dollars"},
	"price":      {"cost", "average"},
	"confirm":    {"corroborated", "verified"},
	"evacu":      {"fled", "displaced"},
	"erupt":      {"volcano", "eruption"},
	"earthquak":  {"quake", "magnitude"},
	"appoint":    {"named", "nominated"},
	"nomin":      {"named", "picked"},
	"replac":     {"succeed", "successor"},
	"mobil":      {"deployed", "troops"},
	"deploi":     {"mobilized", "troops"},
	"thwart":     {"foiled", "prevented"},
	"foil":       {"thwarted", "prevented"},
	"rank":       {"ranking", "list"},
	"invad":      {"invasion", "troops"},
	"acquir":     {"bought", "deal"},
	"bui":        {"acquire", "purchase", "deal"},
	"announc":    {"unveiled", "revealed"},
	"unveil":     {"announced", "revealed"},
	"releas":     {"unveiled", "launched"},
	"launch":     {"released", "unveiled"},
	"fire":       {"blaze", "wildfire"},
	"wildfir":    {"fire", "blaze"},
	"storm":      {"hurricane", "landfall"},
	"hurrican":   {"storm", "landfall"},
	"shoot":      {"gunman", "shot"},
	"crash":      {"collision", "wreck"},
	"protest":    {"demonstrators", "rally"},
	"strike":     {"walkout", "union"},
	"ceasefir":   {"truce"},
	"sanction":   {"penalties"},
	"pardon":     {"clemency"},
	"fine":       {"penalty"},
	"record":     {"highest", "ever"},
	"highest":    {"record", "maximum", "top"},
	"level":      {"alert", "status"},
}
