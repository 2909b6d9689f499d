<?php
// Dual-stack and IPv6 UDP/TCP names: v4-mapped peers on an AF_INET6 socket, IPV6_V6ONLY both
// ways, names of unbound sockets, sendto/recvfrom port and address out-params. Its policy also
// grants the wildcard binds ([::] on a dual-stack socket needs 0.0.0.0 too: differential.py).
function show($what, ...$v) { echo $what, ': ', json_encode($v), "\n"; }
$dir = $argv[1];

$s6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
show('v6only default', socket_get_option($s6, IPPROTO_IPV6, IPV6_V6ONLY));
show('unbound name', socket_getsockname($s6, $a, $p), $a, $p);
socket_bind($s6, '::', 0);
socket_getsockname($s6, $a, $port6);
show('bound any', $a, $port6 > 0);
$s4 = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($s4, '127.0.0.1', 0);
socket_getsockname($s4, $a4, $port4);
show('v4 to dual-stack', socket_sendto($s4, "hi6", 3, 0, '127.0.0.1', $port6));
$from = $fport = null;
show('recvfrom', socket_recvfrom($s6, $buf, 100, 0, $from, $fport), $buf, $from, $fport === $port4);
show('reply to mapped', socket_sendto($s6, "back", 4, 0, $from, $fport));
show('v4 got', socket_recvfrom($s4, $buf, 100, 0, $f2, $p2), $buf, $f2, $p2 === $port6);
show('sendto v4 literal on v6 socket', @socket_sendto($s6, "x", 1, 0, '127.0.0.1', $port4), socket_last_error($s6));
socket_clear_error($s6);

$only = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
show('set v6only', socket_set_option($only, IPPROTO_IPV6, IPV6_V6ONLY, 1));
socket_bind($only, '::', 0);
socket_getsockname($only, $a, $portonly);
show('v4 to v6only', socket_sendto($s4, "lost", 4, 0, '127.0.0.1', $portonly));
socket_set_nonblock($only);
show('v6only recv', @socket_recvfrom($only, $buf, 100, 0, $f, $p), socket_last_error($only));
show('set v6only after bind', @socket_set_option($only, IPPROTO_IPV6, IPV6_V6ONLY, 0), socket_last_error($only));

// TCP dual-stack: a v4 client's peer name as the v6 server sees it.
$l = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
socket_set_option($l, IPPROTO_IPV6, IPV6_V6ONLY, 0);
socket_bind($l, '::', 0);
socket_listen($l);
socket_getsockname($l, $a, $lp);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
show('connect v4', socket_connect($c, '127.0.0.1', $lp));
$srv = socket_accept($l);
show('peer as seen by v6', socket_getpeername($srv, $pa, $pp), $pa, is_int($pp));
show('local as seen by v6', socket_getsockname($srv, $la, $lport), $la, $lport === $lp);
socket_getsockname($c, $ca, $cp);
show('client name', $ca, $pp === $cp);
// IPv6 flowinfo / scope on a plain ::1 connect.
$c6 = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
show('connect ::1', socket_connect($c6, '::1', $lp));
$srv6 = socket_accept($l);
show('peer ::1', socket_getpeername($srv6, $pa), $pa);
show('connect [::1] bracketed', @socket_connect(socket_create(AF_INET6, SOCK_STREAM, SOL_TCP), '[::1]', $lp), socket_last_error());
show('connect ::ffff:127.0.0.1', socket_connect($m = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP), '::ffff:127.0.0.1', $lp));
socket_getsockname($m, $ma); show('mapped local', $ma);
$x = socket_accept($l); socket_getpeername($x, $xa); show('mapped peer', $xa);
foreach ([$s6, $s4, $only, $l, $c, $srv, $c6, $srv6, $m, $x] as $s) socket_close($s);
show('done');
