<?php
// socket_last_error() / socket_clear_error() (global vs per socket), socket_strerror(), and the
// errors of listen / accept / getsockname / getpeername / shutdown / read / write in odd states.
function t(string $label, callable $f) {
    try {
        $r = $f();
        if (is_object($r)) $r = get_class($r);
        echo "$label: ", str_replace("\n", ' ', var_export($r, true)), " global=", socket_last_error(), "\n";
        return $r;
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
$dir = $argv[1];
t('initial', fn() => socket_last_error());
t('last_error(null)', fn() => socket_last_error(null));
t('clear_error(null)', fn() => socket_clear_error(null));
t('last_error(1)', fn() => socket_last_error(1));
t('last_error(STDIN)', fn() => socket_last_error(STDIN));
t('last_error(obj)', fn() => socket_last_error(new stdClass));
t('last_error extra', fn() => socket_last_error(null, 1));
$a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
// (socket_listen() on an unbound TCP socket binds 0.0.0.0: the loopback policy refuses it)
t('b getpeername', fn() => socket_getpeername($b, $x));
t('b err', fn() => socket_last_error($b));
t('a err unchanged', fn() => socket_last_error($a));
t('b getsockname unbound', function () use ($b) { $r = socket_getsockname($b, $addr, $port); return [$r, $addr, $port]; });
t('b getsockname no port arg', function () use ($b) { $r = socket_getsockname($b, $addr); return [$r, $addr]; });
t('b accept non-listening', fn() => socket_accept($b));
t('b err', fn() => socket_last_error($b));
t('clear b', fn() => socket_clear_error($b));
t('b err', fn() => socket_last_error($b));
t('a err', fn() => socket_last_error($a));
t('clear global', fn() => socket_clear_error());
t('a err', fn() => socket_last_error($a));
// a success does not clear the error
t('b set_option ok', fn() => socket_set_option($b, SOL_SOCKET, SO_REUSEADDR, 1));
t('a err still', fn() => socket_last_error($a));
t('a shutdown unconnected', fn() => socket_shutdown($a, 0));
t('a shutdown bad how', fn() => socket_shutdown($a, -1));
t('a shutdown 3', fn() => socket_shutdown($a, 3));
t('b read unconnected', fn() => socket_read($b, 10));
t('b write unconnected', fn() => socket_write($b, 'x'));
t('b write empty unconnected', fn() => socket_write($b, ''));
t('b send unconnected', fn() => socket_send($b, 'x', 1, 0));
t('b recv unconnected', function () use ($b) { $buf = 'keep'; $r = socket_recv($b, $buf, 10, 0); return [$r, $buf]; });
t('b recvfrom unconnected', function () use ($b) { $buf = 'keep'; $addr = 'keep'; $port = 'keep'; $r = socket_recvfrom($b, $buf, 10, MSG_DONTWAIT, $addr, $port); return [$r, $buf, $addr, $port]; });
t('b recvfrom no port on inet', function () use ($b) { $r = socket_recvfrom($b, $buf, 10, 0, $addr); return $r; });
t('b err', fn() => socket_last_error($b));
// listen then connect on a listener
socket_bind($a, '127.0.0.1', 0);
t('a listen after listen', fn() => socket_listen($a, 5));
t('a listen -1', fn() => socket_listen($a, -1));
t('a listen huge', fn() => socket_listen($a, PHP_INT_MAX));
t('a connect on listener', fn() => socket_connect($a, '127.0.0.1', 1));
t('a bind again', fn() => socket_bind($a, '127.0.0.1', 0));
socket_getsockname($a, $la, $lp);
t('a getpeername listener', fn() => socket_getpeername($a, $x));
// nonblocking accept with nothing pending: EAGAIN recorded, no warning
socket_set_nonblock($a);
socket_clear_error();
t('a accept nonblock', fn() => socket_accept($a));
t('a err', fn() => socket_last_error($a));
socket_set_block($a);
// udp: listen / accept
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
t('udp listen', fn() => socket_listen($u));
t('udp accept', fn() => socket_accept($u));
t('udp shutdown unconnected', fn() => socket_shutdown($u));
t('udp getpeername', fn() => socket_getpeername($u, $x));
t('udp write unconnected', fn() => socket_write($u, 'x'));
t('udp send unconnected', fn() => socket_send($u, 'x', 1, 0));
t('udp read nonblock', function () use ($u) { socket_set_nonblock($u); return socket_read($u, 10); });
t('udp err', fn() => socket_last_error($u));
t('udp recvfrom nonblock', function () use ($u) { $r = socket_recvfrom($u, $buf, 10, 0, $addr, $port); return [$r, $buf ?? 'unset', $addr ?? 'unset', $port ?? 'unset']; });
// unix
$x = socket_create(AF_UNIX, SOCK_STREAM, 0);
t('unix listen unbound', fn() => socket_listen($x));
t('unix getsockname after', function () use ($x) { $r = socket_getsockname($x, $addr, $port); return [$r, strlen($addr), $port ?? 'unset']; });
t('unix accept nothing nonblock', function () use ($x) { socket_set_nonblock($x); return socket_accept($x); });
$y = socket_create(AF_UNIX, SOCK_DGRAM, 0);
t('unix dgram listen', fn() => socket_listen($y));
t('unix dgram recvfrom unbound nonblock', function () use ($y) { socket_set_nonblock($y); $r = socket_recvfrom($y, $buf, 10, 0, $addr); return $r; });
t('unix getpeername', fn() => socket_getpeername($y, $p));
t('unix getsockname unbound', function () use ($y) { $r = socket_getsockname($y, $addr, $port); return [$r, $addr, $port ?? 'unset']; });
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
t('pair getsockname', function () use ($pair) { $r = socket_getsockname($pair[0], $addr, $port); return [$r, $addr, $port ?? 'unset']; });
t('pair getpeername', function () use ($pair) { $r = socket_getpeername($pair[0], $addr, $port); return [$r, $addr, $port ?? 'unset']; });
t('pair connect', fn() => socket_connect($pair[0], "$dir/none"));
t('pair bind', fn() => socket_bind($pair[0], "$dir/pb.sock"));
t('pair getsockname after bind', function () use ($pair, $dir) { socket_getsockname($pair[0], $addr); return $addr === "$dir/pb.sock"; });
t('pair listen', fn() => socket_listen($pair[0]));
t('pair accept', fn() => socket_accept($pair[0]));
t('pair shutdown 0', fn() => socket_shutdown($pair[0], 0));
t('pair read after shut rd', fn() => socket_read($pair[0], 10));
t('pair shutdown 1', fn() => socket_shutdown($pair[1], 1));
t('pair write after shut wr', fn() => socket_write($pair[1], 'x'));
t('pair err', fn() => socket_last_error($pair[1]));
t('pair shutdown 2 twice', fn() => [socket_shutdown($pair[1], 2), socket_shutdown($pair[1], 2)]);
// by-reference args
t('getsockname into literal', fn() => socket_getsockname($pair[0]));
$ro = new class { public readonly string $a; };
t('getsockname into readonly', fn() => socket_getsockname($pair[0], $ro->a));
class P { public int $port = 0; public string $addr = ''; }
$pp = new P;
t('getsockname typed props', function () use ($a, $pp) { return [socket_getsockname($a, $pp->addr, $pp->port), $pp->addr, $pp->port > 0]; });
t('getsockname unix typed int port', function () use ($pair, $pp) { $pp->port = 5; return [socket_getsockname($pair[0], $pp->addr, $pp->port), $pp->port]; });
t('getpeername port into int prop, unix', function () use ($pair, $pp) { return [socket_getpeername($pair[1], $pp->addr, $pp->port), basename($pp->addr), $pp->port]; });
$ip = new class { public int $addr = 0; };
t('getsockname addr into int prop', fn() => socket_getsockname($a, $ip->addr));
// strerror
$codes = array_merge(range(-5, 140), [-9999, -10000, -10001, -10002, -10003, -10004, -10005, -10006, -20000, 255, 256, 1000, 2147483647, -2147483648, 133, 134]);
foreach ($codes as $c) echo "strerror($c) = ", socket_strerror($c), "\n";
t('strerror("11")', fn() => socket_strerror("11"));
t('strerror(1.5)', fn() => socket_strerror(1.5));
t('strerror(null)', fn() => socket_strerror(null));
t('strerror(true)', fn() => socket_strerror(true));
t('strerror()', fn() => socket_strerror());
