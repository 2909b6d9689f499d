<?php
// socket_export_stream / socket_import_stream as tutorials use them.
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0); socket_listen($l); socket_getsockname($l, $x, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
$stream = socket_export_stream($s);
var_dump(is_resource($stream), get_resource_type($stream));
$meta = stream_get_meta_data($stream);
ksort($meta);
unset($meta['stream_type']);
var_dump($meta);
socket_write($c, "line one\nline two\n");
var_dump(fgets($stream));
var_dump(fgets($stream));
var_dump(fwrite($stream, "from stream\n"));
fflush($stream);
var_dump(socket_read($c, 100));
var_dump(socket_export_stream($s) === $stream);
stream_set_timeout($stream, 0, 200000);
var_dump(fread($stream, 10), stream_get_meta_data($stream)['timed_out']);
// import a stream server
$srv = stream_socket_server("tcp://127.0.0.1:0");
$sock = socket_import_stream($srv);
var_dump(socket_getsockname($sock, $ia, $ip), $ia);
var_dump(socket_get_option($sock, SOL_SOCKET, 30));
socket_set_option($sock, SOL_SOCKET, SO_RCVBUF, 65536);
var_dump(socket_get_option($sock, SOL_SOCKET, SO_RCVBUF) >= 65536);
$cc = stream_socket_client("tcp://127.0.0.1:$ip");
$acc = socket_accept($sock);
fwrite($cc, "to imported\n");
var_dump(socket_read($acc, 100, PHP_NORMAL_READ));
$imported = socket_import_stream($cc);
var_dump(socket_getpeername($imported, $pa), $pa);
socket_write($imported, "raw write\n");
var_dump(socket_read($acc, 100));
// close the socket: the stream dies too
socket_close($imported);
try { var_dump(@fwrite($cc, "x")); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
var_dump(is_resource($cc));
// import a UDP stream and use socket_recvfrom
$u = stream_socket_server("udp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
$us = socket_import_stream($u);
socket_getsockname($us, $ua, $up);
$sender = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_sendto($sender, "dgram", 5, 0, '127.0.0.1', $up);
var_dump(socket_recvfrom($us, $buf, 100, 0, $from, $fport), $buf, $from);
// set_nonblock on imported affects stream
socket_set_nonblock($us);
var_dump(stream_get_meta_data($u)['blocked']);
var_dump(@socket_recvfrom($us, $buf, 100, 0, $from, $fport), socket_last_error($us));
// import of a non-socket stream
try { var_dump(@socket_import_stream(STDIN)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
$f = fopen('php://memory', 'r+');
try { var_dump(@socket_import_stream($f)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
