<?php
// socket_export_stream(): stream_get_meta_data(), get_resource_type(), var_dump of the stream.
set_error_handler(function ($no, $msg) { echo "  E$no: ", preg_replace('/:\d{2,5}\b/', ':PORT', $msg), "\n"; return true; });
function md($st) {
    $m = stream_get_meta_data($st);
    echo "  keys=", implode(',', array_keys($m)), "\n";
    foreach ($m as $k => $v) echo "  $k=", var_export($k === 'stream_type' ? str_replace('/ssl', '', $v) : $v, true), "\n";
}
$d = $argv[1];
$cases = [
    'inet-stream' => fn() => socket_create(AF_INET, SOCK_STREAM, SOL_TCP),
    'inet-dgram' => fn() => socket_create(AF_INET, SOCK_DGRAM, SOL_UDP),
    'inet6-stream' => fn() => socket_create(AF_INET6, SOCK_STREAM, 0),
    'inet6-dgram' => fn() => socket_create(AF_INET6, SOCK_DGRAM, 0),
    'unix-stream' => fn() => socket_create(AF_UNIX, SOCK_STREAM, 0),
    'unix-dgram' => fn() => socket_create(AF_UNIX, SOCK_DGRAM, 0),
    'unix-seqpacket' => fn() => socket_create(AF_UNIX, SOCK_SEQPACKET, 0),
];
foreach ($cases as $name => $mk) {
    echo "== $name\n";
    $s = $mk();
    $st = socket_export_stream($s);
    echo "  type=", get_resource_type($st), " is_res=", (int)is_resource($st), " gettype=", gettype($st), " dbg=", get_debug_type($st), "\n";
    ob_start(); var_dump($st); $v = ob_get_clean(); echo "  vd=", preg_replace('/#\d+/', '#N', $v);
    echo "  id>0=", (int)(get_resource_id($st) > 0), "\n";
    md($st);
    $st2 = socket_export_stream($s);
    echo "  same=", (int)($st === $st2), " sameid=", (int)(get_resource_id($st) === get_resource_id($st2)), "\n";
    $s2 = socket_import_stream($st);
    echo "  import same obj=", (int)($s2 === $s), "\n";
    var_dump(stream_is_local($st), stream_supports_lock($st), @stream_isatty($st), stream_set_blocking($st, false));
    md($st);
    var_dump(stream_set_timeout($st, 1, 500), stream_set_write_buffer($st, 0), stream_set_read_buffer($st, 0), stream_set_chunk_size($st, 100));
    md($st);
    var_dump(@fstat($st) !== false ? array_keys(fstat($st)) : false);
    var_dump(ftell($st), feof($st), @rewind($st), @fseek($st, 0));
    var_dump(stream_socket_get_name($st, false), stream_socket_get_name($st, true));
    socket_close($s);
    echo "  after close: type=", get_resource_type($st), "\n";
    ob_start(); var_dump($st); $v = ob_get_clean(); echo "  vd=", preg_replace('/#\d+/', '#N', $v);
    try { var_dump(stream_get_meta_data($st)); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
}
// streams created by PHP then imported
$srv = stream_socket_server('tcp://127.0.0.1:0', $e, $es);
md($srv);
$sock = socket_import_stream($srv);
var_dump($sock);
md($srv);
socket_getsockname($sock, $a); var_dump($a);
$st = socket_export_stream($sock);
var_dump($st === $srv);
$u = stream_socket_server("unix://$d/x.sock", $e, $es);
md($u);
$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
md($p[0]);
ob_start(); var_dump($p); echo preg_replace('/#\d+/', '#N', ob_get_clean());
$ps = socket_import_stream($p[0]);
var_dump(socket_get_option($ps, SOL_SOCKET, SO_TYPE));
md($p[0]);
fclose($p[0]);
var_dump($ps);
var_dump(@socket_write($ps, "x"));
$f = fopen('php://memory', 'r');
var_dump(socket_import_stream($f));
$f = fopen(__FILE__, 'r');
var_dump(socket_import_stream($f));
var_dump(socket_import_stream(STDOUT));
foreach (['fclose', 'feof', 'fread', 'fwrite', 'stream_socket_get_name', 'socket_import_stream', 'get_resource_type', 'stream_set_blocking'] as $fn) {
    $x = socket_export_stream(socket_create(AF_INET, SOCK_DGRAM, 0));
    fclose($x);
    echo $fn, ": ";
    try { $args = [$x]; if ($fn === 'fread') $args[] = 1; if ($fn === 'fwrite') $args[] = 'a'; if ($fn === 'stream_socket_get_name' || $fn === 'stream_set_blocking') $args[] = false; var_dump($fn(...$args)); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
}
