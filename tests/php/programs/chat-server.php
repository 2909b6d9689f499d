<?php
// A chat server: three clients, broadcast, one leaves; socket_select with keyed arrays.
$srv = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
socket_set_option($srv, SOL_SOCKET, SO_REUSEADDR, true);
var_dump(socket_bind($srv, '::1', 0));
socket_listen($srv, 8);
socket_getsockname($srv, $addr, $port);
echo "addr $addr\n";
$users = [];
$cl = [];
foreach (['alice', 'bob', 'carol'] as $name) {
    $c = socket_create(AF_INET6, SOCK_STREAM, SOL_TCP);
    socket_connect($c, '::1', $port);
    socket_write($c, "NICK $name\n");
    $cl[$name] = $c;
}
$step = 0;
$log = [];
for ($i = 0; $i < 50; $i++) {
    $read = ['server' => $srv] + $users;
    $w = $e = null;
    if (socket_select($read, $w, $e, 0, 100000) === 0) {
        $step++;
        if ($step == 1) socket_write($cl['alice'], "hi all\n");
        elseif ($step == 2) socket_write($cl['bob'], "hello alice\n");
        elseif ($step == 3) { socket_shutdown($cl['carol'], 2); socket_close($cl['carol']); unset($cl['carol']); }
        elseif ($step == 5) break;
        continue;
    }
    foreach ($read as $key => $s) {
        if ($key === 'server') {
            $c = socket_accept($srv);
            $users['u' . count($users)] = $c;
            continue;
        }
        $line = socket_read($s, 1024, PHP_NORMAL_READ);
        if ($line === false || $line === '') {
            echo "$key left (", var_export($line, true), ")\n";
            unset($users[$key]);
            foreach ($users as $o) socket_write($o, "* $key left\n");
            continue;
        }
        $line = trim($line);
        if ($line === '') continue;
        echo "$key: $line\n";
        foreach ($users as $k => $o) if ($k !== $key) socket_write($o, "<$key> $line\n");
    }
}
foreach ($cl as $name => $c) {
    socket_set_nonblock($c);
    $all = '';
    while (($d = @socket_read($c, 4096)) !== false && $d !== '') $all .= $d;
    echo "$name received: ", json_encode($all), " last error ", socket_last_error($c), "\n";
}
