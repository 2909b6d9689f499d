<?php
// Classic tutorial: non-blocking select() echo server with several clients in one process.
error_reporting(E_ALL);
$server = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($server, SOL_SOCKET, SO_REUSEADDR, 1);
socket_bind($server, '127.0.0.1', 0) or die("bind\n");
socket_listen($server, 10);
socket_set_nonblock($server);
socket_getsockname($server, $addr, $port);
echo "listening on $addr\n";

$clients = [];
$names = [];
for ($i = 0; $i < 4; $i++) {
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_set_nonblock($c);
    $r = @socket_connect($c, '127.0.0.1', $port);
    $err = socket_last_error($c);
    echo "client $i connect: ", var_export($r, true), " ", $err, " ", socket_strerror($err), "\n";
    socket_clear_error($c);
    $clients[$i] = $c;
}
$sent = array_fill(0, 4, 0);
$received = array_fill(0, 4, '');
$conns = [];
$log = [];
$round = 0;
while ($round < 200) {
    $round++;
    $read = array_merge([$server], array_values($conns));
    $write = [];
    foreach ($clients as $i => $c) if ($sent[$i] < 3) $write[] = $c;
    $rc = array_values($clients);
    $read = array_merge($read, $rc);
    $except = null;
    $n = socket_select($read, $write, $except, 0, 200000);
    if ($n === false) { echo "select failed ", socket_strerror(socket_last_error()), "\n"; break; }
    if ($n === 0) { echo "idle\n"; break; }
    foreach ($write as $w) {
        $i = array_search($w, $clients, true);
        $msg = "msg{$sent[$i]} from $i\n";
        $wr = socket_write($w, $msg);
        if ($wr !== strlen($msg)) echo "short write $i\n";
        $sent[$i]++;
        if ($sent[$i] == 3 && $i % 2 == 0) socket_shutdown($w, 1);
    }
    foreach ($read as $s) {
        if ($s === $server) {
            while (($nc = @socket_accept($server)) !== false) {
                socket_set_nonblock($nc);
                $conns[] = $nc;
            }
            $e = socket_last_error($server);
            continue;
        }
        $ci = array_search($s, $clients, true);
        if ($ci !== false) {
            $d = @socket_recv($s, $buf, 1024, 0);
            if ($d === 0) { $log[] = "client $ci saw EOF"; socket_close($s); unset($clients[$ci]); }
            elseif ($d === false) { $log[] = "client $ci error " . socket_last_error($s); }
            else $received[$ci] .= $buf;
            continue;
        }
        $k = array_search($s, $conns, true);
        $buf = @socket_read($s, 1024);
        if ($buf === '' || $buf === false) {
            $log[] = "conn closed " . var_export($buf, true);
            socket_close($s);
            unset($conns[$k]);
            continue;
        }
        socket_write($s, strtoupper($buf));
        if (substr_count($buf, "\n") && strpos($buf, "msg2") !== false) {
            // closes after echoing the last message of odd clients
            if (strpos($buf, "from 1") !== false || strpos($buf, "from 3") !== false) {
                socket_close($s); unset($conns[$k]); $log[] = "server closed an odd one";
            }
        }
    }
    if (!$clients && !$conns) break;
}
sort($log);
echo implode("\n", $log), "\n";
foreach ($received as $i => $r) echo "client $i got ", json_encode($r), "\n";
echo "clients left ", count($clients), " conns left ", count($conns), "\n";
