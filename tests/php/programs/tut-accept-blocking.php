<?php
// Sockets accepted from a non-blocking listener are blocking (Linux accept() does not inherit
// O_NONBLOCK); streams accepted from a non-blocking stream server too.
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l); socket_getsockname($l, $x, $port);
socket_set_nonblock($l);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
usleep(20000);
$s = socket_accept($l);
socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]);
$t = microtime(true);
var_dump(@socket_read($s, 10), socket_last_error($s));
echo "accepted socket waited: ", microtime(true) - $t > 0.2 ? "yes" : "no", "\n";
// a client socket connected non-blocking then set blocking
$c2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_nonblock($c2);
@socket_connect($c2, '127.0.0.1', $port);
$w = [$c2]; $r = $e = null; socket_select($r, $w, $e, 1);
socket_set_block($c2);
socket_set_option($c2, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]);
$t = microtime(true);
var_dump(@socket_read($c2, 10), socket_last_error($c2));
echo "reblocked waited: ", microtime(true) - $t > 0.2 ? "yes" : "no", "\n";
// streams
$server = stream_socket_server("tcp://127.0.0.1:0");
stream_set_blocking($server, false);
$addr = stream_socket_get_name($server, false);
$sc = stream_socket_client("tcp://$addr");
usleep(20000);
$ss = stream_socket_accept($server, 0);
var_dump(stream_get_meta_data($ss)['blocked']);
stream_set_timeout($ss, 0, 300000);
$t = microtime(true);
var_dump(fread($ss, 10));
echo "accepted stream waited: ", microtime(true) - $t > 0.2 ? "yes" : "no", "\n";
// import a non-blocking stream: the Socket is non-blocking
stream_set_blocking($sc, false);
$imp = socket_import_stream($sc);
$t = microtime(true);
var_dump(@socket_read($imp, 10), socket_last_error($imp));
echo "imported non-blocking waited: ", microtime(true) - $t > 0.2 ? "yes" : "no", "\n";
// export after set_nonblock: the stream is non-blocking
socket_set_nonblock($c);
$st = socket_export_stream($c);
var_dump(stream_get_meta_data($st)['blocked']);
var_dump(fread($st, 10));
