<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// Minimal reproducers of the divergences the hunt-streams-* programs found, one per section.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", preg_replace('/:\d{4,5}\b/', ':PORT', $str), "\n"; return true; });
function section($t) { echo "== $t\n"; }

section('1 fstat() of a socket stream');
$l = stream_socket_server('tcp://127.0.0.1:0');
$st = fstat($l);
var_dump($st === false ? false : sprintf('%o', $st['mode']));

section('2 posix_isatty() / posix_ttyname() of a socket stream');
var_dump(posix_isatty($l), posix_ttyname($l));

section('3 stream_socket_recvfrom() address on a connected TCP stream');
$c = stream_socket_client('tcp://' . stream_socket_get_name($l, false), $errno, $errstr, 1);
$s = stream_socket_accept($l, 1);
fwrite($c, "hi");
var_dump(stream_socket_recvfrom($s, 10, 0, $from), $from);

section('4 stream_socket_sendto() with an IP address on a unix stream');
$us = stream_socket_server("unix://$dir/r.sock");
$uc = stream_socket_client("unix://$dir/r.sock", $errno, $errstr, 1);
var_dump(stream_socket_sendto($uc, "x", 0, '127.0.0.1:9'));

section('5 stream_socket_pair() with an unknown domain');
var_dump(stream_socket_pair(99, STREAM_SOCK_STREAM, 0));

section('6 stream_select() with a non-stream element');
$r = [$s, false]; $w = null; $e = null;
try { var_dump(stream_select($r, $w, $e, 0)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }

section('7 fsockopen() with timeout -1');
$f = fsockopen('127.0.0.1', (int)explode(':', stream_socket_get_name($l, false))[1], $errno, $errstr, -1);
var_dump(is_resource($f), $errno, $errstr);

section('8 stream_set_timeout() with negative microseconds');
stream_set_timeout($s, 0, -1);
var_dump(fread($s, 10), stream_get_meta_data($s)['timed_out']);

section('9 socket_last_error() of a Socket whose stream was closed');
$l2 = stream_socket_server('tcp://127.0.0.1:0');
$sock = socket_import_stream($l2);
fclose($l2);
var_dump(socket_getsockname($sock, $a), socket_last_error($sock), socket_last_error());
