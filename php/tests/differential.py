#!/usr/bin/env python3
"""tests/php/scenarios.php and the whole programs of tests/php/programs under php.wasm (sockbox,
loopback policy) and under native php-cli, scenario by scenario as tests/tests/differential.rs
runs them (same arguments, same policy, the same peers for the scenarios that need one); stdout
must be the same bytes.

    php/tests/differential.py [-v] [SCENARIO...]

Both PHPs get the same settings (-d display_errors=stderr -d log_errors=0 -d error_reporting=E_ALL
-d zend.exception_ignore_args=1) and see the script at the same path, so their warnings (stderr)
are compared too and reported apart. Exit status 0 when every stdout matches, but for the
scenarios EXPECTED_DIFFERENT names (each with its reason).
"""
import argparse, http.server, os, shutil, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PHP_DIR = os.path.join(ROOT, "tests/php")
SCRIPT = os.path.join(PHP_DIR, "scenarios.php")
# Another directory of programs (tests/php/divergences, a hunt's scratch directory) with
# SOCKBOX_PHP_PROGRAMS=DIR.
PROGRAMS = os.path.abspath(os.environ.get("SOCKBOX_PHP_PROGRAMS") or os.path.join(PHP_DIR, "programs"))
INI = ["-d", "display_errors=stderr", "-d", "log_errors=0", "-d", "error_reporting=E_ALL",
       "-d", "zend.exception_ignore_args=1"]
LOOPBACK = ["--allow-receive-sockets", "--allow-seqpacket"]
for rule in ("127.0.0.0/8:*", "[::1]:*"):
    LOOPBACK += ["--allow-connect", rule, "--allow-bind", rule]

# differential.rs's `differential!` list: scenarios without arguments.
PLAIN = ["strerror", "addr-in-use", "bad-arguments", "eagain", "peer-closed", "pair-example",
         "udp", "normal-read", "select", "tcp-v4", "tcp-v6", "options", "shutdown", "last-error",
         "nonblocking", "recv-flags", "cmsg-space", "msg-udp", "msg-unix-stream", "msg-rights",
         "msg-credentials", "msg-ipv6-control", "addrinfo-lookup", "addrinfo-connect-bind",
         "refused-twice", "normal-read-nonblock-eof", "normal-read-dgram", "select-duplicates", "select-loop",
         "v4-literal-on-v6", "aton-literals", "waitall-dgram", "peek-waitall",
         "errqueue-blocking", "rcvlowat", "select-huge-timeout", "timeouts-extreme"]
# tests/php/programs/*.php that need a peer or arguments of their own (see cases()); every other
# program there runs with one argument, a fresh directory (AF_UNIX names go there).
PROGRAMS_SPECIAL = {"netdb", "http-wrapper", "v6-dual-stack"}
# v6-dual-stack binds [::] on dual-stack sockets, which take the IPv4 port too.
WILDCARD_BINDS = ["--allow-bind", "[::]:*", "--allow-bind", "0.0.0.0:*"]


def full_tcp_listener():
    """A loopback listener whose accept queue is full (differential.rs full_tcp_listener)."""
    l = socket.socket()
    l.bind(("127.0.0.1", 0))
    l.listen(0)
    clients = []
    for _ in range(8):
        c = socket.socket()
        c.settimeout(0.3)
        clients.append(c)
        try:
            c.connect(l.getsockname())
        except OSError:
            break
    return [l] + clients, l.getsockname()[1]


def full_unix_listener(path):
    l = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    l.bind(path)
    l.listen(0)
    clients = []
    for _ in range(8):
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.setblocking(False)
        clients.append(c)
        try:
            c.connect(path)
        except OSError:
            break
    return [l] + clients


def commands(policy, a, wasm_args, native_args, script=SCRIPT):
    """The php.wasm-under-sockbox and the native php command lines of one scenario."""
    dirs = ["--dir-ro", PHP_DIR + "::" + PHP_DIR]
    if not os.path.abspath(script).startswith(PHP_DIR + os.sep):
        here = os.path.dirname(os.path.abspath(script))
        dirs += ["--dir-ro", here + "::" + here]
    wasm = ([a.sockbox, "run", "--wall-clock-limit", "60"] + dirs
            + policy + [a.php_wasm] + INI + [script] + wasm_args)
    return wasm, [a.php] + INI + [script] + native_args


def run_both(args, policy, a, wasm_args=None, native_args=None, script=SCRIPT):
    env = dict(os.environ, SOCKBOX_LOG="error")
    wasm, native = commands(policy, a, wasm_args or args, native_args or args, script)
    w = subprocess.run(wasm, capture_output=True, env=env, timeout=120)
    n = subprocess.run(native, capture_output=True, timeout=120)
    return w, n


def run_interactive(args, policy, a, replies):
    """Like run_both, with STDIN a pipe the harness drives: when a process prints a line that
    `replies` names, the harness writes that reply to its STDIN (None: closes STDIN). Each
    process is killed after 60 s, whether or not it prints."""
    env = dict(os.environ, SOCKBOX_LOG="error")
    out = []
    for cmd in commands(policy, a, args, args):
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
        watchdog = threading.Timer(60, p.kill)
        watchdog.start()
        lines = []
        for line in p.stdout:
            lines.append(line)
            reply = replies.get(line.decode(errors="replace").rstrip("\n"), False)
            if reply is None:
                p.stdin.close()
            elif reply is not False:
                p.stdin.write(reply)
                p.stdin.flush()
        err = p.stderr.read()
        p.wait(timeout=60)
        watchdog.cancel()
        out.append(subprocess.CompletedProcess(cmd, p.returncode, b"".join(lines), err))
    return out[0], out[1]


def cases():
    """(label, function(a) -> (wasm, native))"""
    out = [(name, (lambda name: lambda a: run_both([name], LOOPBACK, a))(name)) for name in PLAIN]

    def at_full_listener(name):
        """Scenario `name PORT`, PORT a loopback listener whose backlog is full."""
        def f(a):
            keep, port = full_tcp_listener()
            try:
                return run_both([name, str(port)], LOOPBACK, a)
            finally:
                for s in keep:
                    s.close()
        return f

    def unix_full(a):
        d = tempfile.mkdtemp(prefix="sockbox-diff-full-")
        path = os.path.join(d, "s.sock")
        keep = full_unix_listener(path)
        try:
            return run_both(["unix-connect-full", path], LOOPBACK + ["--allow-unix", d], a)
        finally:
            for s in keep:
                s.close()
            shutil.rmtree(d)

    def in_dirs(name, leaf, rules=(), guest_at=None, script=SCRIPT):
        """Scenario `name DIR[/leaf]` in a fresh directory each; with `guest_at`, php.wasm sees
        its directory preopened at that path (native php at its own). With `script` (a
        program), `name` is not passed and the directory is preopened where it is."""
        def f(a):
            g, p = tempfile.mkdtemp(prefix="sockbox-diff-"), tempfile.mkdtemp(prefix="sockbox-diff-")
            try:
                seen = guest_at or g
                wg = os.path.join(seen, leaf) if leaf else seen
                wp = os.path.join(p, leaf) if leaf else p
                policy = LOOPBACK + ["--allow-unix", g] + list(rules)
                if guest_at or script != SCRIPT:
                    policy += ["--dir", g + "::" + seen]
                named = [name] if script == SCRIPT else []
                return run_both(None, policy, a, named + [wg], named + [wp], script)
            finally:
                shutil.rmtree(g)
                shutil.rmtree(p)
        return f

    out += [
        ("unix-dirs", in_dirs("unix-dirs", None, guest_at="/app")),
        ("connect-sndtimeo", at_full_listener("connect-sndtimeo")),
        ("unix-connect-full", unix_full),
        ("connect-refused", lambda a: run_both(["connect-refused", "1"], LOOPBACK, a)),
        ("create-listen", lambda a: run_both(["create-listen", "0"], LOOPBACK + ["--allow-bind", "0.0.0.0:*"], a)),
        ("unix-stream", in_dirs("unix-stream", "s.sock")),
        ("unix-dgram", in_dirs("unix-dgram", None)),
        ("stream-unix", in_dirs("stream-unix", None, ["--allow-abstract", "sockbox-php-*"])),
        ("stream-tcp", lambda a: run_both(["stream-tcp"], LOOPBACK, a)),
        ("stream-connect-timeout", at_full_listener("stream-connect-timeout")),
        ("stream-stalled-write", lambda a: run_both(["stream-stalled-write"], LOOPBACK, a)),
        ("stream-select-mixed", lambda a: run_interactive(
            ["stream-select-mixed"], LOOPBACK, a,
            {"ready for input": b"hello\n", "close input": None})),
        ("v6-scopes", lambda a: run_both(["v6-scopes"], LOOPBACK + ["--allow-bind", "[ff00::/8]:*"], a)),
        ("multicast", lambda a: run_both(["multicast"], LOOPBACK + ["--allow-bind", "0.0.0.0:*",
                                                                   "--allow-connect", "239.255.0.0/16:*"], a)),
        ("msg-unix-dgram", in_dirs("msg-unix-dgram", None)),
    ]

    # Whole programs (tests/php/programs), as a PHP programmer writes them.
    def program(name):
        return os.path.join(PROGRAMS, name + ".php")

    def with_http_server(a):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HttpPeer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            return run_both([str(server.server_port)], LOOPBACK, a, script=program("http-wrapper"))
        finally:
            server.shutdown()
            server.server_close()

    plain = sorted(f[:-4] for f in os.listdir(PROGRAMS) if f.endswith(".php"))
    out += [("program:" + name, in_dirs(name, None, script=program(name)))
            for name in plain if name not in PROGRAMS_SPECIAL]
    out += [(label, f) for label, f in [
        ("program:netdb", lambda a: run_both(service_names(), LOOPBACK, a, script=program("netdb"))),
        ("program:http-wrapper", with_http_server),
        ("program:v6-dual-stack", in_dirs("v6-dual-stack", None, WILDCARD_BINDS,
                                          script=program("v6-dual-stack"))),
    ] if os.path.exists(program(label[len("program:"):]))]
    return out


def service_names():
    """Every service name and alias in this machine's /etc/services (what native php reads),
    and one that is not there."""
    names = []
    with open("/etc/services") as f:
        for line in f:
            fields = line.split("#")[0].split()
            names += [n for i, n in enumerate(fields) if i != 1 and n not in names]
    return names + ["no-such-service"]


class HttpPeer(http.server.BaseHTTPRequestHandler):
    """program:http-wrapper's server: /hello.txt, a 404, and POST /echo."""
    protocol_version = "HTTP/1.0"

    def reply(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/hello.txt":
            self.reply(200, b"hello from python " + self.headers.get("X-Test", "-").encode() + b"\n")
        else:
            self.reply(404, b"not found")

    def do_POST(self):
        self.reply(200, b"echo:" + self.rfile.read(int(self.headers["Content-Length"])))

    def log_message(self, *args):
        pass


# Scenarios known to differ, and why; the run fails if any other differs, or if one of these
# starts to match (so this list stays true).
EXPECTED_DIFFERENT = {}


def show_diff(w, n):
    """Prints how php.wasm's run `w` differs from php-cli's `n` (stdout, stderr, exit status)."""
    import difflib
    for what, x, y in (("stdout", w.stdout, n.stdout), ("stderr", w.stderr, n.stderr)):
        if x != y:
            for line in difflib.unified_diff(y.decode(errors="replace").splitlines(),
                                             x.decode(errors="replace").splitlines(),
                                             "php-cli " + what, "php.wasm " + what, lineterm="", n=1):
                print("    " + line)
    if w.returncode != n.returncode:
        print("    exit status: php.wasm %d, php-cli %d" % (w.returncode, n.returncode))


def arguments():
    """The command line of this harness and of those built on it (libraries.py): the binaries,
    -v, and the names to run (none: all)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sockbox", default=os.path.join(ROOT, "target/debug/sockbox"))
    ap.add_argument("--php-wasm", default=os.path.join(ROOT, "target/php/php.wasm"))
    ap.add_argument("--php", default="php")
    ap.add_argument("-v", action="store_true", help="show the differing lines")
    ap.add_argument("only", nargs="*")
    return ap.parse_args()


def same(w, n):
    """Whether php.wasm's run `w` printed what php-cli's `n` did (and something), and ended with
    the same exit status (php.wasm reports the script's own: 255 for a fatal error, exit(N))."""
    return bool(w.stdout) and w.stdout == n.stdout and w.returncode == n.returncode


def main():
    a = arguments()
    same_count = diff = 0
    stderr_diff = []
    differing = []
    for label, f in cases():
        if a.only and label not in a.only:
            continue
        t = time.time()
        w, n = f(a)
        ok = same(w, n)
        same_count += ok
        diff += not ok
        if not ok:
            differing.append(label)
        err_same = w.stderr == n.stderr
        if not err_same:
            stderr_diff.append(label)
        print("%-28s %s%s  (%.1fs)" % (label, "same" if ok else "DIFFERENT",
                                        "" if err_same else ", stderr differs", time.time() - t))
        if a.v:
            show_diff(w, n)
    print("scenarios: %d same, %d different; stderr differs in %d: %s"
          % (same_count, diff, len(stderr_diff), " ".join(stderr_diff)))
    ran = [label for label, _ in cases() if not a.only or label in a.only]
    expected = {l for l in EXPECTED_DIFFERENT if l in ran}
    for label in sorted(set(differing) - expected):
        print("UNEXPECTED: %s differs from php-cli" % label)
    for label in sorted(expected - set(differing)):
        print("NOW SAME: %s matches php-cli; take it off EXPECTED_DIFFERENT" % label)
    for label in sorted(expected & set(differing)):
        print("known: %s (%s)" % (label, EXPECTED_DIFFERENT[label]))
    return 0 if set(differing) == expected else 1


if __name__ == "__main__":
    sys.exit(main())
