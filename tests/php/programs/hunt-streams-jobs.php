<?php
ini_set('default_socket_timeout', '2'); // every wait bounded
// A job queue over AF_UNIX: a dispatcher with several listeners (pre-fork style without fork:
// unix stream, udg, tcp v4 and v6 at once), workers speaking length-prefixed serialize() and
// newline-delimited JSON, socket_import_stream() to tune and inspect the sockets.
$dir = $argv[1];
set_error_handler(function ($no, $str) { echo "  [", $no, "] ", str_replace($GLOBALS['dir'], 'DIR', preg_replace('/:\d{4,5}\b/', ':PORT', $str)), "\n"; return true; });
$listeners = [
    'unix' => stream_socket_server("unix://$dir/q.sock", $errno, $errstr),
    'tcp4' => stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr),
    'tcp6' => stream_socket_server("tcp://[::1]:0", $errno, $errstr),
];
$udg = stream_socket_server("udg://$dir/events.sock", $errno, $errstr, STREAM_SERVER_BIND);
foreach ($listeners as $k => $l) {
    $s = socket_import_stream($l);
    echo "$k: accepting=", var_export(socket_get_option($s, SOL_SOCKET, 30), true),
        " type=", socket_get_option($s, SOL_SOCKET, SO_TYPE),
        " reuseaddr=", var_export(socket_get_option($s, SOL_SOCKET, SO_REUSEADDR) ? 1 : 0, true), "\n";
}
$su = socket_import_stream($udg);
echo "udg type=", socket_get_option($su, SOL_SOCKET, SO_TYPE), "\n";
var_dump(socket_getsockname($su, $a) , str_replace($dir, 'DIR', $a));
function frame(string $payload): string { return pack('N', strlen($payload)) . $payload; }
function read_frame($s) {
    $h = '';
    while (strlen($h) < 4) { $x = fread($s, 4 - strlen($h)); if ($x === false || $x === '') return false; $h .= $x; }
    $n = unpack('N', $h)[1]; $d = '';
    while (strlen($d) < $n) { $x = fread($s, $n - strlen($d)); if ($x === false || $x === '') return false; $d .= $x; }
    return $d;
}
$workers = [];
$addrs = ['unix' => "unix://$dir/q.sock", 'tcp4' => 'tcp://' . stream_socket_get_name($listeners['tcp4'], false), 'tcp6' => 'tcp://' . stream_socket_get_name($listeners['tcp6'], false)];
foreach ($addrs as $k => $a) {
    $w = stream_socket_client($a, $errno, $errstr, 1);
    $workers[$k] = $w;
}
$conns = [];
$r = $listeners; $w = null; $e = null;
$n = stream_select($r, $w, $e, 1);
echo "ready listeners: $n ", implode(',', array_keys($r)), "\n";
foreach ($r as $k => $l) $conns[$k] = stream_socket_accept($l, 1, $peer);
ksort($conns);
$jobs = [['op' => 'sum', 'args' => [1, 2, 3]], ['op' => 'upper', 'args' => ['héllo wörld']], ['op' => 'obj', 'args' => [new ArrayObject([1, 2])]],
         ['op' => 'sum', 'args' => range(1, 1000)], ['op' => 'fail', 'args' => []], ['op' => 'float', 'args' => [0.1 + 0.2, INF, -0.0]]];
$i = 0;
foreach ($jobs as $job) {
    $k = array_keys($conns)[$i++ % count($conns)];
    $isJson = $k === 'tcp6';
    $payload = $isJson ? json_encode(['id' => $i] + $job, JSON_PRESERVE_ZERO_FRACTION | JSON_PARTIAL_OUTPUT_ON_ERROR) . "\n" : frame(serialize(['id' => $i] + $job));
    fwrite($conns[$k], $payload);
    $ws = $workers[$k];
    $got = $isJson ? json_decode(fgets($ws), true) : unserialize(read_frame($ws));
    $res = match ($got['op']) {
        'sum' => array_sum($got['args']),
        'upper' => strtoupper($got['args'][0] ?? ''),
        'obj' => is_object($got['args'][0]) ? get_class($got['args'][0]) . ':' . count($got['args'][0]) : gettype($got['args'][0]),
        'float' => $got['args'],
        default => null,
    };
    $reply = ['id' => $got['id'], 'ok' => $res !== null, 'result' => $res, 'via' => $k];
    fwrite($ws, $isJson ? json_encode($reply, JSON_PRESERVE_ZERO_FRACTION) . "\n" : frame(serialize($reply)));
    $back = $isJson ? json_decode(stream_get_line($conns[$k], 100000, "\n"), true) : unserialize(read_frame($conns[$k]));
    echo "job ", $back['id'], " via ", $back['via'], ": ", $back['ok'] ? 'ok' : 'failed', " ", var_export($back['result'], true), "\n";
    // worker event on the datagram socket
    $ev = stream_socket_client("udg://$dir/events.sock", $errno, $errstr);
    fwrite($ev, "done " . $back['id']);
    fclose($ev);
}
$r = [$udg]; $w = null; $e = null;
$events = [];
while (stream_select($r, $w, $e, 0, 100000)) { $events[] = stream_socket_recvfrom($udg, 100); $r = [$udg]; }
echo "events: ", implode(', ', $events), "\n";
// workers leave; the dispatcher notices through select + feof
foreach ($workers as $k => $w) fclose($w);
$left = $conns;
$deadline = microtime(true) + 2;
while ($left && microtime(true) < $deadline) {
    $r = $left; $w = null; $e = null;
    if (!stream_select($r, $w, $e, 0, 100000)) continue;
    foreach ($r as $k => $s) {
        $x = fread($s, 10);
        if (feof($s)) { echo "worker $k gone (read ", var_export($x, true), ")\n"; fclose($s); unset($left[$k]); }
    }
}
// the socket extension on an imported accepted stream
$c = stream_socket_client($addrs['tcp4'], $errno, $errstr, 1);
$sv = stream_socket_accept($listeners['tcp4'], 1);
$sock = socket_import_stream($sv);
var_dump(socket_write($sock, "via socket_write\n"));
echo fgets($c);
fwrite($c, "via fwrite\n");
var_dump(socket_read($sock, 100, PHP_NORMAL_READ));
var_dump(socket_set_nonblock($sock));
var_dump(stream_get_meta_data($sv)['blocked']);
var_dump(socket_read($sock, 100));
var_dump(socket_last_error($sock), socket_strerror(socket_last_error($sock)));
var_dump(fread($sv, 10));
var_dump(socket_set_block($sock));
var_dump(stream_get_meta_data($sv)['blocked']);
var_dump(socket_getpeername($sock, $pa, $pp), $pa);
socket_close($sock);
try { var_dump(fwrite($sv, "after socket_close")); } catch (\Throwable $ex) { echo get_class($ex), ": ", $ex->getMessage(), "\n"; }
var_dump(get_resource_type($sv));
var_dump(fread($c, 100), feof($c));
$e = socket_import_stream(STDIN);
var_dump($e);
