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
    report('name', function () use ($l, $port) { [$a, $p] = name_of($l); return q($a) . ' ' . ($p === $port ? 'true' : 'false'); }, fn($s) => $s);
    report('again', fn() => @socket_create_listen($port, SOMAXCONN), $t);
    break;

case 'cmsg-space':
    foreach ([[SOL_SOCKET, SCM_RIGHTS, 0], [SOL_SOCKET, SCM_RIGHTS, 1], [SOL_SOCKET, SCM_RIGHTS, 3], [SOL_SOCKET, SCM_CREDENTIALS, 0], [IPPROTO_IPV6, IPV6_PKTINFO, 0], [IPPROTO_IPV6, IPV6_HOPLIMIT, 0], [IPPROTO_IPV6, IPV6_TCLASS, 0], [SOL_SOCKET, 99, 0], [SOL_SOCKET, SCM_RIGHTS, -1]] as [$level, $type, $n]) {
        report("cmsg_space($level, $type, $n)", fn() => socket_cmsg_space($level, $type, $n), $int);
    }
    break;

default:
    fwrite(STDERR, "unknown scenario '$scenario'\n");
    exit(2);
}
