<?php
// A blocking receive on a datagram socket shut down for reading (by itself): the kernel's
// blocking call returns at once (end of data), its non-blocking call says EAGAIN.
function row(string $label, callable $f) {
    socket_clear_error();
    $t = microtime(true);
    $r = @$f();
    echo "$label: ", json_encode($r), ' err ', socket_last_error(), ' quick ', var_export(microtime(true) - $t < 0.5, true), "\n";
}
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p); [$a, $b] = $p;
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($u, '127.0.0.1', 0);
$u6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP);
socket_bind($u6, '::1', 0);
foreach (['unix dgram' => $b, 'udp' => $u, 'udp6' => $u6] as $name => $s) {
    socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
    echo "$name shutdown rd: ", json_encode(@socket_shutdown($s, 0)), "\n";
    row("$name recv", fn() => [socket_recv($s, $buf, 10, 0), $buf]);
    row("$name read", fn() => socket_read($s, 10));
    row("$name recvfrom", fn() => [socket_recvfrom($s, $buf, 10, 0, $addr, $port), $buf]);
    row("$name recvmsg", function () use ($s) { $m = ['buffer_size' => 10, 'controllen' => 16]; return [socket_recvmsg($s, $m, 0), $m]; });
    row("$name recv dontwait", fn() => [socket_recv($s, $buf, 10, MSG_DONTWAIT), $buf]);
    $r = [$s]; $w = null; $e = null;
    row("$name select", fn() => socket_select($r, $w, $e, 0));
}
