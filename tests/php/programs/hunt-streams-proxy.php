<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// A select-based TCP proxy in one process: client -> proxy (tcp v4) -> upstream (unix://),
// an upstream that transforms data, 512 KiB through non-blocking partial writes, half-close
// forwarded with stream_socket_shutdown(), and a peer reset.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n"; return true; });
$up = stream_socket_server("unix://$dir/up.sock", $errno, $errstr);
$px = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
$paddr = stream_socket_get_name($px, false);
$client = stream_socket_client("tcp://$paddr", $errno, $errstr, 1);
stream_set_blocking($client, false);
$front = stream_socket_accept($px, 1);
$back = stream_socket_client("unix://$dir/up.sock", $errno, $errstr, 1);
$upconn = stream_socket_accept($up, 1);
foreach ([$front, $back, $upconn] as $s) stream_set_blocking($s, false);
$pending = [(int)$front => '', (int)$back => '', (int)$upconn => '', (int)$client => ''];
$peer = [(int)$front => $back, (int)$back => $front];
$closedRead = [];
$toSend = str_repeat("0123456789abcdef", 32768); // 512 KiB
$sent = 0; $received = ''; $upIn = 0; $upDone = false; $clientDone = false;
$rounds = 0;
$deadline = microtime(true) + 10;
while (microtime(true) < $deadline) {
    $rounds++;
    if ($sent < strlen($toSend)) {
        $n = fwrite($client, substr($toSend, $sent, 65536));
        if ($n === false) { echo "client write failed\n"; break; }
        $sent += $n;
        if ($sent === strlen($toSend)) { var_dump(stream_socket_shutdown($client, STREAM_SHUT_WR)); }
    }
    $r = ['front' => $front, 'back' => $back, 'up' => $upconn, 'client' => $client];
    foreach ($closedRead as $k => $_) unset($r[$k]);
    $w = [];
    foreach (['front' => $front, 'back' => $back, 'up' => $upconn] as $k => $s) if ($pending[(int)$s] !== '') $w[$k] = $s;
    $e = null;
    if (!$r && !$w) break;
    $n = stream_select($r, $w, $e, 0, 50000);
    if ($n === false) { echo "select failed\n"; break; }
    foreach ($r as $k => $s) {
        $d = fread($s, 65536);
        if ($d === false || ($d === '' && feof($s))) {
            $closedRead[$k] = true;
            echo "eof on $k\n";
            if ($k === 'front' || $k === 'back') {
                $other = $peer[(int)$s];
                if ($pending[(int)$other] === '') { stream_socket_shutdown($other, STREAM_SHUT_WR); echo "shutdown forwarded from $k\n"; }
                else $pending['shut' . (int)$other] = true;
            }
            if ($k === 'up') { $upDone = true; }
            if ($k === 'client') { $clientDone = true; }
            continue;
        }
        if ($k === 'client') { $received .= $d; continue; }
        if ($k === 'up') { $upIn += strlen($d); $pending[(int)$upconn] .= strtoupper($d); continue; }
        $pending[(int)$peer[(int)$s]] .= $d;
    }
    foreach ($w as $k => $s) {
        $n = fwrite($s, $pending[(int)$s]);
        if ($n === false) { echo "write to $k failed\n"; $pending[(int)$s] = ''; continue; }
        $pending[(int)$s] = substr($pending[(int)$s], $n);
        if ($pending[(int)$s] === '' && !empty($pending['shut' . (int)$s])) { stream_socket_shutdown($s, STREAM_SHUT_WR); unset($pending['shut' . (int)$s]); echo "delayed shutdown forwarded\n"; }
    }
    if ($upDone && $pending[(int)$upconn] === '' && empty($upShut)) { stream_socket_shutdown($upconn, STREAM_SHUT_WR); $upShut = true; echo "upstream finished\n"; }
    if ($clientDone) break;
}
echo "sent ", $sent, " upstream saw ", $upIn, " client got ", strlen($received), " ", $received === strtoupper($toSend) ? "transformed ok" : "MISMATCH", "\n";
var_dump(feof($client), fread($client, 10));
// a peer that resets: SO_LINGER 0 via socket_import_stream, then reads and writes on the other side
$c2 = stream_socket_client("tcp://$paddr", $errno, $errstr, 1);
$f2 = stream_socket_accept($px, 1);
$sock = socket_import_stream($c2);
var_dump(socket_set_option($sock, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]));
fwrite($f2, "unread data");
usleep(50000);
fclose($c2);
unset($sock);
usleep(50000);
var_dump(fread($f2, 100));
var_dump(feof($f2));
$m = stream_get_meta_data($f2);
var_dump($m['eof']);
var_dump(fwrite($f2, "x"));
