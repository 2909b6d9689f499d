<?php
// recvmsg with control messages PHP cannot convert (IPv4 IP_PKTINFO, SO_TIMESTAMP): PHP warns,
// sets the message to false and still returns the count; the next message converts again.
$a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP); socket_bind($a, '127.0.0.1', 0);
$b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP); socket_bind($b, '127.0.0.1', 0);
socket_getsockname($b, $_, $port);
foreach ([[IPPROTO_IP, 8 /* IP_PKTINFO */], [SOL_SOCKET, 29 /* SO_TIMESTAMP */]] as [$level, $opt]) {
    var_dump(socket_set_option($b, $level, $opt, 1));
    socket_sendto($a, 'hi', 2, 0, '127.0.0.1', $port);
    $m = ['buffer_size' => 10, 'controllen' => 64];
    var_dump(socket_recvmsg($b, $m, 0), $m);
    var_dump(socket_set_option($b, $level, $opt, 0));
    socket_sendto($a, 'ok', 2, 0, '127.0.0.1', $port);
    $m = ['buffer_size' => 10, 'controllen' => 64];
    var_dump(socket_recvmsg($b, $m, 0), $m['iov'], $m['control']);
}
var_dump(socket_last_error($b), socket_last_error());
