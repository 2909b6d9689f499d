//! The real-network tier: conditions loopback hides, built by the test itself in network
//! namespaces it creates (and deletes): a host behind a veth link, routes that refuse, a peer
//! that never answers, a rate-limited link (`tc tbf`), a peer that stops reading. Each scenario
//! runs twice inside the namespace — the guest under the `sockbox` CLI and the same scenario
//! under native php-cli — and the outputs must be identical.
//!
//! These tests need root (CI is root) and are `#[ignore]`d: `scripts/test` runs them with
//! `--ignored` where namespaces can be made, and prints "network tier: skipped" with the reason
//! where they cannot. Traffic stays inside the namespaces; every wait is bounded.

use sockbox_tests::{TempDir, cli, guest_path, root};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The guest's host (namespace A, 198.18.0.1) and a peer (namespace B, 198.18.0.2) on one link.
struct Net {
    a: String,
    b: String,
}

const PEER: &str = "198.18.0.2";
/// On the link, but no host answers for it.
const NOBODY: &str = "198.18.0.99";

fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().expect("run ip");
    assert!(
        out.status.success(),
        "ip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Net {
    fn new() -> Net {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let tag = format!("sbx{}x{n}", std::process::id());
        let net = Net {
            a: format!("{tag}a"),
            b: format!("{tag}b"),
        };
        ip(&["netns", "add", &net.a]);
        ip(&["netns", "add", &net.b]);
        let (va, vb) = (format!("v{tag}a"), format!("v{tag}b"));
        ip(&["link", "add", &va, "type", "veth", "peer", "name", &vb]);
        ip(&["link", "set", &va, "netns", &net.a]);
        ip(&["link", "set", &vb, "netns", &net.b]);
        ip(&["-n", &net.a, "addr", "add", "198.18.0.1/24", "dev", &va]);
        ip(&["-n", &net.b, "addr", "add", "198.18.0.2/24", "dev", &vb]);
        for (ns, dev) in [(&net.a, &va), (&net.b, &vb)] {
            ip(&["-n", ns, "link", "set", dev, "up"]);
            ip(&["-n", ns, "link", "set", "lo", "up"]);
        }
        net
    }

    /// Gives namespace A its own `/etc/FILE`: `ip netns exec` mounts `/etc/netns/NAME/FILE`
    /// over it for what runs there (removed with the namespace).
    fn etc_a(&self, file: &str, text: &str) {
        let dir = std::path::Path::new("/etc/netns").join(&self.a);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
    }

    /// The link device in namespace A.
    fn dev_a(&self) -> String {
        format!("v{}", self.a)
    }

    /// Runs `cmd` inside namespace `ns`, bounded by `limit`.
    fn exec(ns: &str, cmd: &[&str], limit: Duration) -> Output {
        let child = Command::new("ip")
            .args(["netns", "exec", ns])
            .args(cmd)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_bounded(child, limit)
    }

    /// The scenario as a guest under the `sockbox` CLI in namespace A.
    fn guest(&self, args: &[&str]) -> String {
        let guest = guest_path("sockbox-test-guest");
        let cli = cli();
        let mut run = vec![
            cli.to_str().unwrap(),
            "run",
            "--allow-connect",
            "198.18.0.0/16:*",
            "--wall-clock-limit",
            "15",
            guest.to_str().unwrap(),
        ];
        run.extend_from_slice(args);
        let out = Net::exec(&self.a, &run, Duration::from_secs(20));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "guest {args:?}: {stdout}{stderr}");
        stdout
    }

    /// The scenario under native php-cli in namespace A.
    fn php(&self, args: &[&str]) -> String {
        let script = root().join("tests/php/scenarios.php");
        let mut php = vec![
            "php",
            "-d",
            "display_errors=stderr",
            script.to_str().unwrap(),
        ];
        php.extend_from_slice(args);
        let out = Net::exec(&self.a, &php, Duration::from_secs(20));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The scenario both ways.
    fn both(&self, args: &[&str]) -> (String, String) {
        (self.guest(args), self.php(args))
    }

    /// A peer server in namespace B (a php-cli script; `args` its `$argv[1..]`), started and
    /// ready.
    fn peer(&self, code: &str, args: &[&str]) -> Peer {
        let mut child = Command::new("ip")
            .args(["netns", "exec", &self.b, "php", "-r", code])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let ready = lines.next().expect("peer said nothing").unwrap();
        assert_eq!(ready, "ready", "peer did not start");
        Peer { child, lines }
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        for ns in [&self.a, &self.b] {
            let _ = Command::new("ip").args(["netns", "del", ns]).status();
            let _ = std::fs::remove_dir_all(std::path::Path::new("/etc/netns").join(ns));
        }
    }
}

/// A peer process and the lines it prints after "ready".
struct Peer {
    child: Child,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl Peer {
    /// The next line the peer prints (it exits on its own within its bound).
    fn line(&mut self) -> String {
        self.lines.next().map(|l| l.unwrap()).unwrap_or_default()
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_bounded(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("a process in the network tier ran past {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A listener on the peer that reads everything and answers with the byte count and a sum.
const SINK: &str = r#"
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($l, SOL_SOCKET, SO_REUSEADDR, 1);
socket_bind($l, '198.18.0.2', 7001); socket_listen($l, 4);
echo "ready\n";
$s = socket_accept($l); $n = 0; $sum = 0;
while (($d = socket_read($s, 65536)) !== false && $d !== '') { $n += strlen($d); $sum = ($sum + array_sum(unpack('C*', $d))) % 1000003; }
socket_write($s, "got $n sum $sum"); socket_close($s);
echo "received $n\n";
"#;

/// A listener on the peer that accepts and never reads, with a small window. It holds the
/// connection until its [`Peer`] is dropped (which kills it), however slow the client is.
const STALL: &str = r#"
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($l, SOL_SOCKET, SO_REUSEADDR, 1);
socket_set_option($l, SOL_SOCKET, SO_RCVBUF, 4096);
socket_bind($l, '198.18.0.2', 7002); socket_listen($l, 4);
echo "ready\n";
$s = socket_accept($l); sleep(60);
"#;

#[test]
#[ignore = "needs root and network namespaces: scripts/test runs it where it can"]
fn a_host_that_is_not_there_times_out_or_is_unreachable() {
    let net = Net::new();
    // SO_SNDTIMEO ends the wait for an ARP answer that never comes: EINPROGRESS.
    let (g, p) = net.both(&["connect-to", NOBODY, "80", "500"]);
    assert_eq!(g, p);
    assert!(
        g.contains("connect: false [115]") && g.contains("waited: true"),
        "{g}"
    );
    // Without it the kernel gives up on the neighbour: EHOSTUNREACH, after about 3 s.
    let (g, p) = net.both(&["connect-to", NOBODY, "81", "0"]);
    assert_eq!(g, p);
    assert!(g.contains("connect: false [113]"), "{g}");
}

#[test]
#[ignore = "needs root and network namespaces: scripts/test runs it where it can"]
fn routes_that_refuse_give_their_errnos() {
    let net = Net::new();
    for (kind, net_addr, target) in [
        ("unreachable", "198.18.5.0/24", "198.18.5.1"),
        ("prohibit", "198.18.6.0/24", "198.18.6.1"),
        ("blackhole", "198.18.7.0/24", "198.18.7.1"),
    ] {
        ip(&["-n", &net.a, "route", "add", kind, net_addr]);
        let (g, p) = net.both(&["connect-to", target, "80", "0"]);
        assert_eq!(g, p, "{kind} route (tcp)");
        let (g, p) = net.both(&["udp-send-to", target, "80"]);
        assert_eq!(g, p, "{kind} route (udp)");
    }
}

#[test]
#[ignore = "needs root and network namespaces: scripts/test runs it where it can"]
fn a_peer_that_never_answers_the_handshake() {
    let net = Net::new();
    let _sink = net.peer(SINK, &[]);
    // The peer's answers to A vanish: SYNs arrive, SYN-ACKs never come back.
    ip(&["-n", &net.b, "route", "add", "blackhole", "198.18.0.1/32"]);
    let (g, p) = net.both(&["connect-to", PEER, "7001", "400"]);
    assert_eq!(g, p);
    assert!(
        g.contains("connect: false [115]") && g.contains("waited: true"),
        "{g}"
    );
}

#[test]
#[ignore = "needs root and network namespaces: scripts/test runs it where it can"]
fn a_rate_limited_link_delivers_every_byte_of_a_blocking_write() {
    let net = Net::new();
    // 2 Mbit/s: 256 KiB take about a second.
    ip(&[
        "netns",
        "exec",
        &net.a,
        "tc",
        "qdisc",
        "add",
        "dev",
        &net.dev_a(),
        "root",
        "tbf",
        "rate",
        "2mbit",
        "burst",
        "16kb",
        "latency",
        "100ms",
    ]);
    let bytes = (256 << 10).to_string();
    // The peer serves one client: one run each.
    let args = ["send-bulk", PEER, "7001", &bytes];
    let mut outputs = Vec::new();
    for guest in [true, false] {
        let mut sink = net.peer(SINK, &[]);
        let start = Instant::now();
        outputs.push(if guest {
            net.guest(&args)
        } else {
            net.php(&args)
        });
        assert!(
            start.elapsed() > Duration::from_millis(500),
            "the link was not slow"
        );
        assert_eq!(sink.line(), format!("received {bytes}"));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert!(
        outputs[0].contains(&format!("write: {bytes}")),
        "{}",
        outputs[0]
    );
}

#[test]
#[ignore = "needs root and network namespaces: scripts/test runs it where it can"]
fn a_peer_that_stops_reading() {
    let net = Net::new();
    let args = ["send-stalled", PEER, "7002"];
    let mut outputs = Vec::new();
    for guest in [true, false] {
        let _stall = net.peer(STALL, &[]);
        outputs.push(if guest {
            net.guest(&args)
        } else {
            net.php(&args)
        });
    }
    assert_eq!(outputs[0], outputs[1]);
    let blocked = &outputs[0];
    assert!(
        blocked.contains("a write came back short: true"),
        "{blocked}"
    );
    assert!(blocked.contains("waited: true"), "{blocked}");
}

#[test]
#[ignore = "needs root and network namespaces: scripts/test runs it where it can"]
fn php_src_multicast_receive_test_on_a_namespaces_interfaces() {
    // mcast_ipv4_recv.phpt joins on `lo` and sends to the group from a socket bound to
    // 127.0.0.1 and from an unbound one that the routing table sends out another interface:
    // here the veth link, which is where group traffic is routed.
    let net = Net::new();
    ip(&[
        "-n",
        &net.a,
        "route",
        "add",
        "224.0.0.0/4",
        "dev",
        &net.dev_a(),
    ]);
    let guest = guest_path("sockbox-phpt");
    let cli = cli();
    let out = Net::exec(
        &net.a,
        &[
            cli.to_str().unwrap(),
            "run",
            "--allow-bind",
            "0.0.0.0:*",
            "--allow-bind",
            "127.0.0.1:*",
            "--allow-connect",
            "224.0.0.0/4:*",
            "--allow-connect",
            "127.0.0.1:*",
            "--wall-clock-limit",
            "15",
            guest.to_str().unwrap(),
            "mcast_ipv4_recv",
        ],
        Duration::from_secs(20),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.trim_end(),
        "PASS mcast_ipv4_recv",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A DNS server for namespace B (php-cli, UDP 198.18.0.2:53): answers every PTR question with
/// `dns-A-B-C-D.test` (the question's first four labels) and appends each question's name to
/// the file `argv[1]`, so a test sees exactly what the resolver asked. Exits after 60 s.
const PTR_SERVER: &str = r#"
$s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($s, '198.18.0.2', 53) or exit(1);
echo "ready\n";
$end = time() + 60;
while (time() < $end) {
    $r = [$s]; $w = $e = null;
    if (!socket_select($r, $w, $e, 1)) continue;
    $q = ''; $from = ''; $port = 0;
    socket_recvfrom($s, $q, 512, 0, $from, $port);
    $labels = []; $at = 12;
    while (($n = ord($q[$at])) > 0) { $labels[] = substr($q, $at + 1, $n); $at += $n + 1; }
    $question = substr($q, 12, $at + 5 - 12);
    file_put_contents($argv[1], implode('.', $labels) . "\n", FILE_APPEND);
    $name = '';
    foreach (['dns-' . implode('-', array_slice($labels, 0, 4)), 'test'] as $l) $name .= chr(strlen($l)) . $l;
    $name .= "\0";
    $answer = "\xc0\x0c" . pack('nnNn', 12, 1, 60, strlen($name)) . $name;
    socket_sendto($s, substr($q, 0, 2) . "\x81\x80\0\x01\0\x01\0\0\0\0" . $question . $answer, 512, 0, $from, $port);
}
"#;

#[test]
#[ignore = "needs root and network namespaces: scripts/test runs it where it can"]
fn gethostbyaddr_names_what_php_cli_names_when_the_policy_allows_the_reverse_name() {
    // Namespace A's own hosts file and resolver (a DNS server in namespace B that logs what it
    // is asked): php-cli and sockbox see the same names, and the policy is checked against the
    // name the resolver really asks for (glibc asks a v4-mapped or v4-compatible address's
    // IPv4 name, and never consults the hosts file for them).
    let net = Net::new();
    net.etc_a(
        "hosts",
        "127.0.0.1 localhost\n192.0.2.7 printer.test\n2001:db8::7 printer6.test\n",
    );
    net.etc_a(
        "resolv.conf",
        "nameserver 198.18.0.2\noptions timeout:2 attempts:1\n",
    );
    let dir = TempDir::new("ptr-questions");
    let asked = dir.path().join("asked");
    let _server = net.peer(PTR_SERVER, &[asked.to_str().unwrap()]);
    let questions = || {
        let text = std::fs::read_to_string(&asked).unwrap_or_default();
        let _ = std::fs::remove_file(&asked);
        text
    };
    let code = "foreach (['192.0.2.7', '2001:db8::7', '::ffff:192.0.2.7', '::192.0.2.9', \
                '192.0.2.8', '2001:db8::8', '127.0.0.1'] as $ip) \
                echo $ip, ' ', gethostbyaddr($ip), \"\\n\";";
    let limit = Duration::from_secs(30);
    let native = Net::exec(&net.a, &["php", "-r", code], limit);
    let native = String::from_utf8_lossy(&native.stdout).into_owned();
    let native_asked = questions();
    let v6_8 = "8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
    assert_eq!(
        native,
        "192.0.2.7 printer.test\n2001:db8::7 printer6.test\n\
         ::ffff:192.0.2.7 dns-7-2-0-192.test\n::192.0.2.9 dns-9-2-0-192.test\n\
         192.0.2.8 dns-8-2-0-192.test\n2001:db8::8 dns-8-0-0-0.test\n127.0.0.1 localhost\n",
        "php-cli in the namespace"
    );
    assert_eq!(
        native_asked,
        format!("7.2.0.192.in-addr.arpa\n9.2.0.192.in-addr.arpa\n8.2.0.192.in-addr.arpa\n{v6_8}\n")
    );
    let php_wasm = root().join("target/php/php.wasm");
    let cli = cli();
    let wasm = |rules: &[&str]| {
        let mut run = vec![cli.to_str().unwrap(), "run", "--wall-clock-limit", "20"];
        for rule in rules {
            run.extend(["--allow-lookup", rule]);
        }
        run.extend([php_wasm.to_str().unwrap(), "-r", code]);
        let out = Net::exec(&net.a, &run, limit);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
            questions(),
        )
    };
    let (all, _, all_asked) = wasm(&["*.arpa"]);
    assert_eq!(all, native, "sockbox (left), php-cli (right)");
    assert_eq!(
        all_asked, native_asked,
        "the resolver was asked what php-cli's asked"
    );
    // IPv4 reverse names only: the IPv6 addresses are refused before any lookup (the hosts
    // file too) and come back unchanged, as addresses without a name; the mapped and
    // compatible ones are the IPv4 questions they are.
    let (v4_only, stderr, v4_asked) = wasm(&["*.in-addr.arpa"]);
    assert_eq!(
        v4_only,
        native
            .replace("2001:db8::7 printer6.test", "2001:db8::7 2001:db8::7")
            .replace("2001:db8::8 dns-8-0-0-0.test", "2001:db8::8 2001:db8::8")
    );
    assert_eq!(v4_asked, native_asked.replace(&format!("{v6_8}\n"), ""));
    assert!(
        stderr.contains(v6_8) && stderr.contains("allow-lookup"),
        "the denial names the reverse name and its rule: {stderr}"
    );
    // One address's name only.
    let (one, _, one_asked) = wasm(&["8.2.0.192.in-addr.arpa"]);
    assert!(
        one.contains("192.0.2.8 dns-8-2-0-192.test\n")
            && one.contains("::ffff:192.0.2.7 ::ffff:192.0.2.7\n"),
        "{one}"
    );
    assert_eq!(one_asked, "8.2.0.192.in-addr.arpa\n");
    let (none, _, none_asked) = wasm(&[]);
    assert_eq!(
        none,
        "192.0.2.7 192.0.2.7\n2001:db8::7 2001:db8::7\n::ffff:192.0.2.7 ::ffff:192.0.2.7\n\
         ::192.0.2.9 ::192.0.2.9\n192.0.2.8 192.0.2.8\n2001:db8::8 2001:db8::8\n\
         127.0.0.1 localhost\n",
        "without a rule, only 127.0.0.1 has a name"
    );
    assert_eq!(
        none_asked, "",
        "without a rule, no question leaves the host"
    );
}
