<?php
// STREAM_CLIENT_ASYNC_CONNECT + stream_select for write; udp:// server with stream_socket_recvfrom;
// unix:// and udg:// streams; stream_socket_pair; stream_socket_shutdown.
$dir = $argv[1];
$server = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
$addr = stream_socket_get_name($server, false);
$c = stream_socket_client("tcp://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
var_dump(is_resource($c), $errno);
$r = null; $w = [$c]; $e = null;
var_dump(stream_select($r, $w, $e, 1));
var_dump(stream_socket_get_name($c, true) === $addr);
$s = stream_socket_accept($server, 1);
var_dump(fwrite($c, "async ok\n"), fgets($s));
// async to a closed port
$t = stream_socket_server("tcp://127.0.0.1:0"); $closed = stream_socket_get_name($t, false); fclose($t);
$c2 = @stream_socket_client("tcp://$closed", $errno, $errstr, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
var_dump(is_resource($c2), $errno);
if ($c2) {
    $r = [$c2]; $w = [$c2]; $e = null;
    var_dump(stream_select($r, $w, $e, 1), count($r), count($w));
    var_dump(@fwrite($c2, "x"));
    var_dump(fread($c2, 10), feof($c2));
    var_dump(stream_socket_get_name($c2, true));
}
// stream_socket_accept timeout
$t0 = microtime(true);
var_dump(@stream_socket_accept($server, 0.2));
echo "accept waited: ", microtime(true) - $t0 >= 0.15 ? "yes" : "no", "\n";
$r = error_get_last(); echo $r ? str_replace($addr, 'ADDR', $r['message']) : 'none', "\n";

// UDP
$udp = stream_socket_server("udp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
$uaddr = stream_socket_get_name($udp, false);
$uc = stream_socket_client("udp://$uaddr", $errno, $errstr);
fwrite($uc, "dgram one");
fwrite($uc, "dgram two");
var_dump(stream_socket_recvfrom($udp, 4, 0, $peer));
var_dump($peer === stream_socket_get_name($uc, false));
var_dump(stream_socket_recvfrom($udp, 100, STREAM_PEEK));
var_dump(stream_socket_recvfrom($udp, 100));
var_dump(stream_socket_sendto($udp, "reply", 0, $peer));
var_dump(fread($uc, 100));
stream_set_blocking($udp, false);
var_dump(stream_socket_recvfrom($udp, 100));
var_dump(fread($udp, 100));

// unix stream
$path = "$dir/st.sock";
$us = stream_socket_server("unix://$path", $errno, $errstr);
var_dump(is_resource($us), file_exists($path));
$ucl = stream_socket_client("unix://$path", $errno, $errstr, 1);
$ua = stream_socket_accept($us);
fwrite($ucl, "over unix\n");
var_dump(fgets($ua));
var_dump(stream_socket_get_name($ua, false) === $path, stream_socket_get_name($ucl, true) === $path);
var_dump(stream_socket_get_name($ucl, false), stream_socket_get_name($ua, true));
stream_socket_shutdown($ucl, STREAM_SHUT_WR);
var_dump(fgets($ua), feof($ua));
fwrite($ua, "bye\n");
var_dump(fgets($ucl));
fclose($ua); fclose($ucl); fclose($us);
var_dump(file_exists($path));
$us2 = @stream_socket_server("unix://$path", $errno, $errstr);
var_dump($us2, $errno, $errstr);
unlink($path);
// udg
$gpath = "$dir/st.dgram";
$g = stream_socket_server("udg://$gpath", $errno, $errstr, STREAM_SERVER_BIND);
var_dump(is_resource($g));
$gc = stream_socket_client("udg://$gpath", $errno, $errstr);
var_dump(fwrite($gc, "udg hello"));
var_dump(stream_socket_recvfrom($g, 100, 0, $gpeer), $gpeer);
// pair
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
fwrite($pair[0], "pair line 1\npair line 2\n");
var_dump(fgets($pair[1]), stream_get_line($pair[1], 100, "\n"));
stream_socket_shutdown($pair[0], STREAM_SHUT_RDWR);
var_dump(fread($pair[1], 10), feof($pair[1]));
var_dump(@fwrite($pair[0], "x"));
$dp = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_DGRAM, 0);
fwrite($dp[0], "d1"); fwrite($dp[0], "d2");
var_dump(fread($dp[1], 100), fread($dp[1], 1));
stream_set_blocking($dp[1], false);
var_dump(stream_socket_recvfrom($dp[1], 1), fread($dp[1], 1));
