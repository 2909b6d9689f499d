<?php
// Lengths tutorials get wrong: longer than the string, zero, omitted.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_set_nonblock($p[1]);
var_dump(socket_write($p[0], "abc", 10));
var_dump(socket_write($p[0], "abc", 0));
var_dump(socket_write($p[0], "", 0));
var_dump(socket_write($p[0], ""));
var_dump(socket_send($p[0], "defg", 10, 0));
var_dump(socket_send($p[0], "defg", 0, 0));
try { var_dump(socket_send($p[0], "x", -1, 0)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
var_dump(socket_read($p[1], 100));
var_dump(@socket_read($p[1], 100), socket_last_error($p[1]));
try { var_dump(socket_read($p[1], 0)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
$b = 'old';
var_dump(socket_recv($p[1], $b, 0, 0), $b);
socket_write($p[0], "xyz");
var_dump(socket_recv($p[1], $b, 0, MSG_PEEK), $b);
var_dump(socket_recv($p[1], $b, 1, 0), $b);
var_dump(socket_read($p[1], PHP_INT_MAX > 2**40 ? 2**31 : 100));
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($u, '127.0.0.1', 0); socket_getsockname($u, $a, $port);
var_dump(socket_sendto($u, "hello", 100, 0, '127.0.0.1', $port));
var_dump(socket_sendto($u, "hello", 2, 0, '127.0.0.1', $port));
var_dump(socket_recvfrom($u, $b, 100, 0, $f, $pp), $b);
var_dump(socket_recvfrom($u, $b, 100, 0, $f, $pp), $b);
try { var_dump(socket_sendto($u, "x", -5, 0, '127.0.0.1', $port)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
try { var_dump(socket_recvfrom($u, $b, -1, 0, $f, $pp)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
// big datagram
var_dump(@socket_sendto($u, str_repeat('a', 70000), 70000, 0, '127.0.0.1', $port), socket_last_error($u));
var_dump(socket_sendto($u, str_repeat('a', 65507), 65507, 0, '127.0.0.1', $port));
var_dump(socket_recvfrom($u, $b, 70000, 0, $f, $pp));
