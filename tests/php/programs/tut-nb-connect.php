<?php
// Non-blocking connect + socket_select for write + SO_ERROR; to a listener, to a closed port.
function nb_connect($host, $port, $timeout_us, $label) {
    $s = socket_create(strpos($host, ':') !== false ? AF_INET6 : AF_INET, SOCK_STREAM, SOL_TCP);
    socket_set_nonblock($s);
    $r = @socket_connect($s, $host, $port);
    $e = socket_last_error($s);
    echo "$label: connect ", var_export($r, true), " errno $e (", socket_strerror($e), ")\n";
    if ($r === false && $e != SOCKET_EINPROGRESS) { socket_close($s); return null; }
    $w = [$s]; $rd = [$s]; $ex = [$s];
    $n = socket_select($rd, $w, $ex, 0, $timeout_us);
    echo "$label: select $n r", count($rd), " w", count($w), " e", count($ex), "\n";
    if ($n === 0) { echo "$label: timed out\n"; socket_close($s); return null; }
    $so = socket_get_option($s, SOL_SOCKET, SO_ERROR);
    echo "$label: SO_ERROR $so (", socket_strerror($so), ")\n";
    $so2 = socket_get_option($s, SOL_SOCKET, SO_ERROR);
    echo "$label: SO_ERROR again $so2\n";
    if ($so) { 
        $x = @socket_write($s, "x");
        echo "$label: write after error ", var_export($x, true), " ", socket_last_error($s), "\n";
        socket_close($s); return null; }
    socket_set_block($s);
    echo "$label: peer ", socket_getpeername($s, $a) ? $a : 'none', "\n";
    return $s;
}
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0);
socket_listen($l, 5);
socket_getsockname($l, $a, $port);
$c = nb_connect('127.0.0.1', $port, 500000, 'listener');
$acc = socket_accept($l);
socket_write($c, "ping");
echo "server read ", socket_read($acc, 10), "\n";

// closed port: bind a socket and close it to find one
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($t, '127.0.0.1', 0); socket_getsockname($t, $a, $closed); socket_close($t);
nb_connect('127.0.0.1', $closed, 500000, 'closed');

$l6 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
socket_bind($l6, '::1', 0); socket_listen($l6); socket_getsockname($l6, $a6, $p6);
$c6 = nb_connect('::1', $p6, 500000, 'v6');
socket_close($l6);
$t = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
socket_bind($t, '::1', 0); socket_getsockname($t, $a, $closed6); socket_close($t);
nb_connect('::1', $closed6, 500000, 'v6 closed');

// blocking connect to the closed port, with warning
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($s, '127.0.0.1', $closed));
echo socket_last_error($s), " ", socket_strerror(socket_last_error($s)), "\n";
var_dump(socket_connect($s, '127.0.0.1', $closed));
echo socket_last_error($s), "\n";
var_dump(socket_connect($s, '127.0.0.1', $port));
echo socket_last_error($s), "\n";

// connect twice on non-blocking
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_nonblock($s);
var_dump(@socket_connect($s, '127.0.0.1', $port)); echo socket_last_error($s), "\n";
var_dump(@socket_connect($s, '127.0.0.1', $port)); echo socket_last_error($s), "\n";
usleep(50000);
var_dump(@socket_connect($s, '127.0.0.1', $port)); echo socket_last_error($s), "\n";
var_dump(@socket_connect($s, '127.0.0.1', $port)); echo socket_last_error($s), "\n";
