<?php
// pfsockopen(): a persistent stream that a second pfsockopen() of the same target returns
// (php-src's bug54623 and gh14780), closed for both by fclose(), and replaced when its peer
// has gone (xp_socket.c's liveness check); tcp, udp and unix.
$dir = $argv[1];
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$port = (int)substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
$a = pfsockopen('127.0.0.1', $port);
$b = pfsockopen('127.0.0.1', $port);
echo get_resource_type($a), ', same: ', json_encode((int)$a === (int)$b), "\n";
$peer = stream_socket_accept($srv, 5);
fwrite($a, "x");
echo 'peer read: ', fread($peer, 10), "\n";
$other = pfsockopen('tcp://127.0.0.1', $port);
echo 'tcp:// prefix, same: ', json_encode((int)$other === (int)$a), "\n";
fclose($b);
try {
    fwrite($a, 'y');
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
// The server side closes: a new pfsockopen() finds the old stream dead and connects again.
$c = pfsockopen('127.0.0.1', $port);
$peer2 = stream_socket_accept($srv, 5);
fclose($peer2);
usleep(100000);
$d = pfsockopen('127.0.0.1', $port);
echo 'after the peer closed, a new one: ', json_encode((int)$c !== (int)$d), ' ', get_resource_type($d), "\n";
$peer3 = stream_socket_accept($srv, 5);
fwrite($d, "z");
echo 'new peer read: ', fread($peer3, 10), "\n";
// fsockopen() is never persistent, and does not reuse a persistent one.
$e = fsockopen('127.0.0.1', $port);
echo 'fsockopen: ', get_resource_type($e), ', same as persistent: ', json_encode((int)$e === (int)$d), "\n";

$u = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
$uport = (int)substr(strrchr(stream_socket_get_name($u, false), ':'), 1);
$u1 = pfsockopen("udp://127.0.0.1", $uport);
$u2 = pfsockopen("udp://127.0.0.1", $uport);
fwrite($u1, 'dgram');
echo 'udp: ', get_resource_type($u1), ', same: ', json_encode((int)$u1 === (int)$u2), ', got: ', fread($u, 10), "\n";

$path = "$dir/p.sock";
$us = stream_socket_server("unix://$path", $errno, $errstr);
$x1 = pfsockopen("unix://$path", -1);
$x2 = pfsockopen("unix://$path", -1);
echo 'unix: ', get_resource_type($x1), ', same: ', json_encode((int)$x1 === (int)$x2), "\n";
$xp = stream_socket_accept($us, 5);
fwrite($x2, 'local');
echo 'unix peer read: ', fread($xp, 10), "\n";
