<?php
// socket_recvfrom / socket_sendto on connected stream sockets (TCP v4 / v6, AF_UNIX).
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", json_encode($r), $err ? " [err $err]" : '', "\n";
}
foreach ([[AF_INET, '127.0.0.1'], [AF_INET6, '::1']] as [$fam, $host]) {
    $l = socket_create($fam, SOCK_STREAM, SOL_TCP);
    socket_bind($l, $host, 0); socket_listen($l, 1); socket_getsockname($l, $_, $port);
    $c = socket_create($fam, SOCK_STREAM, SOL_TCP);
    socket_connect($c, $host, $port);
    $s = socket_accept($l);
    socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ["sec" => 0, "usec" => 200000]);
    t("$host sendto connected, same addr", fn() => socket_sendto($c, 'abc', 3, 0, $host, $port));
    t("$host sendto connected, port 0", fn() => socket_sendto($c, 'def', 3, 0, $host, 0));
    usleep(20000);
    t("$host recvfrom", function () use ($s) { $addr = 'ka'; $p = 'kp'; $r = socket_recvfrom($s, $buf, 100, 0, $addr, $p); return [$r, $buf, $addr, $p]; });
    t("$host recvfrom peek", function () use ($s, $c) { socket_write($c, 'pk'); usleep(20000); $addr = 'ka'; $p = 'kp'; $r = socket_recvfrom($s, $buf, 100, MSG_PEEK, $addr, $p); return [$r, $buf, $addr, $p]; });
    t("$host recvfrom waitall", function () use ($s, $c) { socket_write($c, 'w'); $addr = 'ka'; $p = 'kp'; $r = socket_recvfrom($s, $buf, 3, MSG_WAITALL, $addr, $p); return [$r, $buf, $addr, $p]; });
    socket_close($c);
    t("$host recvfrom eof", function () use ($s) { $buf = 'kb'; $addr = 'ka'; $p = 'kp'; $r = socket_recvfrom($s, $buf, 100, 0, $addr, $p); return [$r, $buf, $addr, $p]; });
}
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$a, $b] = $p;
socket_write($a, 'unix');
t('unix recvfrom', function () use ($b) { $addr = 'ka'; $port = 'kp'; $r = socket_recvfrom($b, $buf, 100, 0, $addr, $port); return [$r, $buf, $addr, $port]; });
t('unix sendto on pair', fn() => @socket_sendto($a, 'x', 1, 0, '/nonexistent/x.sock'));
t('unix sendto on pair empty addr', fn() => @socket_sendto($a, 'y', 1, 0, ''));
usleep(20000);
t('unix read', fn() => @socket_recv($b, $buf, 10, MSG_DONTWAIT));
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p); [$a, $b] = $p;
t('dgram pair sendto empty addr', fn() => @socket_sendto($a, 'z', 1, 0, ''));
t('dgram pair read', fn() => @socket_recvfrom($b, $buf, 10, MSG_DONTWAIT, $addr));
