<?php
// socket_get_option / socket_set_option over every option PHP 8.2 defines, on each kind of
// socket; value shapes; unknown levels and options.
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
$c = get_defined_constants(true)['sockets'];
$names = [];
foreach (['SO_', 'TCP_', 'IP_', 'IPV6_', 'MCAST_'] as $prefix) {
    foreach ($c as $k => $v) if (str_starts_with($k, $prefix) && PHP_VERSION_ID >= 0) $names[$k] = $v;
}
// PHP 8.2's own list (php.wasm registers newer ones too)
$php82 = ['SO_DEBUG','SO_REUSEADDR','SO_REUSEPORT','SO_KEEPALIVE','SO_DONTROUTE','SO_LINGER','SO_BROADCAST','SO_OOBINLINE',
  'SO_SNDBUF','SO_RCVBUF','SO_SNDLOWAT','SO_RCVLOWAT','SO_SNDTIMEO','SO_RCVTIMEO','SO_TYPE','SO_ERROR','SO_BINDTODEVICE',
  'SO_MARK','SO_INCOMING_CPU','SO_MEMINFO','SO_BPF_EXTENSIONS','SO_ZEROCOPY','SO_PASSCRED',
  'TCP_NODELAY','TCP_CONGESTION','TCP_NOTSENT_LOWAT','TCP_DEFER_ACCEPT','TCP_KEEPIDLE','TCP_KEEPINTVL','TCP_KEEPCNT',
  'IP_MULTICAST_IF','IP_MULTICAST_TTL','IP_MULTICAST_LOOP',
  'IPV6_MULTICAST_IF','IPV6_MULTICAST_HOPS','IPV6_MULTICAST_LOOP','IPV6_V6ONLY','IPV6_UNICAST_HOPS','IPV6_RECVPKTINFO',
  'IPV6_PKTINFO','IPV6_RECVHOPLIMIT','IPV6_HOPLIMIT','IPV6_RECVTCLASS','IPV6_TCLASS',
  'MCAST_JOIN_GROUP','MCAST_LEAVE_GROUP','MCAST_BLOCK_SOURCE','MCAST_UNBLOCK_SOURCE','MCAST_JOIN_SOURCE_GROUP','MCAST_LEAVE_SOURCE_GROUP'];
$levels = ['SOL_SOCKET' => SOL_SOCKET, 'SOL_TCP' => SOL_TCP, 'SOL_UDP' => SOL_UDP, 'IPPROTO_IP' => IPPROTO_IP, 'IPPROTO_IPV6' => IPPROTO_IPV6];
$kinds = [
    'tcp4' => fn() => socket_create(AF_INET, SOCK_STREAM, SOL_TCP),
    'udp4' => fn() => socket_create(AF_INET, SOCK_DGRAM, SOL_UDP),
    'tcp6' => fn() => socket_create(AF_INET6, SOCK_STREAM, SOL_TCP),
    'udp6' => fn() => socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP),
    'unix' => fn() => socket_create(AF_UNIX, SOCK_STREAM, 0),
    'unixd' => fn() => socket_create(AF_UNIX, SOCK_DGRAM, 0),
];
// Values that depend on the machine (buffer sizes, congestion algorithm, cpu) are shown by type only.
// SO_BINDTODEVICE on an unbound socket: PHP 8.2 returns an uninitialised int (the kernel writes 0 bytes).
$varying = ['SO_BINDTODEVICE', 'SO_SNDBUF', 'SO_RCVBUF', 'SO_INCOMING_CPU', 'SO_MEMINFO', 'TCP_CONGESTION'];
$show = function ($name, $r) use ($varying) {
    if ($name === 'SO_BINDTODEVICE' && $r !== false) return 'value';
    if (in_array($name, $varying, true) && $r !== false) return gettype($r) . (is_array($r) ? '[' . implode(',', array_keys($r)) . ']' : '');
    return str_replace("\n", ' ', var_export($r, true));
};
foreach ($kinds as $kind => $make) {
    $s = $make();
    foreach ($levels as $lname => $level) {
        foreach ($php82 as $name) {
            $opt = constant($name);
            $prefix = explode('_', $name)[0];
            // only the option at its own level, plus SO_* at SOL_TCP and TCP_* at SOL_SOCKET (cross-level numbers)
            $own = ['SO' => 'SOL_SOCKET', 'TCP' => 'SOL_TCP', 'IP' => 'IPPROTO_IP', 'IPV6' => 'IPPROTO_IPV6', 'MCAST' => 'IPPROTO_IP'][$prefix];
            if ($own !== $lname && !($prefix === 'MCAST' && $lname === 'IPPROTO_IPV6')) continue;
            socket_clear_error();
            try {
                $r = @socket_get_option($s, $level, $opt);
                $e = error_get_last();
                echo "$kind get $lname $name: ", $show($name, $r), ' last=', socket_last_error(), "\n";
            } catch (Throwable $ex) {
                echo "$kind get $lname $name: ", get_class($ex), ': ', $ex->getMessage(), "\n";
            }
        }
    }
}
