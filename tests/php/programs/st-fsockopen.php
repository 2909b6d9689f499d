<?php
// fsockopen() HTTP client tutorial, error reporting, timeouts, feof loops.
$server = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
$port = (int)explode(':', stream_socket_get_name($server, false))[1];
$fp = fsockopen("127.0.0.1", $port, $errno, $errstr, 30);
if (!$fp) {
    echo "$errstr ($errno)<br />\n";
} else {
    $out = "GET / HTTP/1.1\r\n";
    $out .= "Host: www.example.com\r\n";
    $out .= "Connection: Close\r\n\r\n";
    var_dump(fwrite($fp, $out));
    $conn = stream_socket_accept($server);
    $req = '';
    while (($line = fgets($conn)) !== false) { $req .= $line; if ($line === "\r\n") break; }
    echo "server got ", json_encode($req), "\n";
    fwrite($conn, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    fclose($conn);
    while (!feof($fp)) {
        echo json_encode(fgets($fp, 128)), "\n";
    }
    var_dump(fgets($fp), feof($fp));
    fclose($fp);
}
// to a closed port
$t = stream_socket_server("tcp://127.0.0.1:0");
$closed = (int)explode(':', stream_socket_get_name($t, false))[1];
fclose($t);
$fp = @fsockopen("127.0.0.1", $closed, $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
$fp = @fsockopen("tcp://127.0.0.1", $closed, $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
$fp = @stream_socket_client("tcp://127.0.0.1:$closed", $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
$fp = @stream_socket_client("tcp://[::1]:$closed", $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
// bad targets
$fp = @fsockopen("127.0.0.1", -1, $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
$fp = @fsockopen("127.0.0.1", 0, $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
$fp = @stream_socket_client("tcp://127.0.0.1", $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
$fp = @stream_socket_client("bogus://127.0.0.1:80", $errno, $errstr, 1);
var_dump($fp, $errno, $errstr);
$fp = @stream_socket_client("unix://" . $argv[1] . "/nope.sock", $errno, $errstr, 1);
var_dump($fp, $errno, str_replace($argv[1], 'DIR', $errstr));
// udp fsockopen "connects" without checking
$fp = fsockopen("udp://127.0.0.1", $closed, $errno, $errstr, 1);
var_dump(is_resource($fp), fwrite($fp, "ping"));
stream_set_timeout($fp, 0, 200000);
var_dump(fread($fp, 10));
var_dump(stream_get_meta_data($fp)['timed_out']);
var_dump(fwrite($fp, "ping"));
var_dump(fread($fp, 10));
// stream_set_timeout + timed_out on tcp
$fp = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1);
$conn = stream_socket_accept($server);
stream_set_timeout($fp, 0, 250000);
$t = microtime(true);
var_dump(fread($fp, 10));
$meta = stream_get_meta_data($fp);
echo "timed_out ", var_export($meta['timed_out'], true), " blocked ", var_export($meta['blocked'], true), " eof ", var_export($meta['eof'], true), " waited ", round(microtime(true) - $t, 1) >= 0.2 ? "yes" : "no", "\n";
fwrite($conn, "data");
var_dump(fread($fp, 10));
var_dump(stream_get_meta_data($fp)['timed_out']);
stream_set_blocking($fp, false);
var_dump(fread($fp, 10), feof($fp));
$meta = stream_get_meta_data($fp);
echo "blocked ", var_export($meta['blocked'], true), " unread ", $meta['unread_bytes'], " type ", $meta['stream_type'] === 'tcp_socket/ssl' || $meta['stream_type'] === 'tcp_socket' ? 'tcp' : $meta['stream_type'], " mode ", $meta['mode'], "\n";
fclose($conn);
usleep(20000);
var_dump(fread($fp, 10), feof($fp));
var_dump(fwrite($fp, "x"));
usleep(20000);
var_dump(@fwrite($fp, "x"));
