<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// A tiny HTTP/1.1 server driven by stream_select(), and clients in the same process:
// keep-alive, chunked replies, pipelined requests, a POST body, a client closing early.
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
stream_set_blocking($srv, false);
$addr = stream_socket_get_name($srv, false);
$conns = [];   // id => ['s' => stream, 'in' => buffer, 'out' => buffer, 'close' => bool]
$served = 0;
function handle(array $req, string $body): array {
    [$method, $path] = explode(' ', $req[0]);
    if ($path === '/chunked') {
        $out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n";
        foreach (['first ', 'second ', str_repeat('z', 300)] as $part)
            $out .= dechex(strlen($part)) . "\r\n" . $part . "\r\n";
        return [$out . "0\r\n\r\n", false];
    }
    if ($method === 'POST') {
        $b = "you sent " . strlen($body) . " bytes: " . strrev($body);
        return ["HTTP/1.1 201 Created\r\nContent-Length: " . strlen($b) . "\r\n\r\n" . $b, false];
    }
    $close = in_array('Connection: close', $req, true);
    $b = "hello $path";
    return ["HTTP/1.1 200 OK\r\nContent-Length: " . strlen($b) . "\r\n" . ($close ? "Connection: close\r\n" : "") . "\r\n" . $b, $close];
}
function pump(&$conns, $srv, &$served, $timeout_us) {
    $r = [$srv]; $w = [];
    foreach ($conns as $id => $c) { $r[$id] = $c['s']; if ($c['out'] !== '') $w[$id] = $c['s']; }
    $e = null;
    $n = stream_select($r, $w, $e, 0, $timeout_us);
    if (!$n) return;
    foreach ($r as $id => $s) {
        if ($s === $srv) {
            while ($cs = @stream_socket_accept($srv, 0)) {
                stream_set_blocking($cs, false);
                $conns[] = ['s' => $cs, 'in' => '', 'out' => '', 'close' => false];
            }
            continue;
        }
        $data = fread($s, 8192);
        if ($data === '' || $data === false) {
            if (feof($s)) { echo "server: peer ", $id, " went away\n"; fclose($s); unset($conns[$id]); }
            continue;
        }
        $conns[$id]['in'] .= $data;
        while (($p = strpos($conns[$id]['in'], "\r\n\r\n")) !== false) {
            $head = explode("\r\n", substr($conns[$id]['in'], 0, $p));
            $len = 0;
            foreach ($head as $h) if (stripos($h, 'Content-Length:') === 0) $len = (int)trim(substr($h, 15));
            if (strlen($conns[$id]['in']) < $p + 4 + $len) break;
            $body = substr($conns[$id]['in'], $p + 4, $len);
            $conns[$id]['in'] = substr($conns[$id]['in'], $p + 4 + $len);
            echo "server: ", $head[0], "\n";
            [$resp, $close] = handle($head, $body);
            $conns[$id]['out'] .= $resp;
            $conns[$id]['close'] = $conns[$id]['close'] || $close;
            $served++;
        }
    }
    foreach ($w as $id => $s) {
        if (!isset($conns[$id])) continue;
        $n = fwrite($s, $conns[$id]['out']);
        if ($n === false) { fclose($s); unset($conns[$id]); continue; }
        $conns[$id]['out'] = substr($conns[$id]['out'], $n);
        if ($conns[$id]['out'] === '' && $conns[$id]['close']) { fclose($s); unset($conns[$id]); }
    }
}
function read_response($c, &$conns, $srv, &$served) {
    $status = null; $headers = []; $body = '';
    stream_set_blocking($c, false);
    $buf = '';
    $deadline = microtime(true) + 2;
    while (microtime(true) < $deadline) {
        pump($conns, $srv, $served, 10000);
        $chunk = fread($c, 8192);
        if ($chunk !== false) $buf .= $chunk;
        $p = strpos($buf, "\r\n\r\n");
        if ($p === false) { if (feof($c)) break; continue; }
        $lines = explode("\r\n", substr($buf, 0, $p));
        $status = array_shift($lines);
        foreach ($lines as $l) { [$k, $v] = explode(': ', $l, 2); $headers[strtolower($k)] = $v; }
        $rest = substr($buf, $p + 4);
        if (isset($headers['content-length'])) {
            if (strlen($rest) < (int)$headers['content-length']) { if (feof($c)) break; continue; }
            $body = substr($rest, 0, (int)$headers['content-length']);
            $buf = substr($rest, (int)$headers['content-length']);
            break;
        }
        if (($headers['transfer-encoding'] ?? '') === 'chunked') {
            if (!str_ends_with($rest, "0\r\n\r\n")) { if (feof($c)) break; continue; }
            $pos = 0; $parts = [];
            while (true) {
                $e = strpos($rest, "\r\n", $pos);
                $size = hexdec(substr($rest, $pos, $e - $pos));
                if ($size === 0) break;
                $parts[] = strlen(substr($rest, $e + 2, $size));
                $body .= substr($rest, $e + 2, $size);
                $pos = $e + 2 + $size + 2;
            }
            $headers['chunks'] = implode(',', $parts);
            break;
        }
    }
    stream_set_blocking($c, true);
    return [$status, $headers, $body];
}
$c = stream_socket_client("tcp://$addr", $errno, $errstr, 1);
foreach (['/a', '/b'] as $p) {
    fwrite($c, "GET $p HTTP/1.1\r\nHost: x\r\n\r\n");
    [$st, $h, $b] = read_response($c, $conns, $srv, $served);
    echo "client: $st | ", json_encode($h), " | $b\n";
}
fwrite($c, "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n");
[$st, $h, $b] = read_response($c, $conns, $srv, $served);
echo "client: $st | ", json_encode($h), " | ", strlen($b), " ", md5($b), "\n";
$post = str_repeat("payload-", 1000);
fwrite($c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " . strlen($post) . "\r\n\r\n" . $post);
[$st, $h, $b] = read_response($c, $conns, $srv, $served);
echo "client: $st | ", json_encode($h), " | ", substr($b, 0, 30), "\n";
// pipelined
fwrite($c, "GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
$all = '';
$deadline = microtime(true) + 2;
while (!feof($c) && microtime(true) < $deadline) { pump($conns, $srv, $served, 10000); stream_set_blocking($c, false); $all .= fread($c, 8192); stream_set_blocking($c, true); }
echo "client pipelined: ", json_encode($all), "\n";
var_dump(feof($c), fread($c, 10));
fclose($c);
// a client that goes away mid-request
$c2 = stream_socket_client("tcp://$addr", $errno, $errstr, 1);
fwrite($c2, "GET /half HTTP/1.1\r\n");
for ($i = 0; $i < 5; $i++) pump($conns, $srv, $served, 10000);
fclose($c2);
for ($i = 0; $i < 5 && $conns; $i++) pump($conns, $srv, $served, 20000);
// file_get_contents over the http:// wrapper is not compared here (no openssl either way)
$c3 = fsockopen('127.0.0.1', (int)explode(':', $addr)[1], $errno, $errstr, 1);
fwrite($c3, "GET /fsock HTTP/1.1\r\nConnection: close\r\n\r\n");
$got = '';
$deadline = microtime(true) + 2;
stream_set_blocking($c3, false);
while (!feof($c3) && microtime(true) < $deadline) { pump($conns, $srv, $served, 10000); $got .= fread($c3, 100); }
echo "fsockopen client: ", json_encode($got), "\n";
echo "served $served, open ", count($conns), "\n";
