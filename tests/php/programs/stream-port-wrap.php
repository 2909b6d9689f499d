<?php
// A port above 65535 in a tcp:// or udp:// address: PHP's network code takes it as an unsigned
// short, so 65536 + P is port P (php-src's bug69521 listens on 127.0.0.1:74321).
$probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$p = (int)substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$srv = stream_socket_server('tcp://127.0.0.1:' . (65536 + $p), $errno, $errstr);
echo 'server: ', json_encode($srv !== false), ' ', $errstr, ', on P: ',
    json_encode(stream_socket_get_name($srv, false) === "127.0.0.1:$p"), "\n";
$c = stream_socket_client('tcp://127.0.0.1:' . (65536 + $p), $errno, $errstr, 5);
echo 'client: ', json_encode($c !== false), ', peer is P: ',
    json_encode(stream_socket_get_name($c, true) === "127.0.0.1:$p"), "\n";
$a = stream_socket_accept($srv, 5);
fwrite($c, 'wrapped');
echo fread($a, 10), "\n";
$f = fsockopen('127.0.0.1', 65536 + $p, $errno, $errstr, 5);
echo 'fsockopen: ', json_encode($f !== false), "\n";
$u = stream_socket_server('udp://127.0.0.1:' . (131072 + $p), $errno, $errstr, STREAM_SERVER_BIND);
echo 'udp on P: ', json_encode(stream_socket_get_name($u, false) === "127.0.0.1:$p"), "\n";
