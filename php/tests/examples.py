#!/usr/bin/env python3
"""The manual's examples (tests/php/echo-server.php, tests/php/http-head.php, unmodified) under
php.wasm and under native php-cli, driven the way tests/src/examples.rs drives them; the bytes
each sent and printed must be the same.

    php/tests/examples.py [--sockbox target/debug/sockbox] [--php-wasm target/php/php.wasm]

Exit status 0 when both examples match.
"""
import argparse, os, socket, subprocess, sys, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IO_TIMEOUT = 10
WELCOME_END = b"To quit, type 'quit'. To shut down the server type 'shutdown'.\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port):
    start = time.time()
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
            s.settimeout(IO_TIMEOUT)
            return s
        except OSError:
            if time.time() - start > 20:
                raise
            time.sleep(0.05)


def echo_session(port):
    """Two telnet-like sessions, as tests/src/examples.rs echo_session: the second shuts down."""
    transcript = b""
    for lines in (["hello", "   ", "crlf line\r", "sockets in wasm", "quit"], ["bye", "shutdown"]):
        s = connect(port)
        f = s.makefile("rb")
        while not transcript.endswith(WELCOME_END):
            line = f.readline()
            assert line, "welcome cut short: %r" % transcript
            transcript += line
        for line in lines:
            s.sendall(line.encode() + b"\n")
            if line.strip() == "" or line in ("quit", "shutdown"):
                continue
            transcript += f.readline()
        transcript += f.read()
        transcript += b"[closed]\n"
        f.close()
        s.close()
    return transcript


def finish(proc):
    try:
        out, err = proc.communicate(timeout=IO_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("server did not stop after 'shutdown'")
    return out, err, proc.returncode


def echo_server(cmd_for_port):
    port = free_port()
    proc = subprocess.Popen(cmd_for_port(port), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    transcript = echo_session(port)
    out, err, rc = finish(proc)
    return transcript, out, err, rc


def http_server():
    """A one-shot HTTP server: answers one HEAD request and closes (tests/src/examples.rs)."""
    l = socket.socket()
    l.bind(("127.0.0.1", 0))
    l.listen(1)
    port = l.getsockname()[1]
    got = {}

    def serve():
        l.settimeout(30)
        s, _ = l.accept()
        s.settimeout(IO_TIMEOUT)
        req = b""
        while not req.endswith(b"\r\n\r\n"):
            chunk = s.recv(1024)
            assert chunk, "request cut short"
            req += chunk
        s.sendall(b"HTTP/1.1 200 OK\r\nServer: test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        s.close()
        l.close()
        got["request"] = req

    t = threading.Thread(target=serve)
    t.start()
    return port, t, got


def http_client(cmd_for_port):
    port, t, got = http_server()
    p = subprocess.run(cmd_for_port(port), capture_output=True, timeout=60)
    t.join(30)
    return got.get("request"), p.stdout.replace(str(port).encode(), b"PORT"), p.stderr, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sockbox", default=os.path.join(ROOT, "target/debug/sockbox"))
    ap.add_argument("--php-wasm", default=os.path.join(ROOT, "target/php/php.wasm"))
    ap.add_argument("--php", default="php")
    a = ap.parse_args()
    php_dir = os.path.join(ROOT, "tests/php")
    ok = True

    def wasm(script, policy):
        return lambda port: [a.sockbox, "run", "--dir-ro", php_dir + "::/php"] + policy(port) + [
            a.php_wasm, "/php/" + script, "127.0.0.1", str(port)]

    def native(script):
        return lambda port: [a.php, os.path.join(php_dir, script), "127.0.0.1", str(port)]

    # Example #1: the echo server.
    w = echo_server(wasm("echo-server.php", lambda p: ["--allow-bind", "127.0.0.1:%d" % p]))
    n = echo_server(native("echo-server.php"))
    for what, i in (("transcript (what the client received)", 0), ("server stdout", 1)):
        same = w[i] == n[i]
        ok &= same
        print("echo-server %s: %s (%d bytes)" % (what, "same" if same else "DIFFERENT", len(w[i])))
        if not same:
            print("  php.wasm: %r\n  php-cli:  %r" % (w[i], n[i]))
    print("echo-server exit status: php.wasm %d, php-cli %d; stderr: php.wasm %r, php-cli %r"
          % (w[3], n[3], w[2], n[2]))
    ok &= w[3] == n[3] == 0 and w[1] == b"hello\ncrlf line\nsockets in wasm\nbye\n"

    # Example #2: the HTTP client.
    w = http_client(wasm("http-head.php", lambda p: ["--allow-connect", "127.0.0.1:%d" % p]))
    n = http_client(native("http-head.php"))
    for what, i in (("request (what the server received)", 0), ("stdout (port as PORT)", 1)):
        same = w[i] == n[i]
        ok &= same
        print("http-head %s: %s (%d bytes)" % (what, "same" if same else "DIFFERENT", len(w[i] or b"")))
        if not same:
            print("  php.wasm: %r\n  php-cli:  %r" % (w[i], n[i]))
    ok &= w[0] == b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Close\r\n\r\n"
    print("http-head exit status: php.wasm %d, php-cli %d; stderr: php.wasm %r, php-cli %r"
          % (w[3], n[3], w[2], n[2]))
    print("examples:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
