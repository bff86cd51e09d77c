//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// TestScaleOut is the scale-out recipe of the README run for real: one
// `bot index` job, a read-only copy of its index for each of two `bot
// serve` replicas in HTTP-interactions mode on loopback (one with
// schedule.enabled), nginx in front of them, signed interactions through
// nginx answered by both, one replica killed mid-run, and an hourly digest
// schedule, due at start, in both replicas' stores posted once, not twice.
// It needs nginx and about 40 seconds, so it runs only with
// CHRONICLE_SCALEOUT_TEST=1 (deploy/scaleout-test.sh installs nginx and
// runs it).
func TestScaleOut(t *testing.T) {
	if os.Getenv("CHRONICLE_SCALEOUT_TEST") != "1" {
		t.Skip("set CHRONICLE_SCALEOUT_TEST=1 (or run deploy/scaleout-test.sh) to run the scale-out test")
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if nginx, err = exec.LookPath("/usr/sbin/nginx"); err != nil {
			t.Fatal("nginx is not installed: deploy/scaleout-test.sh installs it (apt-get install nginx-light)")
		}
	}
	fake.Reset()
	// A world-readable folder, so that replicas can run as nobody when the
	// test runs as root (root could write to a read-only index).
	base, err := os.MkdirTemp("", "chronicle-scaleout-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { makeWritable(base); os.RemoveAll(base) })
	must(t, os.Chmod(base, 0o755))
	bin := filepath.Join(base, "bot")
	copyFile(t, botBinary(t), bin, 0o755)
	corpus, err := filepath.Abs("../../corpus")
	must(t, err)

	// 1. One `bot index` job.
	built := filepath.Join(base, "built", "index")
	runBot(t, bin, nil, "index", "--index", built, "--corpus", corpus)

	// 2. Two replicas, each with a read-only copy of the index and its own
	// state; the same hourly schedule, due at start, in both stores.
	pub, priv := newKey(t)
	const channel = "400000000000000001"
	type replica struct {
		name, addr string
		cmd        *exec.Cmd
		logs       *strings.Builder
	}
	var replicas []*replica
	dials := fake.GatewayDials()
	for i, enabled := range []bool{true, false} {
		dir := filepath.Join(base, fmt.Sprintf("replica%d", i+1))
		must(t, os.MkdirAll(filepath.Join(dir, "state"), 0o755))
		must(t, os.CopyFS(filepath.Join(dir, "index"), os.DirFS(built)))
		readOnly(t, filepath.Join(dir, "index"))
		st, err := schedule.Open(filepath.Join(dir, "state", "schedule.db"))
		must(t, err)
		_, err = st.Add(context.Background(), schedule.Schedule{GuildID: "300000000000000001", ChannelID: channel,
			Spec: "0 * * * *", Days: 1, PostWhenEmpty: true, Created: time.Now().Add(-2 * time.Hour)})
		must(t, err)
		must(t, st.Close())
		if os.Getuid() == 0 {
			must(t, os.Chown(filepath.Join(dir, "state"), 65534, 65534))
			must(t, os.Chown(filepath.Join(dir, "state", "schedule.db"), 65534, 65534))
		}
		r := &replica{name: fmt.Sprintf("replica%d", i+1), addr: freeAddr(t), logs: &strings.Builder{}}
		r.cmd = exec.Command(bin, "serve")
		r.cmd.Env = append(cleanEnv(),
			"DISCORD_TOKEN="+fake.Token, "CHRONICLE_DISCORD_APPLICATION_ID="+fake.AppID,
			"CHRONICLE_DISCORD_PUBLIC_KEY="+pub, "CHRONICLE_DISCORD_API_URL="+fake.URL,
			"CHRONICLE_HTTP_ADDR="+r.addr, "CHRONICLE_CORPUS_PATHS="+corpus, "CHRONICLE_INDEX_PATH="+filepath.Join(dir, "index"),
			"CHRONICLE_SCHEDULE_PATH="+filepath.Join(dir, "state", "schedule.db"),
			fmt.Sprintf("CHRONICLE_SCHEDULE_ENABLED=%t", enabled), "CHRONICLE_LOG_FORMAT=text",
			// As the README says: the replica that does not run the
			// schedules opens no gateway session of its own.
			fmt.Sprintf("CHRONICLE_DISCORD_GATEWAY=%t", enabled))
		r.cmd.Dir = dir
		r.cmd.Stdout, r.cmd.Stderr = r.logs, r.logs
		if os.Getuid() == 0 {
			r.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		must(t, r.cmd.Start())
		t.Cleanup(func() {
			r.cmd.Process.Kill()
			r.cmd.Wait()
			if t.Failed() {
				t.Logf("%s logs (last 40 lines):\n%s", r.name, lastLines(r.logs.String(), 40))
			}
		})
		replicas = append(replicas, r)
	}
	for _, r := range replicas {
		waitHealthy(t, "http://"+r.addr)
	}
	// Healthy means connected for the scheduling replica, so its session
	// is counted by now, and the other replica opened none.
	if got := fake.GatewayDials() - dials; got != 1 {
		t.Errorf("gateway connections tried by the two replicas = %d, want 1 (the scheduling replica's)", got)
	}

	started := time.Now()

	// 3. nginx in front, as in the README.
	lb := startNginx(t, nginx, base, replicas[0].addr, replicas[1].addr)

	// 4. Signed interactions through nginx from many users, four at a time,
	// for 30 s; replica 2 is killed halfway (SIGKILL: no graceful stop).
	var (
		mu       sync.Mutex
		statuses = map[int]int{}
		answered int
	)
	stop := time.Now().Add(30 * time.Second)
	killAt := time.Now().Add(15 * time.Second)
	var users atomic.Int64
	var killed time.Time
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				i := discordtest.SlashCommand("ask", map[string]any{"question": "Who claimed the Moscow attack?"})
				i.Member.User.ID = fmt.Sprint(500000000000000000 + users.Add(1)) // not rate-limited
				req := signedRequest(t, "http://"+lb, priv, i, false)
				resp, err := http.DefaultClient.Do(req)
				status := 0
				var body []byte
				if err == nil {
					body, _ = io.ReadAll(resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				mu.Lock()
				statuses[status]++
				if status == http.StatusOK && strings.Contains(string(body), "ISIS") {
					answered++
				}
				mu.Unlock()
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}
	for time.Now().Before(killAt) {
		time.Sleep(100 * time.Millisecond)
	}
	must(t, replicas[1].cmd.Process.Signal(syscall.SIGKILL))
	killed = time.Now()
	wg.Wait()

	perReplica, afterKill, retried := upstreamCounts(t, filepath.Join(base, "nginx", "access.log"), killed)
	posts := channelPosts(channel)
	t.Logf("interactions: %d sent, %d answered with the quote; statuses %v", total(statuses), answered, statuses)
	t.Logf("answered per replica: %s=%d %s=%d; after the kill: %v", replicas[0].name, perReplica[replicas[0].addr],
		replicas[1].name, perReplica[replicas[1].addr], afterKill)
	t.Logf("passed to the other replica because the first failed (the kill): %d", retried)
	t.Logf("digests posted: %d, at %v", len(posts), posts)
	if n := total(statuses) - statuses[http.StatusOK]; n > 0 {
		t.Errorf("%d interactions failed through the balancer: %v", n, statuses)
	}
	if answered != statuses[http.StatusOK] {
		t.Errorf("%d of %d answers lack the quote", statuses[http.StatusOK]-answered, statuses[http.StatusOK])
	}
	for _, r := range replicas {
		if perReplica[r.addr] == 0 {
			t.Errorf("%s answered nothing", r.name)
		}
	}
	if afterKill[replicas[0].addr] == 0 {
		t.Error("the surviving replica answered nothing after the kill")
	}
	// One due time at start, and one more only if the run crossed the hour.
	if want := 1 + hoursCrossed(started, time.Now()); len(posts) != want {
		t.Errorf("%d digests posted (at %v), want %d: one per due time", len(posts), posts, want)
	}
	for _, r := range replicas {
		if strings.Contains(r.logs.String(), "has been reset") {
			t.Errorf("%s reset its read-only index copy", r.name)
		}
	}
}

// hoursCrossed is the number of whole hours that begin in (from, to].
func hoursCrossed(from, to time.Time) int {
	return int(to.Truncate(time.Hour).Sub(from.Truncate(time.Hour)) / time.Hour)
}

// lastLines is the end of a log.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func total(m map[int]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// channelPosts are the times of the fake Discord's accepted posts to a
// channel.
func channelPosts(channel string) []time.Time {
	var out []time.Time
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/"+channel+"/messages") && r.Status < 300 {
			out = append(out, r.Time)
		}
	}
	return out
}

// startNginx runs nginx on a free loopback port in front of the two
// addresses and returns its address.
func startNginx(t *testing.T, nginx, base, a, b string) string {
	t.Helper()
	dir := filepath.Join(base, "nginx")
	must(t, os.MkdirAll(dir, 0o777))
	addr := freeAddr(t)
	conf := fmt.Sprintf(`daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
    log_format upstream '$msec|$upstream_addr|$upstream_status|$status|$request_method';
    access_log %[1]s/access.log upstream;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    upstream chronicle {
        server %[2]s max_fails=1 fail_timeout=10s;
        server %[3]s max_fails=1 fail_timeout=10s;
    }
    server {
        listen %[4]s;
        location / {
            proxy_pass http://chronicle;
            proxy_next_upstream error timeout non_idempotent;
        }
    }
}
`, dir, a, b, addr)
	must(t, os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644))
	var logs strings.Builder
	cmd := exec.Command(nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	cmd.Stdout, cmd.Stderr = &logs, &logs
	must(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx: %s\n%s", logs.String(), b)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if status, _ := httpGet(t, "http://"+addr+"/healthz"); status == http.StatusOK {
			return addr
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not answer on %s: %s\n%s", addr, logs.String(), b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// upstreamCounts counts the POSTs answered by each upstream (nginx's last
// attempt), in all and after the time given, and the requests nginx passed
// to a second replica because the first failed.
func upstreamCounts(t *testing.T, path string, after time.Time) (all, later map[string]int, retried int) {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	all, later = map[string]int{}, map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "|")
		if len(f) < 5 || f[3] != "200" || f[4] != http.MethodPost {
			continue
		}
		addrs := strings.Split(f[1], ", ")
		if len(addrs) > 1 {
			retried++
		}
		last := addrs[len(addrs)-1]
		all[last]++
		var sec, msec int64
		fmt.Sscanf(f[0], "%d.%d", &sec, &msec)
		if time.Unix(sec, msec*int64(time.Millisecond)).After(after) {
			later[last]++
		}
	}
	return all, later, retried
}

// runBot runs the binary to completion and fails the test on an error.
func runBot(t *testing.T, bin string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(cleanEnv(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bot %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// freeAddr is a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// readOnly takes the write permission off a tree.
func readOnly(t *testing.T, root string) {
	t.Helper()
	must(t, filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chmod(p, fi.Mode().Perm()&^0o222|0o444)
	}))
	// Directories last-in-first-out is not needed: chmod of a directory
	// to 0555 still lets the walk read it.
}

// makeWritable gives the write permission back, so the tree can be removed.
func makeWritable(root string) {
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err == nil {
			os.Chmod(p, fi.Mode().Perm()|0o200)
		}
		return nil
	})
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	must(t, err)
	must(t, os.WriteFile(to, b, mode))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
