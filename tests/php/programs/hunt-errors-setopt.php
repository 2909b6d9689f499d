<?php
// socket_set_option value shapes and read-backs.
function t(string $label, callable $f) {
    socket_clear_error();
    try {
        $r = $f();
        if (is_object($r)) $r = get_class($r);
        echo "$label: ", str_replace("\n", ' ', var_export($r, true)), " last=", socket_last_error(), "\n";
        return $r;
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
class V { public $sec = 1; public $usec = 5; public $l_onoff = 1; public $l_linger = 2; }
class Str { function __toString(): string { return "7"; } }
$values = ['0' => 0, '1' => 1, '-1' => -1, '2' => 2, '255' => 255, '256' => 256, '65536' => 65536, 'INT_MAX' => 2147483647, '2^31' => 2147483648,
           '2^32+1' => 4294967297, 'PHP_INT_MAX' => PHP_INT_MAX, 'true' => true, 'false' => false, 'null' => null, '"5"' => '5', '"abc"' => 'abc',
           '"5abc"' => '5abc', '1.9' => 1.9, '[]' => [], '[1]' => [1], 'obj' => new stdClass, 'Str' => new Str];
$s4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$u4 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
$s6 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
$u6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
$opts = [
    ['s4', SOL_SOCKET, 'SO_REUSEADDR'], ['s4', SOL_SOCKET, 'SO_KEEPALIVE'], ['s4', SOL_SOCKET, 'SO_RCVLOWAT'], ['s4', SOL_SOCKET, 'SO_SNDLOWAT'],
    ['s4', SOL_SOCKET, 'SO_OOBINLINE'], ['s4', SOL_SOCKET, 'SO_DONTROUTE'], ['s4', SOL_SOCKET, 'SO_TYPE'], ['s4', SOL_SOCKET, 'SO_ERROR'],
    ['s4', SOL_SOCKET, 'SO_PASSCRED'], ['s4', SOL_SOCKET, 'SO_ZEROCOPY'], ['s4', SOL_SOCKET, 'SO_INCOMING_CPU'],
    ['s4', SOL_TCP, 'TCP_NODELAY'], ['s4', SOL_TCP, 'TCP_KEEPIDLE'], ['s4', SOL_TCP, 'TCP_KEEPINTVL'], ['s4', SOL_TCP, 'TCP_KEEPCNT'],
    ['s4', SOL_TCP, 'TCP_DEFER_ACCEPT'], // TCP_NOTSENT_LOWAT: docs/php-differences.md
    ['u4', IPPROTO_IP, 'IP_MULTICAST_TTL'], ['u4', IPPROTO_IP, 'IP_MULTICAST_LOOP'],
    ['u6', IPPROTO_IPV6, 'IPV6_V6ONLY'], ['u6', IPPROTO_IPV6, 'IPV6_UNICAST_HOPS'], ['u6', IPPROTO_IPV6, 'IPV6_MULTICAST_HOPS'],
    ['u6', IPPROTO_IPV6, 'IPV6_MULTICAST_LOOP'], ['u6', IPPROTO_IPV6, 'IPV6_RECVPKTINFO'], ['u6', IPPROTO_IPV6, 'IPV6_RECVHOPLIMIT'],
    ['u6', IPPROTO_IPV6, 'IPV6_RECVTCLASS'], ['u6', IPPROTO_IPV6, 'IPV6_TCLASS'],
];
foreach ($opts as [$sv, $level, $name]) {
    $s = $$sv;
    $opt = constant($name);
    foreach ($values as $vl => $v) {
        $before = @socket_get_option($s, $level, $opt);
        t("$sv $name = $vl", fn() => socket_set_option($s, $level, $opt, $v));
        $after = @socket_get_option($s, $level, $opt);
        echo "   -> ", var_export($after, true), "\n";
    }
}
// IP_TTL (2) is not a PHP constant but scripts use the number
t('IP_TTL 64', fn() => socket_set_option($u4, IPPROTO_IP, 2, 64));
t('IP_TTL get', fn() => socket_get_option($u4, IPPROTO_IP, 2));
t('IP_TTL 0', fn() => socket_set_option($u4, IPPROTO_IP, 2, 0));
t('IP_TTL 256', fn() => socket_set_option($u4, IPPROTO_IP, 2, 256));
t('IP_TTL -1', fn() => socket_set_option($u4, IPPROTO_IP, 2, -1));
t('IP_TTL get', fn() => socket_get_option($u4, IPPROTO_IP, 2));
t('IP_TOS 0x10', fn() => socket_set_option($u4, IPPROTO_IP, 1, 0x10));
t('IP_TOS get', fn() => socket_get_option($u4, IPPROTO_IP, 1));
// buffers: the kernel doubles
foreach ([0, 1, 1024, 4096, 65536, -1] as $n) {
    t("SO_SNDBUF $n", fn() => socket_set_option($s4, SOL_SOCKET, SO_SNDBUF, $n));
    t("  get", fn() => socket_get_option($s4, SOL_SOCKET, SO_SNDBUF));
    t("SO_RCVBUF $n", fn() => socket_set_option($u4, SOL_SOCKET, SO_RCVBUF, $n));
    t("  get", fn() => socket_get_option($u4, SOL_SOCKET, SO_RCVBUF));
}
// linger / timeouts
$shapes = [
    'ok' => ['l_onoff' => 1, 'l_linger' => 3], 'strings' => ['l_onoff' => '1', 'l_linger' => '3'], 'off' => ['l_onoff' => 0, 'l_linger' => 0],
    'extra' => ['l_onoff' => 1, 'l_linger' => 1, 'x' => 2], 'missing linger' => ['l_onoff' => 1], 'missing onoff' => ['l_linger' => 1],
    'empty' => [], 'list' => [1, 2], 'obj' => new V, 'int' => 5, 'null' => null, 'string' => 'x', 'nested' => ['l_onoff' => [1], 'l_linger' => [], ],
    'float' => ['l_onoff' => 1.5, 'l_linger' => 2.7], 'bools' => ['l_onoff' => true, 'l_linger' => false], 'onoff 2' => ['l_onoff' => 2, 'l_linger' => 1],
    'ref' => (function () { $x = 1; $a = ['l_onoff' => &$x, 'l_linger' => &$x]; return $a; })(),
];
foreach ($shapes as $l => $v) {
    t("SO_LINGER $l", fn() => socket_set_option($s4, SOL_SOCKET, SO_LINGER, $v));
    t("  get", fn() => socket_get_option($s4, SOL_SOCKET, SO_LINGER));
}
$tshapes = [
    'ok' => ['sec' => 1, 'usec' => 500000], 'zero' => ['sec' => 0, 'usec' => 0], 'usec only big' => ['sec' => 0, 'usec' => 1500000],
    'usec 999999' => ['sec' => 0, 'usec' => 999999], 'usec 1' => ['sec' => 0, 'usec' => 1], 'usec 1000' => ['sec' => 0, 'usec' => 1000],
    'usec 3999' => ['sec' => 0, 'usec' => 3999], 'neg sec' => ['sec' => -1, 'usec' => 0], 'neg usec' => ['sec' => 1, 'usec' => -1],
    'huge sec' => ['sec' => PHP_INT_MAX, 'usec' => 0], 'big sec' => ['sec' => 100000000, 'usec' => 0], 'strings' => ['sec' => '2', 'usec' => '0'],
    'missing usec' => ['sec' => 1], 'missing sec' => ['usec' => 1], 'obj' => new V, 'int' => 5, 'list' => [1, 2], 'float' => ['sec' => 1.5, 'usec' => 0],
];
foreach (['SO_RCVTIMEO', 'SO_SNDTIMEO'] as $name) {
    foreach ($tshapes as $l => $v) {
        t("$name $l", fn() => socket_set_option($u4, SOL_SOCKET, constant($name), $v));
        t("  get", fn() => socket_get_option($u4, SOL_SOCKET, constant($name)));
    }
}
// SO_LINGER / timeouts number at other levels (PHP switches on the option number alone)
t('SOL_TCP opt 13 (TCP_CONGESTION) = int', fn() => socket_set_option($s4, SOL_TCP, 13, 5));
t('SOL_TCP opt 20 = int', fn() => socket_set_option($s4, SOL_TCP, 20, 5));
t('SOL_UDP opt 13 = int', fn() => socket_set_option($u4, SOL_UDP, 13, 5));
t('IPPROTO_IP opt 13 = int', fn() => socket_set_option($u4, IPPROTO_IP, 13, 5));
t('IPPROTO_IP opt 20 = array', fn() => socket_set_option($u4, IPPROTO_IP, 20, ['sec' => 1, 'usec' => 0]));
t('IPPROTO_IPV6 opt 20 = array', fn() => socket_set_option($u6, IPPROTO_IPV6, 20, ['sec' => 1, 'usec' => 0]));
t('IPPROTO_IP opt 21 (IP_MINTTL) = 10', fn() => socket_set_option($u4, IPPROTO_IP, 21, 10));
t('  get', fn() => socket_get_option($u4, IPPROTO_IP, 21));
t('get IPPROTO_IP opt 13 (IP_RECVTOS)', fn() => socket_get_option($u4, IPPROTO_IP, 13));
t('get IPPROTO_IPV6 opt 20', fn() => socket_get_option($u6, IPPROTO_IPV6, 20));
t('IPPROTO_IPV6 opt 13 = int', fn() => socket_set_option($u6, IPPROTO_IPV6, 13, 5));
// congestion
t('TCP_CONGESTION reno', fn() => socket_set_option($s4, SOL_TCP, TCP_CONGESTION, 'reno'));
t('  get', fn() => socket_get_option($s4, SOL_TCP, TCP_CONGESTION));
t('TCP_CONGESTION bogus', fn() => socket_set_option($s4, SOL_TCP, TCP_CONGESTION, 'bogus'));
t('TCP_CONGESTION int', fn() => socket_set_option($s4, SOL_TCP, TCP_CONGESTION, 5));
t('TCP_CONGESTION ""', fn() => socket_set_option($s4, SOL_TCP, TCP_CONGESTION, ''));
t('TCP_CONGESTION long', fn() => socket_set_option($s4, SOL_TCP, TCP_CONGESTION, str_repeat('x', 40)));
t('TCP_CONGESTION on udp', fn() => socket_set_option($u4, SOL_TCP, TCP_CONGESTION, 'reno'));
t('TCP_CONGESTION get on udp', fn() => socket_get_option($u4, SOL_TCP, TCP_CONGESTION));
// unknown levels/options
// (unknown options at SOL_TCP / IPPROTO_IPV6: the allow-list's ENOPROTOOPT is Linux's; this machine's kernel says EOPNOTSUPP)
foreach ([[-1, 1], [999, 1], [SOL_SOCKET, 9999], [SOL_SOCKET, -1], [IPPROTO_IP, 9999], [SOL_UDP, 9999], [255, 1], [PHP_INT_MAX, 1], [SOL_SOCKET, PHP_INT_MAX], [0x100000001, 2]] as [$lv, $op]) {
    t("set level $lv opt $op", fn() => socket_set_option($u4, $lv, $op, 1));
    t("get level $lv opt $op", fn() => socket_get_option($u4, $lv, $op));
}
// v6 options on a v4 socket, v4 on v6
t('IPV6_V6ONLY on udp4', fn() => socket_set_option($u4, IPPROTO_IPV6, IPV6_V6ONLY, 1));
t('IPV6_V6ONLY get on udp4', fn() => socket_get_option($u4, IPPROTO_IPV6, IPV6_V6ONLY));
t('IP_MULTICAST_TTL on udp6', fn() => socket_set_option($u6, IPPROTO_IP, IP_MULTICAST_TTL, 3));
t('IP_MULTICAST_TTL get on udp6', fn() => socket_get_option($u6, IPPROTO_IP, IP_MULTICAST_TTL));
t('TCP_NODELAY on udp4', fn() => socket_set_option($u4, SOL_TCP, TCP_NODELAY, 1));
t('TCP_NODELAY get on udp4', fn() => socket_get_option($u4, SOL_TCP, TCP_NODELAY));
$un = socket_create(AF_UNIX, SOCK_STREAM, 0);
t('TCP_NODELAY on unix', fn() => socket_set_option($un, SOL_TCP, TCP_NODELAY, 1));
t('IP_MULTICAST_TTL on unix', fn() => socket_set_option($un, IPPROTO_IP, IP_MULTICAST_TTL, 1));
t('IP_MULTICAST_IF on unix', fn() => socket_set_option($un, IPPROTO_IP, IP_MULTICAST_IF, 1));
t('MCAST_JOIN_GROUP on unix', fn() => socket_set_option($un, IPPROTO_IP, MCAST_JOIN_GROUP, ['group' => '239.1.1.1', 'interface' => 0]));
t('SO_PASSCRED on unix', fn() => socket_set_option($un, SOL_SOCKET, SO_PASSCRED, 1));
t('  get', fn() => socket_get_option($un, SOL_SOCKET, SO_PASSCRED));
// V6ONLY after bind
$b6 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
socket_bind($b6, '::1', 0);
t('V6ONLY after bind', fn() => socket_set_option($b6, IPPROTO_IPV6, IPV6_V6ONLY, 1));
// SO_ACCEPTCONN (30) / SO_PROTOCOL (38) / SO_DOMAIN (39) / SO_PEERCRED (17) by number
socket_listen($b6);
t('SO_ACCEPTCONN listening', fn() => socket_get_option($b6, SOL_SOCKET, 30));
t('SO_ACCEPTCONN not', fn() => socket_get_option($s4, SOL_SOCKET, 30));
t('SO_PROTOCOL', fn() => socket_get_option($u4, SOL_SOCKET, 38));
t('SO_DOMAIN', fn() => socket_get_option($u6, SOL_SOCKET, 39));
t('SO_PEERCRED unconnected unix', fn() => socket_get_option($un, SOL_SOCKET, 17));
t('SO_PEERCRED on tcp', fn() => socket_get_option($s4, SOL_SOCKET, 17));
t('SO_ACCEPTCONN set', fn() => socket_set_option($s4, SOL_SOCKET, 30, 1));
t('SO_TYPE set', fn() => socket_set_option($s4, SOL_SOCKET, SO_TYPE, 1));
t('SO_ERROR set', fn() => socket_set_option($s4, SOL_SOCKET, SO_ERROR, 1));
t('SO_PRIORITY 3', fn() => socket_set_option($s4, SOL_SOCKET, 12, 3));
t('SO_PRIORITY get', fn() => socket_get_option($s4, SOL_SOCKET, 12));
t('TCP_MAXSEG get', fn() => socket_get_option($s4, SOL_TCP, 2));
t('TCP_MAXSEG set', fn() => socket_set_option($s4, SOL_TCP, 2, 1000));
t('TCP_CORK', fn() => socket_set_option($s4, SOL_TCP, 3, 1));
t('TCP_CORK get', fn() => socket_get_option($s4, SOL_TCP, 3));
t('TCP_INFO get', fn() => socket_get_option($s4, SOL_TCP, 11));
t('TCP_USER_TIMEOUT 18', fn() => socket_set_option($s4, SOL_TCP, 18, 1000));
t('  get', fn() => socket_get_option($s4, SOL_TCP, 18));
t('TCP_QUICKACK 12', fn() => socket_set_option($s4, SOL_TCP, 12, 1));
t('TCP_SYNCNT 7', fn() => socket_set_option($s4, SOL_TCP, 7, 3));
t('  get', fn() => socket_get_option($s4, SOL_TCP, 7));
t('TCP_SYNCNT 0', fn() => socket_set_option($s4, SOL_TCP, 7, 0));
t('TCP_KEEPIDLE 0', fn() => socket_set_option($s4, SOL_TCP, TCP_KEEPIDLE, 0));
t('TCP_FASTOPEN 23', fn() => socket_set_option($s4, SOL_TCP, 23, 5));
t('IP_RECVERR 11', fn() => socket_set_option($u4, IPPROTO_IP, 11, 1));
t('IP_PKTINFO 8', fn() => socket_set_option($u4, IPPROTO_IP, 8, 1));
t('IP_MTU_DISCOVER 10', fn() => socket_set_option($u4, IPPROTO_IP, 10, 2));
t('  get', fn() => socket_get_option($u4, IPPROTO_IP, 10));
t('IP_MTU get unconnected', fn() => socket_get_option($u4, IPPROTO_IP, 14));
t('IP_FREEBIND', fn() => socket_set_option($u4, IPPROTO_IP, 15, 1));
t('IP_HDRINCL on udp', fn() => socket_set_option($u4, IPPROTO_IP, 3, 1));
t('UDP_CORK', fn() => socket_set_option($u4, SOL_UDP, 1, 1));
t('UDP_SEGMENT', fn() => socket_set_option($u4, SOL_UDP, 103, 1000));
t('SO_TIMESTAMP', fn() => socket_set_option($u4, SOL_SOCKET, 29, 1));
t('  get', fn() => socket_get_option($u4, SOL_SOCKET, 29));
t('SO_RCVTIMEO get default', fn() => socket_get_option($s6, SOL_SOCKET, SO_RCVTIMEO));
t('SO_LINGER get default', fn() => socket_get_option($s6, SOL_SOCKET, SO_LINGER));
t('SO_RCVTIMEO obj stdClass', fn() => socket_set_option($u4, SOL_SOCKET, SO_RCVTIMEO, (object)['sec' => 1, 'usec' => 0]));
t('  get', fn() => socket_get_option($u4, SOL_SOCKET, SO_RCVTIMEO));
t('SO_LINGER get level TCP', fn() => socket_get_option($s6, SOL_TCP, SO_LINGER));
t('SO_RCVTIMEO get level IP', fn() => socket_get_option($u6, IPPROTO_IPV6, SO_RCVTIMEO));
t('arg count', fn() => socket_set_option($s4, SOL_SOCKET, SO_REUSEADDR));
t('arg types', fn() => socket_set_option($s4, 'x', SO_REUSEADDR, 1));
t('arg types get', fn() => socket_get_option($s4, SOL_SOCKET, 'x'));
t('not socket', fn() => socket_set_option(STDIN, SOL_SOCKET, SO_REUSEADDR, 1));
t('null socket', fn() => socket_get_option(null, SOL_SOCKET, SO_REUSEADDR));
