<?php
// Stream contexts' socket options, socket_import_stream / socket_export_stream, an async
// connect, a 3 MiB non-blocking transfer through a pair, recv flags, a closed socket.
$ctx = stream_context_create(['socket' => ['backlog' => 3, 'so_reuseport' => true, 'so_reuseaddr' => true]]);
$srv = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$name = stream_socket_get_name($srv, false);
$port = (int)substr($name, strrpos($name, ':') + 1);
$ss = socket_import_stream($srv);
var_dump($ss instanceof Socket, socket_get_option($ss, SOL_SOCKET, SO_REUSEPORT));
$cctx = stream_context_create(['socket' => ['bindto' => '127.0.0.1:0', 'tcp_nodelay' => true]]);
$c = stream_socket_client("tcp://127.0.0.1:$port", $en, $es, 2, STREAM_CLIENT_CONNECT, $cctx);
$cs = socket_import_stream($c);
var_dump(socket_get_option($cs, SOL_TCP, TCP_NODELAY) > 0);
$a = socket_accept($ss);
$as = socket_export_stream($a);
fwrite($c, "via stream\n");
echo fgets($as);
socket_write($cs, "via socket\n");
echo fgets($as);
socket_getsockname($cs, $ip, $p); socket_getpeername($a, $ip2, $p2);
var_dump($p === $p2);
// async connect
$c2 = stream_socket_client("tcp://127.0.0.1:$port", $en, $es, 2, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
$r = null; $w = [$c2]; $e = null;
var_dump(stream_select($r, $w, $e, 1));
fwrite($c2, "async\n");
$a2 = stream_socket_accept($srv);
echo fgets($a2);
// big transfer through a pair, non-blocking writer
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
[$x, $y] = $pair;
socket_set_nonblock($x);
$data = random_bytes(3 << 20);
$sent = 0; $got = ''; $partial = false;
while ($sent < strlen($data) || strlen($got) < strlen($data)) {
    if ($sent < strlen($data)) {
        $n = @socket_write($x, substr($data, $sent, 1 << 20));
        if ($n === false) { if (socket_last_error($x) != SOCKET_EAGAIN) die("write error\n"); socket_clear_error($x); }
        else { if ($n < min(1 << 20, strlen($data) - $sent)) $partial = true; $sent += $n; }
    }
    $r = [$y]; $w = $e = null;
    if (socket_select($r, $w, $e, 0, 10000)) $got .= socket_read($y, 1 << 16);
}
var_dump($partial, $got === $data);
// socket_recv with MSG_WAITALL, socket_send
socket_send($x, "abcdefgh", 8, 0);
var_dump(socket_recv($y, $buf, 8, MSG_WAITALL), $buf);
var_dump(socket_recv($y, $buf, 8, MSG_DONTWAIT), $buf, socket_last_error($y));
socket_close($x);
var_dump(socket_recv($y, $buf, 8, 0), $buf);
var_dump(socket_read($y, 10));
try { socket_read($x, 10); } catch (Error $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
