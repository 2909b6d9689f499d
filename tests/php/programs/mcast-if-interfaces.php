<?php
// IP_MULTICAST_IF by interface index or name on every kind of socket: PHP asks the kernel
// (SIOCGIFNAME, SIOCGIFADDR on the socket itself) and warns with its errno, recording nothing.
foreach ([[AF_INET6, SOCK_DGRAM, SOL_UDP], [AF_UNIX, SOCK_STREAM, 0], [AF_UNIX, SOCK_DGRAM, 0], [AF_INET, SOCK_STREAM, SOL_TCP]] as [$d, $t, $p]) {
  $s = socket_create($d, $t, $p);
  foreach ([0, 1, 2, 99, '1', 'lo'] as $v) {
    socket_clear_error();
    $r = socket_set_option($s, IPPROTO_IP, IP_MULTICAST_IF, $v);
    echo "$d/$t ", var_export($v, true), ": ", var_export($r, true), " ", socket_last_error($s), " ", socket_last_error(), "\n";
  }
}
