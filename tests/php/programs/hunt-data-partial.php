<?php
// A blocking write that the kernel ends part-way (TCP_USER_TIMEOUT while the peer reads
// nothing): the count sent so far, as the kernel's blocking send() returns it.
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l, 1); socket_getsockname($l, $_, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
socket_set_option($s, SOL_SOCKET, SO_RCVBUF, 4096);
socket_set_option($c, SOL_SOCKET, SO_SNDBUF, 4096);
var_dump(socket_set_option($c, SOL_TCP, 18 /* TCP_USER_TIMEOUT */, 300));
socket_set_option($c, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 2, 'usec' => 0]);
$t = microtime(true);
$r = socket_write($c, str_repeat('x', 4 << 20));
echo 'write: ', is_int($r) ? ($r > 0 && $r < (4 << 20) ? 'partial' : "int $r") : var_export($r, true), "\n";
echo 'error: ', socket_last_error($c), "\n";
echo 'within 1.9 s: ', var_export(microtime(true) - $t < 1.9, true), "\n";
$r = @socket_write($c, 'x');
echo 'next write: ', var_export($r, true), ' ', socket_last_error($c), "\n";
