<?php
// Argument validation and edge values of the I/O functions over a socket pair.
function t(string $label, callable $f) {
    socket_clear_error();
    try {
        $r = $f();
        if (is_object($r)) $r = get_class($r);
        echo "$label: ", str_replace("\n", ' ', var_export($r, true)), " last=", socket_last_error(), "\n";
        return $r;
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
foreach ([0, -1, 1, PHP_INT_MIN] as $n) // PHP_INT_MAX (- 1): native allocates that much (fatal)
    {
    t("read len $n nothing pending", function () use ($b, $n) { socket_set_nonblock($b); $r = socket_read($b, $n); socket_set_block($b); return $r; });
}
t('write then read mode 0', function () use ($a, $b) { socket_write($a, "ab\ncd\r\nef\ngh\rij\n"); return socket_read($b, 3, 0); });
// (the data ends in a terminator: natively a non-blocking NORMAL read of "ij" alone looks one byte past what recv() wrote)
t('read mode 99', fn() => socket_read($b, 3, 99));
t('read mode -1', fn() => socket_read($b, 3, -1));
t('read NORMAL', fn() => socket_read($b, 100, PHP_NORMAL_READ));
t('read NORMAL rest', function () use ($b) { socket_set_nonblock($b); $r = socket_read($b, 100, PHP_NORMAL_READ); socket_set_block($b); return $r; });
t('read NORMAL nothing', function () use ($b) { socket_set_nonblock($b); $r = socket_read($b, 100, PHP_NORMAL_READ); socket_set_block($b); return $r; });
t('read mode string', fn() => socket_read($b, 3, 'x'));
t('read len string', fn() => socket_read($b, '3x'));
socket_set_nonblock($b);
t('read len float', fn() => socket_read($b, 2.5));
t('read len null', fn() => socket_read($b, null));
socket_set_block($b);
foreach ([null, 0, 1, 2, 100, -1, PHP_INT_MAX] as $n) t("write len " . var_export($n, true), fn() => socket_write($a, 'xy', $n));
t('drain', function () use ($b) { socket_set_nonblock($b); $r = socket_read($b, 100); socket_set_block($b); return $r; });
t('write empty', fn() => socket_write($a, ''));
t('write array', fn() => socket_write($a, []));
t('write int', fn() => socket_write($a, 5));
t('write stringable', fn() => socket_write($a, new class { function __toString(): string { return "S"; } }));
t('write null', fn() => socket_write($a, null));
t('send len 0', fn() => socket_send($a, 'xy', 0, 0));
t('send len big', fn() => socket_send($a, 'xy', 100, 0));
t('send flags -1', fn() => socket_send($a, 'xy', 2, -1));
t('send flags MSG_OOB on unix', fn() => socket_send($a, 'xy', 2, MSG_OOB));
t('send flags 2^40', fn() => socket_send($a, 'xy', 2, 1 << 40));
t('send MSG_DONTWAIT|MSG_NOSIGNAL', fn() => socket_send($a, 'xy', 2, MSG_DONTWAIT | 0x4000));
t('drain', function () use ($b) { socket_set_nonblock($b); $r = socket_read($b, 100); socket_set_block($b); return $r; });
foreach ([0, -1] as $n) { // PHP_INT_MAX: native allocates it (fatal)
    t("recv len $n", function () use ($b, $n) { $buf = 'keep'; $r = socket_recv($b, $buf, $n, MSG_DONTWAIT); return [$r, $buf]; });
}
t('recv nothing dontwait', function () use ($b) { $buf = 'keep'; $r = socket_recv($b, $buf, 10, MSG_DONTWAIT); return [$r, $buf]; });
t('recv flags -1', function () use ($b) { $buf = 'keep'; $r = socket_recv($b, $buf, 10, -1); return [$r, $buf]; });
t('recv flags 2^40', function () use ($a, $b) { socket_write($a, 'q'); $buf = 'keep'; $r = socket_recv($b, $buf, 10, 1 << 40); return [$r, $buf]; });
t('recv PEEK', function () use ($a, $b) { socket_write($a, 'peek'); $r = socket_recv($b, $buf, 10, MSG_PEEK); return [$r, $buf]; });
t('recv into literal', fn() => socket_recv($b, 'lit', 10, 0));
t('recv typed prop', function () use ($b) { $o = new class { public int $buf = 0; }; return socket_recv($b, $o->buf, 10, 0); });
t('recv MSG_TRUNC stream', function () use ($a, $b) { socket_write($a, 'abcdef'); $r = socket_recv($b, $buf, 2, MSG_TRUNC); return [$r, $buf]; });
t('drain', function () use ($b) { socket_set_nonblock($b); $r = socket_read($b, 100); socket_set_block($b); return $r; });
t('recvfrom unix stream', function () use ($a, $b) { socket_write($a, 'hi'); $r = socket_recvfrom($b, $buf, 10, 0, $from, $port); return [$r, $buf, $from, $port ?? 'unset']; });
t('recvfrom len 0', function () use ($b) { $r = socket_recvfrom($b, $buf, 0, 0, $from); return [$r, $buf ?? 'unset']; });
t('recvfrom len -5', function () use ($b) { $r = socket_recvfrom($b, $buf, -5, 0, $from); return $r; });
t('sendto on connected unix', fn() => socket_sendto($a, 'x', 1, 0, '/nonexistent'));
t('sendto on connected unix ""', fn() => socket_sendto($a, 'x', 1, 0, ''));
t('sendto len -1', fn() => socket_sendto($a, 'x', -1, 0, ''));
t('drain', function () use ($b) { socket_set_nonblock($b); $r = socket_read($b, 100); socket_set_block($b); return $r; });
// datagram pair
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $d);
t('dgram write empty', fn() => socket_write($d[0], ''));
t('dgram read empty datagram', fn() => socket_read($d[1], 10));
t('dgram recv nothing', function () use ($d) { $buf = 'keep'; $r = socket_recv($d[1], $buf, 10, MSG_DONTWAIT); return [$r, $buf]; });
t('dgram send/recv trunc', function () use ($d) { socket_send($d[0], 'abcdef', 6, 0); $r = socket_recv($d[1], $buf, 3, 0); return [$r, $buf]; });
t('dgram recvfrom', function () use ($d) { socket_send($d[0], 'zz', 2, 0); $r = socket_recvfrom($d[1], $buf, 10, 0, $from); return [$r, $buf, $from]; });
t('dgram huge', fn() => socket_write($d[0], str_repeat('x', 300000)));
// export / import
t('export', fn() => get_resource_type(socket_export_stream($a)));
t('export twice', fn() => is_resource(socket_export_stream($a)));
t('import socket obj', fn() => socket_import_stream($a));
t('import null', fn() => socket_import_stream(null));
t('import int', fn() => socket_import_stream(5));
t('import closed stream', function () { $f = fopen('php://memory', 'r'); fclose($f); return socket_import_stream($f); });
t('import memory stream', function () { $f = fopen('php://memory', 'r'); return socket_import_stream($f); });
t('import STDIN', fn() => socket_import_stream(STDIN));
t('export no arg', fn() => socket_export_stream());
t('export non-socket', fn() => socket_export_stream(STDIN));
// cmsg_space
foreach ([[SOL_SOCKET, SCM_RIGHTS, 0], [SOL_SOCKET, SCM_RIGHTS, 1], [SOL_SOCKET, SCM_RIGHTS, -1], [SOL_SOCKET, SCM_RIGHTS, PHP_INT_MAX], [SOL_SOCKET, SCM_RIGHTS, 1 << 30],
          [SOL_SOCKET, SCM_CREDENTIALS, 0], [SOL_SOCKET, SCM_CREDENTIALS, 3], [IPPROTO_IPV6, IPV6_PKTINFO, 0], [IPPROTO_IPV6, IPV6_HOPLIMIT, 0], [IPPROTO_IPV6, IPV6_TCLASS, 0],
          [SOL_SOCKET, 99, 0], [99, 1, 0], [IPPROTO_IP, 8, 0]] as [$lv, $ty, $n]) {
    t("cmsg_space($lv, $ty, $n)", fn() => socket_cmsg_space($lv, $ty, $n));
}
t('cmsg_space 2 args', fn() => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS));
// sendmsg/recvmsg argument shapes
t('sendmsg empty', fn() => socket_sendmsg($a, []));
t('sendmsg iov not array', fn() => socket_sendmsg($a, ['iov' => 'x']));
t('sendmsg iov ok', fn() => socket_sendmsg($a, ['iov' => ['ab', 'cd']]));
t('sendmsg iov int elems', fn() => socket_sendmsg($a, ['iov' => [1, 2]]));
t('recvmsg', function () use ($b) { $m = ['buffer_size' => 10]; $r = socket_recvmsg($b, $m); return [$r, $m['iov'] ?? null]; });
t('recvmsg no buffer_size', function () use ($b) { $m = []; return socket_recvmsg($b, $m, MSG_DONTWAIT); });
t('recvmsg buffer_size 0', function () use ($b) { $m = ['buffer_size' => 0]; return socket_recvmsg($b, $m, MSG_DONTWAIT); });
t('recvmsg buffer_size -1', function () use ($b) { $m = ['buffer_size' => -1]; return socket_recvmsg($b, $m, MSG_DONTWAIT); });
t('recvmsg nothing', function () use ($b) { $m = ['buffer_size' => 10]; $r = socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
