<?php
// JSON over a unix:// stream server in directory argv[1], AF_UNIX datagrams, missing peers.
$dir = $argv[1];
$path = "$dir/ipc.sock";
@unlink($path);
$srv = stream_socket_server("unix://$path", $errno, $errstr);
// (filetype() says 'unknown' under sockbox: docs/php-differences.md)
var_dump($srv !== false, file_exists($path), is_file($path), is_dir($path));
$c = stream_socket_client("unix://$path", $errno, $errstr, 1);
$s = stream_socket_accept($srv);
fwrite($c, json_encode(['cmd' => 'ping', 'n' => 1]) . "\n");
$req = json_decode(fgets($s), true);
print_r($req);
fwrite($s, json_encode(['ok' => true]) . "\n");
echo fgets($c);
var_dump(stream_socket_get_name($srv, false) === $path, stream_socket_get_name($s, false) === $path);
var_dump(stream_socket_get_name($c, false), stream_socket_get_name($c, true) === $path);
fclose($c); fclose($s); fclose($srv);
var_dump(file_exists($path));
unlink($path);
// dgram via ext/sockets
$a = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($a, "$dir/a.sock");
$b = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($b, "$dir/b.sock");
socket_sendto($b, "to a", 4, 0, "$dir/a.sock");
socket_recvfrom($a, $buf, 100, 0, $from);
var_dump($buf, $from === "$dir/b.sock");
$r = @socket_sendto($b, "x", 1, 0, "$dir/none.sock");
var_dump($r, socket_last_error($b), socket_strerror(socket_last_error($b)));
$x = @stream_socket_client("unix://$dir/none.sock", $errno, $errstr);
var_dump($x, $errno, $errstr);
$l = scandir($dir); sort($l); print_r($l);
