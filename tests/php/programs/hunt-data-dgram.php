<?php
// Datagrams: UDP v4 / v6 and AF_UNIX, zero-length, truncated, by-ref address and port.
$dir = $argv[1];
function q($s) { return is_string($s) ? '"' . addcslashes($s, "\0..\37\"\\") . '"' : var_export($s, true); }
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: ", is_array($r) ? implode(' ', array_map('q', $r)) : q($r), $err ? " [err $err]" : '', "\n";
}
foreach ([[AF_INET, '127.0.0.1'], [AF_INET6, '::1']] as [$fam, $host]) {
    echo "== $host\n";
    $a = socket_create($fam, SOCK_DGRAM, SOL_UDP);
    $b = socket_create($fam, SOCK_DGRAM, SOL_UDP);
    socket_bind($a, $host, 0); socket_getsockname($a, $_, $pa);
    socket_bind($b, $host, 0); socket_getsockname($b, $_, $pb);
    socket_set_option($a, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
    t('sendto empty', fn() => socket_sendto($b, '', 0, 0, $host, $pa));
    t('sendto len 0 of data', fn() => socket_sendto($b, 'abc', 0, 0, $host, $pa));
    t('sendto len > strlen', fn() => socket_sendto($b, 'abc', 100, 0, $host, $pa));
    t('sendto big', fn() => socket_sendto($b, str_repeat('x', 3000), 3000, 0, $host, $pa));
    t('sendto neg', fn() => socket_sendto($b, 'abc', -1, 0, $host, $pa));
    t('sendto no port', fn() => socket_sendto($b, 'abc', 3, 0, $host));
    t('sendto port 0', fn() => socket_sendto($b, 'abc', 3, 0, $host, 0));
    usleep(50000);
    $show = function ($r, $buf, $addr, $port) use ($pb) { return [$r, is_string($buf) ? strlen($buf) . ':' . substr($buf, 0, 5) : $buf, $addr, $port === $pb ? 'port-ok' : $port]; };
    t('recvfrom zero', function () use ($a, $show) { $buf = 'keep'; $r = socket_recvfrom($a, $buf, 100, 0, $addr, $port); return $show($r, $buf, $addr, $port); });
    t('recvfrom zero2', function () use ($a, $show) { $buf = 'keep'; $r = socket_recvfrom($a, $buf, 100, 0, $addr, $port); return $show($r, $buf, $addr, $port); });
    t('recvfrom 3', function () use ($a, $show) { $r = socket_recvfrom($a, $buf, 100, 0, $addr, $port); return $show($r, $buf, $addr, $port); });
    t('recvfrom trunc', function () use ($a, $show) { $r = socket_recvfrom($a, $buf, 10, 0, $addr, $port); return $show($r, $buf, $addr, $port); });
    t('recvfrom timeout', function () use ($a, $show) { $buf = 'keep'; $addr = 'ka'; $port = 'kp'; $r = socket_recvfrom($a, $buf, 10, 0, $addr, $port); return $show($r, $buf, $addr, $port); });
    t('recvfrom dontwait', function () use ($a, $show) { $buf = 'keep'; $addr = 'ka'; $port = 'kp'; $r = socket_recvfrom($a, $buf, 10, MSG_DONTWAIT, $addr, $port); return $show($r, $buf, $addr, $port); });
    t('recvfrom no port arg', function () use ($a) { $r = socket_recvfrom($a, $buf, 10, MSG_DONTWAIT, $addr); return [$r]; });
    socket_sendto($b, 'peekme', 6, 0, $host, $pa);
    usleep(20000);
    t('recv peek', function () use ($a) { $r = socket_recv($a, $buf, 2, MSG_PEEK); return [$r, $buf]; });
    socket_sendto($b, '', 0, 0, $host, $pa);
    usleep(20000);
    t('recv zero dgram', function () use ($a) { $buf = 'keep'; $r = socket_recv($a, $buf, 10, 0); return [$r, $buf]; });
    socket_sendto($b, '', 0, 0, $host, $pa);
    usleep(20000);
    t('read zero dgram', fn() => socket_read($a, 10));
    usleep(20000);
    // connected UDP
    socket_connect($b, $host, $pa);
    t('write connected', fn() => socket_write($b, 'conn'));
    t('send connected', fn() => socket_send($b, 'conn2', 5, 0));
    usleep(20000);
    t('read', fn() => socket_read($a, 100));
    t('read', fn() => socket_read($a, 100));
    // ICMP port unreachable -> ECONNREFUSED on connected UDP
    $c = socket_create($fam, SOCK_DGRAM, SOL_UDP);
    socket_bind($c, $host, 0); socket_getsockname($c, $_, $pc);
    socket_close($c);
    $d = socket_create($fam, SOCK_DGRAM, SOL_UDP);
    socket_connect($d, $host, $pc);
    t('send to closed port', fn() => socket_write($d, 'x'));
    usleep(50000);
    t('send again', fn() => @socket_write($d, 'x'));
    t('send again2', fn() => @socket_write($d, 'x'));
    usleep(50000);
    socket_set_option($d, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
    t('recv refused', function () use ($d) { $buf = 'keep'; $r = @socket_recv($d, $buf, 10, 0); return [$r, $buf]; });
    t('so_error', fn() => socket_get_option($d, SOL_SOCKET, SO_ERROR));
    socket_close($a); socket_close($b); socket_close($d);
}
echo "== unix dgram\n";
$a = socket_create(AF_UNIX, SOCK_DGRAM, 0);
$b = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($a, "$dir/a.sock");
socket_set_option($a, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
$rel = fn($p) => is_string($p) ? str_replace($dir, 'DIR', $p) : $p;
t('sendto unbound', fn() => socket_sendto($b, 'u1', 2, 0, "$dir/a.sock"));
t('recvfrom unbound sender', function () use ($a, $rel) { $addr = 'ka'; $port = 'kp'; $r = socket_recvfrom($a, $buf, 10, 0, $addr, $port); return [$r, $buf, $rel($addr), $port]; });
socket_bind($b, "$dir/b.sock");
t('sendto empty', fn() => socket_sendto($b, '', 0, 0, "$dir/a.sock"));
t('sendto with port', fn() => socket_sendto($b, 'p', 1, 0, "$dir/a.sock", 1234));
t('recvfrom empty', function () use ($a, $rel) { $buf = 'keep'; $r = socket_recvfrom($a, $buf, 10, 0, $addr); return [$r, $buf, $rel($addr)]; });
t('recvfrom p', function () use ($a, $rel) { $port = 'kp'; $r = socket_recvfrom($a, $buf, 10, 0, $addr, $port); return [$r, $buf, $rel($addr), $port]; });
t('recvfrom timeout', function () use ($a, $rel) { $buf = 'keep'; $addr = 'ka'; $r = socket_recvfrom($a, $buf, 10, 0, $addr); return [$r, $buf, $rel($addr)]; });
t('sendto missing', fn() => @socket_sendto($b, 'x', 1, 0, "$dir/missing.sock"));
t('sendto big', fn() => socket_sendto($b, str_repeat('y', 300000), 300000, 0, "$dir/a.sock"));
t('recvfrom trunc', function () use ($a, $rel) { $r = socket_recvfrom($a, $buf, 4, 0, $addr); return [$r, $buf, $rel($addr)]; });
echo "== pairs\n";
foreach ([SOCK_DGRAM => 'dgram', SOCK_SEQPACKET => 'seqpacket'] as $type => $name) {
    t("pair $name", function () use ($type, &$p) { return socket_create_pair(AF_UNIX, $type, 0, $p); });
    [$x, $y] = $p;
    socket_set_option($y, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
    t('write empty', fn() => socket_write($x, ''));
    t('write 2', fn() => socket_write($x, 'ab'));
    t('write 2 more', fn() => socket_write($x, 'cdef'));
    t('recv empty msg', function () use ($y) { $buf = 'keep'; $r = socket_recv($y, $buf, 10, 0); return [$r, $buf]; });
    t('recv 1 of 2', function () use ($y) { $r = socket_recv($y, $buf, 1, 0); return [$r, $buf]; });
    t('read 10', fn() => socket_read($y, 10));
    socket_write($x, 'zz');
    t('recvfrom', function () use ($y) { $addr = 'ka'; $r = socket_recvfrom($y, $buf, 10, 0, $addr); return [$r, $buf, $addr]; });
    socket_close($x);
    t('recv after peer close', function () use ($y) { $buf = 'keep'; $r = @socket_recv($y, $buf, 10, 0); return [$r, $buf]; });
    t('read after peer close', fn() => @socket_read($y, 10));
    t('write after peer close', fn() => @socket_write($y, 'x'));
}
t('pair stream tcp', fn() => @socket_create_pair(AF_INET, SOCK_STREAM, 0, $p));
t('pair bad type', fn() => socket_create_pair(AF_UNIX, 99, 0, $p));
t('pair bad proto', fn() => @socket_create_pair(AF_UNIX, SOCK_STREAM, 17, $p));
