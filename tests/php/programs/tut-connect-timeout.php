<?php
// Connect with a timeout to a listener whose backlog is full (the classic "connect_timeout()" helper).
function connect_timeout($host, $port, $timeout) {
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_set_nonblock($s);
    $t0 = microtime(true);
    @socket_connect($s, $host, $port);
    $e = socket_last_error($s);
    if ($e != 0 && $e != SOCKET_EINPROGRESS && $e != SOCKET_EALREADY) {
        return [false, "error $e " . socket_strerror($e)];
    }
    while (true) {
        $r = null; $w = [$s]; $x = null;
        $left = $timeout - (microtime(true) - $t0);
        if ($left <= 0) { socket_close($s); return [false, "timeout"]; }
        $n = socket_select($r, $w, $x, (int)$left, (int)(($left - (int)$left) * 1e6));
        if ($n > 0) {
            $err = socket_get_option($s, SOL_SOCKET, SO_ERROR);
            if ($err) return [false, "SO_ERROR $err"];
            socket_set_block($s);
            return [$s, "connected"];
        }
        if ($n === 0) { socket_close($s); return [false, "timeout"]; }
    }
}
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($l, '127.0.0.1', 0);
socket_listen($l, 0);
socket_getsockname($l, $a, $port);
$keep = [];
$results = [];
for ($i = 0; $i < 6; $i++) {
    [$s, $msg] = connect_timeout('127.0.0.1', $port, 0.3);
    $results[] = $msg;
    if ($s) $keep[] = $s;
    if ($msg === 'timeout') break;
}
echo implode("\n", array_unique($results)), "\n";
echo "connected some: ", count($keep) > 0 ? "yes" : "no", "\n";

// blocking connect bounded by SO_SNDTIMEO
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 300000]);
$r = socket_connect($s, '127.0.0.1', $port);
$e = socket_last_error($s);
echo "blocking: ", var_export($r, true), " $e ", socket_strerror($e), "\n";
$r = @socket_connect($s, '127.0.0.1', $port);
$e = socket_last_error($s);
echo "again: ", var_export($r, true), " $e ", socket_strerror($e), "\n";
var_dump(socket_get_option($s, SOL_SOCKET, SO_ERROR));
// drain the queue: accept everything, the pending one goes through
socket_set_nonblock($l);
$acc = 0;
for ($i = 0; $i < 20; $i++) { if (@socket_accept($l)) $acc++; else usleep(20000); }
echo "accepted any: ", $acc > 0 ? "yes" : "no", "\n";
$w = [$s]; $r = $x = null;
var_dump(socket_select($r, $w, $x, 1));
var_dump(socket_get_option($s, SOL_SOCKET, SO_ERROR));
var_dump(socket_getpeername($s, $pa), $pa);
