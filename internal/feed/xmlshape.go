package feed

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/mmcdole/gofeed"
)

// Bounds on the shape of an XML feed, checked before it is parsed: the
// parser builds a tree of maps for extension elements, and a 5 MiB body of
// nested or sibling elements cost 300 to 600 MB of memory (helper 79),
// while a real feed of 2,000 items has some tens of thousands of elements
// (the HTML of an item's content is text inside CDATA or escaped, not
// elements) and is a few levels deep.
const (
	maxFeedDepth    = 100
	maxFeedElements = 250_000
	// maxFeedTag bounds one tag with its attributes: one tag of 5 MiB of
	// attributes cost the parser 140 MB (an inline image of some tens of
	// kilobytes is a long tag of a real feed).
	maxFeedTag = 1 << 20
)

// parseFeed parses a feed body with gofeed, after checking an XML body's
// shape (checkXMLShape).
func parseFeed(body []byte) (*gofeed.Feed, error) {
	if err := checkXMLShape(body, maxFeedDepth, maxFeedElements); err != nil {
		return nil, err
	}
	return gofeed.NewParser().Parse(bytes.NewReader(body))
}

// checkXMLShape refuses a body that holds more than maxElements elements,
// nests them more than maxDepth deep, or has a tag (with its attributes)
// longer than maxFeedTag. It reads the bytes without decoding them (any
// charset, broken UTF-8), skipping comments, CDATA sections, processing
// instructions, declarations and quoted attribute values, and follows the
// parser's leniency: an end tag closes the innermost open element of its
// name and those opened inside it (a sloppy "<br>" in a description is
// closed with the description), and one that matches no open element is
// passed over. A JSON Feed (whose strings may hold HTML) is held to
// maxElements objects and arrays (checkJSONShape).
func checkXMLShape(body []byte, maxDepth, maxElements int) error {
	if first := docStart(body); len(first) > 0 && (first[0] == '{' || first[0] == '[') {
		return checkJSONShape(body, maxElements)
	}
	var open [][]byte // the names of the open elements, outermost first
	elements := 0
	for i := 0; i < len(body); i++ {
		if body[i] != '<' {
			continue
		}
		rest := body[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(body, i+4, "-->")
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast(body, i+9, "]]>")
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast(body, i+2, "?>")
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			i = closingAngle(body, i+2, true)
			continue
		}
		end := closingAngle(body, i+1, false)
		if end-i+1 > maxFeedTag {
			return fmt.Errorf("feed has an XML tag of more than %d bytes; not read", maxFeedTag)
		}
		if body[end] != '>' {
			// A tag the body ends inside ("…<", "…</"): nothing follows
			// to count, and its name would be read past its end.
			return nil
		}
		switch {
		case i+1 < len(body) && body[i+1] == '/':
			name := tagName(body[i+2 : end])
			for k := len(open) - 1; k >= 0; k-- {
				if bytes.Equal(open[k], name) {
					open = open[:k]
					break
				}
			}
		case end > i+1 && body[end-1] == '/':
			elements++ // <x/>: nothing stays open
		default:
			elements++
			if open = append(open, tagName(body[i+1:end])); len(open) > maxDepth {
				return fmt.Errorf("feed nests its XML elements more than %d deep; not read", maxDepth)
			}
		}
		if elements > maxElements {
			return fmt.Errorf("feed holds more than %d XML elements; not read", maxElements)
		}
		i = end
	}
	return nil
}

// checkJSONShape refuses a JSON body of more than maxElements objects and
// arrays, counted outside strings: a 5 MiB JSON Feed of empty items
// ({},{},...) cost the parser 1.2 GB. (encoding/json bounds the depth.)
func checkJSONShape(body []byte, maxElements int) error {
	n := 0
	inString := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && (c == '{' || c == '['):
			if n++; n > maxElements {
				return fmt.Errorf("feed holds more than %d JSON objects and arrays; not read", maxElements)
			}
		}
	}
	return nil
}

// docStart is body from its first byte past a UTF-8 byte order mark and
// white space: where a document's first mark stands.
func docStart(body []byte) []byte {
	return bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
}

// tagName is the name at the start of a tag's inside ("x:a" of `x:a b="c"`).
func tagName(inside []byte) []byte {
	if k := bytes.IndexAny(inside, " \t\r\n/>"); k >= 0 {
		return inside[:k]
	}
	return inside
}

// skipPast returns the index of the last byte of the first end in body at
// or after from, or the last index of body.
func skipPast(body []byte, from int, end string) int {
	if k := bytes.Index(body[min(from, len(body)):], []byte(end)); k >= 0 {
		return from + k + len(end) - 1
	}
	return len(body) - 1
}

// closingAngle returns the index of the '>' that ends a tag begun before
// from, past quoted attribute values; or, for a directive ("<!DOCTYPE rss
// [ <!ENTITY e \"<a>\"> ]>"), the one that closes its first '<', as the
// parser ends it, counting the '<' and '>' past quotes and comments
// between. It is the last index of body when none does.
func closingAngle(body []byte, from int, directive bool) int {
	depth := 1
	var quote byte
	for j := from; j < len(body); j++ {
		c := body[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case directive && bytes.HasPrefix(body[j:], []byte("<!--")):
			j = skipPast(body, j+4, "-->")
		case directive && c == '<':
			depth++
		case c == '>':
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return len(body) - 1
}

// xmlEncoding returns the encoding an XML declaration at the start of body
// names, and the bounds of the name in body; "" when there is none.
func xmlEncoding(body []byte) (string, [2]int) {
	start := len(body) - len(docStart(body))
	if !bytes.HasPrefix(body[start:], []byte("<?xml")) {
		return "", [2]int{}
	}
	end := bytes.Index(body[start:], []byte("?>"))
	if end < 0 {
		return "", [2]int{}
	}
	decl := body[start : start+end]
	m := xmlEncodingAttr.FindSubmatchIndex(decl)
	if m == nil {
		return "", [2]int{}
	}
	return string(decl[m[2]:m[3]]), [2]int{start + m[2], start + m[3]}
}

// xmlEncodingAttr is the encoding attribute of an XML declaration.
var xmlEncodingAttr = regexp.MustCompile(`encoding\s*=\s*["']([^"']*)["']`)

// ascii reports whether every byte of b is ASCII.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
