<?php
// socket_bind / socket_connect / socket_sendto address and port validation, per family.
function t(string $label, callable $f) {
    socket_clear_error();
    try {
        $r = $f();
        if (is_object($r)) $r = get_class($r);
        echo "$label: ", var_export($r, true), " last=", socket_last_error(), "\n";
        return $r;
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
$dir = $argv[1];
// Only literals and localhost: any other name reaches the machine's resolver natively (and
// sockbox's lookup policy). Non-loopback binds are the policy's. The IPv6 list goes first:
// PHP reports a refused scoped literal as -10000 - h_errno, a stale h_errno from an earlier
// gethostbyname() failure (127.0.0.256 below sets it to 1).
$v4 = ['127.0.0.1', '127.1', '127.0.1', '0177.0.0.1', '2130706433', '127.0.0.256', 'localhost', 'LOCALHOST', "127.0.0.1\0x"];
$v6 = ['::1', '::1%lo', '::1%1', '::1%0', '::1%99999', '::1%nosuchif', '::1%', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1',
       '127.0.0.1', '127.1', '::1%-1', '::1%4294967296', '::1%1x', "::1\0x"];
foreach ($v6 as $a) {
    $s = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    $ok = t("v6 bind " . json_encode($a), fn() => socket_bind($s, $a, 0));
    if ($ok) { socket_getsockname($s, $addr, $port); echo "  name: $addr\n"; }
    $s = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
    $ok = t("v6 connect " . json_encode($a), fn() => socket_connect($s, $a, 9));
    if ($ok) { socket_getpeername($s, $addr, $port); echo "  peer: $addr $port\n"; }
}
foreach ($v4 as $a) {
    $s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    $ok = t("v4 bind " . json_encode($a), fn() => socket_bind($s, $a, 0));
    if ($ok) { socket_getsockname($s, $addr, $port); echo "  name: $addr\n"; }
    t("  sock err", fn() => socket_last_error($s));
    $s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    $ok = t("v4 connect " . json_encode($a), fn() => socket_connect($s, $a, 9));
    if ($ok) { socket_getpeername($s, $addr, $port); echo "  peer: $addr $port\n"; }
}
// ports
foreach ([0, 1, 65535, 65536, -1, 70000, PHP_INT_MAX] as $p) {
    $s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    $ok = t("v4 connect port $p", fn() => socket_connect($s, '127.0.0.1', $p));
    if ($ok) { socket_getpeername($s, $addr, $port); echo "  peer port $port\n"; }
}
$s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
t('v4 connect null port', fn() => socket_connect($s, '127.0.0.1', null));
t('v4 connect no port', fn() => socket_connect($s, '127.0.0.1'));
$s = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
t('v6 connect no port', fn() => socket_connect($s, '::1'));
t('v4 connect string port', fn() => socket_connect($s, '::1', '9'));
t('v4 connect bad string port', fn() => socket_connect($s, '::1', 'nine'));
t('v4 connect float port', fn() => socket_connect($s, '::1', 9.5));
$s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
t('v4 sendto no port', fn() => socket_sendto($s, 'x', 1, 0, '127.0.0.1'));
t('v4 sendto null port', fn() => socket_sendto($s, 'x', 1, 0, '127.0.0.1', null));
t('v4 sendto len 0', fn() => socket_sendto($s, 'x', 0, 0, '127.0.0.1', 9));
t('v4 sendto len > data', fn() => socket_sendto($s, 'x', 100, 0, '127.0.0.1', 9));
t('v4 sendto bad flags', fn() => socket_sendto($s, 'x', 1, 0x7fffffff, '127.0.0.1', 9));
$s = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
t('v6 sendto no port', fn() => socket_sendto($s, 'x', 1, 0, '::1'));
t('v6 sendto 127.0.0.1', fn() => socket_sendto($s, 'x', 1, 0, '127.0.0.1', 9));
// AF_UNIX
$u = socket_create(AF_UNIX, SOCK_STREAM, 0);
t('unix bind 107', fn() => socket_bind($u, $dir . '/' . str_repeat('a', 107 - strlen($dir) - 1)));
t('unix bind 108', fn() => socket_bind($u, str_repeat('a', 108)));
t('unix bind 200', fn() => socket_bind($u, str_repeat('a', 200)));
t('unix bind nodir', fn() => socket_bind($u, "$dir/nodir/x.sock"));
t('unix bind with port', fn() => socket_bind($u, "$dir/p.sock", 80));
t('unix bind twice', fn() => socket_bind($u, "$dir/p2.sock"));
t('unix bind existing', function () use ($dir) { $x = socket_create(AF_UNIX, SOCK_STREAM, 0); return socket_bind($x, "$dir/p.sock"); });
t('unix bind to a file', function () use ($dir) { file_put_contents("$dir/f", "x"); $x = socket_create(AF_UNIX, SOCK_STREAM, 0); return socket_bind($x, "$dir/f"); });
t('unix connect ""', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), ''));
t('unix connect 108', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), str_repeat('a', 108)));
t('unix connect missing', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), "$dir/missing.sock"));
t('unix connect to file', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), "$dir/f"));
t('unix connect to dir', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), $dir));
t('unix connect unlistened', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), "$dir/p.sock"));
t('unix connect with port', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), "$dir/p.sock", 5));
t('unix dgram connect to stream', fn() => socket_connect(socket_create(AF_UNIX, SOCK_DGRAM, 0), "$dir/p.sock"));
t('unix sendto missing', fn() => socket_sendto(socket_create(AF_UNIX, SOCK_DGRAM, 0), 'x', 1, 0, "$dir/missing.sock"));
t('unix sendto stream sock', fn() => socket_sendto(socket_create(AF_UNIX, SOCK_DGRAM, 0), 'x', 1, 0, "$dir/p.sock"));
t('unix stream sendto', fn() => socket_sendto(socket_create(AF_UNIX, SOCK_STREAM, 0), 'x', 1, 0, "$dir/p.sock"));
// bind twice / after connect
$s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
t('bind 1', fn() => socket_bind($s, '127.0.0.1', 0));
t('bind 2', fn() => socket_bind($s, '127.0.0.1', 0));
t('sock err', fn() => socket_last_error($s));
// address in use
$a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($a, '127.0.0.1', 0); socket_getsockname($a, $x, $port); socket_listen($a, 16);
$b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
t('bind in use', fn() => socket_bind($b, '127.0.0.1', $port));
t('bind in use, reuseaddr', function () use ($port) { $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_set_option($c, SOL_SOCKET, SO_REUSEADDR, 1); return socket_bind($c, '127.0.0.1', $port); });
t('connect v4 mapped on v6', function () use ($port) { $c = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP); return socket_connect($c, '::ffff:127.0.0.1', $port); });
t('connect twice', function () use ($port) { $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c, '127.0.0.1', $port); return socket_connect($c, '127.0.0.1', $port); });
t('connect to listener\'s own addr', function () use ($a, $port) { return socket_connect($a, '127.0.0.1', $port); });
t('listen on connected', function () use ($port) { $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c, '127.0.0.1', $port); return socket_listen($c); });
t('connect refused', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '127.0.0.1', 1));
t('connect refused v6', fn() => socket_connect(socket_create(AF_INET6, SOCK_STREAM, SOL_TCP), '::1', 1));
t('connect port 0', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '127.0.0.1', 0));
t('connect 0.0.0.0', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), '0.0.0.0', 1));
t('connect ::', fn() => socket_connect(socket_create(AF_INET6, SOCK_STREAM, SOL_TCP), '::', 1));
t('udp connect 0', fn() => socket_connect(socket_create(AF_INET, SOCK_DGRAM, SOL_UDP), '127.0.0.1', 0));
// sendto on a connected TCP socket: the kernel ignores the address (any address)
t('tcp sendto connected, other address', function () use ($a, $port) {
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c, '127.0.0.1', $port);
    return [socket_sendto($c, 'one', 3, 0, '192.0.2.1', 80), socket_sendto($c, 'two', 3, 0, '127.0.0.1', 1)];
});
