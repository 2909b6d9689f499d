<?php
// The PHP twin of tests/guest (sockbox-test-guest): `php scenarios.php SCENARIO [ARGS...]`
// prints, line for line, what the guest prints for the same scenario under sockbox.

function q(string $s): string { return '"' . addcslashes($s, "\0..\37\"\\") . '"'; }

// Runs $f with the global error cleared and prints `label: value` or the failure as the guest
// prints it: `false [errno] text`, `false` (nothing recorded), or the exception's message.
function keep(string $label, callable $f, callable $show) {
    socket_clear_error();
    try {
        $r = $f();
    } catch (ValueError $e) {
        echo "$label: ValueError: ", $e->getMessage(), "\n";
        return null;
    } catch (Warned $e) {
        echo "$label: Warning: ", $e->getMessage(), ", false\n";
        return null;
    } catch (Error $e) {
        echo "$label: Error: closed\n";
        return null;
    }
    if ($r === false) {
        $e = socket_last_error();
        echo "$label: ", $e ? "false [$e] " . socket_strerror($e) : "false", "\n";
        return null;
    }
    echo "$label: ", $show($r), "\n";
    return $r;
}
function report(string $label, callable $f, callable $show) { keep($label, $f, $show); }
$t = fn($v) => 'true';
$int = fn($v) => (string)$v;
$data = fn($v) => q($v);
function name_of($s, bool $peer = false): array {
    $peer ? socket_getpeername($s, $a, $p) : socket_getsockname($s, $a, $p);
    return [$a, $p];
}

// PHP's sendmsg/recvmsg conversion warnings ("error converting user data ...") and false, which
// the guest sees as sockbox's `warning` error and prints as `Warning: <text>, false`.
final class Warned extends Exception {}
function conv(callable $f) {
    error_clear_last();
    $r = @$f();
    $e = error_get_last();
    if ($r === false && $e !== null && str_contains($e['message'], 'error converting')) {
        throw new Warned(preg_replace('/^\w+\(\): /', '', $e['message']));
    }
    return $r;
}
function sendmsg($s, array $m, int $flags = 0) { return conv(fn() => socket_sendmsg($s, $m, $flags)); }
// socket_recvmsg() as the guest sees it: [count, $message], or false.
function recvmsg($s, array $m, int $flags) {
    $n = conv(function () use ($s, &$m, $flags) { return socket_recvmsg($s, $m, $flags); });
    return $n === false ? false : [$n, $m];
}
function msg_request(?int $controllen, ?int $buffer_size, bool $want_name): array {
    $m = $want_name ? ['name' => []] : [];
    if ($buffer_size !== null) $m['buffer_size'] = $buffer_size;
    if ($controllen !== null) $m['controllen'] = $controllen;
    return $m;
}
function show_msg(array $r): string {
    [$n, $m] = $r;
    return "$n iov [" . implode(',', array_map('q', $m['iov'])) . "] flags {$m['flags']} control [" . show_control($m['control']) . ']';
}
function show_control(array $c): string {
    $items = [];
    foreach ($c as $e) {
        $d = $e['data'];
        if ($e['level'] === SOL_SOCKET && $e['type'] === SCM_RIGHTS) $s = 'rights ' . count($d);
        elseif ($e['level'] === SOL_SOCKET) $s = 'pid>0 ' . ($d['pid'] > 0 ? 'true' : 'false') . " uid {$d['uid']} gid {$d['gid']}";
        elseif (is_array($d)) $s = 'addr ' . q($d['addr']) . " ifindex {$d['ifindex']}";
        else $s = (string)$d;
        $items[] = "{$e['level']}/{$e['type']} $s";
    }
    return implode(',', $items);
}
// The sender as the guest prints it, against the port or path the scenario expects.
function sender(?array $n, ?int $port, ?string $path): string {
    if ($n === null) return 'null';
    if (isset($n['addr'])) {
        $s = "{$n['family']} " . q($n['addr']) . ' port-ok ' . ($n['port'] === $port ? 'true' : 'false');
        return isset($n['flowinfo']) ? "$s flowinfo {$n['flowinfo']} scope {$n['scope_id']}" : $s;
    }
    if (isset($n['path'])) return "{$n['family']} path-ok " . ($n['path'] === $path ? 'true' : 'false');
    return (string)$n['family'];
}
function cmsg(int $level, int $type, $data): array { return ['level' => $level, 'type' => $type, 'data' => $data]; }
function hints(?int $flags, ?int $socktype, ?int $family): array {
    return array_filter(['ai_flags' => $flags, 'ai_socktype' => $socktype, 'ai_family' => $family], fn($v) => $v !== null);
}
function explain_line($ai): string {
    $e = socket_addrinfo_explain($ai);
    $a = $e['ai_addr'];
    [$addr, $port] = isset($a['sin_addr']) ? [$a['sin_addr'], $a['sin_port']] : [$a['sin6_addr'], $a['sin6_port']];
    $canon = isset($e['ai_canonname']) ? q($e['ai_canonname']) : '-';
    return "flags {$e['ai_flags']} family {$e['ai_family']} socktype {$e['ai_socktype']} protocol {$e['ai_protocol']} canonname $canon addr " . q($addr) . " port $port";
}
// Prints every result of a lookup; PHP 8.2 reports a failure as plain false.
function lookup(string $label, string $host, ?string $service, array $hints): array {
    $r = socket_addrinfo_lookup($host, $service, $hints);
    if ($r === false) { echo "$label: false\n"; return []; }
    echo "$label: ", count($r), " results\n";
    foreach ($r as $ai) echo '  ', explain_line($ai), "\n";
    return $r;
}

// `waited: true` when at least 250 ms passed since $start (a timeout of 300 ms ran out).
function waited(float $start): string { return 'waited: ' . ((microtime(true) - $start) >= 0.25 ? 'true' : 'false') . "\n"; }
// A connected AF_UNIX pair and a connected TCP pair on loopback, as [kind, reader, writer].
function stream_pairs(): array {
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($l, '127.0.0.1', 0);
    socket_listen($l, 1);
    [, $port] = name_of($l);
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($c, '127.0.0.1', $port);
    return [['unix', $p[0], $p[1]], ['tcp', socket_accept($l), $c]];
}
// A blocking connect bounded by an SO_SNDTIMEO of 300 ms (tests/guest/src/semantics.rs).
function connect_timed(int $domain, string $address, ?int $port) {
    global $t;
    $s = socket_create($domain, SOCK_STREAM, $domain === AF_UNIX ? 0 : SOL_TCP);
    report('set SO_SNDTIMEO', fn() => socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 300000]), $t);
    $start = microtime(true);
    report('connect', fn() => @socket_connect($s, $address, $port), $t);
    echo waited($start);
}

$scenario = $argv[1] ?? '';
$arg = $argv[2] ?? '';
switch ($scenario) {
case 'strerror':
    foreach ([0, 1, 4, 11, 13, 22, 32, 98, 99, 104, 107, 110, 111, 113, 115, -10001, -10002, -10003, -10004, 9999] as $c) {
        report("strerror($c)", fn() => socket_strerror($c), fn($s) => $s);
    }
    break;

case 'connect-refused':
    $s = keep('create', fn() => socket_create(AF_INET, SOCK_STREAM, SOL_TCP), $t);
    report('connect', fn() => socket_connect($s, '127.0.0.1', (int)$arg), $t);
    echo 'socket error: ', socket_last_error($s), "\n";
    echo 'global error: ', socket_last_error(), "\n";
    break;

case 'addr-in-use':
    $a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('bind a', fn() => socket_bind($a, '127.0.0.1', 0), $t);
    [, $port] = name_of($a);
    report('listen a', fn() => socket_listen($a, 0), $t);
    $b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('bind b', fn() => socket_bind($b, '127.0.0.1', $port), $t);
    echo 'b error: ', socket_last_error($b), "\n";
    break;

case 'bad-arguments':
    report('create bad domain', fn() => socket_create(99, SOCK_STREAM, 0), $t);
    report('create bad protocol', fn() => socket_create(AF_INET, SOCK_STREAM, 9999), $t);
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a] = $p;
    report('read length 0', fn() => socket_read($a, 0, PHP_BINARY_READ), $data);
    report('write length -1', fn() => socket_write($a, 'x', -1), $int);
    report('send length -1', fn() => socket_send($a, 'x', -1, 0), $int);
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('connect null port', fn() => socket_connect($s, '127.0.0.1', null), $t);
    echo 'global error: ', socket_last_error(), "\n";
    break;

case 'eagain':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a] = $p;
    report('recv dontwait', function () use ($a) { $r = socket_recv($a, $buf, 10, MSG_DONTWAIT); return $r === false ? false : $buf; }, $data);
    report('set_nonblock', fn() => socket_set_nonblock($a), $t);
    report('read', fn() => socket_read($a, 10, PHP_BINARY_READ), $data);
    echo 'socket error: ', socket_last_error($a), "\n";
    break;

case 'peer-closed':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a, $b] = $p;
    report('write', fn() => socket_write($b, 'bye'), $int);
    report('close b', function () use ($b) { socket_close($b); return true; }, $t);
    report('read', fn() => socket_read($a, 10, PHP_BINARY_READ), $data);
    report('read at eof', fn() => socket_read($a, 10, PHP_BINARY_READ), $data);
    report('recv at eof', function () use ($a) { $n = socket_recv($a, $buf, 10, 0); return $n === false ? false : "$n " . q((string)$buf); }, fn($s) => $s);
    report('write to closed peer', fn() => socket_write($a, 'x'), $int);
    report('close a', function () use ($a) { socket_close($a); return true; }, $t);
    report('close a again', function () use ($a) { socket_close($a); return true; }, $t);
    break;

case 'pair-example':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    report('write', fn() => socket_write($p[0], "ABCdef123\n", 10), $int);
    report('read', fn() => socket_read($p[1], 10, PHP_BINARY_READ), $data);
    break;

case 'udp':
    $a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    $b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    report('bind a', fn() => socket_bind($a, '127.0.0.1', 0), $t);
    report('bind b', fn() => socket_bind($b, '127.0.0.1', 0), $t);
    [, $pa] = name_of($a);
    [, $pb] = name_of($b);
    report('sendto', fn() => socket_sendto($a, 'ping', 4, 0, '127.0.0.1', $pb), $int);
    report('recvfrom', function () use ($b, $pa) {
        $n = socket_recvfrom($b, $buf, 100, 0, $addr, $port);
        return $n === false ? false : "$n " . q($buf) . ' ' . q($addr) . ' from a: ' . ($port === $pa ? 'true' : 'false');
    }, fn($s) => $s);
    report('sendto truncated', fn() => socket_sendto($b, 'pong!', 4, 0, '127.0.0.1', $pa), $int);
    report('recvfrom', function () use ($a) { $n = socket_recvfrom($a, $buf, 100, 0, $addr, $port); return $n === false ? false : "$n " . q($buf); }, fn($s) => $s);
    report('sendto null port', fn() => socket_sendto($a, 'x', 1, 0, '127.0.0.1', null), $int);
    report('SO_TYPE', fn() => socket_get_option($a, SOL_SOCKET, SO_TYPE), $int);
    break;

case 'normal-read':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a, $b] = $p;
    socket_write($a, "ab\ncd\r\nef");
    for ($i = 1; $i <= 3; $i++) {
        report("line $i", fn() => socket_read($b, 100, PHP_NORMAL_READ), $data);
    }
    report('short length', fn() => socket_read($b, 1, PHP_NORMAL_READ), $data);
    report('rest', fn() => socket_read($b, 100, PHP_BINARY_READ), $data);
    socket_write($a, "xyz\n");
    report('length 2', fn() => socket_read($b, 2, PHP_NORMAL_READ), $data);
    report('then', fn() => socket_read($b, 100, PHP_NORMAL_READ), $data);
    socket_close($a);
    report('at eof', fn() => socket_read($b, 100, PHP_NORMAL_READ), $data);
    break;

case 'select':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a, $b] = $p;
    $r = [$a, $b]; $w = null; $e = null;
    report('select none', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, 0, 0); }, $int);
    echo 'read left: ', count($r), "\n";
    socket_write($a, 'x');
    $r = [$a, $b]; $w = [$a, $b];
    report('select some', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, 1, 0); }, $int);
    echo 'readable is b: ', (count($r) === 1 && isset($r[1]) ? 'true' : 'false'), ' writable: ', count($w), "\n";
    $r = [$a]; $w = null;
    report('select timeout', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, 0, 200000); }, $int);
    $r = null; $w = null;
    report('select empty', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, 0, 0); }, $int);
    $r = [$a]; $w = null;
    report('select negative', function () use (&$r, &$w, &$e) { return @socket_select($r, $w, $e, -1, 0); }, $int);
    break;

case 'tcp-v4':
case 'tcp-v6':
    [$host, $domain] = $scenario === 'tcp-v4' ? ['127.0.0.1', AF_INET] : ['::1', AF_INET6];
    $l = socket_create($domain, SOCK_STREAM, SOL_TCP);
    report('bind', fn() => socket_bind($l, $host, 0), $t);
    report('listen', fn() => socket_listen($l, 5), $t);
    [, $port] = name_of($l);
    report('listener name has port', function () use ($l, $port) { [$a, $p] = name_of($l); return q($a) . ' ' . ($p === $port ? 'true' : 'false'); }, fn($s) => $s);
    $c = socket_create($domain, SOCK_STREAM, SOL_TCP);
    report('connect', fn() => socket_connect($c, $host, $port), $t);
    $s = keep('accept', fn() => socket_accept($l), $t);
    report('peer of client', function () use ($c, $port) { [$a, $p] = name_of($c, true); return q($a) . ' ' . ($p === $port ? 'true' : 'false'); }, fn($s) => $s);
    report('peer of server', function () use ($s) { [$a] = name_of($s, true); return q($a); }, fn($s) => $s);
    report('write', fn() => socket_write($c, 'hello over tcp'), $int);
    report('read', fn() => socket_read($s, 100, PHP_BINARY_READ), $data);
    report('send', fn() => socket_send($s, 'reply', 5, 0), $int);
    report('recv', function () use ($c) { $n = socket_recv($c, $buf, 100, 0); return $n === false ? false : "$n " . q((string)$buf); }, fn($s) => $s);
    break;

case 'unix-stream':
    $path = $arg;
    $l = socket_create(AF_UNIX, SOCK_STREAM, 0);
    report('bind', fn() => socket_bind($l, $path), $t);
    report('listen', fn() => socket_listen($l, 5), $t);
    report('name', function () use ($l, $path) { [$a] = name_of($l); return $a === $path ? 'true' : 'false'; }, fn($s) => $s);
    $c = socket_create(AF_UNIX, SOCK_STREAM, 0);
    report('connect', fn() => socket_connect($c, $path), $t);
    $s = keep('accept', fn() => socket_accept($l), $t);
    report('client name', function () use ($c) { [$a] = name_of($c); return q($a); }, fn($s) => $s);
    report('write', fn() => socket_write($c, 'over unix'), $int);
    report('read', fn() => socket_read($s, 100, PHP_BINARY_READ), $data);
    report('long path', fn() => socket_bind($c, str_repeat('x', 200)), $t);
    break;

case 'stream-unix':
    // PHP's own unix:// and udg:// stream transports (stream_socket_server/client, fsockopen);
    // the directory's path is printed as DIR (php-cli and php.wasm get different ones).
    $dir = $arg;
    $path = "$dir/s.sock";
    $v = fn($x) => str_replace($dir, 'DIR', var_export($x, true));
    $kind = fn($x) => is_resource($x) ? get_resource_type($x) . ' ' . stream_get_meta_data($x)['stream_type'] : $v($x);
    $srv = stream_socket_server("unix://$path", $errno, $errstr);
    echo "server: ", $kind($srv), " [$errno] '$errstr'\n";
    echo "server name: ", $v(stream_socket_get_name($srv, false)), "\n";
    echo "server peer: ", $v(stream_socket_get_name($srv, true)), "\n";
    $again = @stream_socket_server("unix://$path", $errno, $errstr);
    echo "bound again: ", $v($again), " [$errno] '$errstr'\n";
    $cli = stream_socket_client("unix://$path", $errno, $errstr, 5);
    echo "client: ", $kind($cli), "\n";
    $conn = stream_socket_accept($srv, 5);
    echo "accepted: ", $kind($conn), "\n";
    echo "write: ", fwrite($cli, "hello\nworld\n"), "\n";
    echo "line: ", $v(fgets($conn)), "\n";
    echo "line: ", $v(fgets($conn)), "\n";
    echo "reply: ", fwrite($conn, "bye"), "\n";
    echo "accepted name: ", $v(stream_socket_get_name($conn, false)), "\n";
    echo "accepted peer: ", $v(stream_socket_get_name($conn, true)), "\n";
    fclose($conn);
    echo "read: ", $v(fread($cli, 100)), "\n";
    echo "at the end: ", $v(fread($cli, 100)), " feof ", $v(feof($cli)), "\n";
    echo "client name: ", $v(stream_socket_get_name($cli, false)), "\n";
    echo "client peer: ", $v(stream_socket_get_name($cli, true)), "\n";
    fclose($cli);
    stream_set_blocking($srv, false);
    echo "accept, nobody there: ", $v(@stream_socket_accept($srv, 0)), "\n";
    $s = socket_import_stream($srv);
    echo "imported: ", $v($s instanceof Socket), "\n";
    socket_getsockname($s, $a);
    echo "imported name: ", $v($a), "\n";
    fclose($srv);
    $none = @stream_socket_client("unix://$dir/none.sock", $errno, $errstr, 1);
    echo "missing: ", $v($none), " [$errno] '$errstr'\n";
    $f = @fsockopen("unix://$path", -1, $errno, $errstr, 1);
    echo "fsockopen, nobody listening: ", $v($f), " [$errno] '$errstr'\n";
    $dsrv = stream_socket_server("udg://$dir/d.sock", $errno, $errstr, STREAM_SERVER_BIND);
    echo "udg server: ", $kind($dsrv), "\n";
    $dcli = stream_socket_client("udg://$dir/d.sock", $errno, $errstr);
    echo "udg client: ", $kind($dcli), "\n";
    echo "send: ", fwrite($dcli, "datagram"), "\n";
    echo "peek: ", $v(stream_socket_recvfrom($dsrv, 100, STREAM_PEEK, $from)), " from ", $v($from), "\n";
    echo "recvfrom: ", $v(stream_socket_recvfrom($dsrv, 100, 0, $from)), " from ", $v($from), "\n";
    echo "sendto: ", $v(stream_socket_sendto($dcli, "two")), "\n";
    echo "fread: ", $v(fread($dsrv, 100)), "\n";
    echo "shutdown: ", $v(stream_socket_shutdown($dcli, STREAM_SHUT_RDWR)), "\n";
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
    $rights = ['level' => SOL_SOCKET, 'type' => SCM_RIGHTS, 'data' => [$dsrv]];
    echo "pass the udg stream: ", $v(socket_sendmsg($pair[0], ['iov' => ['fd'], 'control' => [$rights]])), "\n";
    $m = ['buffer_size' => 10, 'controllen' => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1)];
    echo "received: ", $v(socket_recvmsg($pair[1], $m, 0)), " ", get_debug_type($m['control'][0]['data'][0] ?? null), "\n";
    echo "constants: ", STREAM_PF_UNIX, " ", STREAM_PF_INET, " ", STREAM_PF_INET6, " ", STREAM_SOCK_STREAM, " ", STREAM_SOCK_DGRAM, " ", STREAM_SOCK_SEQPACKET, "\n";
    $sp = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_DGRAM, 0);
    echo "pair: ", $kind($sp[0]), ", ", $kind($sp[1]), " sent ", fwrite($sp[0], "to b"), " read ", $v(fread($sp[1], 10)), "\n";
    echo "pair of inet: ", $v(@stream_socket_pair(STREAM_PF_INET, STREAM_SOCK_STREAM, 0)), "\n";
    $name = "\0sockbox-php-" . basename($dir);
    $abs = stream_socket_server("unix://$name", $errno, $errstr);
    echo "abstract: ", $kind($abs), " name ", $v(stream_socket_get_name($abs, false)), "\n";
    $ac = stream_socket_client("unix://$name", $errno, $errstr);
    $aconn = stream_socket_accept($abs);
    fwrite($ac, "abs");
    echo "abstract read: ", $v(fread($aconn, 10)), "\n";
    // stream_select() over these streams (keys kept, PHP's shortcut for buffered data).
    $e = null;
    $r = ['in' => $aconn]; $w = ['out' => $ac];
    echo "select: ", $v(stream_select($r, $w, $e, 0)), " ", $v(array_keys($r)), " ", $v(array_keys($w)), "\n";
    fwrite($ac, "more");
    $r = ['in' => $aconn, 'idle' => $dsrv]; $w = null;
    echo "select, data: ", $v(stream_select($r, $w, $e, 1)), " ", $v(array_keys($r)), "\n";
    echo "read 2: ", $v(fread($aconn, 2)), "\n";
    $r = [$aconn, $dsrv]; $w = [$ac];
    echo "select, buffered: ", $v(stream_select($r, $w, $e, 0)), " ", $v(array_keys($r)), " ", $v($w), "\n";
    $c2 = stream_socket_client("unix://$name");
    $r = ['listener' => $abs];
    echo "select, a client waits: ", $v(stream_select($r, $w, $e, 1)), " ", $v(array_keys($r)), "\n";
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p2);
    $exported = socket_export_stream($p2[0]);
    unset($p2[0]);
    socket_write($p2[1], "z");
    $r = [$exported];
    echo "select, exported stream of a freed Socket: ", $v(stream_select($r, $w, $e, 1)), " ", $v(fread($exported, 5)), "\n";
    $r = [$aconn];
    echo "select, timeout: ", $v(stream_select($r, $w, $e, 0, 200000)), " ", $v(count($r)), "\n";
    try { stream_select($r, $w, $e, -1); } catch (ValueError $x) { echo get_class($x), ": ", $x->getMessage(), "\n"; }
    try { stream_select($r, $w, $e, null, 5); } catch (ValueError $x) { echo get_class($x), ": ", $x->getMessage(), "\n"; }
    break;

case 'stream-select-mixed':
    // stream_select() over socket streams, STDIN, STDOUT and a file together. The harness
    // writes a line to STDIN when it reads "ready for input" and closes STDIN at "close input".
    $srv = stream_socket_server('tcp://127.0.0.1:0');
    $c = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
    $p = stream_socket_accept($srv);
    $show = function (string $label, $n, $r, $w) {
        echo "$label: ", var_export($n, true), ' read ', json_encode(array_keys($r ?? [])),
            ' write ', json_encode(array_keys($w ?? [])), "\n";
    };
    $e = null;
    $r = ['in' => STDIN, 'sock' => $c];
    $w = null;
    $show('quiet', stream_select($r, $w, $e, 0, 200000), $r, $w);
    echo "ready for input\n";
    fflush(STDOUT);
    $r = ['in' => STDIN, 'sock' => $c];
    $show('stdin', stream_select($r, $w, $e, 10), $r, $w);
    echo 'line: ', trim(fgets(STDIN)), "\n";
    fwrite($p, 'x');
    $r = ['in' => STDIN, 'sock' => $c];
    $show('socket', stream_select($r, $w, $e, 10), $r, $w);
    echo 'got: ', fread($c, 10), "\n";
    $f = fopen(__FILE__, 'r');
    $r = ['file' => $f, 'sock' => $c];
    $w = ['out' => STDOUT, 'sock' => $c];
    $show('file', stream_select($r, $w, $e, 10), $r, $w);
    $r = [$f];
    $w = null;
    $show('file alone', stream_select($r, $w, $e, 0), $r, $w);
    // A descriptor passed twice counts once, as select() counts it; both keys stay.
    $r = ['f1' => $f, 'f2' => $f, 'c' => $c];
    $w = ['c1' => $c, 'c2' => $c];
    $show('twice', stream_select($r, $w, $e, 0), $r, $w);
    $w = null;
    // No descriptor: PHP's warning (twice), the rest answered; nothing exceptional on STDIN.
    $m = fopen('php://memory', 'r+');
    $r = ['m' => $m, 'file' => $f];
    $e = ['in' => STDIN, 'm' => $m];
    $show('memory', stream_select($r, $w, $e, 0), $r, $e);
    $e = null;
    $r = [$m];
    try {
        stream_select($r, $w, $e, 0);
    } catch (ValueError $x) {
        echo 'memory alone: ', $x->getMessage(), "\n";
    }
    // STDOUT (a pipe here) is never readable: the timeout passes.
    $r = [STDOUT];
    $show('stdout to read', stream_select($r, $w, $e, 0, 100000), $r, $w);
    echo "close input\n";
    fflush(STDOUT);
    $r = ['in' => STDIN, 'sock' => $c];
    $show('eof', stream_select($r, $w, $e, 10), $r, $w);
    var_dump(fgets(STDIN), feof(STDIN));
    $r = ['in' => STDIN];
    $show('stdin alone at eof', stream_select($r, $w, $e, 10), $r, $w);
    break;

case 'stream-tcp':
    // PHP's own tcp:// and udp:// stream transports; ephemeral ports are printed as PORT.
    $v = fn($x) => preg_replace('/(?<=:)\d{4,5}\b/', 'PORT', var_export($x, true));
    // Debian's php-cli serves tcp:// through OpenSSL ("tcp_socket/ssl"); php.wasm has no OpenSSL.
    $kind = fn($x) => is_resource($x) ? get_resource_type($x) . ' ' . str_replace('/ssl', '', stream_get_meta_data($x)['stream_type']) : $v($x);
    $meta = function ($s) use ($v) {
        $m = stream_get_meta_data($s);
        return json_encode([$m['timed_out'], $m['blocked'], $m['eof'], $m['mode'], $m['unread_bytes'], $m['seekable']]);
    };
    $port = fn($s) => (int)substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    $srv = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
    echo "server: ", $kind($srv), " [$errno] '$errstr'\n";
    echo "server name: ", $v(stream_socket_get_name($srv, false)), "\n";
    echo "server peer: ", $v(stream_socket_get_name($srv, true)), "\n";
    echo "server meta: ", $meta($srv), "\n";
    $p = $port($srv);
    $again = @stream_socket_server("tcp://127.0.0.1:$p", $errno, $errstr);
    echo "bound again: ", $v($again), " [$errno] '$errstr'\n";
    $cli = stream_socket_client("tcp://127.0.0.1:$p", $errno, $errstr, 5);
    echo "client: ", $kind($cli), " meta ", $meta($cli), "\n";
    $conn = stream_socket_accept($srv, 5, $peer);
    echo "accepted: ", $kind($conn), " from ", $v($peer === stream_socket_get_name($cli, false)), "\n";
    echo "write: ", fwrite($cli, "hello\nworld\n"), "\n";
    usleep(50000);
    echo "peek: ", $v(stream_socket_recvfrom($conn, 3, STREAM_PEEK)), "\n";
    echo "line: ", $v(fgets($conn)), "\n";
    echo "line: ", $v(fgets($conn)), "\n";
    stream_set_timeout($conn, 0, 200000);
    echo "read, nothing sent: ", $v(fread($conn, 10)), " meta ", $meta($conn), "\n";
    echo "feof, nothing sent: ", $v(feof($conn)), "\n";
    echo "reply: ", fwrite($conn, "bye"), "\n";
    echo "read: ", $v(fread($cli, 100)), " meta ", $meta($cli), "\n";
    echo "accepted peer is the client: ", $v(stream_socket_get_name($conn, true) === stream_socket_get_name($cli, false)), "\n";
    $s = socket_import_stream($cli);
    echo "imported: ", $v($s instanceof Socket), "\n";
    socket_getpeername($s, $a, $pp);
    echo "imported peer: ", $v($a), " ", $v($pp === $p), "\n";
    echo "imported nodelay: ", $v(socket_get_option($s, SOL_TCP, TCP_NODELAY)), "\n";
    echo "socket_write: ", $v(socket_write($s, "via socket")), " read ", $v(fread($conn, 100)), "\n";
    echo "shutdown: ", $v(stream_socket_shutdown($conn, STREAM_SHUT_WR)), "\n";
    echo "at the end: ", $v(fread($cli, 100)), " feof ", $v(feof($cli)), "\n";
    fclose($conn);
    fclose($cli);
    stream_set_blocking($srv, false);
    echo "accept, nobody there: ", $v(@stream_socket_accept($srv, 0)), "\n";
    $r = null;
    // Errors, as PHP reports them.
    $none = @stream_socket_client("tcp://127.0.0.1:1", $errno, $errstr, 1);
    echo "refused: ", $v($none), " [$errno] '$errstr'\n";
    $none = @stream_socket_client("tcp://127.0.0.1", $errno, $errstr, 1);
    echo "no port: ", $v($none), " [$errno] '$errstr'\n";
    $none = @stream_socket_client("tcp://[::1", $errno, $errstr, 1);
    echo "bad v6: ", $v($none), " [$errno] '$errstr'\n";
    $f = @fsockopen("127.0.0.1", 1, $errno, $errstr, 1);
    echo "fsockopen refused: ", $v($f), " [$errno] '$errstr'\n";
    // fsockopen, IPv6, context options.
    $f = fsockopen("127.0.0.1", $p, $errno, $errstr, 1);
    $c = stream_socket_accept($srv, 1);
    echo "fsockopen: ", $kind($f), " ", $v(fwrite($f, "x")), " ", $v(fread($c, 5)), "\n";
    fclose($f); fclose($c);
    $ctx = stream_context_create(['socket' => ['bindto' => '127.0.0.1:0', 'tcp_nodelay' => true]]);
    $f = stream_socket_client("tcp://127.0.0.1:$p", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx);
    $c = stream_socket_accept($srv, 1);
    echo "tcp_nodelay: ", $v(socket_get_option(socket_import_stream($f), SOL_TCP, TCP_NODELAY) > 0), "\n";
    fclose($f); fclose($c);
    $ctx = stream_context_create(['socket' => ['bindto' => 'nonsense']]);
    $f = @stream_socket_client("tcp://127.0.0.1:$p", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx);
    echo "bad bindto: ", $kind($f), " [$errno] '$errstr'\n";
    fclose($f); fclose(stream_socket_accept($srv, 1));
    $ctx = stream_context_create(['socket' => ['so_reuseport' => true, 'backlog' => 3]]);
    $s6 = stream_socket_server("tcp://[::1]:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    echo "v6 server: ", $kind($s6), " ", $v(stream_socket_get_name($s6, false)), "\n";
    $imp = socket_import_stream($s6);
    echo "so_reuseport: ", $v(socket_get_option($imp, SOL_SOCKET, SO_REUSEPORT)), " so_reuseaddr: ", $v(socket_get_option($imp, SOL_SOCKET, SO_REUSEADDR)), "\n";
    $a6 = stream_socket_client("tcp://[::1]:" . $port($s6), $errno, $errstr, 1);
    $c6 = stream_socket_accept($s6, 1, $peer6);
    echo "v6 peer: ", $v($peer6), " ", $v(stream_socket_get_name($a6, true)), "\n";
    // An asynchronous connect, completed by stream_select().
    $async = stream_socket_client("tcp://127.0.0.1:$p", $errno, $errstr, 1, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT);
    echo "async: ", $kind($async), " meta ", $meta($async), "\n";
    $r = null; $w = [$async]; $e = null;
    echo "async select: ", $v(stream_select($r, $w, $e, 1)), "\n";
    $c = stream_socket_accept($srv, 1);
    echo "async write: ", $v(fwrite($async, "late")), " ", $v(fread($c, 10)), "\n";
    // stream_select over tcp streams and a unix pair at once.
    $pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    fwrite($pair[1], "p");
    fwrite($async, "q");
    usleep(100000);
    $r = ['tcp' => $c, 'pair' => $pair[0], 'idle' => $c6]; $w = null;
    echo "mixed select: ", $v(stream_select($r, $w, $e, 1)), " ", $v(array_keys($r)), "\n";
    $r = ['listener' => $srv];
    echo "listener select: ", $v(stream_select($r, $w, $e, 0)), "\n";
    // udp://
    $u = stream_socket_server("udp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
    echo "udp server: ", $kind($u), " ", $v(stream_socket_get_name($u, false)), " meta ", $meta($u), "\n";
    $r = [$u];
    echo "udp select, nothing yet: ", $v(stream_select($r, $w, $e, 0)), "\n";
    $uc = stream_socket_client("udp://127.0.0.1:" . $port($u), $errno, $errstr);
    echo "udp client: ", $kind($uc), " ", $v(fwrite($uc, "datagram")), "\n";
    $r = [$u];
    echo "udp select: ", $v(stream_select($r, $w, $e, 1)), "\n";
    echo "udp recvfrom: ", $v(stream_socket_recvfrom($u, 100, 0, $from)), " from the client ", $v($from === stream_socket_get_name($uc, false)), "\n";
    echo "udp sendto: ", $v(stream_socket_sendto($u, "answer", 0, $from)), " ", $v(fread($uc, 100)), "\n";
    echo "udp sendto, bad address: ", $v(@stream_socket_sendto($u, "x", 0, "nowhere")), "\n";
    $uf = fsockopen("udp://127.0.0.1", $port($u), $errno, $errstr);
    echo "udp fsockopen: ", $kind($uf), " ", $v(fwrite($uf, "z")), " ", $v(fread($u, 10)), "\n";
    echo "import udp: ", $v(socket_get_option(socket_import_stream($u), SOL_SOCKET, SO_TYPE) === SOCK_DGRAM), "\n";
    break;

case 'stream-connect-timeout':
    // stream_socket_client() to a listener whose backlog is full: the SYN goes unanswered, so
    // the connect waits out its timeout (and fsockopen's), then says so.
    $t = microtime(true);
    $c = @stream_socket_client("tcp://127.0.0.1:$arg", $errno, $errstr, 0.5);
    echo "client: ", var_export($c, true), " [$errno] '$errstr' waited ", var_export(microtime(true) - $t >= 0.45, true), "\n";
    $t = microtime(true);
    $c = @fsockopen("127.0.0.1", (int)$arg, $errno, $errstr, 0.5);
    echo "fsockopen: ", var_export($c, true), " [$errno] '$errstr' waited ", var_export(microtime(true) - $t >= 0.45, true), "\n";
    $c = stream_socket_client("tcp://127.0.0.1:$arg", $errno, $errstr, 0.5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
    $r = null; $w = [$c]; $e = null;
    echo "async: ", get_resource_type($c), " select ", var_export(stream_select($r, $w, $e, 0, 300000), true), "\n";
    break;

case 'stream-stalled-write':
    // A blocking stream whose peer never reads: the write waits out the stream's timeout once
    // the buffers are full, then PHP's notice says EAGAIN and fwrite() reports what it sent.
    $srv = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
    $c = stream_socket_client(stream_socket_get_name($srv, false), $errno, $errstr, 1);
    $peer = stream_socket_accept($srv, 1);
    stream_set_timeout($c, 0, 300000);
    $t = microtime(true);
    error_clear_last();
    $n = @fwrite($c, str_repeat('x', 32 << 20));
    echo "wrote some: ", var_export($n > 0 && $n < (32 << 20), true), " waited ", var_export(microtime(true) - $t >= 0.25, true), "\n";
    // How much fitted depends on the kernel's buffers: the count is masked.
    echo "notice: ", preg_replace('/\d+ bytes/', 'N bytes', error_get_last()['message'] ?? 'none'), "\n";
    echo "timed out: ", var_export(stream_get_meta_data($c)['timed_out'], true), "\n";
    stream_set_blocking($c, false);
    $m = @fwrite($c, "more");
    echo "non-blocking write: ", var_export($m === 0 || $m === 4, true), "\n";
    $got = 0;
    stream_set_timeout($peer, 2);
    while ($got < $n + $m && ($d = fread($peer, 1 << 20)) !== '' && $d !== false) $got += strlen($d);
    echo "the peer got what was sent: ", var_export($got === $n + $m, true), "\n";
    break;

case 'unix-dirs':
    // AF_UNIX names where the script's own file functions see them: absolute in its directory,
    // then relative after chdir() (php.wasm runs it with the directory preopened elsewhere).
    $show = fn($v) => is_string($v) ? q(str_replace($arg, 'DIR', $v)) : var_export($v, true);
    $l = socket_create(AF_UNIX, SOCK_STREAM, 0);
    report('bind DIR/a.sock', fn() => socket_bind($l, "$arg/a.sock"), $t);
    report('file_exists', fn() => file_exists("$arg/a.sock"), $show);
    report('getsockname', fn() => name_of($l)[0], $show);
    report('listen', fn() => socket_listen($l), $t);
    report('mkdir sub', fn() => mkdir("$arg/sub"), $t);
    report('chdir sub', fn() => chdir("$arg/sub"), $t);
    $c = socket_create(AF_UNIX, SOCK_STREAM, 0);
    report('bind c.sock', fn() => socket_bind($c, 'c.sock'), $t);
    report('file_exists c.sock', fn() => file_exists('c.sock'), $show);
    report('file_exists DIR/sub/c.sock', fn() => file_exists("$arg/sub/c.sock"), $show);
    report('getsockname', fn() => name_of($c)[0], $show);
    report('connect ../a.sock', fn() => socket_connect($c, '../a.sock'), $t);
    report('getpeername', fn() => name_of($c, true)[0], $show);
    $a = socket_accept($l);
    report('accepted peer', fn() => name_of($a, true)[0], $show);
    report('accepted name', fn() => name_of($a)[0], $show);
    $u = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    $v = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    report('bind u.sock', fn() => socket_bind($u, 'u.sock'), $t);
    report('bind ./v.sock', fn() => socket_bind($v, './v.sock'), $t);
    report('sendto v.sock', fn() => socket_sendto($u, 'hi', 2, 0, 'v.sock'), $int);
    report('recvfrom', function () use ($v) {
        $n = socket_recvfrom($v, $buf, 10, 0, $from);
        return $n === false ? false : "$buf from $from";
    }, $show);
    report('sendmsg ../sub/v.sock', fn() => socket_sendmsg($u, ['name' => ['path' => '../sub/v.sock'], 'iov' => ['msg']], 0), $int);
    report('recvfrom', function () use ($v) {
        $n = socket_recvfrom($v, $buf, 10, 0, $from);
        return $n === false ? false : "$buf from $from";
    }, $show);
    $server = @stream_socket_server('unix://s.sock', $errno, $errstr);
    report('stream_socket_server unix://s.sock', fn() => $server !== false, $show);
    report('stream name', fn() => stream_socket_get_name($server, false), $show);
    $client = @stream_socket_client('unix://../sub/s.sock', $errno, $errstr, 5);
    report('stream_socket_client', fn() => $client !== false, $show);
    report('chdir back', fn() => chdir($arg), $t);
    report('connect sub/c.sock (taken)', function () {
        $d = socket_create(AF_UNIX, SOCK_STREAM, 0);
        return socket_connect($d, 'sub/c.sock');
    }, $t);
    foreach (['a.sock', 'sub/c.sock', 'sub/u.sock', 'sub/v.sock', 'sub/s.sock'] as $f) {
        report("unlink $f", fn() => unlink($f), $t);
    }
    report('scandir sub', fn() => implode(',', scandir("$arg/sub")), $show);
    break;

case 'unix-dgram':
    [$pa, $pb] = ["$arg/a.sock", "$arg/b.sock"];
    $a = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    $b = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    report('bind a', fn() => socket_bind($a, $pa), $t);
    report('bind b', fn() => socket_bind($b, $pb), $t);
    report('sendto', fn() => socket_sendto($a, 'dgram', 5, 0, $pb), $int);
    report('recvfrom', function () use ($b, $pa) {
        $n = socket_recvfrom($b, $buf, 100, 0, $addr, $port);
        return $n === false ? false : q($buf) . ' ' . ($addr === $pa ? 'true' : 'false') . ' ' . ($port === null ? 'true' : 'false');
    }, fn($s) => $s);
    break;

case 'options':
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    $show = function ($v) {
        if (is_int($v)) return (string)$v;
        if (isset($v['l_onoff'])) return "l_onoff={$v['l_onoff']} l_linger={$v['l_linger']}";
        if (isset($v['sec'])) return "sec={$v['sec']} usec={$v['usec']}";
        return var_export($v, true);
    };
    foreach ([['SO_REUSEADDR', SOL_SOCKET, SO_REUSEADDR], ['SO_KEEPALIVE', SOL_SOCKET, SO_KEEPALIVE], ['SO_BROADCAST', SOL_SOCKET, SO_BROADCAST], ['TCP_NODELAY', SOL_TCP, TCP_NODELAY], ['SO_REUSEPORT', SOL_SOCKET, SO_REUSEPORT]] as [$label, $level, $opt]) {
        report("get $label", fn() => socket_get_option($s, $level, $opt), $show);
        report("set $label", fn() => socket_set_option($s, $level, $opt, 1), $t);
        report("get $label", fn() => socket_get_option($s, $level, $opt), $show);
    }
    report('set SO_RCVBUF', fn() => socket_set_option($s, SOL_SOCKET, SO_RCVBUF, 8192), $t);
    report('get SO_RCVBUF', fn() => socket_get_option($s, SOL_SOCKET, SO_RCVBUF), $show);
    report('set SO_SNDBUF', fn() => socket_set_option($s, SOL_SOCKET, SO_SNDBUF, 8192), $t);
    report('get SO_SNDBUF', fn() => socket_get_option($s, SOL_SOCKET, SO_SNDBUF), $show);
    report('get SO_TYPE', fn() => socket_get_option($s, SOL_SOCKET, SO_TYPE), $show);
    report('get SO_ERROR', fn() => socket_get_option($s, SOL_SOCKET, SO_ERROR), $show);
    report('get SO_LINGER', fn() => socket_get_option($s, SOL_SOCKET, SO_LINGER), $show);
    report('set SO_LINGER', fn() => socket_set_option($s, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 5]), $t);
    report('get SO_LINGER', fn() => socket_get_option($s, SOL_SOCKET, SO_LINGER), $show);
    report('set SO_RCVTIMEO', fn() => socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 500000]), $t);
    report('get SO_RCVTIMEO', fn() => socket_get_option($s, SOL_SOCKET, SO_RCVTIMEO), $show);
    report('set SO_SNDTIMEO', fn() => socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 2, 'usec' => 0]), $t);
    report('get SO_SNDTIMEO', fn() => socket_get_option($s, SOL_SOCKET, SO_SNDTIMEO), $show);
    report('bad level', fn() => socket_set_option($s, 999, 1, 1), $t);
    report('get bad level', fn() => socket_get_option($s, 999, 1), $show);
    break;

case 'shutdown':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a, $b] = $p;
    report('shutdown write', fn() => socket_shutdown($a, 1), $t);
    report('read sees eof', fn() => socket_read($b, 10, PHP_BINARY_READ), $data);
    report('write after shutdown', fn() => socket_write($a, 'x'), $int);
    report('bad mode', fn() => socket_shutdown($a, 5), $t);
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('unconnected', fn() => socket_shutdown($s, 2), $t);
    break;

case 'last-error':
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('getpeername', function () use ($s) { return socket_getpeername($s, $a, $p) ? q($a) . " $p" : false; }, fn($x) => $x);
    echo 'socket: ', socket_last_error($s), ' global: ', socket_last_error(), "\n";
    // keep() cleared the global slot before the call; restore PHP's view by failing again.
    @socket_getpeername($s, $a);
    socket_clear_error($s);
    echo 'socket: ', socket_last_error($s), ' global: ', socket_last_error(), "\n";
    socket_clear_error();
    echo 'socket: ', socket_last_error($s), ' global: ', socket_last_error(), "\n";
    report('create pair inet', fn() => socket_create_pair(AF_INET, SOCK_STREAM, 0, $pp), $t);
    echo 'global: ', socket_last_error(), "\n";
    break;

case 'nonblocking':
    $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($l, '127.0.0.1', 0);
    socket_listen($l, 5);
    [, $port] = name_of($l);
    report('set_nonblock', fn() => socket_set_nonblock($l), $t);
    report('accept nothing', fn() => socket_accept($l), $t);
    echo 'listener error: ', socket_last_error($l), ' global: ', socket_last_error(), "\n";
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_set_nonblock($c);
    report('connect', fn() => socket_connect($c, '127.0.0.1', $port), $t);
    $r = null; $w = [$c]; $e = null;
    report('select write', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, 5, 0); }, $int);
    report('SO_ERROR', fn() => socket_get_option($c, SOL_SOCKET, SO_ERROR), $int);
    $r = [$l]; $w = null;
    report('select listener', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, 5, 0); }, $int);
    report('accept', fn() => socket_accept($l), $t);
    report('set_block', fn() => socket_set_block($c), $t);
    break;

case 'recv-flags':
    $fmt = fn($n, $buf) => $n === false ? false : "$n " . q((string)$buf);
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a, $b] = $p;
    socket_write($a, 'hello world');
    report('peek', function () use ($b, $fmt) { $n = socket_recv($b, $buf, 5, MSG_PEEK); return $fmt($n, $buf); }, fn($s) => $s);
    report('recv', function () use ($b, $fmt) { $n = socket_recv($b, $buf, 5, 0); return $fmt($n, $buf); }, fn($s) => $s);
    report('waitall', function () use ($b, $fmt) { $n = socket_recv($b, $buf, 6, MSG_WAITALL); return $fmt($n, $buf); }, fn($s) => $s);
    report('dontwait', function () use ($b, $fmt) { $n = socket_recv($b, $buf, 6, MSG_DONTWAIT); return $fmt($n, $buf); }, fn($s) => $s);
    break;

case 'create-listen':
    $port = (int)$arg;
    $l = keep('create_listen', fn() => socket_create_listen($port, SOMAXCONN), $t);
    report('name', function () use ($l) { [$a, $p] = name_of($l); return q($a) . ' ' . ($p > 0 ? 'true' : 'false'); }, fn($s) => $s);
    // The port the kernel picked, taken again.
    [, $port] = name_of($l);
    report('again', fn() => @socket_create_listen($port, SOMAXCONN), $t);
    break;

case 'cmsg-space':
    foreach ([[SOL_SOCKET, SCM_RIGHTS, 0], [SOL_SOCKET, SCM_RIGHTS, 1], [SOL_SOCKET, SCM_RIGHTS, 3], [SOL_SOCKET, SCM_CREDENTIALS, 0], [IPPROTO_IPV6, IPV6_PKTINFO, 0], [IPPROTO_IPV6, IPV6_HOPLIMIT, 0], [IPPROTO_IPV6, IPV6_TCLASS, 0], [SOL_SOCKET, 99, 0], [SOL_SOCKET, SCM_RIGHTS, -1]] as [$level, $type, $n]) {
        report("cmsg_space($level, $type, $n)", fn() => socket_cmsg_space($level, $type, $n), $int);
    }
    break;

case 'multicast':
    $s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    $set = function ($label, $s, $level, $opt, $value) { report($label, fn() => @socket_set_option($s, $level, $opt, $value), fn($v) => 'true'); };
    $get = function ($label, $s, $level, $opt) { report($label, fn() => socket_get_option($s, $level, $opt), fn($v) => is_array($v) ? var_export($v, true) : (string)$v); };
    $set('ttl 300', $s, IPPROTO_IP, IP_MULTICAST_TTL, 300);
    $set('ttl 5', $s, IPPROTO_IP, IP_MULTICAST_TTL, 5);
    $get('ttl', $s, IPPROTO_IP, IP_MULTICAST_TTL);
    $set('loop 0', $s, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
    $get('loop', $s, IPPROTO_IP, IP_MULTICAST_LOOP);
    $set('loop 1', $s, IPPROTO_IP, IP_MULTICAST_LOOP, 1);
    $get('loop', $s, IPPROTO_IP, IP_MULTICAST_LOOP);
    $set('if lo', $s, IPPROTO_IP, IP_MULTICAST_IF, 'lo');
    $get('if', $s, IPPROTO_IP, IP_MULTICAST_IF);
    $set('if nosuch0', $s, IPPROTO_IP, IP_MULTICAST_IF, 'nosuch0');
    $set('if 0', $s, IPPROTO_IP, IP_MULTICAST_IF, 0);
    $get('if', $s, IPPROTO_IP, IP_MULTICAST_IF);
    socket_bind($s, '0.0.0.0', 0);
    [, $port] = name_of($s);
    $set('join', $s, IPPROTO_IP, MCAST_JOIN_GROUP, ['group' => '239.255.0.1', 'interface' => 'lo']);
    $set('if lo', $s, IPPROTO_IP, IP_MULTICAST_IF, 'lo');
    report('send to group', fn() => socket_sendto($s, 'to the group', 12, 0, '239.255.0.1', $port), $int);
    report('receive', function () use ($s) { $n = socket_recvfrom($s, $buf, 100, MSG_DONTWAIT, $a, $p); return $n === false ? false : q($buf); }, fn($x) => $x);
    $set('block source', $s, IPPROTO_IP, MCAST_BLOCK_SOURCE, ['group' => '239.255.0.1', 'interface' => 1, 'source' => '127.0.0.1']);
    $set('unblock source', $s, IPPROTO_IP, MCAST_UNBLOCK_SOURCE, ['group' => '239.255.0.1', 'interface' => 1, 'source' => '127.0.0.1']);
    $set('leave', $s, IPPROTO_IP, MCAST_LEAVE_GROUP, ['group' => '239.255.0.1', 'interface' => 1]);
    $set('leave again', $s, IPPROTO_IP, MCAST_LEAVE_GROUP, ['group' => '239.255.0.1']);
    $set('join source group', $s, IPPROTO_IP, MCAST_JOIN_SOURCE_GROUP, ['group' => '232.1.1.1', 'interface' => 1, 'source' => '127.0.0.1']);
    $set('leave source group', $s, IPPROTO_IP, MCAST_LEAVE_SOURCE_GROUP, ['group' => '232.1.1.1', 'interface' => 1, 'source' => '127.0.0.1']);
    $s6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    $set('hops -2', $s6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, -2);
    $set('hops -1', $s6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, -1);
    $get('hops', $s6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS);
    $set('hops 10', $s6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 10);
    $get('hops', $s6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS);
    $set('loop6 0', $s6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
    $get('loop6', $s6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP);
    $set('if6 lo', $s6, IPPROTO_IPV6, IPV6_MULTICAST_IF, 'lo');
    $get('if6', $s6, IPPROTO_IPV6, IPV6_MULTICAST_IF);
    $set('join6', $s6, IPPROTO_IPV6, MCAST_JOIN_GROUP, ['group' => 'ff02::1:3', 'interface' => 'lo']);
    $set('leave6', $s6, IPPROTO_IPV6, MCAST_LEAVE_GROUP, ['group' => 'ff02::1:3', 'interface' => 'lo']);
    $tcp = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    foreach ([['keepidle', TCP_KEEPIDLE, 30], ['keepintvl', TCP_KEEPINTVL, 5], ['keepcnt', TCP_KEEPCNT, 3], ['defer_accept', TCP_DEFER_ACCEPT, 1], ['syncnt', 7 /* TCP_SYNCNT, PHP 8.4 */, 3]] as [$label, $opt, $val]) {
        $set($label, $tcp, SOL_TCP, $opt, $val);
        $get($label, $tcp, SOL_TCP, $opt);
    }
    report('congestion', fn() => socket_get_option($tcp, SOL_TCP, TCP_CONGESTION), fn($v) => q(is_array($v) ? $v['name'] : (string)$v));
    // IP_MTU_DISCOVER (10) is PHP 8.3+.
    $set('mtu discover', $s, IPPROTO_IP, 10, 2);
    $get('mtu discover', $s, IPPROTO_IP, 10);
    break;

case 'msg-udp':
    $a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    $b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    socket_bind($a, '127.0.0.1', 0);
    socket_bind($b, '127.0.0.1', 0);
    [, $pa] = name_of($a);
    [, $pb] = name_of($b);
    $to = fn(string $addr, int $port, array $iov) => ['name' => ['addr' => $addr, 'port' => $port], 'iov' => $iov];
    $send = function (string $label, array $m) use ($a, $int) { report($label, fn() => sendmsg($a, $m), $int); };
    $send('sendmsg', $to('127.0.0.1', $pb, ['ab', 'cd', '']));
    report('recvmsg', fn() => recvmsg($b, msg_request(100, 10, true), 0), fn($r) => show_msg($r) . ' name ' . sender($r[1]['name'], $pa, null));
    $send('sendmsg long', $to('127.0.0.1', $pb, ['0123456789abcdef']));
    report('recvmsg short buffer', fn() => recvmsg($b, msg_request(100, 4, false), 0), fn($r) => show_msg($r) . ' name ' . sender($r[1]['name'], null, null));
    $send('sendmsg long', $to('127.0.0.1', $pb, ['0123456789abcdef']));
    report('recvmsg MSG_TRUNC', fn() => recvmsg($b, msg_request(100, 4, false), MSG_TRUNC), 'show_msg');
    foreach ([['no controllen', msg_request(null, 4, false)], ['controllen 0', msg_request(0, null, false)], ['controllen -1', msg_request(-1, null, false)], ['buffer_size -1', msg_request(10, -1, false)], ['buffer_size 200 MiB', msg_request(10, 200 << 20, false)]] as [$label, $req]) {
        report($label, fn() => recvmsg($b, $req, 0), 'show_msg');
    }
    report('recvmsg dontwait', fn() => recvmsg($b, msg_request(10, null, false), MSG_DONTWAIT), 'show_msg');
    echo 'global error: ', socket_last_error(), ' socket error: ', socket_last_error($b), "\n";
    $send('port 70000', $to('127.0.0.1', 70000, ['x']));
    $family = fn(int $f) => ['name' => ['family' => $f, 'path' => 'x', 'addr' => '::1'], 'iov' => ['x']];
    $send('family AF_UNIX', $family(AF_UNIX));
    $send('family AF_INET6', $family(AF_INET6));
    $send('family 99', $family(99));
    $send('no name', ['iov' => ['x']]);
    echo 'global error: ', socket_last_error(), ' socket error: ', socket_last_error($a), "\n";
    $with = fn(array $c) => $to('127.0.0.1', $pb, ['x']) + ['control' => [$c]];
    $send('cmsg 99/1', $with(cmsg(99, 1, 1)));
    $send('rights empty', $with(cmsg(SOL_SOCKET, SCM_RIGHTS, [])));
    $send('rights int', $with(cmsg(SOL_SOCKET, SCM_RIGHTS, 5)));
    $send('credentials pid -1', $with(cmsg(SOL_SOCKET, SCM_CREDENTIALS, ['pid' => -1, 'uid' => 0, 'gid' => 0])));
    $send('hoplimit 2^40', $with(cmsg(IPPROTO_IPV6, IPV6_HOPLIMIT, 1 << 40)));
    report('flags -1', fn() => sendmsg($a, $to('127.0.0.1', $pb, ['x']), -1), $int);
    break;

case 'msg-unix-dgram':
    [$pa, $pb] = ["$arg/a.sock", "$arg/b.sock"];
    $a = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    $b = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    socket_bind($a, $pa);
    socket_bind($b, $pb);
    $named = fn(string $path, ?int $family = null) => ['name' => ($family === null ? [] : ['family' => $family]) + ['path' => $path], 'iov' => ['to b']];
    report('sendmsg', fn() => sendmsg($a, $named($pb)), $int);
    report('recvmsg', fn() => recvmsg($b, msg_request(1, null, true), 0), fn($r) => show_msg($r) . ' name ' . sender($r[1]['name'], null, $pa));
    report('empty path', fn() => sendmsg($a, $named('')), $int);
    report('long path', fn() => sendmsg($a, $named(str_repeat('x', 108))), $int);
    report('family AF_INET', fn() => sendmsg($a, $named($pb, AF_INET)), $int);
    $anon = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    report('unnamed sender', fn() => sendmsg($anon, $named($pb)), $int);
    report('recvmsg', fn() => recvmsg($b, msg_request(1, null, true), 0), fn($r) => show_msg($r) . ' name ' . sender($r[1]['name'], null, null));
    break;

case 'msg-unix-stream':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a, $b] = $p;
    report('sendmsg', fn() => sendmsg($a, ['iov' => ['st', 'ream']]), $int);
    report('recvmsg', fn() => recvmsg($b, msg_request(1, null, true), 0), fn($r) => show_msg($r) . ' name ' . sender($r[1]['name'], null, null));
    report('sendmsg nothing', fn() => sendmsg($a, ['iov' => []]), $int);
    socket_close($a);
    report('recvmsg at eof', fn() => recvmsg($b, msg_request(1, null, false), 0), 'show_msg');
    break;

case 'msg-rights':
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$a, $b] = $p;
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    [$x, $y] = $p;
    // PHP writes a Socket object's descriptor one slot too far (docs/php-differences.md); a
    // stream over the same descriptor is passed correctly.
    $pass = fn(array $socks) => ['iov' => ['fd'], 'control' => [cmsg(SOL_SOCKET, SCM_RIGHTS, array_map('socket_export_stream', $socks))]];
    report('sendmsg', fn() => sendmsg($a, $pass([$x])), $int);
    report('close x', function () use ($x) { socket_close($x); return true; }, $t);
    $space = socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1);
    $r = keep('recvmsg', fn() => recvmsg($b, msg_request($space, null, false), 0), 'show_msg');
    $got = $r[1]['control'][0]['data'][0];
    report('write via passed', fn() => socket_write($got, 'via passed'), $int);
    report('read', fn() => socket_read($y, 100, PHP_BINARY_READ), $data);
    report('passed name', function () use ($got) { [$n] = name_of($got); return q($n); }, fn($s) => $s);
    socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
    report('sendmsg two', fn() => sendmsg($a, $pass($p)), $int);
    // CMSG_LEN(sizeof(int)): room for exactly one descriptor.
    report('recvmsg room for one', fn() => recvmsg($b, msg_request(20, null, false), 0), fn($r) => show_msg($r) . ' sockets ' . count($r[1]['control'][0]['data'] ?? []));
    break;

case 'msg-credentials':
    socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
    [$a, $b] = $p;
    report('SO_PASSCRED', fn() => socket_set_option($b, SOL_SOCKET, SO_PASSCRED, 1), $t);
    report('sendmsg', fn() => sendmsg($a, ['iov' => ['creds']]), $int);
    $space = socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS);
    $r = keep('recvmsg', fn() => recvmsg($b, msg_request($space, null, true), 0), fn($r) => show_msg($r) . ' name ' . sender($r[1]['name'], null, null));
    report('sendmsg own credentials', fn() => sendmsg($a, ['iov' => ['stated'], 'control' => $r[1]['control']]), $int);
    report('recvmsg', fn() => recvmsg($b, msg_request($space, null, false), 0), 'show_msg');
    report('sendmsg', fn() => sendmsg($a, ['iov' => ['x']]), $int);
    report('recvmsg no room', fn() => recvmsg($b, msg_request(8, null, false), 0), 'show_msg');
    break;

case 'msg-ipv6-control':
    $a = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    $b = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    socket_bind($a, '::1', 0);
    socket_bind($b, '::1', 0);
    [, $pa] = name_of($a);
    [, $pb] = name_of($b);
    foreach (['IPV6_RECVPKTINFO' => IPV6_RECVPKTINFO, 'IPV6_RECVHOPLIMIT' => IPV6_RECVHOPLIMIT, 'IPV6_RECVTCLASS' => IPV6_RECVTCLASS] as $label => $opt) {
        report($label, fn() => socket_set_option($b, IPPROTO_IPV6, $opt, 1), $t);
    }
    $m = ['name' => ['addr' => '::1', 'port' => $pb], 'iov' => ['v6'], 'control' => [cmsg(IPPROTO_IPV6, IPV6_TCLASS, 40), cmsg(IPPROTO_IPV6, IPV6_PKTINFO, ['addr' => '::1', 'ifindex' => 0])]];
    report('sendmsg', fn() => sendmsg($a, $m), $int);
    report('recvmsg', fn() => recvmsg($b, msg_request(200, null, true), 0), fn($r) => show_msg($r) . ' name ' . sender($r[1]['name'], $pa, null));
    break;

case 'addrinfo-lookup':
    $stream4 = hints(null, SOCK_STREAM, AF_INET);
    lookup('127.0.0.1 no hints', '127.0.0.1', '80', []);
    lookup('127.0.0.1 tcp', '127.0.0.1', '80', $stream4);
    lookup('127.0.0.1 canonname', '127.0.0.1', '80', hints(AI_CANONNAME, null, null));
    lookup('::1 udp passive', '::1', '8080', hints(AI_CANONNAME | AI_PASSIVE, SOCK_DGRAM, null));
    lookup('::1 as AF_INET', '::1', '80', $stream4);
    lookup('127.1', '127.1', null, $stream4);
    lookup('service name', '127.0.0.1', 'http', $stream4);
    lookup('localhost tcp', 'localhost', '443', hints(AI_CANONNAME, SOCK_STREAM, AF_INET));
    lookup('bad service', '127.0.0.1', 'no-such-service', $stream4);
    break;

case 'addrinfo-connect-bind':
    $stream4 = hints(null, SOCK_STREAM, AF_INET);
    $ai = lookup('lookup', '127.0.0.1', '0', $stream4);
    $l = keep('addrinfo_bind', fn() => socket_addrinfo_bind(end($ai)), $t);
    report('listen', fn() => socket_listen($l, 5), $t);
    [, $port] = name_of($l);
    $to = socket_addrinfo_lookup('127.0.0.1', (string)$port, $stream4);
    $c = keep('addrinfo_connect', fn() => socket_addrinfo_connect(end($to)), $t);
    $s = socket_accept($l);
    report('write', fn() => socket_write($c, 'over addrinfo'), $int);
    report('read', fn() => socket_read($s, 100, PHP_BINARY_READ), $data);
    report('peer port matches', function () use ($s, $c) { [, $pp] = name_of($s, true); [, $cp] = name_of($c); return $pp === $cp ? 'true' : 'false'; }, fn($x) => $x);
    $u = socket_addrinfo_lookup('127.0.0.1', '0', hints(null, SOCK_DGRAM, AF_INET));
    report('udp addrinfo_bind', fn() => socket_addrinfo_bind(end($u)), $t);
    socket_close($l);
    // Port 1: closed, and outside the ephemeral range, so the client can never be handed the
    // same port and connect to itself (as it could with the listener's just-freed port).
    $gone = socket_addrinfo_lookup('127.0.0.1', '1', $stream4);
    report('connect to closed port', fn() => @socket_addrinfo_connect(end($gone)), $t);
    echo 'global error: ', socket_last_error(), "\n";
    break;

// ---- tests/guest/src/semantics.rs ----
case 'refused-twice':
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('connect', fn() => @socket_connect($s, '127.0.0.1', 1), $t);
    report('connect again', fn() => @socket_connect($s, '127.0.0.1', 1), $t);
    report('getsockname', fn() => q(name_of($s)[0]), fn($x) => $x);
    echo 'socket error: ', socket_last_error($s), "\n";
    break;

case 'connect-sndtimeo':
    connect_timed(AF_INET, '127.0.0.1', (int)$arg);
    break;

case 'unix-connect-full':
    connect_timed(AF_UNIX, $arg, null);
    break;

case 'normal-read-nonblock-eof':
    [$a, $b] = (function () { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; })();
    report('write', fn() => socket_write($b, 'ab'), $int);
    socket_close($b);
    report('set_nonblock', fn() => socket_set_nonblock($a), $t);
    report('read', fn() => socket_read($a, 10, PHP_NORMAL_READ), $data);
    report('read at eof', fn() => socket_read($a, 10, PHP_NORMAL_READ), $data);
    break;

case 'normal-read-dgram':
    [$a, $b] = (function () { socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p); return $p; })();
    foreach (['xyz', "\n", 'q', "\n"] as $d) report('send', fn() => socket_send($b, $d, strlen($d), 0), $int);
    report('read', fn() => socket_read($a, 10, PHP_NORMAL_READ), $data);
    report('read', fn() => socket_read($a, 10, PHP_NORMAL_READ), $data);
    break;

case 'select-duplicates':
    [$a, $b] = (function () { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; })();
    socket_write($b, 'x');
    $r = [$a, $a]; $w = [$b]; $e = [];
    report('select', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, 0); }, $int);
    echo 'read entries: ', count($r), ', write entries: ', count($w), "\n";
    break;

case 'select-loop':
    $show = function (string $label, $n, array $r, array $w) {
        echo "$label: ", $n === false ? 'false' : "$n (read " . count($r) . ', write ' . count($w) . ')', "\n";
    };
    $pair = function () { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; };
    [$a, $b] = $pair();
    [$c, $d] = $pair();
    foreach (['idle', 'idle again'] as $round) {
        $r = [$a, $c]; $w = []; $e = [];
        $n = socket_select($r, $w, $e, 0);
        $show($round, $n, [$a, $c], []);
    }
    socket_write($b, 'x');
    foreach (['a readable', 'a still readable'] as $round) {
        $r = [$a, $c]; $w = []; $e = [];
        $n = socket_select($r, $w, $e, 0);
        echo "$round: $n, first ready is a: ", (reset($r) === $a ? 'true' : 'false'), "\n";
    }
    report('read a', fn() => socket_read($a, 10, PHP_BINARY_READ), $data);
    $r = [$c]; $w = [$a]; $e = [];
    $n = socket_select($r, $w, $e, 0);
    $show('a moved to write', $n, $r, $w);
    $r = [$a, $c]; $w = []; $e = [];
    $n = socket_select($r, $w, $e, 0);
    $show('a back to read', $n, $r, $w);
    socket_close($a);
    [$e_, $f] = $pair();
    socket_write($f, 'y');
    $r = [$e_, $c]; $w = []; $e = [];
    $n = socket_select($r, $w, $e, 0);
    echo "new socket in a's place: $n, ready is the new one: ",
        (count($r) === 1 && reset($r) === $e_ ? 'true' : 'false'), "\n";
    socket_write($d, 'z');
    $r = [$e_, $c]; $w = []; $e = [];
    $n = socket_select($r, $w, $e, 0);
    $show('both readable', $n, [$e_, $c], []);
    $r = [$c, $e_]; $w = [$d]; $e = [];
    $n = socket_select($r, $w, $e, 0);
    $show('reordered, and d writable', $n, $r, $w);
    $r = [$e_, $c]; $w = []; $e = [];
    $n = socket_select($r, $w, $e, 0);
    $show('before the drop', $n, $r, $w);
    unset($e_, $r);
    [$g, $h] = $pair();
    socket_write($h, 'w');
    $r = [$g, $c]; $w = []; $e = [];
    $n = socket_select($r, $w, $e, 0);
    echo "new socket in the dropped one's place: $n, ready is the new one: ",
        (count($r) === 2 && reset($r) === $g ? 'true' : 'false'), "\n";
    break;

case 'v4-literal-on-v6':
    $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($l, '127.0.0.1', 0);
    socket_listen($l, 5);
    [, $port] = name_of($l);
    $c = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
    report('connect', fn() => socket_connect($c, '127.0.0.1', $port), $t);
    report('peer', fn() => q(name_of($c, true)[0]), fn($x) => $x);
    break;

case 'v6-scopes':
    // glibc's getaddrinfo reads the scope of an IPv6 number: a number that fits 32 bits, or an
    // interface name on link-local kinds only; anything else refuses the address (-10000).
    $r = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    socket_bind($r, '::1', 0);
    [, $port] = name_of($r);
    $u = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    foreach (['::1%1', '::1%01', '::1%0', '::1%4294967295', '::1%4294967296', '::1%', '::1%lo',
              '::1%nosuchif', '::1%1x'] as $addr) {
        report("sendto $addr", fn() => socket_sendto($u, 'x', 1, 0, $addr, $port), $int);
        $c = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
        report("connect $addr", fn() => socket_connect($c, $addr, $port), $t);
    }
    foreach (['ff02::1%lo', 'ff02::1%1', 'ff02::1%nosuchif', 'ff05::1%lo'] as $addr) {
        $b = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
        report("bind $addr", fn() => socket_bind($b, $addr, 0), $t);
    }
    break;

case 'aton-literals':
    $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($l, '127.0.0.1', 0);
    socket_listen($l, 10);
    [, $port] = name_of($l);
    foreach (['127.1', '2130706433', '0177.0.0.1'] as $addr) {
        $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
        report("connect $addr", fn() => socket_connect($c, $addr, $port), $t);
        $peer = socket_accept($l);
    }
    $c = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
    report('v6 connect 0x7f.1', fn() => socket_connect($c, '0x7f.1', $port), $t);
    report('peer', fn() => q(name_of($c, true)[0]), fn($x) => $x);
    $u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    report('bind 127.1', fn() => socket_bind($u, '127.1', 0), $t);
    report('getsockname', fn() => q(name_of($u)[0]), fn($x) => $x);
    break;

case 'waitall-dgram':
    $a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    $b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    socket_bind($b, '127.0.0.1', 0);
    [, $pb] = name_of($b);
    report('sendto', fn() => socket_sendto($a, 'abc', 3, 0, '127.0.0.1', $pb), $int);
    report('recv waitall', function () use ($b) { $n = socket_recv($b, $buf, 100, MSG_WAITALL); return $n === false ? false : "$n " . q($buf ?? ''); }, fn($x) => $x);
    break;

case 'peek-waitall':
    $pairs = stream_pairs();
    foreach ($pairs as [$kind, $reader, $writer]) {
        socket_write($writer, 'abc');
        socket_set_option($reader, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]);
        $recv = function ($len, $flags) use ($reader) { $n = socket_recv($reader, $buf, $len, $flags); return $n === false ? false : "$n " . q($buf ?? ''); };
        $start = microtime(true);
        report("$kind peek waitall 6", fn() => $recv(6, MSG_PEEK | MSG_WAITALL), fn($x) => $x);
        echo waited($start);
        socket_write($writer, 'def');
        report("$kind peek waitall 6", fn() => $recv(6, MSG_PEEK | MSG_WAITALL), fn($x) => $x);
        report("$kind recv", fn() => $recv(10, MSG_WAITALL), fn($x) => $x);
    }
    break;

case 'rcvlowat':
    $pairs = stream_pairs();
    foreach ($pairs as [$kind, $reader, $writer]) {
        report("$kind SO_RCVLOWAT", fn() => socket_set_option($reader, SOL_SOCKET, SO_RCVLOWAT, 5), $t);
        socket_set_option($reader, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]);
        socket_write($writer, 'abc');
        $start = microtime(true);
        report("$kind read", fn() => socket_read($reader, 10, PHP_BINARY_READ), $data);
        echo waited($start);
        socket_write($writer, 'de');
        socket_write($writer, 'fgh');
        $start = microtime(true);
        report("$kind read", fn() => socket_read($reader, 10, PHP_BINARY_READ), $data);
        echo waited($start);
        socket_write($writer, 'ij');
        $start = microtime(true);
        report("$kind recv", function () use ($reader) { $n = socket_recv($reader, $buf, 10, 0); return $n === false ? false : "$n " . q($buf ?? ''); }, fn($x) => $x);
        echo waited($start);
    }
    break;

case 'errqueue-blocking':
    $u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    socket_bind($u, '127.0.0.1', 0);
    report('recv errqueue', function () use ($u) { return socket_recv($u, $buf, 100, MSG_ERRQUEUE); }, $int);
    report('recvmsg errqueue', function () use ($u) { $m = ['buffer_size' => 100, 'controllen' => 100]; return socket_recvmsg($u, $m, MSG_ERRQUEUE); }, $int);
    break;

case 'select-huge-timeout':
    [$a, $b] = (function () { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; })();
    socket_write($b, 'x');
    $r = [$a]; $w = null; $e = null;
    report('select PHP_INT_MAX', function () use (&$r, &$w, &$e) { return socket_select($r, $w, $e, PHP_INT_MAX, 999999); }, $int);
    break;

case 'timeouts-extreme':
    [$a, $b] = (function () { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; })();
    foreach ([[-1, 0], [PHP_INT_MAX, 999999], [PHP_INT_MIN, 0], [0, 1000000], [0, -1]] as [$sec, $usec]) {
        report("SO_RCVTIMEO $sec $usec", fn() => @socket_set_option($a, SOL_SOCKET, SO_RCVTIMEO, ['sec' => $sec, 'usec' => $usec]), $t);
        report('get', function () use ($a) { $v = socket_get_option($a, SOL_SOCKET, SO_RCVTIMEO); return "{$v['sec']} {$v['usec']}"; }, fn($x) => $x);
    }
    report('set_nonblock', fn() => socket_set_nonblock($a), $t);
    report('read', fn() => @socket_read($a, 10, PHP_BINARY_READ), $data);
    break;

case 'connect-to':
    [$addr, $port, $ms] = [$argv[2], (int)$argv[3], (int)$argv[4]];
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    if ($ms > 0) report('set SO_SNDTIMEO', fn() => socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => $ms * 1000]), $t);
    $start = microtime(true);
    report('connect', fn() => @socket_connect($s, $addr, $port), $t);
    if ($ms > 0) echo waited($start);
    report('connect again', fn() => @socket_connect($s, $addr, $port), $t);
    break;

case 'udp-send-to':
    [$addr, $port] = [$argv[2], (int)$argv[3]];
    $u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    report('sendto', fn() => @socket_sendto($u, 'ping', 4, 0, $addr, $port), $int);
    report('connect', fn() => @socket_connect($u, $addr, $port), $t);
    report('send', fn() => @socket_send($u, 'ping', 4, 0), $int);
    break;

case 'send-bulk':
    [$addr, $port, $bytes] = [$argv[2], (int)$argv[3], (int)$argv[4]];
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('connect', fn() => socket_connect($s, $addr, $port), $t);
    $d = ''; for ($i = 0; $i < $bytes; $i++) $d .= chr($i % 251);
    report('write', fn() => socket_write($s, $d), $int);
    report('shutdown', fn() => socket_shutdown($s, 1), $t);
    report('read', fn() => socket_read($s, 100, PHP_BINARY_READ), $data);
    break;

case 'send-stalled':
    [$addr, $port] = [$argv[2], (int)$argv[3]];
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    report('connect', fn() => socket_connect($s, $addr, $port), $t);
    socket_set_nonblock($s);
    $chunk = str_repeat("\7", 1 << 16);
    $short = false;
    for ($writes = 0; $writes < 400; $writes++) {
        $n = @socket_write($s, $chunk);
        if ($n === false) {
            if (socket_last_error($s) !== 11) { echo "write failed\n"; break; }
            usleep(20000);
            if (@socket_write($s, $chunk) === false) break;
        } elseif ($n < strlen($chunk)) {
            $short = true;
        }
    }
    echo 'a write came back short: ', $short ? 'true' : 'false', "\n";
    socket_set_block($s);
    socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 300000]);
    $start = microtime(true);
    report('blocking write', fn() => @socket_write($s, $chunk), fn($n) => 'short: ' . ($n < strlen($chunk) ? 'true' : 'false'));
    echo waited($start);
    break;

default:
    fwrite(STDERR, "unknown scenario '$scenario'\n");
    exit(2);
}
