<?php
// socket_read / socket_recv edge cases on AF_UNIX and TCP pairs.
function q($s) { return is_string($s) ? '"' . addcslashes($s, "\0..\37\"\\") . '"' : var_export($s, true); }
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", q($r), $err ? " [err $err]" : '', "\n";
}
function tcp_pair() {
    $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($l, '127.0.0.1', 0);
    socket_listen($l, 1);
    socket_getsockname($l, $a, $port);
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($c, '127.0.0.1', $port);
    $s = socket_accept($l);
    socket_close($l);
    return [$s, $c];
}
function unix_pair() { socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); return $p; }
foreach (['unix' => 'unix_pair', 'tcp' => 'tcp_pair'] as $kind => $mk) {
    echo "== $kind\n";
    [$a, $b] = $mk();
    socket_set_option($a, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
    t('read 0', fn() => socket_read($a, 0));
    t('read -1', fn() => socket_read($a, -1));
    t('read mode 5', fn() => socket_read($a, 10, 5));
    socket_write($b, "ab\r\ncd\n\ref\rg");
    usleep(50000);
    t('normal 100', fn() => socket_read($a, 100, PHP_NORMAL_READ));
    t('normal 100', fn() => socket_read($a, 100, PHP_NORMAL_READ));
    t('normal 100', fn() => socket_read($a, 100, PHP_NORMAL_READ));
    t('normal 100', fn() => socket_read($a, 100, PHP_NORMAL_READ));
    t('normal 1', fn() => socket_read($a, 1, PHP_NORMAL_READ));
    t('normal 2', fn() => socket_read($a, 2, PHP_NORMAL_READ));
    t('binary 1', fn() => socket_read($a, 1));
    t('binary timeout', fn() => socket_read($a, 10));
    socket_write($b, "0123456789");
    usleep(50000);
    t('binary 3', fn() => socket_read($a, 3));
    t('binary huge', fn() => socket_read($a, 1 << 24));
    socket_write($b, "hello");
    usleep(50000);
    t('recv 0', function () use ($a) { $buf = 'keep'; $r = socket_recv($a, $buf, 0, 0); return [$r, $buf]; });
    t('recv -5', function () use ($a) { $buf = 'keep'; $r = socket_recv($a, $buf, -5, 0); return [$r, $buf]; });
    t('recv peek 2', function () use ($a) { $r = socket_recv($a, $buf, 2, MSG_PEEK); return [$r, $buf]; });
    t('recv peek 100', function () use ($a) { $r = socket_recv($a, $buf, 100, MSG_PEEK); return [$r, $buf]; });
    t('recv 3', function () use ($a) { $r = socket_recv($a, $buf, 3, 0); return [$r, $buf]; });
    t('recv dontwait', function () use ($a) { $r = socket_recv($a, $buf, 100, MSG_DONTWAIT); return [$r, $buf]; });
    t('recv dontwait empty', function () use ($a) { $buf = 'keep'; $r = @socket_recv($a, $buf, 100, MSG_DONTWAIT); return [$r, $buf]; });
    t('recv timeout', function () use ($a) { $buf = 'keep'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
    socket_write($b, "abc");
    t('recv waitall timeout', function () use ($a) { $buf = 'keep'; $r = socket_recv($a, $buf, 10, MSG_WAITALL); return [$r, $buf]; });
    socket_write($b, "xyz");
    // (on TCP, MSG_TRUNC discards the bytes and PHP returns its uninitialised buffer)
    if ($kind === 'unix') t('recv trunc', function () use ($a) { $r = socket_recv($a, $buf, 2, MSG_TRUNC); return [$r, $buf]; });
    else socket_recv($a, $buf, 2, 0);
    t('recv rest', function () use ($a) { $r = socket_recv($a, $buf, 100, MSG_DONTWAIT); return [$r, $buf]; });
    socket_write($b, "tail");
    socket_shutdown($b, 1);
    usleep(50000);
    t('recv waitall eof', function () use ($a) { $r = socket_recv($a, $buf, 100, MSG_WAITALL); return [$r, $buf]; });
    t('recv eof', function () use ($a) { $buf = 'keep'; $r = socket_recv($a, $buf, 100, 0); return [$r, $buf]; });
    t('read eof binary', fn() => socket_read($a, 100));
    t('read eof normal', fn() => socket_read($a, 100, PHP_NORMAL_READ));
    socket_set_nonblock($a);
    t('read eof normal nb', fn() => socket_read($a, 100, PHP_NORMAL_READ));
    t('read eof binary nb', fn() => socket_read($a, 100));
    t('recvfrom eof', function () use ($a, $kind) { $buf = 'keep'; $addr = 'ka'; $port = 'kp'; $r = socket_recvfrom($a, $buf, 100, 0, $addr, $port); return [$r, $buf, $kind === 'unix' ? $addr : 'x', $port]; });
    socket_close($a); socket_close($b);
}
