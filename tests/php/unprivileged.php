<?php
// What an unprivileged process gets: run as nobody (setpriv) by tests/tests/attacks.rs, which
// asks a root-run sockbox guest the same and compares line by line.
$kind = function (string $label, int $domain, int $type, int $protocol) {
    $s = @socket_create($domain, $type, $protocol);
    echo "$label: ", $s === false ? socket_last_error() : 'ok', "\n";
};
$kind('packet', AF_INET, 10, 0);
$kind('packet all', AF_INET, 10, 0x0300);
$kind('raw icmp', AF_INET, SOCK_RAW, 1);
$kind('raw 0', AF_INET, SOCK_RAW, 0);
$kind('raw6 icmp', AF_INET6, SOCK_RAW, 58);
$kind('unix raw', AF_UNIX, SOCK_RAW, 0);
$kind('unix seqpacket', AF_UNIX, SOCK_SEQPACKET, 0);
$kind('inet seqpacket', AF_INET, SOCK_SEQPACKET, 0);
$kind('unix bad protocol', AF_UNIX, SOCK_STREAM, 7);
$s = socket_create(AF_INET, SOCK_STREAM, 0);
$options = [
    ['rcvbufforce', SOL_SOCKET, 33, 1 << 20],
    ['sndbufforce', SOL_SOCKET, 32, 1 << 20],
    ['priority 7', SOL_SOCKET, 12, 7],
    ['priority 6', SOL_SOCKET, 12, 6],
    ['priority -1', SOL_SOCKET, 12, -1],
    ['mark', SOL_SOCKET, 36, 1],
    ['busy poll 50', SOL_SOCKET, 46, 50],
    ['busy poll 0', SOL_SOCKET, 46, 0],
    ['debug', SOL_SOCKET, SO_DEBUG, 1],
    ['unknown', SOL_SOCKET, 9999, 0],
    ['ip transparent', 0, 19, 1],
    ['tcp repair', SOL_TCP, 19, 1],
    ['reuseaddr', SOL_SOCKET, SO_REUSEADDR, 1],
];
foreach ($options as [$label, $level, $option, $value]) {
    $r = @socket_set_option($s, $level, $option, $value);
    echo "$label: ", $r ? 'ok' : socket_last_error($s), "\n";
}
foreach (explode(' ', trim(file_get_contents('/proc/sys/net/ipv4/tcp_available_congestion_control'))) as $cc) {
    $r = @socket_set_option($s, SOL_TCP, TCP_CONGESTION, $cc);
    echo "congestion $cc: ", $r ? 'ok' : socket_last_error($s), "\n";
}
$r = @socket_set_option($s, SOL_TCP, TCP_CONGESTION, 'sockbox-none');
echo 'congestion sockbox-none: ', $r ? 'ok' : socket_last_error($s), "\n";
// Options the allow-list grants: set as an unprivileged process may set them.
$u4 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
$u6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
$granted = [
    ['ip origdstaddr', $u4, IPPROTO_IP, 20, 1],
    ['ip minttl', $u4, IPPROTO_IP, 21, 10],
    ['ip checksum', $u4, IPPROTO_IP, 23, 1],
    ['ip passsec', $u4, IPPROTO_IP, 18, 1],
    ['ip recvfragsize', $u4, IPPROTO_IP, 25, 1],
    ['ipv6 flowinfo', $u6, IPPROTO_IPV6, 11, 1],
    ['ipv6 recvhopopts', $u6, IPPROTO_IPV6, 53, 1],
    ['ipv6 recvrthdr', $u6, IPPROTO_IPV6, 56, 1],
    ['ipv6 recvdstopts', $u6, IPPROTO_IPV6, 58, 1],
    ['ipv6 addr preferences', $u6, IPPROTO_IPV6, 72, 1],
    ['ipv6 minhopcount', $u6, IPPROTO_IPV6, 73, 10],
    ['ipv6 origdstaddr', $u6, IPPROTO_IPV6, 74, 1],
    ['ipv6 recvfragsize', $u6, IPPROTO_IPV6, 77, 1],
    ['ipv6 freebind', $u6, IPPROTO_IPV6, 78, 1],
];
foreach ($granted as [$label, $sock, $level, $option, $value]) {
    $r = @socket_set_option($sock, $level, $option, $value);
    echo "$label: ", $r ? 'ok ' . @socket_get_option($sock, $level, $option) : socket_last_error($sock), "\n";
}
