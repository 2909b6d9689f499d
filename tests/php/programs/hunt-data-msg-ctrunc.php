<?php
// recvmsg whose control buffer cuts a control message after its header (16 <= controllen < CMSG_LEN).
function show(string $label, $r, $m) {
    echo "$label: ", var_export($r, true), ' ';
    if (!is_array($m)) { echo var_export($m, true), "\n"; return; }
    $c = [];
    foreach ($m['control'] as $e) $c[] = "{$e['level']}/{$e['type']}" . (is_array($e['data']) ? '[' . count($e['data']) . ']' : '=' . $e['data']);
    echo 'iov ', json_encode($m['iov']), ' flags ', $m['flags'], ' control ', implode(',', $c), "\n";
}
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p); [$a, $b] = $p;
socket_set_option($b, SOL_SOCKET, SO_PASSCRED, 1);
foreach ([8, 16, 20, 24, 27, 28, 32] as $len) {
    socket_write($a, "c$len");
    $m = ['buffer_size' => 10, 'controllen' => $len];
    $r = socket_recvmsg($b, $m, 0);
    show("creds controllen $len", $r, $m);
}
// at the end of a stream with SO_PASSCRED
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$x, $y] = $p;
socket_set_option($y, SOL_SOCKET, SO_PASSCRED, 1);
socket_close($x);
foreach ([16, 32] as $len) {
    $m = ['buffer_size' => 10, 'controllen' => $len];
    $r = socket_recvmsg($y, $m, 0);
    show("stream eof controllen $len", $r, $m);
}
// IPv6: pktinfo and hoplimit, room for the first only
$a6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP); socket_bind($a6, '::1', 0);
$b6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP); socket_bind($b6, '::1', 0); socket_getsockname($b6, $_, $pb6);
socket_set_option($b6, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
socket_set_option($b6, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
foreach ([20, 40, 50, 64] as $len) {
    socket_sendto($a6, 'v6', 2, 0, '::1', $pb6);
    $m = ['buffer_size' => 10, 'controllen' => $len];
    $r = socket_recvmsg($b6, $m, 0);
    show("v6 controllen $len", $r, $m);
}
