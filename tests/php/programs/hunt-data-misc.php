<?php
// Data calls on listening and unconnected sockets, combined flags, self-shutdown.
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = @$f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", json_encode($r), $err ? " [err $err]" : '', "\n";
}
$dir = $argv[1];
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l, 4); socket_getsockname($l, $_, $port);
t('read listener', fn() => socket_read($l, 10));
t('recv listener', fn() => [socket_recv($l, $buf, 10, MSG_DONTWAIT), $buf]);
t('write listener', fn() => socket_write($l, 'x'));
t('shutdown listener', fn() => socket_shutdown($l, 2));
t('accept after listener shutdown', function () use ($l) { socket_set_nonblock($l); return socket_accept($l); });
$r = [$l]; $w = [$l]; $e = [$l];
t('select shut listener', fn() => socket_select($r, $w, $e, 0) . ' ' . count($r) . count($w) . count($e));
$ul = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_bind($ul, "$dir/l.sock"); socket_listen($ul, 4);
t('read unix listener', fn() => socket_read($ul, 10));
t('write unix listener', fn() => socket_write($ul, 'x'));
t('sendto unix listener', fn() => socket_sendto($ul, 'x', 1, 0, "$dir/l.sock"));
t('getpeername unix listener', fn() => [socket_getpeername($ul, $a), $a ?? null]);
$c = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_connect($c, "$dir/l.sock");
$s = socket_accept($ul);
socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
t('getpeername accepted unnamed', fn() => [socket_getpeername($s, $a), $a ?? null]);
t('getsockname accepted', fn() => [socket_getsockname($s, $a), str_replace($dir, 'DIR', $a ?? '')]);
t('getpeername client', fn() => [socket_getpeername($c, $a), str_replace($dir, 'DIR', $a ?? '')]);
socket_write($c, 'abc');
t('waitall+dontwait', fn() => [socket_recv($s, $buf, 10, MSG_WAITALL | MSG_DONTWAIT), $buf]);
socket_write($c, 'abc');
t('peek+dontwait', fn() => [socket_recv($s, $buf, 10, MSG_PEEK | MSG_DONTWAIT), $buf]);
t('peek+waitall unix', fn() => [socket_recv($s, $buf, 10, MSG_PEEK | MSG_WAITALL), $buf]);
t('read 2', fn() => socket_read($s, 2));
t('self shutdown 2', fn() => socket_shutdown($s, 2));
t('read after self shutdown', fn() => socket_read($s, 10));
t('read after self shutdown again', fn() => socket_read($s, 10));
t('recv after self shutdown', fn() => [socket_recv($s, $buf, 10, 0), $buf]);
t('write after self shutdown', fn() => socket_write($s, 'x'));
t('peer read', fn() => socket_read($c, 10));
t('peer write', fn() => socket_write($c, 'x'));
$r = [$s, $c]; $w = [$s, $c]; $e = null;
t('select after shutdown', fn() => socket_select($r, $w, $e, 0) . ' ' . json_encode(array_keys($r)) . json_encode(array_keys($w)));
