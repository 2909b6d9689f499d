<?php
// Out-of-band data shows up in socket_select()'s except array (the manual's note).
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l); socket_getsockname($l, $x, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
$r = [$s]; $w = null; $e = [$s];
var_dump(socket_select($r, $w, $e, 0));
var_dump(socket_send($c, "normal", 6, 0));
var_dump(socket_send($c, "!", 1, MSG_OOB));
usleep(50000);
$r = [$s]; $w = null; $e = [$s];
var_dump(socket_select($r, $w, $e, 1), count($r), count($e));
var_dump(socket_recv($s, $buf, 1, MSG_OOB), $buf);
$r = [$s]; $w = null; $e = [$s];
var_dump(socket_select($r, $w, $e, 0), count($r), count($e));
var_dump(socket_recv($s, $buf, 100, 0), $buf);
var_dump(@socket_recv($s, $buf, 1, MSG_OOB), socket_last_error($s));
// OOBINLINE
socket_set_option($s, SOL_SOCKET, SO_OOBINLINE, 1);
socket_send($c, "ab", 2, 0);
socket_send($c, "Z", 1, MSG_OOB);
socket_send($c, "cd", 2, 0);
usleep(50000);
$got = '';
socket_set_nonblock($s);
while (($d = @socket_read($s, 100)) !== false && $d !== '') $got .= $d;
var_dump($got);
// null timeout with a ready socket
socket_send($c, "ready", 5, 0);
usleep(20000);
$r = [$s]; $w = null; $e = null;
var_dump(socket_select($r, $w, $e, null));
// a closed socket in the array
socket_close($c);
$r = [$c]; $w = null; $e = null;
try { var_dump(socket_select($r, $w, $e, 0)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
