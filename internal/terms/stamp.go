package terms

import (
	"strings"

	"github.com/chronicle-bot/chronicle"
)

// A page's time stamp ("Updated Jan. 3, 2026, 2:06 p.m. ET", "March 4, 2025
// Updated March 6, 2025, 11:39 a.m. ET", "10:50 pm ET March 9, 2026") is
// text of the web page, not of the report; a scraper glues it to the
// sentence after it, which a quote then starts with. CutStamps takes them
// out of the text shown to a reader. A stamp is a run of
// dates, times of day, time zones and the words "Updated", "Published" and
// "Posted" that holds a date with its year and either a time of day or one
// of those words: a date or a time alone is the report's own ("On March 9,
// 2026, ...", "2:15 p.m. ET: rioters breach ..."). The page's labels
// (pageLabels: "Share this update", "AI-assisted summary", ...) go the
// same way, alone or in a stamp.

// stampLen returns the length of the stamp s starts with and the spaces
// and comma after it, or len(s) when s is a stamp and nothing else; 0 when
// s does not start with one, or when what follows it does not start a
// sentence.
func stampLen(s string) int {
	if s == "" || !mayStartStamp(s[0]) && labelPart(s) == 0 {
		return 0
	}
	i, end := 0, 0
	year, timeOrWord := false, false
	var first partKind
	for k := 0; i < len(s); k++ {
		n, kind := stampPart(s[i:])
		if n == 0 {
			break
		}
		// A stamp that starts with its time gives the zone next ("10:50
		// pm ET March 9, 2026"); a time and then a date is a timeline's
		// entry, the report's own ("6:31 p.m., Jan. 27, 1967 John ...").
		if k == 0 {
			first = kind
		} else if k == 1 && first == partTime && kind != partZone {
			break
		}
		switch kind {
		case partDateYear:
			year = true
		case partTime, partWord:
			timeOrWord = true
		}
		i += n
		end = i
		// Parts are joined by ", ", " ", " | " or " - ".
		switch {
		case strings.HasPrefix(s[i:], ", "):
			i += 2
		case strings.HasPrefix(s[i:], " | "), strings.HasPrefix(s[i:], " - "):
			i += 3
		case strings.HasPrefix(s[i:], " "):
			i++
		default:
			i = len(s) + 1 // nothing joins another part
		}
	}
	if !year || !timeOrWord || end == 0 {
		return 0
	}
	return beforeSentence(s, end, " ,")
}

// beforeSentence returns the length of s[:end] and the separators (of sep)
// after it when a sentence follows them, or len(s) when nothing follows
// s[:end]; 0 when no separator or no sentence follows. It ends what
// stampLen, labelLen and creditLen find: page furniture is cut only before
// the report's next sentence.
func beforeSentence(s string, end int, sep string) int {
	if end == len(s) {
		return end
	}
	rest := strings.TrimLeft(s[end:], sep)
	if len(rest) == len(s)-end || !startsSentence(rest) {
		return 0
	}
	return len(s) - len(rest)
}

// mayStartStamp reports whether a stamp can start with c: a digit, or the
// first letter of a month or of Updated, Published, Posted. A stamp may
// also start with a page label (labelPart), whatever its first letter.
func mayStartStamp(c byte) bool {
	return '0' <= c && c <= '9' || strings.IndexByte("JFMASONDUP", c) >= 0
}

type partKind int

const (
	partDate     partKind = iota + 1 // a month and day
	partDateYear                     // a month, day and year
	partTime                         // a time of day, with a.m. or p.m.
	partZone                         // a time zone
	partWord                         // Updated, Published, Posted
)

// stampPart returns the length and kind of the stamp part s starts with,
// or 0.
func stampPart(s string) (int, partKind) {
	if n := labelPart(s); n > 0 {
		return n, partWord
	}
	w, _, _ := strings.Cut(s, " ")
	switch strings.TrimSuffix(w, ":") {
	case "Updated", "Published", "Posted":
		return len(w), partWord
	case "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "GMT", "UTC", "BST":
		return len(w), partZone
	}
	if n := timeLen(s); n > 0 {
		return n, partTime
	}
	if months[strings.TrimSuffix(w, ".")] {
		rest := s[len(w):]
		if !strings.HasPrefix(rest, " ") {
			return 0, 0
		}
		d := digits(rest[1:])
		if d < 1 || d > 2 {
			return 0, 0
		}
		n := len(w) + 1 + d
		if strings.HasPrefix(s[n:], ", ") && digits(s[n+2:]) == 4 {
			return n + 6, partDateYear
		}
		return n, partDate
	}
	return 0, 0
}

// timeLen returns the length of a time of day s starts with ("2:06 p.m.",
// "10:50 pm"), or 0.
func timeLen(s string) int {
	h := digits(s)
	if h < 1 || h > 2 || len(s) < h+3 || s[h] != ':' || digits(s[h+1:]) != 2 {
		return 0
	}
	n := h + 3
	for _, m := range []string{" a.m.", " p.m.", " am", " pm", " AM", " PM", " a.m", " p.m"} {
		if strings.HasPrefix(s[n:], m) {
			end := n + len(m)
			if end == len(s) || s[end] == ' ' || s[end] == ',' {
				return end
			}
		}
	}
	return 0
}

// digits returns how many ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

// months are the month names and abbreviations a stamp writes.
var months = map[string]bool{
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true,
	"Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true,
}

// endsWithTime reports whether stamp ends with a time of day, its zone
// left to the next sentence: "... 2:06 p.m.".
func endsWithTime(stamp string) bool {
	return strings.HasSuffix(stamp, "a.m.") || strings.HasSuffix(stamp, "p.m.")
}

// CutStamps returns text without the page time stamps its sentences start
// with (a sentence that is only a stamp goes whole, and after one the time
// zone the next sentence starts with, or at the start of text an Eastern
// one: the sentence splitter ends a sentence at "2:06 p.m." before "ET"),
// and spans shifted to the new text (those inside a stamp dropped). A stamp
// between two sentences becomes "…", as any cut of a quote. A leading or
// trailing "…" of a cut quote stays.
// The text is returned as it is when it holds no stamp or is nothing else.
// It is for text shown to a reader: the ranker reads sentences as they are,
// so that no answer changes for it.
func CutStamps(text string, spans []chronicle.Span) (string, []chronicle.Span) {
	body, lead, trail := text, 0, 0
	if strings.HasPrefix(body, "… ") {
		lead = len("… ")
	}
	if strings.HasSuffix(body[lead:], " …") {
		trail = len(" …")
	}
	body = text[lead : len(text)-trail]
	var keep []chronicle.Span // of body
	// A text that starts with a time zone and then a sentence starts where
	// the sentence splitter cut a stamp's "2:06 p.m." off: the zone is the
	// stamp's too, when it is the one the stamps write (zoneAtStart).
	cut, zones := false, zoneAtStart
	for _, s := range Sentences(body) {
		k, after := cutStamp(body, s, zones)
		zones = zoneNone
		if after {
			zones = zoneAfterStamp
		}
		if k != s {
			cut = true
		}
		parts := cutButtons(body, k)
		if len(parts) != 1 || parts[0] != k {
			cut = true
		}
		for _, k := range parts {
			if k.End > k.Start {
				keep = append(keep, k)
			}
		}
	}
	if !cut || len(keep) == 0 {
		return text, spans
	}
	var b strings.Builder
	b.WriteString(text[:lead])
	// at maps each kept range of body to its offset in the new text.
	at := make([]int, len(keep))
	for i, k := range keep {
		if i > 0 {
			// A stamp left out between two sentences leaves a mark, so
			// that the quote stays a verbatim passage with its cuts shown.
			if strings.TrimSpace(body[keep[i-1].End:k.Start]) != "" {
				b.WriteString(" …")
			}
			b.WriteByte(' ')
		}
		at[i] = b.Len()
		b.WriteString(body[k.Start:k.End])
	}
	b.WriteString(text[len(text)-trail:])
	var out []chronicle.Span
	for _, sp := range spans {
		for i, k := range keep {
			if sp.Start-lead >= k.Start && sp.End-lead <= k.End {
				off := at[i] - k.Start - lead
				out = append(out, chronicle.Span{Start: sp.Start + off, End: sp.End + off})
				break
			}
		}
	}
	return b.String(), out
}

// zoneCut says which time zone a sentence may lose from its start.
type zoneCut int

const (
	zoneNone       zoneCut = iota // none: the zone is the report's
	zoneAtStart                   // at the start of a text: an Eastern one (eastern)
	zoneAfterStamp                // after a stamp that ends with its time: any
)

// eastern reports whether zone is US Eastern time, the zone of the stamps
// of the news pages in the corpus. At the start of a text, before which no
// stamp is seen, only such a zone is taken for a stamp's: the others are
// as often a name's initials ("CT Pan wins ...", "PT Barnum").
func eastern(zone string) bool { return zone == "ET" || zone == "EST" || zone == "EDT" }

// cutStamp leaves out the page's time stamp sentence s of p starts with
// (stampLen), or the whole span when it is only a stamp; and a time zone
// the sentence starts with (as zones allows), or the whole span when it is
// only the zone. It reports whether the whole span was a stamp that ends
// with a time of day, its zone left to the next sentence.
func cutStamp(p string, s chronicle.Span, zones zoneCut) (chronicle.Span, bool) {
	if zones != zoneNone {
		// A zone with a colon labels what follows it ("PT: 6:45 p.m. |
		// 7:50 p.m.", "CST: Free"): the splitter leaves a stamp's zone
		// bare.
		w, rest, ok := strings.Cut(p[s.Start:s.End], " ")
		if n, kind := stampPart(w); n == len(w) && kind == partZone && !strings.HasSuffix(w, ":") &&
			(zones == zoneAfterStamp || eastern(w)) {
			switch {
			case !ok:
				return chronicle.Span{Start: s.End, End: s.End}, false
			case startsSentence(rest):
				s = trimSpan(p, s.Start+len(w), s.End)
			}
		}
	}
	// Stamps, page labels and photo credits, in any order ("10:50 pm ET
	// March 9, 2026 Share this update Iranian operative convicted.").
	for {
		t := p[s.Start:s.End]
		n := stampLen(t)
		stamp := n > 0
		if !stamp {
			n = labelLen(t)
		}
		if n == 0 {
			n = creditLen(t)
		}
		switch {
		case n == 0:
			return s, false
		case n == len(t):
			return chronicle.Span{Start: s.End, End: s.End}, stamp && endsWithTime(t)
		}
		s = trimSpan(p, s.Start+n, s.End)
	}
}

// pageLabels are the labels of a page's controls and furniture that a
// scraper glues to the sentence after them ("Share this update Oil back
// over $100 ...", "AI-assisted summary President Trump has ordered ...").
// Like a stamp, a label is cut when it starts a sentence and a sentence
// follows it; in a sentence ("Readers can share this update") or before
// other words ("Read more about it") it is the report's own.
var pageLabels = []string{
	"Share this update", "AI-assisted summary", "Show Caption", "Read more", "Advertisement",
	"Story continues below advertisement", "Listen to this article", "Skip Ad", "Copy link", "Photos:", "Photo:",
	"Prev Next", "Sign up",
}

// labelPart returns the length of the page label s starts with (one of
// pageLabels, or a gallery's "Hide Caption 65 of 66"), or 0.
func labelPart(s string) int {
	for _, l := range pageLabels {
		if strings.HasPrefix(s, l) && (len(s) == len(l) || s[len(l)] == ' ') {
			return len(l)
		}
	}
	const hide = "Hide Caption "
	if !strings.HasPrefix(s, hide) {
		return 0
	}
	n := len(hide)
	d := digits(s[n:])
	if d == 0 || !strings.HasPrefix(s[n+d:], " of ") {
		return 0
	}
	n += d + len(" of ")
	if d = digits(s[n:]); d == 0 {
		return 0
	}
	n += d
	if n < len(s) && s[n] != ' ' {
		return 0
	}
	return n
}

// labelLen returns the length of the page labels s starts with and the
// spaces after them, when a sentence follows them; or len(s) when s is
// labels and nothing else; or 0.
func labelLen(s string) int {
	end := 0
	for {
		n := labelPart(s[end:])
		if n == 0 {
			break
		}
		end += n
		rest := strings.TrimLeft(s[end:], " ")
		if len(rest) == len(s)-end || labelPart(rest) == 0 {
			break
		}
		end = len(s) - len(rest) // another label follows
	}
	if end == 0 {
		return 0
	}
	return beforeSentence(s, end, " ")
}

// galleryButtons is the label of a photo gallery's buttons, which a
// scraper leaves at the end of each caption ("... Getty Images Prev Next").
const galleryButtons = " Prev Next"

// cutButtons returns span s of p without the gallery buttons in it: each
// " Prev Next" that ends the span or comes before a sentence ("... Rishi
// Sunak Prev Next Sunak has also ...") splits it in two. Before other words
// ("Press Prev Next to turn the page") they stay.
func cutButtons(p string, s chronicle.Span) []chronicle.Span {
	var out []chronicle.Span
	for from := s.Start; ; {
		k := strings.Index(p[from:s.End], galleryButtons)
		if k < 0 {
			break
		}
		at := from + k
		after := at + len(galleryButtons)
		rest := strings.TrimLeft(p[after:s.End], " ")
		if after < s.End && (p[after] != ' ' || !startsSentence(rest)) {
			from = at + 1
			continue
		}
		out = append(out, chronicle.Span{Start: s.Start, End: at})
		s = chronicle.Span{Start: s.End - len(rest), End: s.End}
		from = s.Start
	}
	return append(out, s)
}

// photoAgencies end a photo's credit ("Jim Watson/AFP/Getty Images",
// "Pool/AP"), longest first where one ends another.
var photoAgencies = []string{
	"AFP via Getty Images", "Getty Images", "USA TODAY NETWORK", "USA TODAY Sports", "USA TODAY", "Imagn Images",
	"EPA-EFE", "EPA", "AFP", "AP", "Reuters", "Shutterstock", "Bloomberg", "Sipa USA", "NurPhoto", "ZUMA Press",
	"Alamy", "Redux", "WireImage", "FilmMagic",
}

// creditLen returns the length of the photo credit s starts with and the
// spaces after it, when a sentence follows it; or len(s) when s is a credit
// and nothing else; or 0. A credit is capitalised words joined by slashes
// that end with a photo agency: a caption's credit glued to the next
// caption ("The Asahi Shimbun/Getty Images Abe lies on the ground.").
func creditLen(s string) int {
	if strings.IndexByte(s, '/') < 0 {
		return 0 // most sentences: no agency to look for
	}
	const most = 120 // a credit is a few names long
	end := -1
	for _, ag := range photoAgencies {
		for from := 0; from < min(len(s), most); {
			k := strings.Index(s[from:], "/"+ag)
			if k < 0 {
				break
			}
			k += from
			e := k + 1 + len(ag)
			if (e == len(s) || s[e] == ' ') && creditNames(s[:k]) && (end < 0 || e < end) {
				end = e
			}
			from = k + 1
		}
	}
	if end < 0 {
		return 0
	}
	return beforeSentence(s, end, " ")
}

// creditNames reports whether s is the names before a credit's agency:
// capitalised words, joined by spaces and slashes ("Phil Noble/AFP",
// "The Asahi Shimbun", "Pool").
func creditNames(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, "/") {
		words := strings.Fields(part)
		if len(words) == 0 {
			return false
		}
		for _, w := range words {
			if w[0] < 'A' || w[0] > 'Z' {
				return false
			}
		}
	}
	return true
}

// TrimZone returns s without the time zone it starts with ("ET Bob Jones":
// a name read across the end of a stamp), or s when it starts with none or
// is nothing else.
func TrimZone(s string) string {
	w, rest, ok := strings.Cut(s, " ")
	if n, kind := stampPart(w); ok && n == len(w) && kind == partZone && rest != "" {
		return rest
	}
	return s
}
