//! A real interpreter on the sockbox host: PHP 8.2's CLI built for wasm32-wasip2 by
//! scripts/php-build (target/php/php.wasm), run under `sockbox run` and compared with native
//! php-cli. It needs what an interpreter needs of the host: setjmp/longjmp (wasm exceptions:
//! every fatal error unwinds through zend_bailout), a deep stack, preopened scripts, and its
//! stream sockets (the extension's tcp:// and udp:// transports, over php:sockets) under the
//! same policy.

use sockbox_tests::{PEER_DEADLINE, TempDir, cli, free_port, root};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// target/php/php.wasm; missing is a failure (scripts/test builds it), not a skip.
fn php_wasm() -> PathBuf {
    let path = root().join("target/php/php.wasm");
    assert!(
        path.is_file(),
        "{} is missing: run scripts/php-build first",
        path.display()
    );
    path
}

/// `sockbox run [FLAGS] php.wasm ARGS`.
fn php_wasm_run(flags: &[&str], args: &[&str]) -> Output {
    sockbox_tests::sockbox_run(flags, &php_wasm(), args)
}

/// Native `php ARGS`.
fn php_native(args: &[&str]) -> Output {
    Command::new("php")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("php-cli is required (scripts/test installs it)")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn php_runs_code_as_native_php_does() {
    // The minor version may differ (Debian serves 8.2.32's source; its php-cli may be newer).
    let code = r#"echo 1 + 1, " ", PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION, " ", strrev("wasm"), " ", json_encode(["a" => [1, 2.5]]), "\n";"#;
    let out = php_wasm_run(&[], &["-r", code]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(text(&out.stdout), text(&php_native(&["-r", code]).stdout));
}

#[test]
fn deep_recursion_goes_as_deep_as_native_php() {
    // serialize() of a 3,000-deep array: wasmtime's default 512 KiB of native stack traps
    // here; sockbox's 8 MiB does not.
    let code = r#"$a = []; for ($i = 0; $i < 3000; $i++) { $a = [$a]; }
        $s = serialize($a); echo strlen($s), " ", md5($s), "\n";
        function depth($n) { return $n ? 1 + depth($n - 1) : 0; } echo depth(20000), "\n";"#;
    let out = php_wasm_run(&[], &["-r", code]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), text(&php_native(&["-r", code]).stdout));
}

#[test]
fn fatal_errors_unwind_and_shutdown_functions_run() {
    // zend_bailout is a longjmp: the run must reach the shutdown function, not trap.
    let code = r#"register_shutdown_function(function () { echo "shutdown ran\n"; });
        echo "before\n"; undefined_function(); echo "not reached\n";"#;
    let out = php_wasm_run(&[], &["-d", "display_errors=0", "-r", code]);
    assert_eq!(text(&out.stdout), "before\nshutdown ran\n", "{out:?}");
    // PHP's 255 for a fatal error, as natively (the C SDK's _Exit reports the status).
    let native = php_native(&["-d", "display_errors=0", "-r", code]);
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(out.status.code(), native.status.code());
    assert_eq!(text(&out.stdout), text(&native.stdout));
}

#[test]
fn scripts_and_includes_come_from_preopened_directories_only() {
    let dir = TempDir::new("php-app");
    std::fs::write(
        dir.path().join("lib.php"),
        "<?php function hi() { return 'hi'; }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("main.php"),
        "<?php require __DIR__ . '/lib.php'; echo hi(), ' ', $argv[1], \"\\n\";\n",
    )
    .unwrap();
    let mount = format!("{}::/app", dir.path().display());
    let out = php_wasm_run(&["--dir-ro", &mount], &["/app/main.php", "there"]);
    assert_eq!(text(&out.stdout), "hi there\n", "{out:?}");
    // Without the preopen the script is not there at all.
    let out = php_wasm_run(&[], &["/app/main.php"]);
    assert!(!out.status.success());
    assert!(text(&out.stdout).contains("Could not open input file: /app/main.php"));
}

/// What a PHP stream reader does with a peer that makes it wait: `select` before any data and
/// after reading all there was, blocking `fgets` that must wait for the peer, end of stream.
/// `$c` is the connection.
const SLOW_PEER_READER: &str = r#"
    $r = [$c]; $w = $e = null; echo "select before data: ", stream_select($r, $w, $e, 0), "\n";
    fwrite($c, "ready\n"); var_dump(fgets($c));
    $r = [$c]; echo "select after reading it all: ", stream_select($r, $w, $e, 0), "\n";
    fwrite($c, "next\n"); var_dump(fgets($c), fgets($c), feof($c));"#;

/// The peer of [`SLOW_PEER_READER`]: each line only after the reader asked for it and a pause
/// (so the reader is waiting in `fgets` when it comes), then end of stream.
fn slow_peer(stream: TcpStream) {
    stream.set_read_timeout(Some(PEER_DEADLINE)).unwrap();
    let mut asks = BufReader::new(stream.try_clone().unwrap()).lines();
    let mut stream = stream;
    for reply in ["one\n", "two\n"] {
        assert!(
            asks.next().is_some_and(|l| l.is_ok()),
            "the reader stopped asking"
        );
        std::thread::sleep(Duration::from_millis(150));
        stream.write_all(reply.as_bytes()).unwrap();
    }
}

/// Connects to 127.0.0.1:`port` as soon as something listens there (bounded).
fn connect_when_listening(port: u16) -> TcpStream {
    let start = Instant::now();
    loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => return s,
            Err(e) if start.elapsed() > PEER_DEADLINE => panic!("{e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// `php -r CODE` natively and on php.wasm under `sockbox run FLAGS`, each beside `peer` (run
/// on this thread); their outputs.
fn native_and_wasm(code: &str, flags: &[&str], peer: impl Fn()) -> (Output, Output) {
    let run = |wasm: bool| {
        let code = code.to_owned();
        let flags: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
        let php = std::thread::spawn(move || {
            if wasm {
                let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
                php_wasm_run(&flags, &["-r", &code])
            } else {
                php_native(&["-r", &code])
            }
        });
        peer();
        php.join().unwrap()
    };
    (run(false), run(true))
}

#[test]
fn php_stream_reads_wait_for_a_slow_peer_as_native_php() {
    // wasi:sockets' readiness was tokio's: a socket just accepted, or one whose data was all
    // read, polled readable, and PHP's fgets() returned false at once instead of waiting.
    let port = free_port();
    let server = format!(
        r#"$s = stream_socket_server("tcp://127.0.0.1:{port}", $errno, $errstr) or die("$errstr\n");
        $c = stream_socket_accept($s, 20); {SLOW_PEER_READER}"#
    );
    let rule = format!("127.0.0.1:{port}");
    let (native, wasm) = native_and_wasm(&server, &["--allow-bind", &rule], || {
        slow_peer(connect_when_listening(port))
    });
    assert!(
        text(&native.stdout).contains("string(4) \"two\n\""),
        "{native:?}"
    );
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = format!(
        r#"$c = fsockopen("127.0.0.1", {port}, $errno, $errstr, 5) or die("$errstr\n"); {SLOW_PEER_READER}"#
    );
    let rule = format!("127.0.0.1:{port}");
    let (native, wasm) = native_and_wasm(&client, &["--allow-connect", &rule], || {
        slow_peer(sockbox_tests::accept_tcp_within(
            &listener,
            sockbox_tests::STARTUP_DEADLINE,
        ))
    });
    assert!(
        text(&native.stdout).contains("string(4) \"two\n\""),
        "{native:?}"
    );
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");
}

#[test]
fn php_stream_sockets_obey_the_policy() {
    // stream_socket_server / fsockopen are the extension's transports (php:sockets): the same rules.
    let port = free_port();
    let server = format!(
        r#"$s = @stream_socket_server("tcp://127.0.0.1:{port}", $errno, $errstr);
        if (!$s) {{ echo "server: $errstr\n"; exit(0); }}
        echo "listening\n"; $c = stream_socket_accept($s, 20);
        $line = fgets($c); fwrite($c, strtoupper($line)); echo "served ", $line;"#
    );
    let denied = php_wasm_run(&[], &["-r", &server]);
    assert_eq!(
        text(&denied.stdout),
        "server: Permission denied\n",
        "{denied:?}"
    );
    assert!(text(&denied.stderr).contains(&format!("allow with --allow-bind 127.0.0.1:{port}")));

    let rule = format!("127.0.0.1:{port}");
    let mut child = Command::new(cli())
        .args(["run", "--allow-bind", &rule])
        .arg(php_wasm())
        .args(["-r", &server])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "listening");
    let mut stream = connect_when_listening(port);
    stream.set_read_timeout(Some(PEER_DEADLINE)).unwrap();
    stream.write_all(b"hello\n").unwrap();
    let mut reply = String::new();
    BufReader::new(&stream).read_line(&mut reply).unwrap();
    assert_eq!(reply, "HELLO\n");
    assert_eq!(lines.next().unwrap().unwrap(), "served hello");
    assert!(child.wait().unwrap().success());

    // A client: fsockopen to a port no rule allows is refused before any packet leaves.
    let client = format!(
        r#"$c = @fsockopen("127.0.0.1", {port}, $errno, $errstr, 5); echo $c ? "connected\n" : "client: $errstr\n";"#
    );
    let out = php_wasm_run(&[], &["-r", &client]);
    assert_eq!(text(&out.stdout), "client: Permission denied\n", "{out:?}");
}

#[test]
fn php_stream_socket_errors_read_as_native_php() {
    // wasi-libc's errno numbers are WASI's and its texts musl's: php.wasm reports Linux's
    // numbers and glibc's texts, as php-cli does (patch 0007 and the ext's mapping).
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let closed = free_port();
    let code = format!(
        r#"echo PHP_OS_FAMILY, "\n";
        $c = @fsockopen("127.0.0.1", {closed}, $errno, $errstr, 5); var_dump($c, $errno, $errstr);
        $c = @stream_socket_client("tcp://127.0.0.1:{closed}", $errno, $errstr, 5); var_dump($errno, $errstr);
        $s = @stream_socket_server("tcp://127.0.0.1:{port}", $errno, $errstr); var_dump($s, $errno, $errstr);
        $s = @stream_socket_server("tcp://192.0.2.1:{port}", $errno, $errstr); var_dump($errno, $errstr);
        $c = @stream_socket_client("tcp://127.0.0.1:0", $errno, $errstr); var_dump($errno, $errstr);"#
    );
    let flags = [
        "--allow-connect",
        "127.0.0.1:0",
        "--allow-connect",
        &format!("127.0.0.1:{closed}"),
        "--allow-bind",
        &format!("127.0.0.1:{port}"),
        "--allow-bind",
        &format!("192.0.2.1:{port}"),
    ];
    let wasm = php_wasm_run(&flags, &["-r", &code]);
    let native = php_native(&["-r", &code]);
    assert!(text(&native.stdout).contains("int(111)"), "{native:?}");
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");

    // A denied connect is EACCES (port 0 too: the rule is asked before Linux's ECONNREFUSED is
    // given); a lookup the policy refuses fails as glibc's EAI_NONAME.
    let code = format!(
        r#"$c = @fsockopen("127.0.0.1", {closed}, $errno, $errstr, 5); echo "$errno $errstr\n";
        $c = @fsockopen("denied.example", 80, $errno, $errstr, 5); echo "$errno $errstr\n";
        $c = @stream_socket_client("tcp://127.0.0.1:0", $errno, $errstr); echo "$errno $errstr\n";"#
    );
    let out = php_wasm_run(&[], &["-r", &code]);
    // SAFETY: gai_strerror returns a static string for any code.
    let eai_noname = unsafe { std::ffi::CStr::from_ptr(libc::gai_strerror(libc::EAI_NONAME)) };
    assert_eq!(
        text(&out.stdout),
        format!(
            "{} Permission denied\n0 php_network_getaddresses: getaddrinfo for denied.example failed: {}\n{} Permission denied\n",
            libc::EACCES,
            eai_noname.to_str().unwrap(),
            libc::EACCES
        ),
        "{out:?}"
    );
    drop(taken);
}

#[test]
fn php_datagram_streams_and_host_functions_behave_as_native_php() {
    // A datagram server's first fread(): wasi-libc polls it readable before it has a stream,
    // so the read used to find nothing (patch 0008 waits again). syslog() with LOG_PERROR
    // copies to stderr as glibc does.
    let port = free_port();
    let code = format!(
        r#"$s = stream_socket_server("udp://127.0.0.1:{port}", $errno, $errstr, STREAM_SERVER_BIND) or die("$errstr\n");
        $c = stream_socket_client("udp://127.0.0.1:{port}", $errno, $errstr) or die("$errstr\n");
        fwrite($c, "ping"); var_dump(fread($s, 10));
        fwrite($c, "pong"); var_dump(stream_socket_recvfrom($s, 10));
        openlog("sockbox-test", LOG_PERROR, LOG_USER); syslog(LOG_WARNING, "to stderr");"#
    );
    let rule = format!("127.0.0.1:{port}");
    let wasm = php_wasm_run(
        &["--allow-bind", &rule, "--allow-connect", &rule],
        &["-r", &code],
    );
    let native = php_native(&["-r", &code]);
    assert!(text(&native.stdout).contains("\"ping\""), "{native:?}");
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");
    assert_eq!(text(&wasm.stderr), text(&native.stderr), "{wasm:?}");

    // Reverse lookups go through php:sockets (wasi-libc's getnameinfo() traps): 127.0.0.1 is
    // `localhost` with no rule, as /etc/hosts names it natively; a non-address is false. (The
    // differential program gethostbyaddr.php compares more with php-cli.)
    let out = php_wasm_run(
        &[],
        &[
            "-r",
            r#"var_dump(gethostbyaddr("127.0.0.1"), @gethostbyaddr("nonsense"));"#,
        ],
    );
    assert_eq!(
        text(&out.stdout),
        "string(9) \"localhost\"\nbool(false)\n",
        "{out:?}"
    );
}

#[test]
fn php_protocol_names_are_the_hosts_and_the_host_name_is_not_lent() {
    // php.wasm's protocol table against this machine's /etc/protocols, which native PHP reads.
    let listing = std::fs::read_to_string("/etc/protocols").expect("/etc/protocols (netbase)");
    let mut code = String::new();
    for line in listing.lines() {
        let fields: Vec<&str> = line.split('#').next().unwrap().split_whitespace().collect();
        if let [name, number, aliases @ ..] = fields.as_slice() {
            code += &format!(
                "echo getprotobynumber({number}), ' ', getprotobyname('{name}'), ' ', var_export(array_map('getprotobyname', {aliases:?}), true), \"\\n\";\n"
            );
        }
    }
    code += "var_dump(getprotobyname('no-such-protocol'), getprotobynumber(254));";
    let wasm = php_wasm_run(&[], &["-r", &code]);
    let native = php_native(&["-r", &code]);
    assert!(text(&native.stdout).contains("udp 17"), "{native:?}");
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");

    let name = "var_dump(gethostname());";
    assert_eq!(
        text(&php_wasm_run(&[], &["-r", name]).stdout),
        "string(9) \"localhost\"\n"
    );
    let out = php_wasm_run(&["--env", "HOSTNAME=plugin-7"], &["-r", name]);
    assert_eq!(text(&out.stdout), "string(8) \"plugin-7\"\n");
}

/// One HTTP exchange on `listener`: the request's head, then, after a pause, a response whose
/// body comes in two segments; returns the request.
fn slow_http_peer(listener: &std::net::TcpListener) -> String {
    let mut stream = sockbox_tests::accept_tcp_within(listener, sockbox_tests::STARTUP_DEADLINE);
    stream.set_read_timeout(Some(PEER_DEADLINE)).unwrap();
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.ends_with(b"\r\n\r\n") {
        let n = std::io::Read::read(&mut stream, &mut buf).unwrap();
        assert!(n > 0, "request cut short");
        request.extend_from_slice(&buf[..n]);
    }
    std::thread::sleep(Duration::from_millis(100));
    stream
        .write_all(
            b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nfirst ",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    stream.write_all(b"half.\n").unwrap();
    String::from_utf8(request).unwrap()
}

#[test]
fn php_http_clients_read_to_the_end_as_native_php() {
    // feof() asks recv(MSG_PEEK), which wasi-libc lacks: every connection looked dead, so the
    // manual's fsockopen() loop printed nothing and file_get_contents('http://') failed
    // (patch 0009).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let rule = format!("127.0.0.1:{port}");
    // The manual's fsockopen() Example #1, on this port.
    let manual = format!(
        r#"$fp = fsockopen("127.0.0.1", {port}, $errno, $errstr, 30);
        if (!$fp) {{ echo "$errstr ($errno)<br />\n"; }} else {{
            $out = "GET / HTTP/1.1\r\nHost: www.example.com\r\nConnection: Close\r\n\r\n";
            fwrite($fp, $out);
            while (!feof($fp)) {{ echo fgets($fp, 128); }}
            fclose($fp);
        }}"#
    );
    let requests = std::sync::Mutex::new(Vec::new());
    let peer = || requests.lock().unwrap().push(slow_http_peer(&listener));
    let (native, wasm) = native_and_wasm(&manual, &["--allow-connect", &rule], peer);
    assert!(
        text(&native.stdout).ends_with("first half.\n"),
        "{native:?}"
    );
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");

    let fetch = format!(
        r#"var_dump(file_get_contents("http://127.0.0.1:{port}/x"), $http_response_header);"#
    );
    let (native, wasm) = native_and_wasm(&fetch, &["--allow-connect", &rule], peer);
    assert!(text(&native.stdout).contains("first half."), "{native:?}");
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");
    let requests = requests.lock().unwrap();
    assert_eq!(requests[2], requests[3], "php.wasm's HTTP request differs");
}

#[test]
fn php_non_blocking_stream_sockets_behave_as_native_php() {
    // stream_set_blocking() used fcntl(), which wasi-libc does not know for sockets: it failed,
    // and every stream stayed blocking (patch 0010 uses ioctl(FIONBIO)).
    let port = free_port();
    let code = format!(
        r#"$s = stream_socket_server("tcp://127.0.0.1:{port}", $errno, $errstr) or die("$errstr\n");
        $c = stream_socket_client("tcp://127.0.0.1:{port}", $errno, $errstr, 5);
        $a = stream_socket_accept($s, 5);
        var_dump(stream_set_blocking($a, false), stream_get_meta_data($a)['blocked'], fread($a, 10));
        fwrite($c, "abc"); $r = [$a]; $w = $e = null; var_dump(stream_select($r, $w, $e, 5), fread($a, 10));
        var_dump(stream_set_blocking($c, false));
        $n = fwrite($c, str_repeat("x", 8 << 20)); var_dump($n > 0 && $n < 8 << 20);
        var_dump(stream_set_blocking($c, true), stream_set_blocking($a, true));
        $got = 0; while ($got < $n) {{ $got += strlen(fread($a, 65536)); }} var_dump($got === $n);
        stream_set_timeout($a, 0, 200000); var_dump(fread($a, 10), stream_get_meta_data($a)['timed_out']);"#
    );
    let rule = format!("127.0.0.1:{port}");
    let wasm = php_wasm_run(
        &["--allow-bind", &rule, "--allow-connect", &rule],
        &["-r", &code],
    );
    let native = php_native(&["-r", &code]);
    assert!(
        text(&native.stdout).starts_with("bool(true)\nbool(false)\nstring(0)"),
        "{native:?}"
    );
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");
    assert_eq!(text(&wasm.stderr), text(&native.stderr), "{wasm:?}");

    // A peer that never answers: a listener whose backlog is full drops the SYN. The connect's
    // timeout must hold (without a non-blocking connect it waited for the kernel's ~2 min).
    let (_full, _fillers, port) = sockbox_tests::full_tcp_listener();
    let code = format!(
        r#"$c = @fsockopen("127.0.0.1", {port}, $errno, $errstr, 1); var_dump($c, $errno, $errstr);"#
    );
    let rule = format!("127.0.0.1:{port}");
    let start = Instant::now();
    let wasm = php_wasm_run(&["--allow-connect", &rule], &["-r", &code]);
    let waited = start.elapsed();
    let native = php_native(&["-r", &code]);
    assert!(
        text(&native.stdout).contains("Connection timed out"),
        "{native:?}"
    );
    assert_eq!(text(&wasm.stdout), text(&native.stdout), "{wasm:?}");
    // Bounded, not a speed target: a connect that ignored its timeout takes minutes.
    assert!(waited < Duration::from_secs(30), "{waited:?}");
}
