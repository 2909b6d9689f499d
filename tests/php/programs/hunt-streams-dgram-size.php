<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// Datagram sizes through stream writes: EMSGSIZE notices, big udg datagrams, chunked reads.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", $str, "\n"; return true; });
$u = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$c = stream_socket_client('udp://' . stream_socket_get_name($u, false), $errno, $errstr);
foreach ([9000, 65507, 65508, 70000, 2000000] as $n) {
    echo "udp fwrite $n: "; var_dump(fwrite($c, str_repeat('u', $n)));
}
stream_set_blocking($u, false);
$sizes = [];
while (($d = stream_socket_recvfrom($u, 100000)) !== false && $d !== '') $sizes[] = strlen($d);
echo "udp received: ", implode(',', $sizes), "\n";
$g = stream_socket_server("udg://$dir/big.sock", $errno, $errstr, STREAM_SERVER_BIND);
$gc = stream_socket_client("udg://$dir/big.sock", $errno, $errstr);
foreach ([100000, 200000, 300000, 1100000] as $n) {
    echo "udg fwrite $n: "; var_dump(fwrite($gc, str_repeat('g', $n)));
}
stream_set_blocking($g, false);
$sizes = [];
while (($d = stream_socket_recvfrom($g, 2000000)) !== false && $d !== '') $sizes[] = strlen($d);
echo "udg received: ", implode(',', $sizes), "\n";
echo "sendto 70000: "; var_dump(stream_socket_sendto($c, str_repeat('s', 70000)));
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_DGRAM, 0);
echo "pair dgram fwrite 300000: "; var_dump(fwrite($a, str_repeat('p', 300000)));
echo "pair dgram fwrite 1000: "; var_dump(fwrite($a, str_repeat('p', 1000)));
var_dump(strlen(fread($b, 100000)));
