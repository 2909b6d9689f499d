<?php
// Options tutorials set and print.
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$opts = [
    'SO_REUSEADDR' => [SOL_SOCKET, SO_REUSEADDR, 1],
    'SO_KEEPALIVE' => [SOL_SOCKET, SO_KEEPALIVE, 1],
    'SO_BROADCAST' => [SOL_SOCKET, SO_BROADCAST, 1],
    'SO_OOBINLINE' => [SOL_SOCKET, SO_OOBINLINE, 1],
    'SO_SNDBUF' => [SOL_SOCKET, SO_SNDBUF, 32768],
    'SO_RCVBUF' => [SOL_SOCKET, SO_RCVBUF, 32768],
    'SO_RCVLOWAT' => [SOL_SOCKET, SO_RCVLOWAT, 10],
    'SO_DONTROUTE' => [SOL_SOCKET, SO_DONTROUTE, 1],
    'TCP_NODELAY' => [SOL_TCP, TCP_NODELAY, 1],
    'SO_PRIORITY' => [SOL_SOCKET, defined('SO_PRIORITY') ? SO_PRIORITY : 12, 3],
    'IP_TTL' => [IPPROTO_IP, defined('IP_TTL') ? IP_TTL : 2, 33],
    'IP_TOS' => [IPPROTO_IP, 1, 0x10],
    'TCP_KEEPIDLE' => [SOL_TCP, defined('TCP_KEEPIDLE') ? TCP_KEEPIDLE : 4, 30],
    'TCP_KEEPINTVL' => [SOL_TCP, defined('TCP_KEEPINTVL') ? TCP_KEEPINTVL : 5, 5],
    'TCP_KEEPCNT' => [SOL_TCP, defined('TCP_KEEPCNT') ? TCP_KEEPCNT : 6, 4],
    'TCP_MAXSEG' => [SOL_TCP, 2, 1000],
    'TCP_CORK' => [SOL_TCP, 3, 1],
    'TCP_DEFER_ACCEPT' => [SOL_TCP, 9, 5],
    'TCP_QUICKACK' => [SOL_TCP, 12, 1],
];
foreach ($opts as $name => [$level, $opt, $val]) {
    $before = @socket_get_option($s, $level, $opt);
    $r = @socket_set_option($s, $level, $opt, $val);
    $after = @socket_get_option($s, $level, $opt);
    echo str_pad($name, 16), " before ", var_export($before, true), " set ", var_export($r, true), " after ", var_export($after, true), ($r ? '' : " err " . socket_last_error($s)), "\n";
}
foreach ([SO_TYPE, SO_ERROR, 30] as $o) var_dump(@socket_get_option($s, SOL_SOCKET, $o));
foreach ([['sec' => 2, 'usec' => 500000], ['sec' => 0, 'usec' => 0], ['sec' => 1, 'usec' => 1500000], ['sec' => '3', 'usec' => '7']] as $tv) {
    var_dump(socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, $tv));
    echo json_encode(socket_get_option($s, SOL_SOCKET, SO_RCVTIMEO)), "\n";
    var_dump(socket_set_option($s, SOL_SOCKET, SO_SNDTIMEO, $tv));
    echo json_encode(socket_get_option($s, SOL_SOCKET, SO_SNDTIMEO)), "\n";
}
foreach ([['l_onoff' => 1, 'l_linger' => 5], ['l_onoff' => 0, 'l_linger' => 9], ['l_onoff' => 7, 'l_linger' => 0]] as $lg) {
    var_dump(socket_set_option($s, SOL_SOCKET, SO_LINGER, $lg));
    echo json_encode(socket_get_option($s, SOL_SOCKET, SO_LINGER)), "\n";
}
// bool / string values
var_dump(socket_set_option($s, SOL_SOCKET, SO_KEEPALIVE, false), socket_get_option($s, SOL_SOCKET, SO_KEEPALIVE));
var_dump(socket_set_option($s, SOL_SOCKET, SO_KEEPALIVE, "1"), socket_get_option($s, SOL_SOCKET, SO_KEEPALIVE));
try { var_dump(socket_set_option($s, SOL_SOCKET, SO_KEEPALIVE, "yes")); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
try { var_dump(socket_set_option($s, SOL_SOCKET, SO_KEEPALIVE, [1])); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
try { var_dump(socket_set_option($s, SOL_SOCKET, SO_KEEPALIVE, 1.9)); } catch (\Throwable $t) { echo get_class($t), ": ", $t->getMessage(), "\n"; }
var_dump(socket_get_option($s, SOL_SOCKET, SO_KEEPALIVE));
// IPv6 options
$s6 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
var_dump(socket_get_option($s6, IPPROTO_IPV6, IPV6_V6ONLY));
var_dump(socket_set_option($s6, IPPROTO_IPV6, IPV6_V6ONLY, 1), socket_get_option($s6, IPPROTO_IPV6, IPV6_V6ONLY));
var_dump(@socket_get_option($s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
var_dump(@socket_set_option($s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 10), @socket_get_option($s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
// udp multicast options on a udp socket
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_get_option($u, IPPROTO_IP, IP_MULTICAST_TTL), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_LOOP));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_TTL, 4), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_TTL));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_LOOP, 0), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_LOOP));
var_dump(socket_get_option($u, IPPROTO_IP, IP_MULTICAST_IF));
// the same option on a unix socket
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
var_dump(@socket_set_option($p[0], SOL_TCP, TCP_NODELAY, 1), socket_last_error($p[0]));
var_dump(socket_get_option($p[0], SOL_SOCKET, SO_TYPE), socket_get_option($p[0], SOL_SOCKET, SO_PASSCRED));
$cred = socket_get_option($p[0], SOL_SOCKET, defined('SO_PEERCRED') ? SO_PEERCRED : 17);
echo gettype($cred), "\n";
