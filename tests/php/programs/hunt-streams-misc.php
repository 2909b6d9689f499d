<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// Odd calls: accept on things that do not listen, recvfrom/sendto edge cases, localhost,
// chunk sizes, fpassthru / stream_copy_to_stream on sockets, exported ext/sockets streams.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n"; return true; });
function t($label, $f) { echo "$label: "; try { $r = $f(); echo is_resource($r) ? get_resource_type($r) : var_export($r, true), "\n"; } catch (\Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$name = stream_socket_get_name($srv, false);
$c = stream_socket_client("tcp://$name", $errno, $errstr, 1);
$s = stream_socket_accept($srv, 1);
$u = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
t('accept on client', fn() => stream_socket_accept($c, 0));
t('accept on udp', fn() => stream_socket_accept($u, 0));
t('accept on udp timeout 0.1', fn() => stream_socket_accept($u, 0.1));
$b = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
t('accept on bound not listening', fn() => stream_socket_accept($b, 0));
t('udp with LISTEN', fn() => stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN));
echo "  errno=$errno errstr=$errstr\n";
t('udg with LISTEN', fn() => stream_socket_server("udg://$dir/l.sock", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN));
echo "  errno=$errno errstr=$errstr\n";
t('recvfrom len 0', fn() => stream_socket_recvfrom($s, 0));
t('recvfrom len -1', fn() => stream_socket_recvfrom($s, -1));
stream_set_blocking($s, false);
t('recvfrom nonblocking empty', fn() => stream_socket_recvfrom($s, 10));
t('recvfrom peek nonblocking empty', fn() => stream_socket_recvfrom($s, 10, STREAM_PEEK));
t('recvfrom oob none', fn() => stream_socket_recvfrom($s, 10, STREAM_OOB));
t('recvfrom flags 99', fn() => stream_socket_recvfrom($s, 10, 99));
t('sendto flags 99', fn() => stream_socket_sendto($c, "F", 99));
t('sendto empty', fn() => stream_socket_sendto($c, ""));
t('shutdown how 5', fn() => stream_socket_shutdown($c, 5));
t('shutdown listener', fn() => stream_socket_shutdown($b, STREAM_SHUT_RD));
t('get_name udp not connected peer', fn() => stream_socket_get_name($u, true));
stream_set_blocking($s, true);
stream_set_timeout($s, 0, 200000);
t('read after F', fn() => fread($s, 10));
// localhost
$l = stream_socket_server('tcp://localhost:0', $errno, $errstr);
t('localhost server', fn() => preg_replace('/:\d+$/', ':PORT', stream_socket_get_name($l, false)));
$lc = stream_socket_client('tcp://localhost:' . explode(':', stream_socket_get_name($l, false))[1], $errno, $errstr, 1);
t('localhost client peer', fn() => preg_replace('/:\d+$/', ':PORT', stream_socket_get_name($lc, true)));
// chunk size and read sizes
fwrite($c, str_repeat('a', 20000));
usleep(50000);
var_dump(stream_set_chunk_size($s, 1000));
$sizes = [];
for ($i = 0; $i < 3; $i++) $sizes[] = strlen(fread($s, 5000));
echo "read sizes with chunk 1000: ", implode(',', $sizes), "\n";
var_dump(stream_get_meta_data($s)['unread_bytes']);
stream_set_chunk_size($s, 8192);
var_dump(strlen(stream_get_contents($s, 16000)));
var_dump(stream_get_meta_data($s)['unread_bytes']);
var_dump(stream_set_read_buffer($s, 0));
fwrite($c, "0123456789");
usleep(50000);
var_dump(fread($s, 3), stream_get_meta_data($s)['unread_bytes'], fread($s, 100));
// fgets with a length, stream_get_line with a multi-byte delimiter split over writes
fwrite($c, "abcdefghij\n");
usleep(20000);
var_dump(fgets($s, 4), fgets($s, 100));
fwrite($c, "one<EN");
usleep(20000);
fwrite($c, "D>two<END>");
var_dump(stream_get_line($s, 100, "<END>"), stream_get_line($s, 100, "<END>"));
// fpassthru and stream_copy_to_stream
fwrite($c, "passthru line\n");
fclose($c);
usleep(20000);
ob_start();
$n = fpassthru($s);
$o = ob_get_clean();
var_dump($n, $o);
$c = stream_socket_client("tcp://$name", $errno, $errstr, 1);
$s = stream_socket_accept($srv, 1);
file_put_contents("$dir/src.txt", str_repeat("file data\n", 1000));
$f = fopen("$dir/src.txt", 'r');
var_dump(stream_copy_to_stream($f, $c));
fclose($c);
$out = fopen("$dir/dst.txt", 'w');
var_dump(stream_copy_to_stream($s, $out));
fclose($out);
var_dump(md5_file("$dir/dst.txt") === md5_file("$dir/src.txt"));
var_dump(stream_copy_to_stream($s, fopen('php://memory', 'w')));
// file_get_contents-like read of a socket
$c = stream_socket_client("tcp://$name", $errno, $errstr, 1);
$s = stream_socket_accept($srv, 1);
fwrite($c, "whole\nbody\n"); fclose($c);
var_dump(stream_get_contents($s, -1, 2));
// exported ext/sockets sockets as streams
$raw = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($raw, '127.0.0.1', (int)explode(':', $name)[1]);
$st = socket_export_stream($raw);
$acc = stream_socket_accept($srv, 1);
$m = stream_get_meta_data($st); unset($m['uri']); $m['stream_type'] = str_replace('/ssl', '', $m['stream_type']); echo json_encode($m), "\n";
var_dump(stream_socket_get_name($st, true) === $name);
fwrite($st, "from exported\n");
echo fgets($acc);
fwrite($acc, "to exported\n");
echo fgets($st);
var_dump(socket_export_stream($raw) === $st);
$ud = socket_create(AF_UNIX, SOCK_DGRAM, 0);
$ust = socket_export_stream($ud);
$m = stream_get_meta_data($ust); unset($m['uri']); echo json_encode($m), "\n";
$raw6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
$m = stream_get_meta_data(socket_export_stream($raw6)); unset($m['uri']); echo json_encode($m), "\n";
socket_close($raw);
try { var_dump(fwrite($st, "x")); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
var_dump(fread($acc, 10), feof($acc));
