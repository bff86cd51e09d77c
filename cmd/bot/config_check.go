package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
	"github.com/chronicle-bot/chronicle/internal/feed"
	"github.com/chronicle-bot/chronicle/internal/index"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// decoder copies viper's values into a Config one key at a time, so that a
// value of the wrong type is reported with its key and does not hide the
// others, and warns about every key it does not know.
type decoder struct {
	v        *viper.Viper
	warnings []string
}

// decode fills cfg from d.v, appending a problem to cfg.problems for every
// value it cannot decode.
func (d *decoder) decode(cfg *Config) {
	fields := map[string]any{
		"corpus.paths":                 &cfg.Corpus.Paths,
		"index.path":                   &cfg.Index.Path,
		"discord.token":                &cfg.Discord.Token,
		"discord.application_id":       &cfg.Discord.ApplicationID,
		"discord.public_key":           &cfg.Discord.PublicKey,
		"discord.guild_id":             &cfg.Discord.GuildID,
		"discord.admin_guild_id":       &cfg.Discord.AdminGuildID,
		"discord.api_url":              &cfg.Discord.APIURL,
		"discord.shard_id":             &cfg.Discord.ShardID,
		"discord.shard_count":          &cfg.Discord.ShardCount,
		"discord.gateway":              &cfg.Discord.Gateway,
		"http.addr":                    &cfg.HTTP.Addr,
		"feed.allow_private_addresses": &cfg.Feed.AllowPrivateAddresses,
		"schedule.path":                &cfg.Schedule.Path,
		"schedule.enabled":             &cfg.Schedule.Enabled,
		"feedback.enabled":             &cfg.Feedback.Enabled,
		"feedback.path":                &cfg.Feedback.Path,
		"feedback.expire":              &cfg.Feedback.Expire,
		"log.level":                    &cfg.Log.Level,
		"log.format":                   &cfg.Log.Format,
	}
	keys := d.v.AllKeys()
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(configKeys, k) {
			continue
		}
		if section := configSection(k); section != "" {
			cfg.problems = append(cfg.problems, fmt.Errorf("%s: must be a section with the keys %s", k, section))
			continue
		}
		d.warnings = append(d.warnings, unknownKey(k, k, configKeys))
	}
	for _, k := range configKeys {
		raw := d.v.Get(k)
		if raw == nil {
			continue
		}
		if k == "feeds" {
			d.feeds(cfg, raw)
			continue
		}
		if k == "corpus.paths" {
			if errs := checkPaths(raw); len(errs) > 0 {
				cfg.problems = append(cfg.problems, errs...)
				continue
			}
		}
		if err := decodeValue(raw, fields[k]); err != nil {
			if r, ok := errors.AsType[*outOfRange](err); ok {
				if lo, hi, known := intRange(k); known {
					err = &outOfRange{shown: r.shown, min: lo, max: hi}
				}
			}
			cfg.problems = append(cfg.problems, fmt.Errorf("%s: %w", keyLabel(k), err))
		}
	}
}

// intRange is the range Validate accepts for an integer key, for the
// message of a value too large to be read at all.
func intRange(key string) (lo, hi int, known bool) {
	switch key {
	case "discord.shard_count":
		return 1, maxShards, true
	case "discord.shard_id":
		return 0, maxShards - 1, true
	}
	return 0, 0, false
}

// outOfRange is the error of a whole number an int cannot hold: 1e+23 in
// the file, 99999999999999999999999 from the environment. It was "1e+23 is
// not a whole number".
type outOfRange struct {
	shown    string
	min, max int
}

func (e *outOfRange) Error() string {
	return fmt.Sprintf("%s is out of range (%d to %d)", e.shown, e.min, e.max)
}

// feeds decodes the feeds list entry by entry.
func (d *decoder) feeds(cfg *Config, raw any) {
	list, ok := raw.([]any)
	if !ok {
		if _, isString := raw.(string); isString && os.Getenv(envName("feeds")) != "" {
			cfg.problems = append(cfg.problems, fmt.Errorf("feeds (%s): feeds are set in the config file only", envName("feeds")))
			return
		}
		cfg.problems = append(cfg.problems, fmt.Errorf("feeds: must be a list of entries like {url: https://…, interval: 15m}"))
		return
	}
	cfg.Feeds = make([]FeedConfig, 0, len(list))
	for i, item := range list {
		name := fmt.Sprintf("feeds[%d]", i)
		entry, ok := item.(map[string]any)
		if !ok {
			cfg.problems = append(cfg.problems, fmt.Errorf("%s: %s is not an entry like {url: https://…, interval: 15m}", name, show(item)))
			continue
		}
		f := FeedConfig{Interval: feed.DefaultInterval}
		fields := map[string]any{"url": &f.URL, "interval": &f.Interval, "full_text": &f.FullText}
		keys := make([]string, 0, len(entry))
		for k := range entry {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ptr, known := fields[strings.ToLower(k)]
			if !known {
				d.warnings = append(d.warnings, unknownKey(name+"."+k, k, feedKeys))
				continue
			}
			if err := decodeValue(entry[k], ptr); err != nil {
				cfg.problems = append(cfg.problems, fmt.Errorf("%s.%s: %w", name, k, err))
			}
		}
		cfg.Feeds = append(cfg.Feeds, f)
		cfg.feedEntries = append(cfg.feedEntries, i)
	}
}

// feedLabel names c.Feeds[i] in messages, "feeds[N]", by its place in the
// file's list.
func (c Config) feedLabel(i int) string {
	if i < len(c.feedEntries) {
		i = c.feedEntries[i]
	}
	return fmt.Sprintf("feeds[%d]", i)
}

// checkPaths refuses a corpus.paths that is neither a string (one path, or
// several separated by commas, as the environment gives them) nor a list of
// strings: decodeValue's weak typing would read paths: 5 as the path "5"
// and true as "1". A null in the list is an empty path, refused here with
// Validate's words: decodeValue would leave the default path in its place
// ([~, extra] read as [corpus, extra]).
func checkPaths(raw any) []error {
	var list []any
	switch v := raw.(type) {
	case string, []string:
		return nil
	case []any:
		list = v
	default:
		return []error{fmt.Errorf("%s: %s is not a list of paths", keyLabel("corpus.paths"), show(raw))}
	}
	var errs []error
	for i, item := range list {
		switch item.(type) {
		case string:
		case nil:
			errs = append(errs, fmt.Errorf("corpus.paths[%d]: must not be empty", i))
		case map[string]any, []any:
			errs = append(errs, fmt.Errorf("corpus.paths[%d]: %s is not a path", i, show(item)))
		default:
			errs = append(errs, fmt.Errorf("corpus.paths[%d]: %s is not a path; put it in quotes if it is one", i, show(item)))
		}
	}
	return errs
}

// decodeValue decodes raw into ptr as viper would (strings from the
// environment into numbers, lists, durations), and says in words what is
// wrong when it cannot.
func decodeValue(raw, ptr any) error {
	if _, isDuration := ptr.(*time.Duration); isDuration {
		s, isString := raw.(string)
		if !isString {
			return fmt.Errorf("%s is not a duration with a unit, like 15m or 1h30m", show(raw))
		}
		if days, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "d")); err == nil && strings.HasSuffix(strings.TrimSpace(s), "d") && days > 0 {
			return fmt.Errorf("%s is not a duration: a duration has no days; write %dh for %s", show(raw), 24*days, terms.Counted(days, "day", "days"))
		}
	}
	if _, isInt := ptr.(*int); isInt {
		if err := checkInt(raw); err != nil {
			return err
		}
	}
	if _, isBool := ptr.(*bool); isBool {
		if !plainBool(raw) {
			return fmt.Errorf("%s is not true or false", show(raw))
		}
		// As plainBool read it: " false " was let through, then refused
		// by the decoding (helper 152).
		if s, isString := raw.(string); isString {
			raw = strings.TrimSpace(s)
		}
	}
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:           ptr,
		WeaklyTypedInput: true,
		DecodeHook: mapstructure.ComposeDecodeHookFunc(
			mapstructure.StringToTimeDurationHookFunc(),
			trimmedList,
		),
	})
	if err != nil {
		return err
	}
	if dec.Decode(raw) == nil {
		return nil
	}
	switch ptr.(type) {
	case *int:
		return fmt.Errorf("%s is not a whole number", show(raw))
	case *bool:
		return fmt.Errorf("%s is not true or false", show(raw))
	case *time.Duration:
		return fmt.Errorf("%s is not a duration like 15m or 1h30m", show(raw))
	case *[]string:
		return fmt.Errorf("%s is not a list of paths", show(raw))
	}
	return fmt.Errorf("%s is not a single value", show(raw))
}

// trimmedList reads a string as a list separated by commas, as the
// environment gives one, without the spaces around each item (nu44:
// CHRONICLE_CORPUS_PATHS="a, b" read the path " b").
func trimmedList(from, to reflect.Type, data any) (any, error) {
	s, ok := data.(string)
	if !ok || from.Kind() != reflect.String || to != reflect.TypeFor[[]string]() {
		return data, nil
	}
	if s == "" {
		return []string{}, nil
	}
	items := strings.Split(s, ",")
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
	}
	return items, nil
}

// plainBool reports whether raw reads as a boolean the way the environment
// reads one (strconv.ParseBool: true, false, 1, 0, t, f): mapstructure's weak
// typing read enabled: 2 in the file as true, while
// CHRONICLE_FEEDBACK_ENABLED=2 was refused (helper 75).
func plainBool(raw any) bool {
	switch v := raw.(type) {
	case bool:
		return true
	case string:
		_, err := strconv.ParseBool(strings.TrimSpace(v))
		return err == nil
	case int:
		return v == 0 || v == 1
	case int64:
		return v == 0 || v == 1
	case uint64:
		return v == 0 || v == 1
	case float64:
		return v == 0 || v == 1
	}
	return false
}

// checkInt says what is wrong when raw cannot be read as an int where the
// decoding would read it wrong or say only that it failed: a number with a
// fraction (YAML reads 2.5 and 1e3 as floats; mapstructure would truncate
// 2.5 to 2) is not a whole number; a whole number an int cannot hold is
// out of range (YAML reads one too long for int64 as a float or, up to
// 2^64-1, a uint64: mapstructure turned 1e23 into the smallest int and
// 2^64-1 into -1; from the environment it is a string that strconv refuses
// as out of range). Any other raw value is left to mapstructure.
func checkInt(raw any) error {
	tooBig := &outOfRange{shown: show(raw), min: math.MinInt, max: math.MaxInt}
	switch v := raw.(type) {
	case float64, float32:
		f := reflect.ValueOf(v).Float()
		if f != math.Trunc(f) { // NaN too
			return fmt.Errorf("%s is not a whole number", show(raw))
		}
		if f < math.MinInt || f >= math.MaxInt { // 2^63: MaxInt rounds up to it
			return tooBig
		}
	case uint64, uint:
		if reflect.ValueOf(v).Uint() > math.MaxInt {
			return tooBig
		}
	case string:
		// As the decoding reads it: strconv.ParseInt, base from the prefix.
		if _, err := strconv.ParseInt(v, 0, strconv.IntSize); errors.Is(err, strconv.ErrRange) {
			return tooBig
		}
	}
	return nil
}

// show is a value as the user wrote it.
func show(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case time.Time:
		// YAML reads an unquoted 2024-01-01 as a day.
		if v.Equal(v.Truncate(24 * time.Hour)) {
			return v.Format(time.DateOnly)
		}
		return v.Format(time.RFC3339)
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Map:
		return "a section"
	case reflect.Slice:
		return "a list"
	}
	return fmt.Sprint(v)
}

// keyLabel names key, and the environment variable when that is where
// its value came from.
func keyLabel(key string) string {
	if os.Getenv(envName(key)) != "" {
		return fmt.Sprintf("%s (%s)", key, envName(key))
	}
	if key == "discord.token" && os.Getenv("DISCORD_TOKEN") != "" {
		return key + " (DISCORD_TOKEN)"
	}
	return key
}

// configSection lists the keys of section when key is a section name (a
// section written as a single value, `discord: 5`).
func configSection(key string) string {
	var keys []string
	for _, k := range configKeys {
		if s, _, ok := strings.Cut(k, "."); ok && s == key {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, ", ")
}

// unknownKey is the warning for an unknown key: its full name, and the
// nearest of the known keys when one is close to name.
func unknownKey(full, name string, known []string) string {
	msg := fmt.Sprintf("unknown config key %q ignored", full)
	best, dist := "", len(name)
	for _, k := range known {
		if d := terms.EditDistance(strings.ToLower(name), k); d < dist {
			best, dist = k, d
		}
	}
	if best != "" && dist <= max(2, len(name)/3) {
		msg += fmt.Sprintf("; did you mean %q?", strings.TrimSuffix(full, name)+best)
	}
	return msg
}

// maxShards is the most gateway shards discord.shard_count accepts.
// Neither Discord nor discordgo documents an upper bound (Discord asks for
// at most 2,500 servers a shard), so this only refuses an absurd value, such
// as a typo with extra digits, before the bot tries to identify as a shard
// of it: 4096 shards hold more than ten million servers.
const maxShards = 4096

// minExpire and maxExpire bound feedback.expire. The votes file marks an
// answer shown again at most once a day, so a shorter period is not kept
// to; and a period of more than 10 years is a typo (1000000h) rather than
// a wish, which would keep every answer for good, as releases before
// feedback.expire did.
const (
	minExpire = 24 * time.Hour
	maxExpire = 10 * 365 * 24 * time.Hour
)

// fmtHours is d in whole hours, as the user writes it ("87600h").
func fmtHours(d time.Duration) string { return fmt.Sprintf("%dh", d/time.Hour) }

// Validate checks every value and names each bad key with the reason,
// values of the wrong type included. serve adds the checks that only the
// Discord bot needs.
func (c Config) Validate(serve bool) error {
	errs := slices.Clone(c.problems)
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", keyLabel(key), fmt.Sprintf(format, args...)))
	}
	if len(c.Corpus.Paths) == 0 && len(c.Feeds) == 0 {
		bad("corpus.paths", "nothing to index: give at least one file, folder or glob, or configure feeds")
	}
	for i, p := range c.Corpus.Paths {
		if strings.TrimSpace(p) == "" {
			bad(fmt.Sprintf("corpus.paths[%d]", i), "must not be empty")
		}
	}
	if strings.TrimSpace(c.Index.Path) == "" {
		bad("index.path", "must not be empty")
	} else {
		errs = append(errs, c.sharedStatePaths()...)
	}
	if _, err := slogLevel(c.Log.Level); err != nil {
		bad("log.level", "%v", err)
	}
	if !slices.Contains([]string{"auto", "text", "json"}, c.Log.Format) {
		bad("log.format", "%q is not one of auto, text, json", c.Log.Format)
	}
	seen := map[string]bool{}
	for i, f := range c.Feeds {
		if err := checkURL(f.URL, "https://example.com/feed.xml"); err != nil {
			bad(c.feedLabel(i)+".url", "%v", err)
		} else if len(f.URL) > index.MaxFeedURLBytes {
			bad(c.feedLabel(i)+".url", "%d bytes, more than the %d a feed URL may have", len(f.URL), index.MaxFeedURLBytes)
		} else if seen[f.URL] {
			bad(c.feedLabel(i)+".url", "%q is listed twice", f.URL)
		}
		seen[f.URL] = true
		if f.Interval < time.Minute {
			bad(c.feedLabel(i)+".interval", "%s is shorter than 1m", f.Interval)
		}
	}
	if k := c.Discord.PublicKey; k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != 32 {
			bad("discord.public_key", "must be 64 hex characters (the application's public key)")
		}
	}
	for key, id := range map[string]string{"discord.application_id": c.Discord.ApplicationID, "discord.guild_id": c.Discord.GuildID,
		"discord.admin_guild_id": c.Discord.AdminGuildID} {
		if _, err := strconv.ParseUint(id, 10, 64); id != "" && (err != nil || strings.HasPrefix(id, "+")) {
			bad(key, "%q is not a Discord ID (a snowflake: digits only, like 1234567890123456789)", id)
		}
	}
	if g, a := c.Discord.GuildID, c.Discord.AdminGuildID; g != "" && a != "" && a != g {
		bad("discord.admin_guild_id", "%q is not discord.guild_id %q, the one server the commands are registered in: /reindex, which works only in discord.admin_guild_id, could be used nowhere; leave it unset (it is then discord.guild_id)", a, g)
	}
	if c.Discord.ShardCount < 1 {
		bad("discord.shard_count", "%d is not a number of shards (1 or more)", c.Discord.ShardCount)
	} else if c.Discord.ShardCount > maxShards {
		bad("discord.shard_count", "%d is more shards than a bot can have (at most %d)", c.Discord.ShardCount, maxShards)
	} else if c.Discord.ShardID < 0 || c.Discord.ShardID >= c.Discord.ShardCount {
		bad("discord.shard_id", "shard %d of %d is out of range (0 to %d)", c.Discord.ShardID, c.Discord.ShardCount, c.Discord.ShardCount-1)
	}
	if err := checkURL(c.Discord.APIURL, "https://discord.com/api"); err != nil {
		bad("discord.api_url", "%v", err)
	}
	if err := checkAddr(c.HTTP.Addr); err != nil {
		bad("http.addr", "%v", err)
	}
	if strings.TrimSpace(c.Schedule.Path) == "" {
		bad("schedule.path", "must not be empty")
	}
	// Each refusal gives the whole range, whichever end was missed.
	expireRange := fmt.Sprintf("give a period from a day (%s) to 10 years (%s), in hours, like 720h for 30 days (the default)",
		fmtHours(minExpire), fmtHours(maxExpire))
	switch e := c.Feedback.Expire; {
	case e <= 0:
		bad("feedback.expire", "%s is not a period: answers would expire as soon as shown; %s", e, expireRange)
	case e < minExpire:
		bad("feedback.expire", "%s is shorter than a day (%s): an answer shown again is marked as shown at most once a day; %s", e, fmtHours(minExpire), expireRange)
	case e > maxExpire:
		bad("feedback.expire", "%s is more than %s (10 years); %s", e, fmtHours(maxExpire), expireRange)
	}
	if serve {
		if c.Discord.Token == "" {
			bad("discord.token", "is required for serve (set it in the config file or DISCORD_TOKEN)")
		}
		if c.Discord.ApplicationID == "" {
			bad("discord.application_id", "is required for serve (CHRONICLE_DISCORD_APPLICATION_ID)")
		}
		if !c.Discord.Gateway && c.Discord.PublicKey == "" {
			bad("discord.gateway", "false needs discord.public_key: without the gateway, interactions can only come over HTTP (/interactions)")
		}
	}
	slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}

// checkURL accepts an absolute http or https URL with a host; example is
// one of the kind the key takes.
func checkURL(s, example string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL like %s", s, example)
	}
	return nil
}

// checkAddr accepts host:port with a port from 0 to 65535 (or a service
// name such as http).
func checkAddr(s string) error {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("%q is not a host:port address like :8080 or 127.0.0.1:8080", s)
	}
	if n, err := strconv.Atoi(port); err == nil {
		if n < 0 || n > 65535 {
			return fmt.Errorf("port %d of %q is out of range (0 to 65535)", n, s)
		}
		return nil
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return fmt.Errorf("port %q of %q is not a number from 0 to 65535", port, s)
	}
	return nil
}

// sharedStatePaths refuses two state files on one path: schedule.path,
// feedback.path, and the index's own store and feed state. They passed
// the check, and serve then failed with "in use by another process" when
// it was the same process opening one file twice, or the schedules were
// read from the feed state file (helper 75).
func (c Config) sharedStatePaths() []error {
	feedbackKey := keyLabel("feedback.path")
	if strings.TrimSpace(c.Feedback.Path) == "" {
		feedbackKey = "feedback.path (unset: feedback.db beside schedule.path)"
	}
	// The index's two files are checked against; the others are checked,
	// each against the files before it. also names a file as a clash does.
	files := []struct {
		key, path, also string
		checked         bool
	}{
		{"index.path", filepath.Join(c.Index.Path, "store.db"), "the index's own store", false},
		{"index.path", feedStatePath(c.Index.Path), "the index's feed state file", false},
		{keyLabel("schedule.path"), c.Schedule.Path, "schedule.path", true},
		{feedbackKey, c.FeedbackPath(), "", true},
	}
	var errs []error
	for _, f := range []struct{ key, path string }{{"index.path", c.Index.Path}, {keyLabel("schedule.path"), c.Schedule.Path}, {feedbackKey, c.Feedback.Path}} {
		if strings.ContainsRune(f.path, 0) {
			errs = append(errs, fmt.Errorf("%s: %q holds a NUL byte, which no path may", f.key, f.path))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	// Paths are compared with their links resolved, so that a link or a
	// ".." after one does not hide a clash.
	indexDir := realPath(c.Index.Path)
	// Cleaned, "file.txt/" is the file it names (a stat of it as written
	// fails, "not a directory", and passed).
	if fi, err := os.Stat(filepath.Clean(c.Index.Path)); err == nil && !fi.IsDir() {
		return []error{fmt.Errorf("%s: %s is a file, not a folder; give the index a folder of its own (it is made when missing)",
			keyLabel("index.path"), c.Index.Path)}
	}
	// Below a file no folder can be made, as no state file can
	// (stateFileProblem): said of the index itself, not only of its feed
	// state file beside it, which was told to be moved away.
	if file := fileAbove(c.Index.Path); file != "" {
		return []error{fmt.Errorf("%s: %s is below %s, which is a file, not a folder; give the index a folder of its own (it is made when missing)",
			keyLabel("index.path"), c.Index.Path, file)}
	}
	// A folder of other files is no index, whatever else is inside it:
	// said first, since every state path under "/" is inside it (nu44:
	// --index / was told to move schedule.path, never that / is no index).
	if other, err := index.OtherFiles(c.Index.Path); err == nil && other != "" {
		return []error{fmt.Errorf("%s: %s is not empty and holds no index (it has %q): give a new or empty folder for the index",
			keyLabel("index.path"), c.Index.Path, other)}
	}
	// The index's feed state file is not a key of its own, but the bot
	// opens it as it does the others.
	if problem := stateFileProblem(files[1].path); problem != "" {
		errs = append(errs, fmt.Errorf("%s: the index's feed state file: %s; move it away, or give the index another path", keyLabel("index.path"), problem))
	}
	for j, fj := range files {
		if !fj.checked {
			continue
		}
		pj := realPath(fj.path)
		if inside(indexDir, pj) {
			errs = append(errs, fmt.Errorf("%s: %s is inside the index folder %s, which a rebuild replaces; give it a path outside it", fj.key, fj.path, c.Index.Path))
			continue
		}
		if err := ownPath(c.Index.Path, fj.path); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fj.key, err))
			continue
		}
		if fi, err := os.Stat(fj.path); err == nil && fi.IsDir() {
			// Refused only when the file was opened (helper 83).
			errs = append(errs, fmt.Errorf("%s: %s is a folder; give the path of a file (it is made when missing)", fj.key, fj.path))
			continue
		}
		// Written with a trailing slash, the path names a folder: a
		// missing one passed, and bot serve then failed to create the
		// store ("is a directory"); an existing file passed as a missing
		// one (a stat of "moscow.txt/" fails "not a directory").
		if strings.HasSuffix(fj.path, "/") || strings.HasSuffix(fj.path, string(filepath.Separator)) {
			errs = append(errs, fmt.Errorf("%s: %s ends in a slash, which names a folder; a state file needs a file's path (write it without the slash, or name a file inside the folder)", fj.key, fj.path))
			continue
		}
		// So does one ending in "/." or "/..": bot serve made the folder
		// before it ("f.db/." made f.db a folder) and then failed.
		if base := filepath.Base(fj.path); base == "." || base == ".." {
			errs = append(errs, fmt.Errorf("%s: %s ends in %q, which names a folder; a state file needs a file's path (name a file inside the folder)", fj.key, fj.path, base))
			continue
		}
		if problem := stateFileProblem(fj.path); problem != "" {
			errs = append(errs, fmt.Errorf("%s: %s; give it a path of its own (the file is made when missing)", fj.key, problem))
			continue
		}
		for _, fi := range files[:j] {
			if realPath(fi.path) == pj {
				errs = append(errs, fmt.Errorf("%s: %s is also %s; each state file needs a path of its own", fj.key, fj.path, fi.also))
			}
		}
	}
	return errs
}

// ownPath refuses path, a state file's, when it is one of the paths the
// index at indexPath writes beside its folder, or inside one of them: a
// file at <index>.swap stopped every later open of the index ("is in the
// way"), and a rebuild deletes <index>.rebuild and <index>.old. The index
// folder itself is refused before, with its own words.
func ownPath(indexPath, path string) error {
	folder := realPath(indexPath)
	var beside []string
	for _, o := range index.OwnPaths(indexPath) {
		if o = realPath(o); o != folder {
			beside = append(beside, o)
		}
	}
	p := realPath(path)
	for _, o := range beside {
		where := ""
		switch {
		case p == o:
			where = "is one"
		case inside(o, p):
			where = "is inside " + o + ", one"
		default:
			continue
		}
		return fmt.Errorf("%s %s of the paths a rebuild of the index %s writes beside it (%s); give it a path of its own",
			path, where, indexPath, strings.Join(beside, ", "))
	}
	return nil
}

// stateFileProblem says what keeps a state file from being at path: a
// path below a file, where none can be made; something other than a
// regular file, or a file that is clearly no bbolt file at all (an
// article, the config file), which the bot refuses and leaves as it is
// (boltfile.CheckPath). "" when a state file can be there: a missing
// file, an empty one, a bbolt file.
func stateFileProblem(path string) string {
	if file := fileAbove(path); file != "" {
		return fmt.Sprintf("%s is below %s, which is a file, not a folder", path, file)
	}
	err := boltfile.CheckPath(path)
	if nr, ok := errors.AsType[*boltfile.NotRegularError](err); ok {
		return fmt.Sprintf("%s is %s, not a file: the bot refuses it", path, nr.What)
	}
	if nb, ok := errors.AsType[*boltfile.NotBoltError](err); ok {
		return fmt.Sprintf("%s is not a bbolt file (it begins %q): the bot refuses it and leaves it as it is", path, nb.Head)
	}
	return ""
}

// fileAbove returns the nearest existing folder above path when it is
// not a folder (a file: path cannot be made), or "".
func fileAbove(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	for dir := filepath.Dir(abs); ; {
		if fi, err := os.Stat(dir); err == nil {
			if fi.IsDir() {
				return ""
			}
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
