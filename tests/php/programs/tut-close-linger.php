<?php
// shutdown/close ordering, SO_REUSEADDR rebinding after close, SO_LINGER 0 abort, reading until EOF.
function pair_tcp(&$l, &$port) {
    if (!$l) {
        $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
        socket_set_option($l, SOL_SOCKET, SO_REUSEADDR, 1);
        socket_bind($l, '127.0.0.1', 0); socket_listen($l, 5); socket_getsockname($l, $x, $port);
    }
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($c, '127.0.0.1', $port);
    $s = socket_accept($l);
    socket_set_option($c, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
    socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
    return [$c, $s];
}
$l = null;
// 1: half close, peer reads until EOF then replies
[$c, $s] = pair_tcp($l, $port);
socket_write($c, "request body");
socket_shutdown($c, 1);
$all = '';
while (($d = socket_read($s, 4)) !== '' && $d !== false) $all .= $d;
echo "server read ", json_encode($all), " then ", var_export($d, true), "\n";
socket_write($s, "reply");
socket_close($s);
var_dump(socket_read($c, 100), socket_read($c, 100));
var_dump(@socket_write($c, "more"));
echo socket_last_error($c), "\n";
socket_close($c);

// 2: shutdown read side then read
[$c, $s] = pair_tcp($l, $port);
var_dump(socket_shutdown($c, 0));
var_dump(socket_read($c, 10));
socket_write($s, "after shut rd");
usleep(20000);
var_dump(socket_recv($c, $b, 100, MSG_DONTWAIT), $b);
var_dump(socket_shutdown($c, 2), socket_shutdown($c, 2));
var_dump(@socket_write($c, "x"), socket_last_error($c));
socket_close($c); socket_close($s);

// 3: SO_LINGER 0: abortive close, peer sees ECONNRESET
[$c, $s] = pair_tcp($l, $port);
socket_write($s, "unread data");
var_dump(socket_set_option($c, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]));
var_dump(socket_get_option($c, SOL_SOCKET, SO_LINGER));
socket_close($c);
usleep(20000);
var_dump(@socket_read($s, 100));
echo socket_last_error($s), " ", socket_strerror(socket_last_error($s)), "\n";
var_dump(@socket_read($s, 100));
echo socket_last_error($s), "\n";
var_dump(@socket_write($s, "x"));
echo socket_last_error($s), "\n";
socket_close($s);

// 4: close with unread data sends RST too
[$c, $s] = pair_tcp($l, $port);
socket_write($c, "you will not read this");
usleep(20000);
socket_close($s);
usleep(20000);
var_dump(@socket_write($c, "x"));
usleep(20000);
var_dump(@socket_read($c, 100));
echo socket_last_error($c), " ", socket_strerror(socket_last_error($c)), "\n";
socket_close($c);

// 5: SO_REUSEADDR rebinding after close, with and without it
$a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($a, '127.0.0.1', 0); socket_listen($a); socket_getsockname($a, $x, $p2);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c, '127.0.0.1', $p2);
$s = socket_accept($a);
socket_close($s); // server closes first: TIME_WAIT on the server side
socket_close($c);
socket_close($a);
$b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$r = @socket_bind($b, '127.0.0.1', $p2);
echo "rebind without reuseaddr: ", var_export($r, true), " ", socket_last_error($b), "\n";
$b2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($b2, SOL_SOCKET, SO_REUSEADDR, 1);
$r = socket_bind($b2, '127.0.0.1', $p2);
echo "rebind with reuseaddr: ", var_export($r, true), "\n";
if ($r) var_dump(socket_listen($b2));
// two listeners with SO_REUSEADDR on the same port
$b3 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($b3, SOL_SOCKET, SO_REUSEADDR, 1);
var_dump(@socket_bind($b3, '127.0.0.1', $p2), socket_last_error($b3));
// SO_REUSEPORT
$r1 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
$r2 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_set_option($r1, SOL_SOCKET, SO_REUSEPORT, 1), socket_set_option($r2, SOL_SOCKET, SO_REUSEPORT, 1));
socket_bind($r1, '127.0.0.1', 0); socket_getsockname($r1, $x, $rp);
var_dump(socket_bind($r2, '127.0.0.1', $rp));
// 6: close of listener while a client waits in the queue
$q = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($q, '127.0.0.1', 0); socket_listen($q); socket_getsockname($q, $x, $qp);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c, '127.0.0.1', $qp);
socket_close($q);
usleep(20000);
socket_set_option($c, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
var_dump(@socket_read($c, 10));
echo socket_last_error($c), " ", socket_strerror(socket_last_error($c)), "\n";
