<?php
// shutdown modes, peer reset (SO_LINGER 0), EPIPE, writes with length, non-blocking fill.
// (Each pause lets loopback deliver data, FIN or RST: generous, since a loaded CI machine once
// outran 20 ms.)
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
function unix_pair() { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; }
foreach (['unix' => 'unix_pair', 'tcp' => 'tcp_pair'] as $kind => $mk) {
    echo "== $kind\n";
    [$a, $b] = $mk();
    t('write len 0', fn() => socket_write($a, 'abc', 0));
    t('write len 2', fn() => socket_write($a, 'abc', 2));
    t('write len 100', fn() => socket_write($a, 'abc', 100));
    t('write len -1', fn() => socket_write($a, 'abc', -1));
    t('write len null', fn() => socket_write($a, 'abc', null));
    t('write empty', fn() => socket_write($a, ''));
    t('send len 0', fn() => socket_send($a, 'abc', 0, 0));
    t('send len -1', fn() => socket_send($a, 'abc', -1, 0));
    t('send len 100', fn() => socket_send($a, 'abc', 100, 0));
    usleep(200000);
    t('read', fn() => socket_read($b, 100));
    t('shutdown 3', fn() => socket_shutdown($a, 3));
    t('shutdown -1', fn() => socket_shutdown($a, -1));
    t('shutdown 0', fn() => socket_shutdown($a, 0));
    t('read after shut rd', fn() => socket_read($a, 100));
    t('recv after shut rd', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
    t('write after shut rd', fn() => socket_write($a, 'w1'));
    usleep(200000);
    t('peer reads', fn() => socket_read($b, 100));
    t('shutdown 0 again', fn() => socket_shutdown($a, 0));
    t('shutdown 1', fn() => socket_shutdown($a, 1));
    t('write after shut wr', fn() => socket_write($a, 'w2'));
    t('send after shut wr', fn() => socket_send($a, 'w2', 2, 0));
    t('peer read eof', fn() => socket_read($b, 100));
    t('peer write', fn() => socket_write($b, 'back'));
    usleep(200000);
    t('read after both', fn() => socket_read($a, 100));
    t('shutdown 2', fn() => socket_shutdown($a, 2));
    t('shutdown default', fn() => socket_shutdown($a));
    socket_close($a); socket_close($b);
    [$a, $b] = $mk();
    socket_close($b);
    usleep(200000);
    t('write to closed peer 1', fn() => socket_write($a, 'x'));
    usleep(200000);
    t('write to closed peer 2', fn() => socket_write($a, 'x'));
    t('read after peer closed', fn() => socket_read($a, 100));
    t('recv after peer closed', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
    t('last error', fn() => socket_last_error($a));
    socket_close($a);
    [$a, $b] = $mk();
    // Fixed buffers: TCP grows an autotuned send buffer when a window probe is answered,
    // which would make room at a moment neither process controls.
    socket_set_option($a, SOL_SOCKET, SO_SNDBUF, 65536);
    socket_set_option($b, SOL_SOCKET, SO_RCVBUF, 65536);
    socket_set_nonblock($a);
    t('nb read empty', fn() => socket_read($a, 100));
    t('nb recv empty', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
    $chunk = str_repeat('z', 65536);
    $stopped = false;
    for ($i = 0; $i < 2000; $i++) {
        $r = @socket_write($a, $chunk);
        if ($r === false) { $stopped = true; break; }
        if ($r < strlen($chunk)) { $partial = true; }
    }
    echo "fill stopped: ", var_export($stopped, true), ' err ', socket_last_error($a), "\n";
    // Bytes still in flight free room as they land in the peer's queue: once they have, fill
    // again, so that both processes test a socket that stays full.
    usleep(200000);
    for ($i = 0; $i < 2000 && @socket_write($a, $chunk) !== false; $i++);
    t('write again', fn() => socket_write($a, 'x'));
    t('send dontwait', fn() => socket_send($a, 'x', 1, MSG_DONTWAIT));
    socket_set_block($a);
    socket_set_option($a, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 200000]);
    t('blocking write timeout', function () use ($a, $chunk) { $r = socket_write($a, $chunk); return is_int($r) ? 'int' : $r; });
    t('blocking send dontwait', fn() => socket_send($a, 'x', 1, MSG_DONTWAIT));
    socket_close($a); socket_close($b);
    // blocking socket toggled
    [$a, $b] = $mk();
    socket_set_option($a, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
    t('nonblock', fn() => socket_set_nonblock($a));
    t('nonblock twice', fn() => socket_set_nonblock($a));
    t('nb recv', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
    t('block', fn() => socket_set_block($a));
    t('block recv times out', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
    t('block recv dontwait', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, MSG_DONTWAIT); return [$r, $buf]; });
    t('rcvtimeo', fn() => socket_get_option($a, SOL_SOCKET, SO_RCVTIMEO));
    socket_close($a); socket_close($b);
}
echo "== reset\n";
[$a, $b] = tcp_pair();
socket_write($b, 'unread');
usleep(200000);
t('linger', fn() => socket_set_option($b, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]));
socket_close($b);
usleep(200000);
t('read after reset', fn() => socket_read($a, 100));
t('read after reset 2', fn() => socket_read($a, 100));
t('write after reset', fn() => socket_write($a, 'x'));
[$a, $b] = tcp_pair();
socket_set_option($b, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
socket_close($b);
usleep(200000);
t('recv after reset', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
t('recv after reset 2', function () use ($a) { $buf = 'k'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
[$a, $b] = tcp_pair();
socket_set_option($b, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
socket_close($b);
usleep(200000);
t('write after reset first', fn() => socket_write($a, 'x'));
t('write after reset 2', fn() => socket_write($a, 'x'));
t('normal read after reset', fn() => socket_read($a, 100, PHP_NORMAL_READ));
[$a, $b] = tcp_pair();
socket_set_option($b, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
socket_close($b);
usleep(200000);
t('normal read after reset first', fn() => socket_read($a, 100, PHP_NORMAL_READ));
t('so_error', fn() => socket_get_option($a, SOL_SOCKET, SO_ERROR));
[$a, $b] = tcp_pair();
socket_set_option($b, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
socket_close($b);
usleep(200000);
t('so_error first', fn() => socket_get_option($a, SOL_SOCKET, SO_ERROR));
t('so_error again', fn() => socket_get_option($a, SOL_SOCKET, SO_ERROR));
t('read then', fn() => socket_read($a, 100));
$r = [$a]; $w = [$a]; $e = [$a];
t('select on reset', fn() => socket_select($r, $w, $e, 0) . ' ' . count($r) . count($w) . count($e));
