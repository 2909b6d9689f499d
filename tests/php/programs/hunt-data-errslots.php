<?php
// Which error slot (the socket's, the global one) each failing data call records.
function slots(string $label, $s, callable $f) {
    socket_clear_error();
    if ($s) socket_clear_error($s);
    try { $r = @$f(); } catch (Throwable $e) { $r = get_class($e); }
    echo "$label: ", var_export($r, true), ' socket ', $s ? socket_last_error($s) : '-', ' global ', socket_last_error(), "\n";
}
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l, 1); socket_getsockname($l, $_, $port);
socket_set_nonblock($l);
slots('accept nb', $l, fn() => socket_accept($l));
socket_set_block($l);
socket_set_option($l, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
slots('accept timeout', $l, fn() => socket_accept($l));
$u = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
slots('accept unlistened', $u, fn() => socket_accept($u));
slots('read unconnected', $u, fn() => socket_read($u, 10));
slots('write unconnected', $u, fn() => socket_write($u, 'x'));
slots('recv unconnected', $u, fn() => socket_recv($u, $buf, 10, 0));
slots('send unconnected', $u, fn() => socket_send($u, 'x', 1, 0));
slots('recvfrom unconnected', $u, fn() => socket_recvfrom($u, $buf, 10, 0, $a, $p));
slots('sendto tcp', $u, fn() => socket_sendto($u, 'x', 1, 0, '127.0.0.1', $port));
slots('sendmsg unconnected', $u, fn() => socket_sendmsg($u, ['iov' => ['x']], 0));
slots('recvmsg unconnected', $u, function () use ($u) { $m = ['controllen' => 16]; return socket_recvmsg($u, $m, 0); });
slots('shutdown unconnected', $u, fn() => socket_shutdown($u, 2));
slots('getpeername unconnected', $u, fn() => socket_getpeername($u, $a));
slots('read normal unconnected', $u, fn() => socket_read($u, 10, PHP_NORMAL_READ));
$g = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
slots('listen on udp', $g, fn() => socket_listen($g));
slots('accept on udp', $g, fn() => socket_accept($g));
slots('write unconnected udp', $g, fn() => socket_write($g, 'x'));
slots('recv udp dontwait', $g, fn() => socket_recv($g, $buf, 10, MSG_DONTWAIT));
slots('recvfrom udp dontwait', $g, fn() => socket_recvfrom($g, $buf, 10, MSG_DONTWAIT, $a, $p));
slots('recvmsg udp dontwait', $g, function () use ($g) { $m = ['controllen' => 16]; return socket_recvmsg($g, $m, MSG_DONTWAIT); });
slots('recv errqueue', $g, fn() => socket_recv($g, $buf, 10, MSG_ERRQUEUE));
slots('set_nonblock', $g, fn() => socket_set_nonblock($g));
$r = [$g]; $w = null; $e = null;
slots('select neg', $g, fn() => socket_select($r, $w, $e, -1));
slots('create_pair inet', null, fn() => socket_create_pair(AF_INET, SOCK_DGRAM, 0, $p));
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pp);
socket_close($pp[1]);
slots('write to closed pair', $pp[0], fn() => socket_write($pp[0], 'x'));
slots('send flags bad', $pp[0], fn() => socket_send($pp[0], 'x', 1, 0x7fffffff));
slots('recv flags bad', $pp[0], fn() => socket_recv($pp[0], $buf, 1, MSG_OOB));
slots('recv flags neg', $pp[0], fn() => socket_recv($pp[0], $buf, 1, -1));
