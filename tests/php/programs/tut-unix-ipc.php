<?php
// AF_UNIX stream and datagram IPC, datagram clients with bound paths (tutorial style).
$dir = $argv[1];
$spath = "$dir/server.sock";
@unlink($spath);
$srv = socket_create(AF_UNIX, SOCK_STREAM, 0);
if (!socket_bind($srv, $spath)) die("bind failed\n");
var_dump(file_exists($spath));
socket_listen($srv, 5);
var_dump(socket_getsockname($srv, $name));
echo "name ok: ", $name === $spath ? "yes" : "no", "\n";
$c = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_connect($c, $spath));
$a = socket_accept($srv);
var_dump(socket_getpeername($c, $pn), $pn === $spath);
var_dump(socket_getsockname($c, $cn), $cn);
var_dump(socket_getpeername($a, $apn), $apn);
socket_write($c, "request\n");
echo "server got ", json_encode(socket_read($a, 100, PHP_NORMAL_READ)), "\n";
socket_write($a, "response\n");
echo "client got ", json_encode(socket_read($c, 100)), "\n";
socket_close($a); socket_close($c); socket_close($srv);
var_dump(file_exists($spath));
// rebind without unlink: EADDRINUSE
$srv = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(@socket_bind($srv, $spath));
echo socket_last_error($srv), " ", socket_strerror(socket_last_error($srv)), "\n";
unlink($spath);
var_dump(socket_bind($srv, $spath));
socket_close($srv);
// connect to a stale socket file: ECONNREFUSED
$c = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(@socket_connect($c, $spath));
echo socket_last_error($c), " ", socket_strerror(socket_last_error($c)), "\n";
unlink($spath);
var_dump(@socket_connect($c, $spath));
echo socket_last_error($c), " ", socket_strerror(socket_last_error($c)), "\n";
var_dump(@socket_connect($c, "$dir/nodir/x.sock"));
echo socket_last_error($c), " ", socket_strerror(socket_last_error($c)), "\n";

// datagrams
$dpath = "$dir/dgram-server.sock";
$cpath = "$dir/dgram-client.sock";
$ds = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($ds, $dpath);
$dc = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($dc, $cpath);
socket_set_option($ds, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
socket_set_option($dc, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
var_dump(socket_sendto($dc, "ping 1", 6, 0, $dpath));
$n = socket_recvfrom($ds, $buf, 64, 0, $from);
echo "server: $n ", json_encode($buf), " from ", $from === $cpath ? "client path" : json_encode($from), "\n";
var_dump(socket_sendto($ds, "pong 1", 6, 0, $from));
$n = socket_recvfrom($dc, $buf, 64, 0, $from2);
echo "client: $n ", json_encode($buf), " from ", $from2 === $dpath ? "server path" : json_encode($from2), "\n";
// unbound client: server sees an empty sender and cannot reply
$anon = socket_create(AF_UNIX, SOCK_DGRAM, 0);
var_dump(socket_sendto($anon, "anon", 4, 0, $dpath));
$n = socket_recvfrom($ds, $buf, 64, 0, $from3);
echo "server: $n ", json_encode($buf), " from ", json_encode($from3), "\n";
var_dump(@socket_sendto($ds, "reply", 5, 0, $from3));
echo socket_last_error($ds), " ", socket_strerror(socket_last_error($ds)), "\n";
// send to a path with nobody
var_dump(@socket_sendto($dc, "x", 1, 0, "$dir/nobody.sock"));
echo socket_last_error($dc), " ", socket_strerror(socket_last_error($dc)), "\n";
// connected datagram socket
var_dump(socket_connect($dc, $dpath));
var_dump(socket_send($dc, "via send", 8, 0));
var_dump(socket_write($dc, "via write"));
var_dump(socket_recvfrom($ds, $b, 64, 0, $f), $b, socket_recvfrom($ds, $b, 64, 0, $f), $b);
// datagram larger than buffer is truncated
socket_send($dc, str_repeat("z", 100), 100, 0);
var_dump(socket_recv($ds, $b, 10, 0), $b);
var_dump(socket_recv($ds, $b, 10, MSG_DONTWAIT), $b);
echo socket_last_error($ds), "\n";
// timeout on receive
var_dump(socket_recvfrom($dc, $b, 64, 0, $f));
echo socket_last_error($dc), " ", socket_strerror(socket_last_error($dc)), "\n";
socket_close($ds);
var_dump(@socket_send($dc, "after close", 11, 0));
echo socket_last_error($dc), " ", socket_strerror(socket_last_error($dc)), "\n";
