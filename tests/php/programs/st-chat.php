<?php
// stream_socket_server + stream_select chat server with several stream_socket_client clients.
$server = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
if (!$server) die("$errstr ($errno)\n");
$name = stream_socket_get_name($server, false);
[$host, $port] = explode(':', $name);
echo "host $host\n";
$clients = [];
foreach (['ann', 'ben', 'cat'] as $n) {
    $c = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
    if (!$c) die("client: $errstr\n");
    stream_set_timeout($c, 1);
    fwrite($c, "NICK $n\n");
    $clients[$n] = $c;
}
$conns = [];
$nicks = [];
$step = 0;
for ($i = 0; $i < 60; $i++) {
    $read = array_merge([$server], $conns);
    $write = null; $except = null;
    $n = stream_select($read, $write, $except, 0, 100000);
    if ($n === false) { echo "select failed\n"; break; }
    if ($n === 0) {
        $step++;
        if ($step == 1) fwrite($clients['ann'], "hello everyone\n");
        elseif ($step == 2) fwrite($clients["ben"], "hi ann\nsecond ");
        elseif ($step == 3) fwrite($clients["ben"], "line\n");
        elseif ($step == 4) { fclose($clients['cat']); unset($clients['cat']); }
        elseif ($step == 5) { stream_socket_shutdown($clients['ann'], STREAM_SHUT_WR); }
        elseif ($step == 7) break;
        continue;
    }
    foreach ($read as $r) {
        if ($r === $server) {
            $conn = stream_socket_accept($server, 1, $peer);
            $conns[(int)$conn] = $conn; stream_set_timeout($conn, 0, 300000);
            echo "accepted, peer ", explode(':', $peer)[0], "\n";
            continue;
        }
        $line = fgets($r);
        $id = (int)$r;
        if ($line === false) {
            if (feof($r)) {
                $who = $nicks[$id] ?? '?';
                echo "$who disconnected\n";
                foreach ($conns as $k => $o) if ($k !== $id) fwrite($o, "* $who left\n");
                fclose($r); unset($conns[$id]);
            } else echo "partial line pending\n";
            continue;
        }
        $line = rtrim($line, "\n");
        if (strncmp($line, 'NICK ', 5) === 0) { $nicks[$id] = substr($line, 5); echo "nick ", $nicks[$id], "\n"; continue; }
        echo "<", $nicks[$id], "> $line\n";
        foreach ($conns as $k => $o) if ($k !== $id) fwrite($o, "<{$nicks[$id]}> $line\n");
    }
}
foreach ($clients as $n => $c) {
    stream_set_blocking($c, false);
    $all = stream_get_contents($c);
    echo "$n got ", json_encode($all), " eof ", var_export(feof($c), true), "\n";
}
