<?php
// Record sockets (SOCK_DGRAM, SOCK_SEQPACKET pairs): PHP_NORMAL_READ, MSG_PEEK, MSG_WAITALL,
// socket_read with lengths, recvmsg with a short buffer, shutdown.
function q($s) { return is_string($s) ? '"' . addcslashes($s, "\0..\37\"\\") . '"' : var_export($s, true); }
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", is_array($r) ? implode(' ', array_map('q', $r)) : q($r), $err ? " [err $err]" : '', "\n";
}
foreach ([SOCK_DGRAM => 'dgram', SOCK_SEQPACKET => 'seqpacket'] as $type => $name) {
    echo "== $name\n";
    socket_create_pair(AF_UNIX, $type, 0, $p); [$a, $b] = $p;
    socket_set_option($b, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
    foreach (['ab', 'cd', "\nz", 'tail'] as $rec) socket_write($a, $rec);
    t('normal read', fn() => socket_read($b, 10, PHP_NORMAL_READ));
    t('binary read', fn() => socket_read($b, 10));
    foreach (["x1", "\r2", "y3", "\n4"] as $rec) socket_write($a, $rec);
    t('normal read cr', fn() => socket_read($b, 10, PHP_NORMAL_READ));
    t('normal read nl', fn() => socket_read($b, 10, PHP_NORMAL_READ));
    socket_write($a, 'peekable');
    t('peek 4', function () use ($b) { $r = socket_recv($b, $buf, 4, MSG_PEEK); return [$r, $buf]; });
    t('peek 100', function () use ($b) { $r = socket_recv($b, $buf, 100, MSG_PEEK); return [$r, $buf]; });
    t('waitall 100', function () use ($b) { $r = socket_recv($b, $buf, 100, MSG_WAITALL); return [$r, $buf]; });
    socket_write($a, 'one'); socket_write($a, 'two');
    t('waitall 6 over two records', function () use ($b) { $r = socket_recv($b, $buf, 6, MSG_WAITALL); return [$r, $buf]; });
    t('next', function () use ($b) { $r = socket_recv($b, $buf, 6, 0); return [$r, $buf]; });
    socket_write($a, 'longrecord');
    t('recvmsg short', function () use ($b) { $m = ['buffer_size' => 4, 'controllen' => 16]; $r = socket_recvmsg($b, $m, 0); return [$r, $m['iov'][0] ?? null, $m['flags']]; });
    socket_write($a, 'longrecord');
    t('recvmsg waitall short', function () use ($b) { $m = ['buffer_size' => 4, 'controllen' => 16]; $r = socket_recvmsg($b, $m, MSG_WAITALL); return [$r, $m['iov'][0] ?? null, $m['flags']]; });
    t('shutdown wr', fn() => socket_shutdown($a, 1));
    t('write after shutdown', fn() => @socket_write($a, 'x'));
    t('read after peer shutdown', fn() => @socket_read($b, 10));
    t('recv after peer shutdown', function () use ($b) { $buf = 'k'; $r = @socket_recv($b, $buf, 10, 0); return [$r, $buf]; });
    t('recvmsg after peer shutdown', function () use ($b) { $m = ['buffer_size' => 4, 'controllen' => 16]; $r = @socket_recvmsg($b, $m, 0); return [$r, json_encode($m)]; });
    if ($type === SOCK_SEQPACKET) t('normal after peer shutdown', fn() => @socket_read($b, 10, PHP_NORMAL_READ));
    $r = [$b]; $w = [$b]; $e = [$b];
    t('select', fn() => socket_select($r, $w, $e, 0) . ' ' . count($r) . count($w) . count($e));
    t('shutdown rd', fn() => socket_shutdown($b, 0));
    t('write to rd-shut peer', fn() => @socket_write($a, 'x'));
    t('b writes', fn() => @socket_write($b, 'from b'));
    t('a reads', fn() => @socket_read($a, 10));
}
