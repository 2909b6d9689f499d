<?php
// PHP's stream sockets: a TCP server and client, timeouts, select, refusals, UDP, a pair.
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$name = stream_socket_get_name($srv, false);
echo "server: ", preg_replace('/:\d+$/', ':PORT', $name), "\n";
$c = stream_socket_client("tcp://$name", $errno, $errstr, 2, STREAM_CLIENT_CONNECT);
$s = stream_socket_accept($srv, 2, $peer);
echo "peer is 127.0.0.1: ", var_export(str_starts_with($peer, '127.0.0.1:'), true), "\n";
fwrite($c, "line one\nline two\npartial");
echo fgets($s), fgets($s);
stream_set_timeout($s, 0, 300000);
$t = microtime(true);
$x = fgets($s);
$md = stream_get_meta_data($s);
echo "fgets after timeout: ", var_export($x, true), " timed_out=", var_export($md['timed_out'], true), " waited>=0.25: ", var_export(microtime(true) - $t >= 0.25, true), "\n";
// stream_type is tcp_socket/ssl where PHP has OpenSSL (docs/php-differences.md)
unset($md['uri'], $md['stream_type']);
ksort($md);
var_dump($md);
fwrite($c, "\n");
echo fgets($s);
// select
$r = [$s, $srv]; $w = [$c]; $e = null;
var_dump(stream_select($r, $w, $e, 0, 100000), count($r), count($w));
fclose($c);
$r = [$s]; $w = null;
var_dump(stream_select($r, $w, $e, 1));
var_dump(fread($s, 10), feof($s));
// accept with a timeout and no client
$t = microtime(true);
$none = @stream_socket_accept($srv, 0.3);
echo "accept timeout: ", var_export($none, true), " ", var_export(microtime(true) - $t >= 0.25, true), "\n";
$err = error_get_last();
echo $err ? $err['message'] : 'no error', "\n";
// connect refused
$tmp = stream_socket_server('tcp://127.0.0.1:0');
$dead = stream_socket_get_name($tmp, false);
fclose($tmp);
$x = @stream_socket_client("tcp://$dead", $errno, $errstr, 1);
echo "refused: ", var_export($x, true), " $errno $errstr\n";
$x = @fsockopen('127.0.0.1', (int)explode(':', $dead)[1], $errno, $errstr, 1);
echo "fsockopen refused: ", var_export($x, true), " $errno $errstr\n";
// UDP streams
$u = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$un = stream_socket_get_name($u, false);
$uc = stream_socket_client("udp://$un", $errno, $errstr);
fwrite($uc, "ping");
$d = stream_socket_recvfrom($u, 100, 0, $from);
echo "udp got $d from local: ", var_export($from === stream_socket_get_name($uc, false), true), "\n";
stream_socket_sendto($u, "pong", 0, $from);
echo fread($uc, 100), "\n";
$f = fsockopen("udp://127.0.0.1", (int)explode(':', $un)[1]);
fwrite($f, "via fsockopen");
echo stream_socket_recvfrom($u, 100), "\n";
// pair
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
fwrite($a, "pair!");
echo fread($b, 5), "\n";
var_dump(stream_set_write_buffer($a, 0), stream_set_read_buffer($b, 0), stream_set_chunk_size($a, 4096));
var_dump(stream_socket_shutdown($a, STREAM_SHUT_WR), fread($b, 10), feof($b));
var_dump(get_resource_type($a), stream_is_local($a));
echo stream_socket_get_name($a, true) === false ? "no peer name\n" : "peer name\n";
