<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// A UDP request/response tool with retries and timeouts: a server that drops the first try of
// each request, a client that retries on stream_set_timeout / stream_select timeouts, plus udg.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n"; return true; });
$srv = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$seen = [];
function server_tick($srv, &$seen) {
    $r = [$srv]; $w = null; $e = null;
    while (stream_select($r, $w, $e, 0, 20000)) {
        $msg = stream_socket_recvfrom($srv, 1500, 0, $peer);
        [$id, $body] = explode(' ', $msg, 2) + [1 => ''];
        $seen[$id] = ($seen[$id] ?? 0) + 1;
        if ($seen[$id] === 1) { echo "server: dropping first try of $id\n"; }
        else { stream_socket_sendto($srv, "$id " . strtoupper($body), 0, $peer); echo "server: answered $id (try {$seen[$id]})\n"; }
        $r = [$srv];
    }
}
$c = stream_socket_client('udp://' . stream_socket_get_name($srv, false), $errno, $errstr);
stream_set_timeout($c, 0, 100000);
foreach (['q1 hello', 'q2 world', 'q3 ' . str_repeat('x', 1000)] as $req) {
    [$id] = explode(' ', $req);
    for ($try = 1; $try <= 3; $try++) {
        fwrite($c, $req);
        server_tick($srv, $seen);
        $resp = fread($c, 2000);
        $md = stream_get_meta_data($c);
        if ($resp !== false && $resp !== '') { echo "client: $id try $try got ", strlen($resp), " bytes: ", substr($resp, 0, 20), "\n"; break; }
        echo "client: $id try $try timed out: ", var_export($md['timed_out'], true), " resp=", var_export($resp, true), "\n";
    }
}
// a datagram larger than the read size is cut
stream_socket_sendto($srv, str_repeat('L', 3000), 0, stream_socket_get_name($c, false));
var_dump(strlen(fread($c, 100)));
var_dump(fread($c, 100));
// recvfrom with a short buffer on a datagram
fwrite($c, "abcdefgh");
usleep(50000);
var_dump(stream_socket_recvfrom($srv, 3, 0, $peer));
stream_set_blocking($srv, false);
var_dump(stream_socket_recvfrom($srv, 3, 0, $peer));
// fgets on a udp stream
stream_socket_sendto($srv, "line1\nline2\n", 0, stream_socket_get_name($c, false));
usleep(50000);
var_dump(fgets($c), fgets($c), fgets($c));
// ICMP unreachable: a connected UDP client to a closed port
$tmp = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$dead = stream_socket_get_name($tmp, false);
fclose($tmp);
$d = stream_socket_client("udp://$dead", $errno, $errstr);
stream_set_timeout($d, 0, 200000);
var_dump(fwrite($d, "anyone?"));
usleep(50000);
var_dump(fread($d, 100));
$md = stream_get_meta_data($d);
var_dump($md['timed_out'], $md['eof']);
var_dump(fwrite($d, "again"));
usleep(50000);
var_dump(fwrite($d, "again"));
var_dump(feof($d));
// udg request / reply: a bound client, the server answers the name it reports
$gs = stream_socket_server("udg://$dir/srv.sock", $errno, $errstr, STREAM_SERVER_BIND);
$gc = stream_socket_client("udg://$dir/srv.sock", $errno, $errstr, 1);
stream_set_timeout($gs, 1); stream_set_timeout($gc, 0, 200000);
var_dump(fwrite($gc, "ping over udg"));
$r = [$gs]; $w = null; $e = null;
if (stream_select($r, $w, $e, 1)) {
    $msg = stream_socket_recvfrom($gs, 100, 0, $from);
    echo $msg, " from ", var_export(str_replace($dir, 'DIR', $from), true), "\n";
}
var_dump(stream_socket_sendto($gs, "pong", 0, "$dir/srv.sock"));
