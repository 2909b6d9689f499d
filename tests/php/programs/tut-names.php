<?php
// Names of sockets in the states tutorials print them.
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_getsockname($s, $a, $p), $a, $p);
$s6 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
var_dump(socket_getsockname($s6, $a, $p), $a, $p);
$u = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_getsockname($u, $a), $a);
$a = 'keep'; $p = 'keep';
var_dump(@socket_getpeername($s, $a, $p), $a, $p);
$ud = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(@socket_getpeername($ud, $a), socket_last_error($ud));
var_dump(socket_connect($ud, '127.0.0.5', 7777));
var_dump(socket_getpeername($ud, $a, $p), $a, $p);
var_dump(socket_getsockname($ud, $a, $p), $a, $p > 0);
// UDP disconnect: connect to AF_UNSPEC isn't available; connect again elsewhere
var_dump(socket_connect($ud, '127.0.0.6', 8888));
var_dump(socket_getpeername($ud, $a, $p), $a, $p);
// connect UDP port 0
$u0 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(@socket_connect($u0, '127.0.0.1', 0), socket_last_error($u0));
var_dump(@socket_send($u0, "x", 1, 0), socket_last_error($u0));
// bind to 127.x other addresses
$b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_bind($b, '127.1.2.3', 0), socket_getsockname($b, $a, $p), $a);
// v6 mapped
$m = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
var_dump(socket_bind($m, '::ffff:127.0.0.1', 0), socket_getsockname($m, $a, $p), $a);
$m2 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($m2, '127.0.0.1', 0), socket_getsockname($m2, $a, $p), $a);
// netdb helpers
var_dump(gethostbyname('localhost'), gethostbyname('127.0.0.1'), gethostbyname('no.such.host.invalid'));
var_dump(gethostbynamel('localhost'));
var_dump(gethostbynamel('127.0.0.1'));
var_dump(getprotobyname('tcp'), getprotobyname('udp'), getprotobynumber(6), getprotobyname('nope'));
var_dump(getservbyname('http', 'tcp'), getservbyname('domain', 'udp'), getservbyport(22, 'tcp'), getservbyname('nope', 'tcp'));
var_dump(inet_pton('127.0.0.1') === "\x7f\0\0\1", inet_ntop("\x7f\0\0\1"), inet_ntop(str_repeat("\0", 15) . "\1"));
var_dump(ip2long('127.0.0.1'), long2ip(2130706433));
