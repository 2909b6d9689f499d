<?php
// HTTP client reading headers with socket_read(PHP_NORMAL_READ), body with PHP_BINARY_READ.
$srv = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($srv, '127.0.0.1', 0);
socket_listen($srv);
socket_getsockname($srv, $h, $port);

function serve($srv, $resp, $chunks = 1) {
    $c = socket_accept($srv);
    $req = '';
    while (strpos($req, "\r\n\r\n") === false) { $d = socket_read($c, 512); if ($d === '' || $d === false) break; $req .= $d; }
    $parts = $chunks > 1 ? str_split($resp, (int)ceil(strlen($resp) / $chunks)) : [$resp];
    foreach ($parts as $p) socket_write($c, $p);
    return $c;
}
$body = str_repeat("line of body text\n", 50) . "newline at end\n";
$resp = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nX-Empty:\r\nContent-Length: " . strlen($body) . "\r\n\r\n" . $body;
foreach ([1, 7] as $chunks) {
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($s, '127.0.0.1', $port);
    socket_write($s, "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
    $c = serve($srv, $resp, $chunks);
    socket_close($c);
    $headers = [];
    while (true) {
        $line = socket_read($s, 1024, PHP_NORMAL_READ);
        if ($line === false) { echo "read failed\n"; break; }
        // PHP_NORMAL_READ stops at \r or \n: a CRLF gives a "\r" line and then a "\n" line
        $headers[] = json_encode($line);
        if ($line === "\n" && end($headers) && count($headers) > 1 && $headers[count($headers) - 2] === '"\r"' && isset($prevEmpty)) break;
        if (trim($line) === '') { if (isset($sawCr)) { unset($sawCr); $prevEmpty = 1; } else $sawCr = 1; } else { unset($sawCr); unset($prevEmpty); }
        if (count($headers) > 40) break;
    }
    unset($prevEmpty, $sawCr);
    echo implode(" ", $headers), "\n";
    $got = '';
    $lines = 0;
    while (($d = socket_read($s, 100, PHP_NORMAL_READ)) !== false && $d !== '') { $got .= $d; $lines++; }
    echo "body lines $lines, ", strlen($got), " bytes, md5 ", md5($got), " end ", var_export($d, true), " err ", socket_last_error($s), "\n";
    socket_clear_error($s);
    var_dump(@socket_read($s, 100, PHP_NORMAL_READ));
    echo socket_last_error($s), "\n";
    socket_close($s);
}
// a line longer than the length asked
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($s, '127.0.0.1', $port);
socket_write($s, "GET / HTTP/1.0\r\n\r\n");
$c = serve($srv, "abcdefghijklmnop\nqr\r\nst");
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
var_dump(socket_read($s, 1, PHP_NORMAL_READ));
socket_write($c, "t\nuv\n");
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
socket_shutdown($c, 1);
var_dump(socket_read($s, 5, PHP_NORMAL_READ));
echo socket_last_error($s), "\n";
var_dump(socket_read($s, 5));
var_dump(socket_read($s, 0));
var_dump(socket_read($s, 5, 12345));
