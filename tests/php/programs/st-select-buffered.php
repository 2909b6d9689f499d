<?php
// stream_select() with data already in PHP's read buffer (after fgets), as line-based servers hit it.
$server = stream_socket_server("tcp://127.0.0.1:0");
$addr = stream_socket_get_name($server, false);
$c1 = stream_socket_client("tcp://$addr"); $s1 = stream_socket_accept($server);
$c2 = stream_socket_client("tcp://$addr"); $s2 = stream_socket_accept($server);
fwrite($c1, "one\ntwo\nthree\n");
usleep(20000);
var_dump(fgets($s1));
// s1 has buffered lines, s2 nothing; write set has writable streams
$r = ['s1' => $s1, 's2' => $s2]; $w = ['c1' => $c1, 'c2' => $c2]; $e = [$s1];
$n = stream_select($r, $w, $e, 1);
echo "n=$n r=", json_encode(array_keys($r)), " w=", json_encode(array_keys($w)), " e=", json_encode(array_keys($e)), "\n";
// both have something: s2 has socket data, s1 buffered
fwrite($c2, "hello\n");
usleep(20000);
$r = ['s1' => $s1, 's2' => $s2]; $w = null; $e = null;
$n = stream_select($r, $w, $e, 1);
echo "n=$n r=", json_encode(array_keys($r)), "\n";
var_dump(fgets($s1), fgets($s1));
$r = ['s1' => $s1, 's2' => $s2]; $w = null; $e = null;
$n = stream_select($r, $w, $e, 1);
echo "n=$n r=", json_encode(array_keys($r)), "\n";
var_dump(fgets($s2));
$r = ['s1' => $s1, 's2' => $s2]; $w = null; $e = null;
$n = stream_select($r, $w, $e, 0, 100000);
echo "n=$n r=", json_encode(array_keys($r)), "\n";
// stream_get_meta_data unread_bytes
fwrite($c1, "a\nb\nc\n");
usleep(20000);
fgets($s1);
echo "unread ", stream_get_meta_data($s1)['unread_bytes'], "\n";
// fread smaller than the buffer
var_dump(fread($s1, 1), fread($s1, 3));
// feof on a live socket with nothing pending, then after peer close
var_dump(feof($s1));
fclose($c1);
usleep(20000);
var_dump(feof($s1), fread($s1, 10), feof($s1));
$r = [$s1]; $w = $e = null;
var_dump(stream_select($r, $w, $e, 0));
// stream_select on the server socket for accept
$c3 = stream_socket_client("tcp://$addr");
$r = [$server]; $w = $e = null;
var_dump(stream_select($r, $w, $e, 1), count($r));
$s3 = stream_socket_accept($server, 0);
var_dump(is_resource($s3));
$r = [$server]; $w = $e = null;
var_dump(stream_select($r, $w, $e, 0, 50000));
// duplicate entries and non-stream values
$r = [$s2, $s2]; $w = $e = null;
fwrite($c2, "dup\n"); usleep(20000);
var_dump(stream_select($r, $w, $e, 0), count($r));
try { $r = [1]; var_dump(stream_select($r, $w, $e, 0)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
$r = []; $w = []; $e = [];
try { var_dump(@stream_select($r, $w, $e, 0)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
$r = null; $w = null; $e = null;
try { var_dump(stream_select($r, $w, $e, 0)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
try { $r = [$s2]; var_dump(stream_select($r, $w, $e, -1)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
