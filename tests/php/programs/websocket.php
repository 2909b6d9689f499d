<?php
// A tiny WebSocket echo server and a client in one process, driven by socket_select.
error_reporting(E_ALL);
$srv = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_set_option($srv, SOL_SOCKET, SO_REUSEADDR, 1);
socket_bind($srv, '127.0.0.1', 0);
socket_listen($srv, 5);
socket_getsockname($srv, $addr, $port);
echo "listening on $addr\n";
$cli = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
var_dump($cli !== false);
$key = base64_encode("0123456789abcdef");
fwrite($cli, "GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: $key\r\nSec-WebSocket-Version: 13\r\n\r\n");
$clients = [];
$done = false;
$rounds = 0;
function frame(string $payload, bool $mask): string {
    $len = strlen($payload);
    $h = chr(0x81);
    $m = $mask ? 0x80 : 0;
    if ($len < 126) $h .= chr($m | $len);
    elseif ($len < 65536) $h .= chr($m | 126) . pack('n', $len);
    else $h .= chr($m | 127) . pack('J', $len);
    if ($mask) {
        $k = "abcd";
        $h .= $k;
        for ($i = 0; $i < $len; $i++) $payload[$i] = $payload[$i] ^ $k[$i % 4];
    }
    return $h . $payload;
}
function unframe(string $data): ?string {
    if (strlen($data) < 2) return null;
    $len = ord($data[1]) & 127; $off = 2;
    if ($len == 126) { $len = unpack('n', substr($data, 2, 2))[1]; $off = 4; }
    elseif ($len == 127) { $len = unpack('J', substr($data, 2, 8))[1]; $off = 10; }
    $masked = ord($data[1]) & 128;
    $k = $masked ? substr($data, $off, 4) : '';
    if ($masked) $off += 4;
    $p = substr($data, $off, $len);
    if ($masked) for ($i = 0; $i < $len; $i++) $p[$i] = $p[$i] ^ $k[$i % 4];
    return $p;
}
$client_stage = 0;
while (!$done && $rounds++ < 100) {
    $read = array_merge([$srv], $clients);
    $write = null; $except = null;
    $n = socket_select($read, $write, $except, 0, 200000);
    foreach ($read as $s) {
        if ($s === $srv) {
            $c = socket_accept($srv);
            socket_getpeername($c, $pa);
            echo "accepted from $pa\n";
            $clients[] = $c;
            continue;
        }
        $buf = socket_read($s, 65536);
        if ($buf === '' || $buf === false) {
            echo "client gone\n";
            $clients = array_filter($clients, fn($x) => $x !== $s);
            socket_close($s);
            $done = true;
            continue;
        }
        if (str_starts_with($buf, 'GET')) {
            preg_match('/Sec-WebSocket-Key: (.*)\r\n/', $buf, $m);
            $accept = base64_encode(sha1($m[1] . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
            socket_write($s, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: $accept\r\n\r\n");
        } else {
            $msg = unframe($buf);
            echo "server got: ", strlen($msg), " bytes, md5 ", md5($msg), "\n";
            socket_write($s, frame(strrev($msg), false));
        }
    }
    // client side
    if ($client_stage == 0) {
        stream_set_blocking($cli, false);
        $resp = fread($cli, 8192);
        if ($resp) { echo str_replace("\r\n", "|", $resp), "\n"; $client_stage = 1; fwrite($cli, frame("hello websocket", true)); }
    } elseif ($client_stage == 1 || $client_stage == 2) {
        $r = fread($cli, 100000);
        if ($r) {
            echo "client got: ", strlen(unframe($r)) > 40 ? md5(unframe($r)) : unframe($r), "\n";
            if ($client_stage == 1) { stream_set_blocking($cli, true); fwrite($cli, frame(str_repeat("xyz", 300), true)); stream_set_blocking($cli, false); }
            else { fclose($cli); }
            $client_stage++;
        }
    }
}
echo "rounds<100: ", var_export($rounds < 100, true), "\n";
