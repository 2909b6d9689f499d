#!/usr/bin/env python3
"""Real PHP libraries, unmodified, under php.wasm (sockbox, loopback policy) and under native
php-cli against the same real peers: Predis (Debian's php-nrk-predis) talking to a redis-server
this script starts, over TCP and its unix socket; Guzzle (php-guzzlehttp-guzzle) and Symfony's
HttpClient (php-symfony-http-client) talking to an HTTP server in this script; PHPMailer
(libphp-phpmailer) sending through an SMTP server in this script. The programs are
tests/php/libraries/*.php; stdout must be the same bytes, and the exit status the same.

    php/tests/libraries.py [-v] [NAME...]

scripts/test installs the Debian packages (php-nrk-predis, php-guzzlehttp-guzzle,
php-symfony-http-client, libphp-phpmailer, redis-server). Both PHPs read the libraries from
/usr/share/php (php.wasm: preopened read-only).
"""
import base64, http.server, json, os, shutil, socket, socketserver, subprocess, sys, tempfile
import threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import differential  # noqa: E402  (run_both(), LOOPBACK, arguments(), same(), show_diff())

LIBRARIES = os.path.join(differential.PHP_DIR, "libraries")
SHARE = ["--dir-ro", "/usr/share/php::/usr/share/php"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(port, path=None, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            if path is None or os.path.exists(path):
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError("peer on port %d did not start" % port)


def predis(a):
    d = tempfile.mkdtemp(prefix="sockbox-redis-")
    port, closed, sock = free_port(), free_port(), os.path.join(d, "redis.sock")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--unixsocket", sock,
         "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", d],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, sock)
        policy = differential.LOOPBACK + SHARE + ["--dir", d + "::" + d, "--allow-unix", d]
        return differential.run_both([str(port), sock, str(closed)], policy, a,
                                     script=os.path.join(LIBRARIES, "predis.php"))
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(d)


class HttpPeer(http.server.BaseHTTPRequestHandler):
    """guzzle.php's and symfony-http-client.php's server."""
    protocol_version = "HTTP/1.1"
    BIG = bytes(range(256)) * 8192  # 2 MiB

    def reply(self, code, body, headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/hello":
            query = self.path.partition("?")[2]
            self.reply(200, ("hello %s %s" % (self.headers.get("X-Test", "-"), query)).encode(),
                       [("X-Served", "python"), ("Content-Type", "text/plain")])
        elif path == "/redirect":
            self.reply(302, b"", [("Location", "/hello")])
        elif path == "/big":
            self.reply(200, self.BIG)
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b"first ", b"second ", b"third"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        elif path.startswith("/status/"):
            code = int(path[len("/status/"):])
            self.reply(code, b"status %d body" % code)
        elif path == "/slow":
            time.sleep(2)
            self.reply(200, b"late")
        else:
            self.reply(404, b"no such path")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply(200, json.dumps({"type": self.headers.get("Content-Type"),
                                    "body": body.decode()}).encode(),
                   [("Content-Type", "application/json")])

    def log_message(self, *args):
        pass


def with_http_peer(a, program):
    """`program` with the port of a fresh HttpPeer and a port nothing listens on."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HttpPeer)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return differential.run_both([str(server.server_port), str(free_port())],
                                     differential.LOOPBACK + SHARE, a,
                                     script=os.path.join(LIBRARIES, program))
    finally:
        server.shutdown()
        server.server_close()


def guzzle(a):
    return with_http_peer(a, "guzzle.php")


class SmtpPeer(socketserver.StreamRequestHandler):
    """phpmailer.php's SMTP server: EHLO with AUTH PLAIN LOGIN, user/secret accepted,
    nobody@server.test refused, messages read to the lone dot and counted."""

    def say(self, *lines):
        for i, line in enumerate(lines):
            sep = " " if i == len(lines) - 1 else "-"
            self.wfile.write(("%s%s%s\r\n" % (line[:3], sep, line[4:])).encode())

    def line(self):
        return self.rfile.readline().decode(errors="replace").rstrip("\r\n")

    def handle(self):
        self.say("220 server.test ESMTP sockbox-test")
        while True:
            cmd = self.line()
            verb = cmd.split(" ")[0].upper()
            if verb == "EHLO":
                self.say("250 server.test greets " + cmd[5:], "250 SIZE 10485760",
                         "250 AUTH PLAIN LOGIN", "250 8BITMIME")
            elif verb == "AUTH" and cmd.upper().startswith("AUTH PLAIN"):
                if cmd.upper() == "AUTH PLAIN":
                    self.say("334 ")
                    cmd = "AUTH PLAIN " + self.line()
                user = base64.b64decode(cmd[11:]).split(b"\0")
                self.say("235 2.7.0 accepted" if user[1:] == [b"user", b"secret"]
                         else "535 5.7.8 bad credentials")
            elif verb == "AUTH" and cmd.upper() == "AUTH LOGIN":
                self.say("334 " + base64.b64encode(b"Username:").decode())
                user = base64.b64decode(self.line())
                self.say("334 " + base64.b64encode(b"Password:").decode())
                password = base64.b64decode(self.line())
                self.say("235 2.7.0 accepted" if (user, password) == (b"user", b"secret")
                         else "535 5.7.8 bad credentials")
            elif verb in ("MAIL", "RSET", "NOOP"):
                self.say("250 2.1.0 ok")
            elif verb == "RCPT":
                self.say("550 5.1.1 no such user" if "nobody@" in cmd else "250 2.1.5 ok")
            elif verb == "DATA":
                self.say("354 end with a lone dot")
                size = 0
                while True:
                    data = self.rfile.readline()
                    if data in (b".\r\n", b""):
                        break
                    size += len(data)
                self.say("250 2.0.0 queued, %s" % ("large" if size > 800000 else "%d bytes" % size))
            elif verb == "QUIT" or not cmd:
                self.say("221 2.0.0 bye")
                return
            else:
                self.say("502 5.5.2 what is " + verb)


def phpmailer(a):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpPeer)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    silent = socket.socket()  # accepts (the backlog) and never greets
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        return differential.run_both(
            [str(server.server_address[1]), str(silent.getsockname()[1]), str(free_port())],
            differential.LOOPBACK + SHARE, a, script=os.path.join(LIBRARIES, "phpmailer.php"))
    finally:
        server.shutdown()
        server.server_close()
        silent.close()


def symfony_http_client(a):
    return with_http_peer(a, "symfony-http-client.php")


CASES = {"predis": predis, "guzzle": guzzle, "symfony-http-client": symfony_http_client,
         "phpmailer": phpmailer}


def main():
    a = differential.arguments()
    ran, differing = [], []
    for name, f in CASES.items():
        if a.only and name not in a.only:
            continue
        ran.append(name)
        t = time.time()
        w, n = f(a)
        if not differential.same(w, n):
            differing.append(name)
        print("%-10s %s%s  (%.1fs)" % (name, "DIFFERENT" if name in differing else "same",
                                      "" if w.stderr == n.stderr else ", stderr differs",
                                      time.time() - t))
        if a.v:
            differential.show_diff(w, n)
    print("libraries: %d same, %d different: %s"
          % (len(ran) - len(differing), len(differing), " ".join(differing)))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
