<?php
// Socket context options tutorials use: bindto, backlog, so_reuseport, tcp_nodelay, ipv6_v6only.
$ctx = stream_context_create(['socket' => ['backlog' => 1, 'so_reuseport' => true]]);
$server = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$addr = stream_socket_get_name($server, false);
$port = explode(':', $addr)[1];
$ss = socket_import_stream($server);
var_dump(socket_get_option($ss, SOL_SOCKET, SO_REUSEPORT));
var_dump(socket_get_option($ss, SOL_SOCKET, SO_REUSEADDR));
// second server on same port with so_reuseport
$server3 = @stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
var_dump($server3, $errno, $errstr);
// client bindto
$cctx = stream_context_create(['socket' => ['bindto' => '127.0.0.9:0', 'tcp_nodelay' => true]]);
$c = stream_socket_client("tcp://$addr", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $cctx);
var_dump(explode(':', stream_socket_get_name($c, false))[0]);
$cs = socket_import_stream($c);
var_dump(socket_get_option($cs, SOL_TCP, TCP_NODELAY));
$a = stream_socket_accept($server);
var_dump(explode(':', stream_socket_get_name($a, true))[0]);
// bindto a specific port that is in use
$cctx2 = stream_context_create(['socket' => ['bindto' => "127.0.0.1:$port"]]);
$c2 = @stream_socket_client("tcp://$addr", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $cctx2);
var_dump($c2, $errno, $errstr);
// bindto bad
$cctx3 = stream_context_create(['socket' => ['bindto' => "nonsense"]]);
$c3 = @stream_socket_client("tcp://$addr", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $cctx3);
var_dump(is_resource($c3), $errno, $errstr);
// ipv6
$s6 = stream_socket_server("tcp://[::1]:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['socket' => ['ipv6_v6only' => true]]));
$n6 = stream_socket_get_name($s6, false);
var_dump(preg_replace('/:\d+$/', ':PORT', $n6));
$c6 = stream_socket_client("tcp://$n6");
$a6 = stream_socket_accept($s6);
var_dump(preg_replace('/:\d+$/', ':PORT', stream_socket_get_name($a6, true)));
// udp server with only BIND, then receive
$u = stream_socket_server("udp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
$un = stream_socket_get_name($u, false);
$uc = stream_socket_client("udp://$un");
fwrite($uc, "hi");
var_dump(fread($u, 10));
// tcp server without LISTEN flag
$nl = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
var_dump(is_resource($nl));
$nn = stream_socket_get_name($nl, false);
$cx = @stream_socket_client("tcp://$nn", $errno, $errstr, 1);
var_dump($cx, $errno, $errstr);
// udp without BIND flag
$ub = @stream_socket_server("udp://127.0.0.1:0", $errno, $errstr);
var_dump($ub, $errno, $errstr);
