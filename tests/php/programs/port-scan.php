<?php
// A non-blocking port scanner: connect to several loopback ports, wait with socket_select,
// read SO_ERROR.
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1');
socket_listen($l);
socket_getsockname($l, $a, $open);
$closed = [];
for ($i = 0; $i < 3; $i++) { $t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($t, '127.0.0.1'); socket_getsockname($t, $a, $p); $closed[] = $p; socket_close($t); }
$ports = array_merge([$open], $closed);
$socks = [];
foreach ($ports as $i => $p) {
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_set_nonblock($s);
    $r = @socket_connect($s, '127.0.0.1', $p);
    $e = socket_last_error($s);
    echo "port#$i connect: ", var_export($r, true), " err ", $e == SOCKET_EINPROGRESS ? 'EINPROGRESS' : $e, "\n";
    socket_clear_error($s);
    $socks[$i] = $s;
}
$pending = $socks;
$deadline = microtime(true) + 3;
while ($pending && microtime(true) < $deadline) {
    $w = $pending; $r = null; $e = null;
    $n = socket_select($r, $w, $e, 1);
    foreach ($w as $i => $s) {
        $err = socket_get_option($s, SOL_SOCKET, SO_ERROR);
        echo "port#$i: ", $err === 0 ? "open" : "closed (" . socket_strerror($err) . ")", "\n";
        unset($pending[$i]);
    }
}
ksort($socks);
foreach ($socks as $i => $s) {
    $ok = @socket_getpeername($s, $pa, $pp);
    echo "port#$i peer: ", $ok ? "yes" : "no: " . socket_strerror(socket_last_error($s)), "\n";
    $w = @socket_write($s, "x");
    echo "port#$i write: ", var_export($w, true), " ", socket_last_error($s), "\n";
}
