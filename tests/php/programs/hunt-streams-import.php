<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// socket_import_stream() of every kind of stream socket, then ext/sockets calls on it.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n"; return true; });
function nm($x) { return str_replace($GLOBALS['dir'], 'DIR', preg_replace('/^\d{4,5}$/', 'PORT', (string)$x)); }
$l = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$ls = socket_import_stream($l);
var_dump(socket_getsockname($ls, $a, $p), $a, nm($p));
$c = stream_socket_client('tcp://' . stream_socket_get_name($l, false), $errno, $errstr, 1);
$acc = socket_accept($ls);
var_dump($acc instanceof Socket);
var_dump(socket_write($acc, "from accepted Socket\n"));
echo fgets($c);
fwrite($c, "to accepted Socket");
var_dump(socket_recv($acc, $buf, 100, MSG_DONTWAIT), $buf);
$cs = socket_import_stream($c);
var_dump(socket_get_option($cs, SOL_SOCKET, SO_TYPE), socket_get_option($cs, SOL_SOCKET, SO_ERROR));
var_dump(socket_import_stream($c) == $cs);
var_dump(socket_shutdown($cs, 1));
var_dump(socket_read($acc, 100));
var_dump(feof($c));
socket_close($acc);
var_dump(fread($c, 10), feof($c));
// udp
$u = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$us = socket_import_stream($u);
$uc = stream_socket_client('udp://' . stream_socket_get_name($u, false), $errno, $errstr);
fwrite($uc, "dgram");
var_dump(socket_recvfrom($us, $buf, 100, 0, $from, $fport), $buf, $from, $fport === (int)explode(':', stream_socket_get_name($uc, false))[1]);
var_dump(socket_sendto($us, "reply", 5, 0, $from, $fport));
stream_set_timeout($uc, 1);
var_dump(fread($uc, 100));
// pair
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$as = socket_import_stream($a);
var_dump(socket_getpeername($as, $pn), $pn);
var_dump(socket_write($as, "pair via socket"));
var_dump(fread($b, 100));
var_dump(socket_set_nonblock($as), stream_get_meta_data($a)['blocked']);
var_dump(@socket_read($as, 10), socket_last_error($as));
socket_clear_error($as);
var_dump(fread($a, 10));
var_dump(socket_last_error($as));
// unix listener
$ul = stream_socket_server("unix://$dir/i.sock", $errno, $errstr);
$uls = socket_import_stream($ul);
var_dump(socket_getsockname($uls, $un), nm($un));
$ucl = stream_socket_client("unix://$dir/i.sock", $errno, $errstr, 1);
$ua = socket_accept($uls);
var_dump(socket_getsockname($ua, $un2), nm($un2), socket_getpeername($ua, $pn2), $pn2);
fclose($ul);
var_dump(@socket_getsockname($uls, $un3), socket_last_error($uls));
// closed stream
fclose($b);
try { var_dump(socket_import_stream($b)); } catch (\Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
$f = fopen("$dir/file", 'w');
var_dump(socket_import_stream($f));
var_dump(socket_import_stream(fopen('php://memory', 'r')));
