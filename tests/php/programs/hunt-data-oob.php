<?php
function q($s) { return is_string($s) ? '"' . addcslashes($s, "\0..\37\"\\") . '"' : var_export($s, true); }
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", is_array($r) ? implode(' ', array_map('q', $r)) : q($r), $err ? " [err $err]" : '', "\n";
}
function tcp_pair($fam = AF_INET, $host = '127.0.0.1') {
    $l = socket_create($fam, SOCK_STREAM, SOL_TCP);
    socket_bind($l, $host, 0);
    socket_listen($l, 1);
    socket_getsockname($l, $_, $port);
    $c = socket_create($fam, SOCK_STREAM, SOL_TCP);
    socket_connect($c, $host, $port);
    $s = socket_accept($l);
    socket_close($l);
    return [$s, $c];
}
[$a, $b] = tcp_pair();
socket_set_option($a, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
$sel = function ($s) { $r = [$s]; $w = null; $e = [$s]; $n = socket_select($r, $w, $e, 0, 100000); return "$n r" . count($r) . ' e' . count($e); };
t('select idle', fn() => $sel($a));
t('send oob', fn() => socket_send($b, 'ab!', 3, MSG_OOB));
usleep(50000);
t('select oob', fn() => $sel($a));
t('recv oob', function () use ($a) { $r = socket_recv($a, $buf, 10, MSG_OOB); return [$r, $buf]; });
t('recv oob again', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 10, MSG_OOB); return [$r, $buf]; });
t('select after oob read', fn() => $sel($a));
t('recv normal', function () use ($a) { $r = socket_recv($a, $buf, 1, 0); return [$r, $buf]; });
t('recv normal', function () use ($a) { $r = socket_recv($a, $buf, 10, 0); return [$r, $buf]; });
t('recv oob none', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 10, MSG_OOB); return [$r, $buf]; });
// oob with peek
socket_send($b, 'cd?', 3, MSG_OOB);
usleep(50000);
t('recv oob peek', function () use ($a) { $r = socket_recv($a, $buf, 10, MSG_OOB | MSG_PEEK); return [$r, $buf]; });
t('read skips oob', fn() => socket_read($a, 10));
t('recv oob', function () use ($a) { $r = socket_recv($a, $buf, 10, MSG_OOB); return [$r, $buf]; });
// inline
t('oobinline', fn() => socket_set_option($a, SOL_SOCKET, SO_OOBINLINE, 1));
t('get oobinline', fn() => socket_get_option($a, SOL_SOCKET, SO_OOBINLINE));
socket_send($b, 'ef#', 3, MSG_OOB);
usleep(50000);
t('select inline', fn() => $sel($a));
t('recv oob inline', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 10, MSG_OOB); return [$r, $buf]; });
t('read inline 1', fn() => socket_read($a, 10));
t('read inline 2', fn() => socket_read($a, 10));
// oob on unix
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
t('unix send oob', fn() => @socket_send($p[0], 'x', 1, MSG_OOB));
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
t('udp send oob', fn() => @socket_sendto($u, 'x', 1, MSG_OOB, '127.0.0.1', 9));
echo "== nonblocking connect\n";
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l, 4); socket_getsockname($l, $_, $port);
t('accept nb listener', function () use ($l) { socket_set_nonblock($l); return socket_accept($l); });
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_nonblock($c);
t('connect nb', fn() => socket_connect($c, '127.0.0.1', $port));
t('connect nb again', fn() => @socket_connect($c, '127.0.0.1', $port));
$r = null; $w = [$c]; $e = [$c];
t('select write', fn() => socket_select($r, $w, $e, 1) . ' w' . count($w) . ' e' . count($e));
t('so_error', fn() => socket_get_option($c, SOL_SOCKET, SO_ERROR));
t('connect nb third', fn() => @socket_connect($c, '127.0.0.1', $port));
usleep(20000);
$r = [$l]; $w = null; $e = null;
t('select listener', fn() => socket_select($r, $w, $e, 1) . ' r' . count($r));
t('accept nb', fn() => get_class(socket_accept($l)));
t('accept nb empty', fn() => socket_accept($l));
// refused non-blocking connect
$x = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($x, '127.0.0.1', 0); socket_getsockname($x, $_, $dead);
$c2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_nonblock($c2);
t('connect refused nb', fn() => @socket_connect($c2, '127.0.0.1', $dead));
$r = [$c2]; $w = [$c2]; $e = [$c2];
t('select refused', fn() => socket_select($r, $w, $e, 1) . ' r' . count($r) . ' w' . count($w) . ' e' . count($e));
t('so_error refused', fn() => socket_get_option($c2, SOL_SOCKET, SO_ERROR));
t('so_error refused again', fn() => socket_get_option($c2, SOL_SOCKET, SO_ERROR));
t('write on refused', fn() => @socket_write($c2, 'x'));
$c3 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_nonblock($c3);
@socket_connect($c3, '127.0.0.1', $dead);
usleep(50000);
t('read on refused', fn() => @socket_read($c3, 10));
t('read on refused again', fn() => @socket_read($c3, 10));
$c4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_nonblock($c4);
@socket_connect($c4, '127.0.0.1', $dead);
usleep(50000);
t('connect again after refused', fn() => @socket_connect($c4, '127.0.0.1', $dead));
t('connect again after refused 2', fn() => @socket_connect($c4, '127.0.0.1', $dead));
// unix nonblocking connect
$dir = $argv[1];
$ul = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_bind($ul, "$dir/l.sock"); socket_listen($ul, 0);
socket_set_nonblock($ul);
t('unix accept nb empty', fn() => socket_accept($ul));
$uc = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_set_nonblock($uc);
t('unix connect nb', fn() => socket_connect($uc, "$dir/l.sock"));
t('unix accept nb', fn() => get_class(socket_accept($ul)));
$uc2 = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_set_nonblock($uc2);
t('unix connect nb missing', fn() => @socket_connect($uc2, "$dir/missing.sock"));
