<?php
// PHP_NORMAL_READ boundaries: the terminator at the length limit, \r\n pairs, length 1.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$w, $r] = $p;
$cases = [
    ["abc\n", [4, 10]],
    ["abc\n", [3, 10]],
    ["abcd\n", [3, 3, 3]],
    ["\n\n\n", [1, 1, 1]],
    ["\r\n\r\n", [1, 1, 1, 1]],
    ["\r\n", [5, 5]],
    ["a\rb\nc\r\n", [10, 10, 10, 10]],
    ["x\0y\n", [10]],
    ["12345678", [8]],
    ["1234567890\n", [9, 9]],
    ["\n", [2]],
];
foreach ($cases as [$data, $lens]) {
    socket_write($w, $data);
    $out = [];
    foreach ($lens as $len) {
        $rr = [$r]; $ww = $ee = null;
        if (!socket_select($rr, $ww, $ee, 0, 50000)) { $out[] = "(nothing)"; continue; }
        $out[] = json_encode(socket_read($r, $len, PHP_NORMAL_READ));
    }
    // drain anything left, non-blocking binary
    socket_set_nonblock($r);
    $left = @socket_read($r, 100);
    socket_set_block($r);
    echo json_encode($data), " ", implode(" ", $out), " left ", json_encode($left), "\n";
}
// binary reads and MSG flags on the pair
socket_write($w, "hello world");
var_dump(socket_read($r, 5, PHP_BINARY_READ));
var_dump(socket_recv($r, $buf, 3, MSG_PEEK), $buf);
var_dump(socket_recv($r, $buf, 100, MSG_DONTWAIT), $buf);
var_dump(socket_recv($r, $buf, 100, MSG_DONTWAIT), $buf, socket_last_error($r));
// datagram pair with NORMAL_READ
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $d);
socket_write($d[0], "first\nsecond\n");
socket_write($d[0], "third\n");
socket_write($d[0], "abc");
socket_write($d[0], "\n");
var_dump(socket_read($d[1], 100, PHP_NORMAL_READ));
