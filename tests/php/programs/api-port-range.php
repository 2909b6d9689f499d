<?php
// PHP 8.2 has no range check on ports: htons() keeps the low 16 bits (8.5 added the ValueError)
set_error_handler(function ($no, $msg) { echo "  E$no: $msg\n"; return true; });
function t($label, $f) { echo $label, ": "; try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; } }
$r = socket_create(AF_INET, SOCK_DGRAM, 0);
socket_bind($r, '127.0.0.1', 0);
socket_getsockname($r, $a, $port);
foreach ([-1, 65536, 65536 + 7, 2**32, -65536] as $p) {
    $s = socket_create(AF_INET, SOCK_DGRAM, 0);
    t("bind $p", fn() => socket_bind($s, '127.0.0.1', $p));
    socket_getsockname($s, $a2, $got);
    echo "  bound port: ", ($p & 0xffff) === 0 ? ($got > 0 ? "kernel's" : "none") : ($got === ($p & 0xffff) ? "low 16 bits" : "other"), "\n";
}
$s = socket_create(AF_INET, SOCK_DGRAM, 0);
t("sendto port+65536", fn() => socket_sendto($s, "hello", 5, 0, '127.0.0.1', $port + 65536));
socket_set_option($r, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
t("recv", function () use ($r) { $n = socket_recvfrom($r, $buf, 10, 0, $from, $fport); return $buf; });
t("sendto 65536", fn() => socket_sendto($s, "x", 1, 0, '127.0.0.1', 65536));
t("sendto -1", fn() => socket_sendto($s, "x", 1, 0, '127.0.0.1', -1));
t("connect port+65536", fn() => socket_connect($s, '127.0.0.1', $port + 65536));
// socket_create_listen(-1) too: php-cli binds 0.0.0.0:65535 (not reachable under a loopback policy)
