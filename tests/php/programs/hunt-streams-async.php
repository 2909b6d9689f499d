<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// Async connect + select for write, accept timeouts, context socket options, select keys.
$dir = $argv[1];
set_error_handler(function ($no, $str) {
    echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n";
    return true;
});
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$name = stream_socket_get_name($srv, false);
$errno = $errstr = 'unset';
$c = stream_socket_client("tcp://$name", $errno, $errstr, 1, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT);
var_dump(is_resource($c), $errno, $errstr);
$m = stream_get_meta_data($c);
var_dump($m['blocked']);
$r = null; $w = ['conn' => $c]; $e = null;
var_dump(stream_select($r, $w, $e, 1), array_keys($w));
var_dump(stream_socket_get_name($c, true) === $name);
var_dump(fwrite($c, "async hello"));
$s = stream_socket_accept($srv, 1);
var_dump(fread($s, 100));
// async connect to a refused port
$tmp = stream_socket_server('tcp://127.0.0.1:0');
$dead = stream_socket_get_name($tmp, false);
fclose($tmp);
$errno = $errstr = 'unset';
$c2 = stream_socket_client("tcp://$dead", $errno, $errstr, 1, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT);
var_dump(is_resource($c2), $errno, $errstr);
if ($c2) {
    $r = ['x' => $c2]; $w = ['y' => $c2]; $e = ['z' => $c2];
    var_dump(stream_select($r, $w, $e, 1), array_keys($r), array_keys($w), array_keys($e));
    var_dump(stream_socket_get_name($c2, true));
    var_dump(fwrite($c2, "x"));
    var_dump(fread($c2, 10), feof($c2));
}
// async to unix
$us = stream_socket_server("unix://$dir/a.sock");
$errno = $errstr = 'unset';
$c3 = stream_socket_client("unix://$dir/a.sock", $errno, $errstr, 1, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT);
var_dump(is_resource($c3), $errno, $errstr, stream_get_meta_data($c3)['blocked']);
$r = null; $w = [$c3]; $e = null;
var_dump(stream_select($r, $w, $e, 1));
// accept with timeouts
$t0 = microtime(true);
$x = stream_socket_accept($srv, 0);
var_dump($x);
$x = stream_socket_accept($srv, 0.2, $peer);
var_dump($x, $peer);
var_dump(microtime(true) - $t0 >= 0.15);
stream_set_blocking($srv, false);
$x = stream_socket_accept($srv, 0);
var_dump($x);
$x = stream_socket_accept($srv, 0.1);   // non-blocking listener
var_dump($x);
stream_set_blocking($srv, true);
$x = stream_socket_accept($us, 0.1);
var_dump(is_resource($x));
// select with mixed keys, duplicates, and a pending client
$c4 = stream_socket_client("tcp://$name", $errno, $errstr, 1);
$s4 = stream_socket_accept($srv, 1);
fwrite($c4, "ping");
usleep(50000);
$r = ['srv' => $srv, 7 => $s4, 'c' => $c4, 'again' => $s4]; $w = ['w1' => $c4, 3 => $s4]; $e = [9 => $s4];
var_dump(stream_select($r, $w, $e, 0, 200000), $r === null ? null : array_keys($r), array_keys($w), array_keys($e));
// a listener with a pending connection is readable
$c5 = stream_socket_client("tcp://$name", $errno, $errstr, 1);
usleep(50000);
$r = ['l' => $srv]; $w = []; $e = null;
var_dump(stream_select($r, $w, $e, 0), array_keys($r), $w);
$s5 = stream_socket_accept($srv, 1);
$r = []; $w = []; $e = [];
try { var_dump(stream_select($r, $w, $e, 0)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
$r = [$srv]; $w = null; $e = null;
try { var_dump(stream_select($r, $w, $e, -1)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
try { var_dump(stream_select($r, $w, $e, null, 5)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
$r = [$srv, 'str']; $w = null; $e = null;
try { var_dump(stream_select($r, $w, $e, 0)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
$f = fopen("$dir/file.txt", 'w+');
$r = ['file' => $f, 'sock' => $s4]; $w = ['file' => $f]; $e = null;
var_dump(stream_select($r, $w, $e, 0), array_keys($r), array_keys($w));
$mem = fopen('php://memory', 'r+');
$r = ['mem' => $mem, 'sock' => $c4]; $w = null; $e = null;
try { var_dump(stream_select($r, $w, $e, 0), array_keys($r)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
fclose($s4);
$r = ['mem' => $c4]; $w = null; $e = null;
try { var_dump(stream_select($r, $w, $e, 0)); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
// buffered data shortcut
$c6 = stream_socket_client("tcp://$name", $errno, $errstr, 1);
$s6 = stream_socket_accept($srv, 1);
fwrite($c6, "line1\nline2\n");
usleep(50000);
echo fgets($s6);
$r = [$s6, $c6]; $w = [$c6]; $e = null;
var_dump(stream_select($r, $w, $e, 0), count($r), count($w));
// context options
$ctx = stream_context_create(['socket' => ['backlog' => 1, 'so_reuseport' => true, 'ipv6_v6only' => true, 'tcp_nodelay' => true]]);
$s7 = stream_socket_server('tcp://[::1]:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(is_resource($s7));
$n7 = stream_socket_get_name($s7, false);
$p7 = (int)substr($n7, strrpos($n7, ':') + 1);
$errno = $errstr = 'unset';
$x = @stream_socket_client("tcp://127.0.0.1:$p7", $errno, $errstr, 1);
var_dump($x === false, $errno, $errstr);
$s8 = stream_socket_server("tcp://[::1]:$p7", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
var_dump(is_resource($s8));
$sock = socket_import_stream($s7);
var_dump(socket_get_option($sock, SOL_SOCKET, SO_REUSEPORT), socket_get_option($sock, IPPROTO_IPV6, IPV6_V6ONLY), socket_get_option($sock, SOL_SOCKET, SO_REUSEADDR));
$ctx2 = stream_context_create(['socket' => ['bindto' => '127.0.0.1:0', 'tcp_nodelay' => true]]);
$c9 = stream_socket_client("tcp://$name", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx2);
$sk = socket_import_stream($c9);
var_dump(socket_get_option($sk, SOL_TCP, TCP_NODELAY));
$s9 = stream_socket_accept($srv, 1);
var_dump(socket_get_option(socket_import_stream($s9), SOL_TCP, TCP_NODELAY));
$ctx3 = stream_context_create(['socket' => ['bindto' => '[::1]:0']]);
$errno = $errstr = 'unset';
$x = stream_socket_client("tcp://$name", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx3);
var_dump($x === false, $errno, $errstr);
$ctx4 = stream_context_create(['socket' => ['bindto' => 'garbage:0']]);
$x = stream_socket_client("tcp://$name", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx4);
var_dump($x === false, $errno, $errstr);
$ctx5 = stream_context_create(['socket' => ['bindto' => 5]]);
$x = stream_socket_client("tcp://$name", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx5);
var_dump($x === false, $errno, $errstr);
$ctx6 = stream_context_create(['socket' => ['bindto' => 'nocolon']]);
$x = stream_socket_client("tcp://$name", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx6);
var_dump($x === false, $errno, $errstr);
$ctx7 = stream_context_create(['socket' => ['bindto' => $name]]);
$x = stream_socket_client("tcp://$name", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx7);
var_dump($x === false, $errno, preg_replace('/:\d+/', ':PORT', $errstr));
