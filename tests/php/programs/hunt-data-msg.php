<?php
// socket_sendmsg / socket_recvmsg: the whole $message array as PHP leaves it.
$dir = $argv[1];
function t(string $label, callable $f) {
    socket_clear_error();
    try { $r = $f(); } catch (Throwable $e) { echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    $err = socket_last_error();
    echo "$label: "; var_dump($r); if ($err) echo "  [err $err]\n";
}
function scrub($m, $port = null) {
    if (is_array($m)) {
        if (isset($m['name']['port']) && $m['name']['port'] === $port) $m['name']['port'] = 'PORT';
        if (isset($m['control'])) foreach ($m['control'] as $i => $c) {
            if (isset($c['data']['pid'])) $m['control'][$i]['data'] = ['pid>0' => $c['data']['pid'] > 0, 'uid' => $c['data']['uid'] === posix_getuid() || $c['data']['uid'] === 0, 'gid' => 'x'];
            if (isset($c['data'][0]) && is_object($c['data'][0])) $m['control'][$i]['data'] = array_map('get_class', $c['data']);
        }
    }
    return $m;
}
$a = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
$b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($a, '127.0.0.1', 0); socket_getsockname($a, $_, $pa);
socket_bind($b, '127.0.0.1', 0); socket_getsockname($b, $_, $pb);
t('sendmsg', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => ['he', 'llo']], 0));
t('recvmsg full', function () use ($b, $pa) { $m = ['name' => [], 'buffer_size' => 100, 'controllen' => 16]; $r = socket_recvmsg($b, $m, 0); return [$r, scrub($m, $pa)]; });
t('sendmsg2', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => ['second']], 0));
t('recvmsg no name', function () use ($b) { $m = ['buffer_size' => 3, 'controllen' => 16]; $r = socket_recvmsg($b, $m, 0); return [$r, $m]; });
t('recvmsg empty dontwait', function () use ($b) { $m = ['buffer_size' => 3, 'controllen' => 16, 'extra' => 1]; $r = @socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
t('recvmsg no controllen', function () use ($b) { $m = ['buffer_size' => 3]; $r = @socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
t('sendmsg empty iov', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => []], 0));
t('recvmsg zero dgram', function () use ($b, $pa) { $m = ['name' => [], 'buffer_size' => 10, 'controllen' => 16]; $r = socket_recvmsg($b, $m, 0); return [$r, scrub($m, $pa)]; });
t('sendmsg no iov', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb]], 0));
t('recvmsg', function () use ($b) { $m = ['buffer_size' => 10, 'controllen' => 16]; $r = @socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
t('sendmsg iov int', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => [12, 3.5, true]], 0));
t('recvmsg', function () use ($b) { $m = ['buffer_size' => 10, 'controllen' => 16]; $r = @socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
t('sendmsg iov assoc', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => ['z' => 'zz', 'y' => 'yy']], 0));
t('recvmsg', function () use ($b) { $m = ['buffer_size' => 10, 'controllen' => 16]; $r = @socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
t('sendmsg extra key', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => ['e'], 'bogus' => 1], 0));
t('recvmsg', function () use ($b) { $m = ['buffer_size' => 10, 'controllen' => 16]; $r = @socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
t('sendmsg flags in msg', fn() => socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => ['f'], 'flags' => 5], 0));
t('recvmsg', function () use ($b) { $m = ['buffer_size' => 10, 'controllen' => 16]; $r = @socket_recvmsg($b, $m, MSG_DONTWAIT); return [$r, $m]; });
t('recvmsg peek', function () use ($a, $b, $pb) { socket_sendmsg($a, ['name' => ['addr' => '127.0.0.1', 'port' => $pb], 'iov' => ['peeked']], 0); usleep(20000); $m = ['buffer_size' => 10, 'controllen' => 16]; $r = socket_recvmsg($b, $m, MSG_PEEK); return [$r, $m]; });
t('recvmsg after peek', function () use ($b) { $m = ['buffer_size' => 10, 'controllen' => 16]; $r = socket_recvmsg($b, $m, 0); return [$r, $m]; });
// unix stream with rights (a Socket in data) and credentials
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$x, $y] = $p;
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p); [$s1, $s2] = $p;
$st = socket_export_stream($s1);
t('send rights stream', fn() => socket_sendmsg($x, ['iov' => ['R'], 'control' => [['level' => SOL_SOCKET, 'type' => SCM_RIGHTS, 'data' => [$st]]]], 0));
t('recvmsg rights', function () use ($y) { $m = ['buffer_size' => 10, 'controllen' => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1)]; $r = socket_recvmsg($y, $m, 0); return [$r, scrub($m)]; });
t('recvmsg rights stream eof', function () use ($x, $y) { socket_write($x, 'plain'); $m = ['buffer_size' => 10, 'controllen' => 100, 'name' => []]; $r = socket_recvmsg($y, $m, 0); return [$r, $m]; });
t('set passcred', fn() => socket_set_option($y, SOL_SOCKET, SO_PASSCRED, 1));
t('recvmsg creds', function () use ($x, $y) { socket_write($x, 'cred'); $m = ['buffer_size' => 10, 'controllen' => socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS)]; $r = socket_recvmsg($y, $m, 0); return [$r, scrub($m)]; });
socket_close($x);
t('recvmsg eof', function () use ($y) { $m = ['buffer_size' => 10, 'controllen' => 16]; $r = socket_recvmsg($y, $m, 0); return [$r, $m]; });
t('sendmsg on closed peer', fn() => @socket_sendmsg($y, ['iov' => ['x']], 0));
// unix dgram name
$u = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($u, "$dir/u.sock");
$v = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($v, "$dir/v.sock");
t('sendmsg unix', fn() => socket_sendmsg($v, ['name' => ['path' => "$dir/u.sock"], 'iov' => ['hi']], 0));
t('recvmsg unix', function () use ($u, $dir) { $m = ['name' => [], 'buffer_size' => 10, 'controllen' => 16]; $r = socket_recvmsg($u, $m, 0); $m['name']['path'] = str_replace($dir, 'DIR', $m['name']['path']); return [$r, $m]; });
$w = socket_create(AF_UNIX, SOCK_DGRAM, 0);
t('sendmsg unix unnamed', fn() => socket_sendmsg($w, ['name' => ['path' => "$dir/u.sock"], 'iov' => ['an']], 0));
t('recvmsg unix unnamed', function () use ($u) { $m = ['name' => [], 'buffer_size' => 10, 'controllen' => 16]; $r = socket_recvmsg($u, $m, 0); return [$r, $m]; });
// v6
$a6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP); socket_bind($a6, '::1', 0); socket_getsockname($a6, $_, $pa6);
$b6 = socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP); socket_bind($b6, '::1', 0); socket_getsockname($b6, $_, $pb6);
t('sendmsg v6', fn() => socket_sendmsg($a6, ['name' => ['addr' => '::1', 'port' => $pb6], 'iov' => ['six']], 0));
t('recvmsg v6', function () use ($b6, $pa6) { $m = ['name' => [], 'buffer_size' => 10, 'controllen' => 16]; $r = socket_recvmsg($b6, $m, 0); return [$r, scrub($m, $pa6)]; });
t('pktinfo on', fn() => socket_set_option($b6, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1));
t('sendmsg v6 2', fn() => socket_sendmsg($a6, ['name' => ['addr' => '::1', 'port' => $pb6], 'iov' => ['pk']], 0));
t('recvmsg v6 pktinfo', function () use ($b6, $pa6) { $m = ['name' => [], 'buffer_size' => 10, 'controllen' => socket_cmsg_space(IPPROTO_IPV6, IPV6_PKTINFO)]; $r = socket_recvmsg($b6, $m, 0); return [$r, scrub($m, $pa6)]; });
t('sendmsg v6 3', fn() => socket_sendmsg($a6, ['name' => ['addr' => '::1', 'port' => $pb6], 'iov' => ['pk']], 0));
t('recvmsg v6 pktinfo small', function () use ($b6, $pa6) { $m = ['buffer_size' => 10, 'controllen' => 1]; $r = socket_recvmsg($b6, $m, 0); return [$r, $m]; });
